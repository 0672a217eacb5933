/* pcpLms: reports a scenario run to a learning platform, only when one launched the page.
 *
 * Two routes, both opt-in by the launch itself (docs/supervisors/lms.md explains them):
 * - SCORM 1.2: a SCORM API object (window.API) found in a parent or opener frame, following the
 *   SCORM 1.2 run-time rules. Records lesson status, score, one interaction per decision, and the
 *   run as cmi.suspend_data (a compact code, at most 4,096 characters) so the platform can resume it.
 *   In a package built by `python -m hooks.scenario_engine package`, the API is the launch page's
 *   proxy, which also carries the package's settings (window.pcpLmsPackage).
 * - xAPI: the page URL carries the launch parameters endpoint, auth and actor (and optionally
 *   registration and activity_id). Statements queue in localStorage and are sent to that LRS
 *   one by one, each with its own UUID, retried until the LRS takes them.
 * With neither, this script does nothing: no request, no storage, nothing on the page.
 *
 * It listens to the player's two events on document: "scn:step" (one per decision) and
 * "scn:finished" (the ending screen). With SCORM it gives progress.js a resume store
 * (window.pcpProgressStore, a Storage-like object) so the run lives in the platform, not the browser.
 * window.pcpLms names the route in use ({route: "scorm"} or {route: "xapi", flush}); absent without a launch.
 */
