/* The launch page of a SCORM 1.2 package (python -m hooks.scenario_engine package).
 * It holds the one SCO session: it finds the learning platform's API (parent frames, then the
 * opener's, as the SCORM 1.2 run-time rules say), initializes it once, and offers the pages it
 * shows in its frame a proxy window.API that forwards every call except LMSInitialize and
 * LMSFinish, so moving between the package's pages never ends the session. It finishes the session
 * (with the whole session time) when the launch page itself goes. The proxy also carries the
 * package's settings (pcpLmsPackage) for lms.js. Without a platform it only shows the start page.
 */
(function () {
  "use strict";
  function find(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      try { if (win.API && typeof win.API.LMSInitialize === "function") return win.API; } catch (e) { return null; }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function timespan(ms) {
    var cs = Math.round(ms / 10), s = Math.floor(cs / 100);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60) + "." + two(cs % 100);
  }
  var settings = JSON.parse(document.getElementById("pcp-lms-package").textContent);
  var lms = find(window.parent !== window ? window.parent : null);
  if (!lms) try { lms = window.opener ? find(window.opener) : null; } catch (e) { lms = null; }
  if (lms && String(lms.LMSInitialize("")) === "true") {
    var started = Date.now(), open = true;
    window.API = {
      pcpLmsPackage: settings,
      LMSInitialize: function () { return "true"; },
      LMSFinish: function () { return String(lms.LMSCommit("")); },
      LMSGetValue: function (element) { return lms.LMSGetValue(element); },
      /* the session time is the launch page's to report */
      LMSSetValue: function (element, value) { return element === "cmi.core.session_time" ? "true" : lms.LMSSetValue(element, value); },
      LMSCommit: function () { return lms.LMSCommit(""); },
      LMSGetLastError: function () { return lms.LMSGetLastError(); },
      LMSGetErrorString: function (code) { return lms.LMSGetErrorString(code); },
      LMSGetDiagnostic: function (code) { return lms.LMSGetDiagnostic(code); }
    };
    window.addEventListener("pagehide", function () {
      if (!open) return;
      open = false;
      lms.LMSSetValue("cmi.core.session_time", timespan(Date.now() - started));
      lms.LMSFinish("");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var frame = document.querySelector("iframe[data-start]");
    frame.src = frame.getAttribute("data-start");
  });
})();
