/* pcpProgress: the site's only storage, shared by the player, the catalogue and supervision.
 *
 * One localStorage entry per scenario, key "pcp:progress:<slug>", value JSON (format 2):
 *   { format: 2, version: "<content hash>", title: "<scenario title>",
 *     feedback: "immediate"|"delayed"      (fixed for the whole run),
 *     origin: "catalogue"|"assignment:<slug>" (where the run began; fixed for the whole run),
 *     node: "<node id>", path: [{node: "<id>", choice: <index in that node's choices>}], flags: ["<flag>"],
 *     earned: {"<competency>": n}, available: {"<competency>": n}   (pcpAssessment's figures so far),
 *     status: "in-progress"|"finished",
 *     outcome: null|"strong"|"acceptable"|"poor"        (the reported outcome, caps applied),
 *     endingOutcome: null|"strong"|"acceptable"|"poor"  (the ending's own outcome),
 *     startedAt, updatedAt, finishedAt: ISO 8601 strings (finishedAt null until finished),
 *     reportCopied: true                                 (optional: set by markReportCopied) }
 * earned and available read back as null-prototype objects. An entry without format 2 was saved
 * by an earlier version of the site: get() ignores it and outdated() says so. Corrupt or foreign
 * values read as absent; no method throws, even when localStorage itself is unavailable.
 *
 * reportCopied: supervision/reports.js calls markReportCopied(slug) when a finished run's report is
 * copied or downloaded; "Clear my progress" warns about finished runs without it, and Restart asks
 * before it replaces one (askToRestart).
 * stamp(slug) identifies the stored run (its start and last change): a page compares it with the
 * stamp it last read or wrote, so it never writes over progress changed in another tab.
 * clearAll() removes every "pcp:" key; askToClear() asks first, in a dialog saying what goes.
 */