(function () {
  "use strict";
  var PREFIX = "pcp:progress:", CODE = "pcp1", LIMIT = 4096;
  var STATUS = { strong: "passed", acceptable: "completed", poor: "failed" };
  var OUTCOMES = ["strong", "acceptable", "poor"];
  var VERB = "http://adlnet.gov/expapi/verbs/";
  var QUEUE = "pcp:lms:xapi-queue", REPORTED = "pcp:lms:xapi-reported";
  var script = document.currentScript, siteRoot = new URL("../../", script ? script.src : location.href).href;
  var EXT = {
    scores: siteRoot + "supervisors/lms/#xapi-choice-scores",
    step: siteRoot + "supervisors/lms/#xapi-step",
    outcome: siteRoot + "supervisors/lms/#xapi-outcome",
    endingOutcome: siteRoot + "supervisors/lms/#xapi-ending-outcome",
    shares: siteRoot + "supervisors/lms/#xapi-competency-shares"
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function pageData() {
    var root = document.querySelector(".scn-player[data-scn]");
    try { return root ? JSON.parse(root.getAttribute("data-scn")) : null; } catch (e) { return null; }
  }
  function sum(figures) {
    return Object.keys(figures).reduce(function (total, k) { return total + figures[k]; }, 0);
  }
  function momentId(node) {
    var section = document.querySelector('.scn-case .scn-node[data-node="' + CSS.escape(node) + '"]');
    return section && section.id ? section.id : "moment";
  }
  function notice(text) {
    var player = document.querySelector(".scn-player[data-scn]"), p = el("p", "scn-notice scn-lms-notice", text);
    p.setAttribute("role", "note");
    if (player) player.parentNode.insertBefore(p, player);
    return p;
  }
  /* "HHHH:MM:SS.SS" (SCORM 1.2 CMITimespan) and "PT1.25S" (ISO 8601, xAPI) from milliseconds */
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10)), s = Math.floor(cs / 100);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60) + "." + two(cs % 100);
  }
  function duration(ms) { return "PT" + (Math.max(0, Math.round(ms / 10)) / 100) + "S"; }

  /* ---- SCORM 1.2 ---------------------------------------------------------------------------- */

  /* The API adapter in this window's parents, then in its opener's (SCORM 1.2 RTE, API discovery). */
  function findApi(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      try { if (win.API && typeof win.API.LMSInitialize === "function") return win.API; } catch (e) { return null; }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function scormApi() {
    var api = findApi(window.parent !== window ? window.parent : null);
    if (!api) try { api = window.opener ? findApi(window.opener) : null; } catch (e) { api = null; }
    return api;
  }
  function packageSettings(api) {
    try { return api.pcpLmsPackage || null; } catch (e) { return null; }
  }

  /* cmi.suspend_data: "pcp1" then one "|slug~fields" per scenario of the package. A run is its
   * choices (one base-36 character each, or "."-separated when an index passes 35) plus its mode,
   * origin and times; everything else is recomputed from the scenario with pcpAssessment. */
  function parseSuspend(text) {
    var entries = Object.create(null), parts = String(text || "").split("|");
    if (parts[0] !== CODE) return entries;
    parts.slice(1).forEach(function (part) {
      var cut = part.indexOf("~");
      if (cut > 0) entries[part.slice(0, cut)] = part.slice(cut + 1);
    });
    return entries;
  }
  function joinSuspend(entries) {
    return [CODE].concat(Object.keys(entries).map(function (slug) { return slug + "~" + entries[slug]; })).join("|");
  }
  function ms(iso) { return iso ? Date.parse(iso).toString(36) : ""; }
  function iso(code) { return code ? new Date(parseInt(code, 36)).toISOString() : null; }
  function encodeRun(state) {
    var wide = state.path.some(function (p) { return p.choice > 35; });
    var path = state.path.map(function (p) { return p.choice.toString(36); }).join(wide ? "." : "");
    var summary = state.status === "finished" ?
      state.outcome.charAt(0) + "," + sum(state.earned) + "," + sum(state.available) : "";
    return [state.version, state.feedback.charAt(0), state.origin, ms(state.startedAt), ms(state.updatedAt),
      ms(state.finishedAt), state.reportCopied ? "1" : "", (wide ? "." : "") + path, summary].join("~");
  }
  function decodeRun(code, data) {
    var f = code.split("~"), A = window.pcpAssessment;
    if (f.length !== 9) return "{}";
    var wide = f[7].charAt(0) === ".", indices = wide ? f[7].slice(1).split(".") : f[7].split("");
    var node = data.start, path = [];
    indices.filter(Boolean).forEach(function (c) {
      var here = node && Object.prototype.hasOwnProperty.call(data.nodes, node) ? data.nodes[node] : null;
      var choice = parseInt(c, 36);
      path.push({ node: node || "", choice: choice });
      node = here && here.choices[choice] ? here.choices[choice].next : null;
    });
    var assessed = A && A.assess(data, path), walk = assessed ? assessed.walk : A.begin(data), result = assessed && assessed.result;
    var state = { format: 2, version: f[0], title: data.title, feedback: f[1] === "d" ? "delayed" : "immediate",
      origin: f[2], node: node || walk.node, path: path, flags: walk.flags.slice(), earned: walk.earned, available: walk.available,
      status: result ? "finished" : "in-progress", outcome: result ? result.outcome : null,
      endingOutcome: result ? result.endingOutcome : null, startedAt: iso(f[3]), updatedAt: iso(f[4]), finishedAt: iso(f[5]) };
    if (f[6] === "1") state.reportCopied = true;
    return JSON.stringify(state);
  }
  function summaryOf(code) {
    var s = code.split("~")[8];
    if (!s) return null;
    var p = s.split(","), outcome = OUTCOMES.filter(function (o) { return o.charAt(0) === p[0]; })[0];
    return outcome ? { outcome: outcome, earned: Number(p[1]), available: Number(p[2]) } : null;
  }

  /* The resume store progress.js uses while a SCORM platform runs the page (Storage's methods). */
  function scormStore(api, data, warn) {
    var entries = parseSuspend(api.LMSGetValue("cmi.suspend_data")), warned = false;
    function slugOf(key) { return String(key).indexOf(PREFIX) === 0 ? String(key).slice(PREFIX.length) : null; }
    function write() {
      var text = joinSuspend(entries);
      if (text.length > LIMIT) return false;
      api.LMSSetValue("cmi.suspend_data", text);
      api.LMSCommit("");
      return true;
    }
    /* only this page's scenario is visible through it: "Clear my progress" clears this run */
    var store = {
      entries: entries,
      get length() { return data.slug in entries ? 1 : 0; },
      key: function (i) { return i === 0 && data.slug in entries ? PREFIX + data.slug : null; },
      getItem: function (key) {
        return slugOf(key) === data.slug && data.slug in entries ? decodeRun(entries[data.slug], data) : null;
      },
      setItem: function (key, value) {
        var slug = slugOf(key);
        if (slug !== data.slug) return;
        var before = entries[slug];
        entries[slug] = encodeRun(JSON.parse(value));
        if (write()) return;
        if (before === undefined) delete entries[slug]; else entries[slug] = before;
        if (!warned) warn();
        warned = true;
      },
      removeItem: function (key) {
        if (slugOf(key) !== data.slug || !(data.slug in entries)) return;
        delete entries[data.slug];
        write();
      },
      clear: function () { store.removeItem(PREFIX + data.slug); }
    };
    return store;
  }

  function scorm(api, data) {
    var settings = packageSettings(api) || {}, status = Object.assign({}, STATUS, settings.status || {});
    var scenarios = settings.scenarios || [data.slug], started = Date.now(), finished = false;
    if (String(api.LMSInitialize("")) !== "true") return;
    var store = scormStore(api, data, function () {
      notice("Your learning platform can keep at most 4,096 characters of progress, and this run has grown " +
        "past that: your choices are still recorded, but if you leave now the run resumes from an earlier moment.");
    });
    window.pcpProgressStore = store;
    var lesson = api.LMSGetValue("cmi.core.lesson_status");
    if (lesson === "not attempted" || lesson === "") api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    notice("Your learning platform opened this scenario, so it records each choice you make (and how long " +
      "you took), your scores and the outcome, and keeps your place so you can carry on later.");

    document.addEventListener("scn:step", function (event) {
      var d = event.detail, n = Number(api.LMSGetValue("cmi.interactions._count")) || 0, p = "cmi.interactions." + n + ".";
      var chosen = data.nodes[d.node].choices[d.choice], total = sum(chosen.scores || {});
      api.LMSSetValue(p + "id", d.slug + "_" + d.step + "_" + momentId(d.node));
      api.LMSSetValue(p + "type", "choice");
      api.LMSSetValue(p + "time", new Date().toTimeString().slice(0, 8));
      api.LMSSetValue(p + "correct_responses.0.pattern", d.strongest.toString(36));
      api.LMSSetValue(p + "student_response", d.choice.toString(36));
      api.LMSSetValue(p + "result", d.missed ? (total < 0 ? "wrong" : "neutral") : "correct");
      api.LMSSetValue(p + "latency", timespan(d.latency));
      api.LMSSetValue("cmi.core.exit", "suspend");
      api.LMSCommit("");
    });
    document.addEventListener("scn:finished", function (event) {
      var d = event.detail, earned = 0, available = 0, lowest = null, done = 0;
      scenarios.forEach(function (slug) {
        /* this run from the player (even when it no longer fits in suspend_data), the others as saved */
        var s = slug === d.slug ? { outcome: d.outcome, earned: sum(d.earned), available: sum(d.available) } :
          store.entries[slug] && summaryOf(store.entries[slug]);
        if (!s) return;
        done++;
        earned += s.earned;
        available += s.available;
        if (lowest === null || OUTCOMES.indexOf(s.outcome) > OUTCOMES.indexOf(lowest)) lowest = s.outcome;
      });
      if (available > 0) {
        api.LMSSetValue("cmi.core.score.min", "0");
        api.LMSSetValue("cmi.core.score.max", "100");
        api.LMSSetValue("cmi.core.score.raw", String(Math.max(0, Math.round(100 * earned / available))));
      }
      if (done === scenarios.length) {
        api.LMSSetValue("cmi.core.lesson_status", status[lowest]);
        api.LMSSetValue("cmi.core.exit", "");
        finished = true;
      }
      api.LMSCommit("");
    });
    window.addEventListener("pagehide", function () {
      api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - started));
      if (!finished) api.LMSSetValue("cmi.core.exit", "suspend");
      api.LMSFinish("");
    });
    window.pcpLms = { route: "scorm" };
  }

  /* ---- xAPI ---------------------------------------------------------------------------------- */

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  /* the actor of a launch: an xAPI Agent, also from the older launch form with one-item lists */
  function agent(text) {
    var a;
    try { a = JSON.parse(text); } catch (e) { return null; }
    if (!a || typeof a !== "object") return null;
    var out = { objectType: "Agent" };
    ["name", "mbox", "mbox_sha1sum", "openid", "account"].forEach(function (k) {
      var v = Array.isArray(a[k]) ? a[k][0] : a[k];
      if (v != null) out[k] = v;
    });
    if (out.account && out.account.accountName !== undefined) {
      out.account = { homePage: out.account.homePage || out.account.accountServiceHomePage, name: out.account.name || out.account.accountName };
    }
    return out.mbox || out.mbox_sha1sum || out.openid || (out.account && out.account.homePage && out.account.name) ? out : null;
  }
  function launch() {
    var q = new URLSearchParams(location.search), endpoint = q.get("endpoint"), auth = q.get("auth"), actor = q.get("actor");
    if (endpoint === null && auth === null && actor === null) return null;
    var url;
    try { url = new URL(endpoint); } catch (e) { url = null; }
    var who = actor && agent(actor);
    if (!url || !/^https?:$/.test(url.protocol) || !auth || !who) return { broken: true };
    return { endpoint: url.href.replace(/\/?$/, "/"), host: url.host, auth: auth, actor: who,
      registration: q.get("registration"), activity: q.get("activity_id") };
  }
  function readList(key) {
    try { var v = JSON.parse(localStorage.getItem(key)); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }
  function writeList(key, list) {
    try { localStorage.setItem(key, JSON.stringify(list)); return true; } catch (e) { return false; }
  }

  function xapi(l, data) {
    var sending = false, delay = 1000, timer = null;
    function flush() {
      if (sending) return;
      var next = readList(QUEUE).filter(function (q) { return q.endpoint === l.endpoint; })[0];
      if (!next) { delay = 1000; return; }
      sending = true;
      fetch(l.endpoint + "statements?statementId=" + encodeURIComponent(next.statement.id), {
        method: "PUT", keepalive: true, credentials: "omit",
        headers: { "Authorization": l.auth, "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" },
        body: JSON.stringify(next.statement)
      }).then(function (response) {
        sending = false;
        /* taken (2xx), already there (409), or refused as malformed (400: sending it again cannot help) */
        if (response.ok || response.status === 409 || response.status === 400) {
          if (response.status === 400 && window.console) console.error("xAPI: the LRS refused statement", next.statement.id);
          writeList(QUEUE, readList(QUEUE).filter(function (q) { return q.statement.id !== next.statement.id; }));
          delay = 1000;
          flush();
        } else retry();
      }, function () { sending = false; retry(); });
    }
    function retry() {
      clearTimeout(timer);
      timer = setTimeout(flush, delay);
      delay = Math.min(delay * 2, 8000);
    }
    function send(verb, object, result, context) {
      var statement = { id: uuid(), actor: l.actor, verb: { id: VERB + verb, display: { "en-US": verb } }, object: object,
        timestamp: new Date().toISOString(), context: context || baseContext(origin) };
      if (result) statement.result = result;
      if (!writeList(QUEUE, readList(QUEUE).concat([{ endpoint: l.endpoint, statement: statement }])) && window.console) {
        console.error("xAPI: this browser cannot keep the statement queue; statement", statement.id, "may be lost");
      }
      flush();
    }
    var activityId = l.activity || (location.origin + location.pathname), asked = new URLSearchParams(location.search).get("assignment");
    var origin = asked ? "assignment:" + asked : "catalogue";
    var scenario = data && { objectType: "Activity", id: activityId,
      definition: { type: "http://adlnet.gov/expapi/activities/simulation", name: { en: data.title } } };
    /* origin: the run's ("assignment:<slug>" groups it under that assignment's page) */
    function baseContext(origin) {
      var context = { contextActivities: {} }, assignment = /^assignment:([a-z0-9-]+)$/.exec(origin || "");
      if (l.registration) context.registration = l.registration;
      if (assignment) context.contextActivities.grouping = [{ objectType: "Activity", id: siteRoot + "assignments/" + assignment[1] + "/" }];
      return context;
    }
    window.addEventListener("online", flush);
    flush();
    if (!data) return;
    notice("This session reports to the learning record store at " + l.host + ": each choice you make, how long " +
      "you took, your scores and the outcome are sent there as xAPI statements, as " +
      (l.actor.name || l.actor.mbox || (l.actor.account && l.actor.account.name) || "the learner named in the link") + ".");
    /* opening a new run sends launched and initialized; carrying one on, resumed; a finished run
       shown again, nothing. A run begun again on the page (Restart) sends them at its first decision. */
    var saved = window.pcpProgress && window.pcpProgress.get(data.slug), pending = false;
    function begin() { send("launched", scenario); send("initialized", scenario); }
    if (saved && saved.status === "in-progress" && saved.path.length) send("resumed", scenario);
    else if (!saved || saved.status !== "finished") { begin(); pending = true; }

    document.addEventListener("scn:step", function (event) {
      var d = event.detail, chosen = data.nodes[d.node].choices[d.choice], context = baseContext(d.origin);
      if (d.step === 1 && !pending) begin();
      pending = false;
      context.contextActivities.parent = [scenario];
      context.extensions = {};
      context.extensions[EXT.step] = d.step;
      var result = { response: String(d.choice), success: !d.missed, duration: duration(d.latency), extensions: {} };
      result.extensions[EXT.scores] = Object.assign({}, chosen.scores);
      send("answered", { objectType: "Activity", id: activityId.replace(/\/$/, "") + "/" + momentId(d.node), definition: {
        type: "http://adlnet.gov/expapi/activities/cmi.interaction", name: { en: d.moment }, interactionType: "choice",
        choices: d.options.map(function (o) { return { id: String(o.choice), description: { en: o.label } }; }),
        correctResponsesPattern: [String(d.strongest)] } }, result, context);
    });
    document.addEventListener("scn:finished", function (event) {
      var d = event.detail, mark = l.endpoint + " " + d.slug + " " + d.finishedAt, reported = readList(REPORTED);
      if (reported.indexOf(mark) >= 0) return;  /* the ending screen shown again after a reload */
      writeList(REPORTED, reported.concat([mark]).slice(-50));
      var earned = sum(d.earned), available = sum(d.available), shares = {}, A = window.pcpAssessment;
      Object.keys(d.available).forEach(function (k) { shares[k] = A.share(d.earned[k], d.available[k]); });
      var status = STATUS[d.outcome], result = { completion: true, extensions: {} };
      if (status !== "completed") result.success = status === "passed";
      if (available > 0) result.score = { scaled: Math.max(-1, Math.min(1, Math.round(1000 * earned / available) / 1000)), raw: earned, max: available };
      result.extensions[EXT.outcome] = d.outcome;
      result.extensions[EXT.endingOutcome] = d.endingOutcome;
      result.extensions[EXT.shares] = shares;
      send("completed", scenario, result, baseContext(d.origin));
      if (status !== "completed") send(status, scenario, result, baseContext(d.origin));
    });
    window.pcpLms = { route: "xapi", flush: flush };
  }

  var data = pageData(), api = data && scormApi(), l = !api && launch();
  if (api) scorm(api, data);
  else if (l && l.broken) { if (data) notice("This link carries incomplete learning record store settings, so nothing is sent anywhere."); }
  else if (l) xapi(l, data);
})();