(function () {
  "use strict";
  var PREFIX = "pcp:progress:", OUTCOMES = ["strong", "acceptable", "poor"];

  /* window.pcpProgressStore: a learning platform's resume store, set by lms.js only when a platform
     launched the page (same methods as localStorage); otherwise this browser's localStorage */
  function storage() {
    try { return window.pcpProgressStore || window.localStorage; } catch (e) { return null; }
  }
  function isStr(v) { return typeof v === "string"; }
  function isTime(v) { return isStr(v) && !isNaN(Date.parse(v)); }
  function isObj(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function figures(v) {
    return isObj(v) && Object.keys(v).every(function (k) { return Number.isFinite(v[k]); });
  }
  function outcome(v) { return v === null || OUTCOMES.indexOf(v) >= 0; }
  function valid(s) {
    return isObj(s) && s.format === 2 && isStr(s.version) && (s.title === undefined || isStr(s.title)) &&
      (s.feedback === "immediate" || s.feedback === "delayed") &&
      isStr(s.origin) && /^(catalogue|assignment:[a-z0-9][a-z0-9-]{0,99})$/.test(s.origin) &&
      isStr(s.node) && Array.isArray(s.path) &&
      s.path.every(function (p) { return isObj(p) && isStr(p.node) && Number.isInteger(p.choice) && p.choice >= 0; }) &&
      Array.isArray(s.flags) && s.flags.every(isStr) && figures(s.earned) && figures(s.available) &&
      (s.status === "in-progress" || s.status === "finished") && outcome(s.outcome) && outcome(s.endingOutcome) &&
      isTime(s.startedAt) && isTime(s.updatedAt) && (s.finishedAt === null || isTime(s.finishedAt)) &&
      (s.reportCopied === undefined || typeof s.reportCopied === "boolean");
  }
  function table(from) {
    var to = Object.create(null);
    Object.keys(from).forEach(function (k) { to[k] = from[k]; });
    return to;
  }
  function parse(key) {
    try { return JSON.parse(storage().getItem(key)); } catch (e) { return null; }
  }
  function read(key) {
    var state = parse(key);
    if (!valid(state)) return null;
    state.earned = table(state.earned);
    state.available = table(state.available);
    return state;
  }
  function keys() {
    var ls = storage(), found = [];
    try {
      for (var i = 0; i < ls.length; i++) {
        var key = ls.key(i);
        if (key && key.indexOf("pcp:") === 0) found.push(key);
      }
    } catch (e) { /* no storage */ }
    return found;
  }
  /* the stamp of the value last read or written per key, so a click costs a string comparison, not a parse */
  var stamps = Object.create(null);
  function stampOf(state) { return state ? state.startedAt + " " + state.updatedAt + " " + state.path.length : null; }
  function stamp(slug) {
    var key = PREFIX + slug, raw = null;
    try { raw = storage().getItem(key); } catch (e) { /* no storage */ }
    var known = stamps[key];
    if (!known || known.raw !== raw) stamps[key] = known = { raw: raw, stamp: stampOf(read(key)) };
    return known.stamp;
  }
  function set(slug, state) {
    try {
      var raw = JSON.stringify(state);
      storage().setItem(PREFIX + slug, raw);
      stamps[PREFIX + slug] = { raw: raw, stamp: valid(state) ? stampOf(state) : null };
      return true;
    } catch (e) { return false; }
  }

  /* What clearAll() would delete: one line per run (titles(slug) names runs saved without a title). */
  function summary(titles) {
    var lines = [], uncopied = 0, others = 0;
    keys().forEach(function (key) {
      if (key.indexOf(PREFIX) !== 0) { others++; return; }
      var slug = key.slice(PREFIX.length), state = read(key);
      var name = "“" + ((state && state.title) || (titles && titles(slug)) || slug) + "”: ";
      if (!state) lines.push(name + "progress saved by an earlier version of the site, or unreadable");
      else if (state.status !== "finished") lines.push(name + "in progress (" + state.path.length + (state.path.length === 1 ? " choice" : " choices") + " made)");
      else {
        var line = name + "finished, " + (state.outcome || "no") + " outcome";
        if (!state.reportCopied) { uncopied++; line += ", and its report was never copied or downloaded"; }
        lines.push(line);
      }
    });
    if (others) lines.push(others + " other item" + (others === 1 ? "" : "s") + " the site keeps, such as assignments you opened");
    return { lines: lines, uncopied: uncopied };
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* A modal dialog asking before something is deleted (keyboard: Tab between its two buttons;
   * Escape, like the first button, keeps everything). parts: heading, intro, lines (a list),
   * warning, keep and remove (the buttons' words). done(true) once the second button was chosen. */
  function ask(opener, parts, done) {
    var dialog = el("dialog", "pcp-confirm"), heading = el("h2", null, parts.heading);
    var yes = el("button", "scn-btn", parts.remove), no = el("button", "scn-btn", parts.keep);
    heading.id = "pcp-confirm-heading";
    dialog.setAttribute("aria-labelledby", heading.id);
    yes.type = no.type = "button";
    dialog.append(heading, el("p", null, parts.intro));
    if (parts.lines) {
      var list = el("ul");
      parts.lines.forEach(function (line) { list.appendChild(el("li", null, line)); });
      dialog.appendChild(list);
    }
    if (parts.warning) dialog.appendChild(el("p", "pcp-warning", parts.warning));
    var buttons = el("div", "pcp-confirm-buttons"), removed = false;
    buttons.append(no, yes);
    dialog.append(el("p", null, "This cannot be undone."), buttons);
    yes.addEventListener("click", function () { removed = true; dialog.close(); });
    no.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      done(removed);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    no.focus();
  }

  /* Lists what clearAll() would delete, then done("cleared"), done("kept"), or done("empty") at
   * once when nothing is stored. */
  function askToClear(opener, done, titles) {
    var what = summary(titles);
    if (!what.lines.length) { done("empty"); return; }
    ask(opener, {
      heading: "Clear my progress?", intro: "This deletes everything this site keeps in this browser:", lines: what.lines,
      warning: what.uncopied ? "Warning: " + (what.uncopied === 1 ? "one finished scenario has a report" :
        what.uncopied + " finished scenarios have reports") + " you never copied or downloaded. If your supervisor " +
        "needs it, keep your progress and take the report first." : null,
      keep: "Keep my progress", remove: "Delete all of it"
    }, function (removed) {
      if (removed) api.clearAll();
      done(removed ? "cleared" : "kept");
    });
  }

  /* Before Restart replaces a finished run whose report was never copied or downloaded:
   * done(true) to start again. Any other run starts again at once. */
  function askToRestart(opener, slug, done) {
    var state = read(PREFIX + slug);
    if (!state || state.status !== "finished" || state.reportCopied) { done(true); return; }
    ask(opener, {
      heading: "Start again?", intro: "Starting again deletes this finished run and its report, which you never " +
        "copied or downloaded. If your supervisor needs it, keep this run and take the report first.",
      keep: "Keep this run", remove: "Start again"
    }, done);
  }

  var api = {
    get: function (slug) { return read(PREFIX + slug); },
    /* true when anything is stored for slug, readable or not (the player says so when not) */
    stored: function (slug) {
      try { return storage().getItem(PREFIX + slug) !== null; } catch (e) { return false; }
    },
    /* true when what is stored for slug was saved by an earlier version of the site (no format 2) */
    outdated: function (slug) {
      var state = parse(PREFIX + slug);
      return isObj(state) && (state.format === undefined || (typeof state.format === "number" && state.format < 2));
    },
    stamp: stamp,
    set: set,
    markReportCopied: function (slug) {
      var state = read(PREFIX + slug);
      if (!state || state.status !== "finished" || state.reportCopied) return false;
      state.reportCopied = true;
      return set(slug, state);
    },
    remove: function (slug) {
      try { storage().removeItem(PREFIX + slug); } catch (e) { /* nothing to remove */ }
    },
    all: function () {
      var result = Object.create(null);
      keys().forEach(function (key) {
        if (key.indexOf(PREFIX) !== 0) return;
        var state = read(key);
        if (state) result[key.slice(PREFIX.length)] = state;
      });
      return result;
    },
    clearAll: function () {
      keys().forEach(function (key) {
        try { storage().removeItem(key); } catch (e) { /* ignore */ }
      });
    },
    askToClear: askToClear,
    askToRestart: askToRestart
  };
  window.pcpProgress = api;
})();
