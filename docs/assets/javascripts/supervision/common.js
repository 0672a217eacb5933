/* Supervision, shared part: DOM, text and storage helpers, scenario data, and the report-code
 * codec, on one namespace object, window.pcpSupervision. Loaded after assessment.js and before
 * the other supervision scripts (reports.js, builder.js, review.js), which mount their own parts.
 *
 * Everything runs in the browser; nothing is sent anywhere. Text is only ever inserted with
 * textContent (never innerHTML). Data comes from the page itself (data-* attributes and links the
 * build resolved), so it works from file:// too. Objects keyed by author keys (node ids,
 * competencies) are null-prototype objects, so "constructor" or "__proto__" are ordinary keys.
 *
 * Report code: "PCR2." (one scenario) or "PCA2." (a whole assignment), then the report as
 * JSON -> UTF-8 -> base64url, then "." and the CRC-32 (8 hex digits) of everything before it.
 *   scenario report:   {s: slug, v: scenario version, p: [[node, choice], ...], o: reported outcome,
 *                       e: the ending's own outcome, c: {competency: earned}, a: {competency: available},
 *                       m: "immediate"|"delayed", f: "catalogue"|"assignment:<slug>",
 *                       d: finished (ISO 8601), t: seconds taken or null, n?: name}
 *   assignment report: {a: assignment id, at: title, n?: name, r: [scenario report without n]}
 * PCR1/PCA1 codes and format-1 files were made by an earlier version of the site: they get a
 * notice, never figures.
 */
(function () {
  "use strict";
  var PREFIX = { single: "PCR", assignment: "PCA" };
  var FORMAT_VERSION = 2;
  var OUTCOMES = ["strong", "acceptable", "poor"];
  var MODES = ["immediate", "delayed"];
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var ORIGIN = /^(catalogue|assignment:[a-z0-9][a-z0-9-]{0,99})$/;   /* as progress.js stores it */
  var ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
  var MAX_INPUT = 200 * 1024;           /* pasted codes, or one report file, in characters/bytes */
  var MAX_POINTS = 100000;
  var MAX_SECONDS = 10 * 366 * 24 * 3600;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* ---------- safe keyed objects ---------- */

  function dict(from) {
    var d = Object.create(null);
    if (from) Object.keys(from).forEach(function (k) { d[k] = from[k]; });
    return d;
  }
  function own(obj, key) { return obj != null && Object.prototype.hasOwnProperty.call(obj, key); }
  /* a value from a Map or an object, own keys only */
  function get(obj, key) {
    if (obj instanceof Map) return obj.get(key);
    return own(obj, key) ? obj[key] : undefined;
  }
  function isObj(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function isStr(v, max) { return typeof v === "string" && v.length <= (max || 200); }

  /* ---------- DOM ---------- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function button(cls, text) {
    var b = el("button", cls, text);
    b.type = "button";
    return b;
  }
  var uid = 0;
  function newId(base) { uid += 1; return base + "-" + uid; }
  function paragraphs(into, text, cls) {
    String(text || "").split(/\n{2,}/).forEach(function (part) {
      if (part.trim()) into.appendChild(el("p", cls, part.trim()));
    });
    return into;
  }
  function copyText(input, status, done) {
    function copied() { status.textContent = "Copied."; if (done) done(); }
    function manual() { input.select(); status.textContent = "Select the text and copy it (Ctrl+C or Cmd+C)."; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(copied, manual);
    } else {
      input.select();
      try { if (document.execCommand("copy")) copied(); else manual(); } catch (e) { manual(); }
    }
  }

  /* "earned of available" and a bar with a zero mark; a negative result fills left of zero. */
  function figure(earned, available) {
    return available > 0 || earned !== 0 ? earned + " of " + available : "no points available on this route";
  }
  function bar(earned, available) {
    var below = Math.max(0, -earned), span = below + Math.max(0, available), box = el("span", "sup-bar");
    box.setAttribute("aria-hidden", "true");
    if (span <= 0) return box;
    var zero = below / span * 100, fill = el("span", earned < 0 ? "sup-bar-fill sup-bar-negative" : "sup-bar-fill");
    fill.style.left = (earned < 0 ? 0 : zero) + "%";
    fill.style.width = Math.abs(earned) / span * 100 + "%";
    var mark = el("span", "sup-bar-zero");
    mark.style.left = zero + "%";
    box.append(fill, mark);
    return box;
  }

  /* ---------- text ---------- */

  /* Text from a report or a link: no control characters and no direction overrides. */
  var UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
  function cleanLine(text, max) {
    return String(text == null ? "" : text).replace(UNSAFE, " ").replace(/\s+/g, " ").trim().slice(0, max || 200);
  }
  function cleanText(text, max) {
    return String(text == null ? "" : text).replace(/\r\n?/g, "\n").replace(UNSAFE, " ").trim().slice(0, max || 4000);
  }
  function cleanName(text) { return cleanLine(text, 80); }
  function humanize(id) { var w = String(id).replace(/-/g, " "); return w.charAt(0).toUpperCase() + w.slice(1); }
  function outcomeText(o) { return o ? o.charAt(0).toUpperCase() + o.slice(1) + " outcome" : "No ending"; }
  function modeText(m) { return m === "delayed" ? "delayed feedback (in the debrief only)" : "immediate feedback (after each choice)"; }
  function originText(f, titles) {
    if (f === "catalogue") return "the scenario catalogue";
    var slug = String(f).replace(/^assignment:/, ""), title = titles && get(titles, slug);
    return title ? "the assignment “" + title + "”" : "an assignment (" + slug + ")";
  }
  function duration(seconds) {
    if (seconds == null) return "not recorded";
    var m = Math.floor(seconds / 60), s = seconds % 60;
    if (m >= 120) return Math.round(m / 60) + " hours";
    return m ? m + " min " + s + " s" : s + " s";
  }
  function secondsBetween(start, end) {
    var t = (Date.parse(end) - Date.parse(start)) / 1000;
    return isFinite(t) && t >= 0 && t <= MAX_SECONDS ? Math.round(t) : null;
  }
  /* One date format everywhere: "16 March 2026"; times in UTC so supervisor and trainee agree. */
  function dateText(iso) {
    var d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso + "T00:00:00Z" : iso);
    if (isNaN(d.getTime())) return "unknown date";
    var text = d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
    if (iso.length > 10) text += ", " + String(d.getUTCHours()).padStart(2, "0") + ":" + String(d.getUTCMinutes()).padStart(2, "0") + " UTC";
    return text;
  }

  /* ---------- storage ---------- */

  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; } }
  function storageRemove(key) { try { window.localStorage.removeItem(key); } catch (e) { /* no storage */ } }
  function storageKeys(prefix) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) found.push(key);
      }
    } catch (e) { /* no storage */ }
    return found;
  }
  function progressOf(slug) {
    var state = window.pcpProgress && window.pcpProgress.get(slug);
    return state && state.format === 2 ? state : null;
  }
  /* After Copy or Download: the run's progress remembers that its report left the page. */
  function markCopied(report) {
    var state = progressOf(report.s);
    if (state && state.finishedAt === report.d) window.pcpProgress.markReportCopied(report.s);
  }

  /* ---------- scenario data (the build's review data, one small script per scenario) ---------- */

  function normalizeScenario(raw, href) {
    var nodes = dict();
    Object.keys(raw.nodes).forEach(function (id) {
      var n = raw.nodes[id];
      nodes[id] = { label: String(n.label || (n.outcome ? "Ending" : "Moment")), text: n.text || "", outcome: n.outcome || null,
        debrief: Array.isArray(n.debrief) ? n.debrief.map(function (part) {
          return { text: part.text || "", if: part.if || [], unless: part.unless || [] };
        }) : [],
        choices: (n.choices || []).map(function (c) {
          return { label: c.label || "", next: c.next, feedback: c.feedback || null, scores: dict(c.scores),
            sets: c.sets || [], if: c.if || [], unless: c.unless || [], caps: c.caps || null };
        }) };
    });
    return { slug: raw.slug, title: raw.title, version: raw.version, feedback: raw.feedback, start: raw.start,
      competencies: dict(raw.competencies), nodes: nodes, href: href || null };
  }

  /* Where each scenario's page and data are, from the links in nav.sup-scenario-data. */
  function scenarioIndex() {
    var index = new Map();
    document.querySelectorAll(".sup-scenario-data a[data-sup-slug]").forEach(function (link) {
      var slug = link.getAttribute("data-sup-slug"), entry = index.get(slug) || {};
      entry[link.classList.contains("sup-scenario-script") ? "script" : "href"] = link.getAttribute("href");
      index.set(slug, entry);
    });
    return index;
  }

  /* A script tag works from file:// too, where fetch does not. Resolves to a Map slug -> data for
     the slugs this page links and that loaded; a slug the site does not have is simply absent. */
  function loadScenarios(slugs) {
    var index = scenarioIndex(), store = window.pcpReviewData = window.pcpReviewData || Object.create(null);
    return Promise.all(slugs.map(function (slug) {
      var entry = index.get(slug);
      if (!entry || !entry.script || own(store, slug)) return null;
      return new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = entry.script;
        script.onload = script.onerror = function () { script.remove(); resolve(); };
        document.head.appendChild(script);
      });
    })).then(function () {
      var found = new Map();
      slugs.forEach(function (slug) {
        var raw = own(store, slug) && store[slug];
        if (!index.has(slug) || !isObj(raw) || !isObj(raw.nodes)) return;
        try { found.set(slug, normalizeScenario(raw, index.get(slug).href)); } catch (e) { /* unreadable data: treated as absent */ }
      });
      return found;
    });
  }

  /* The path against the scenario, by assessment.js: null when it does not fit or ends elsewhere. */
  function assessPath(data, pairs) {
    var A = window.pcpAssessment;
    if (!A) return null;
    var path = pairs.map(function (s) { return { node: s[0], choice: s[1] }; });
    var done = A.assess(data, path);
    return done && done.result ? done : null;
  }
  function keysOf(obj) { return obj instanceof Map ? Array.from(obj.keys()) : Object.keys(obj); }
  function plainCopy(obj) {
    var out = dict();
    keysOf(obj).forEach(function (k) { out[k] = get(obj, k); });
    return out;
  }

  /* A scenario report from a finished run in progress (or the player's end event), or null. */
  function singleReport(data, run) {
    var done = run && Array.isArray(run.path) && assessPath(data, run.path.map(function (s) { return [s.node, s.choice]; }));
    if (!done || !run.finishedAt) return null;
    var r = done.result;
    return { s: data.slug, v: data.version, p: run.path.map(function (s) { return [s.node, s.choice]; }),
      o: r.outcome, e: r.endingOutcome, c: plainCopy(r.earned), a: plainCopy(r.available),
      m: MODES.indexOf(run.feedback) >= 0 ? run.feedback : data.feedback,
      f: typeof run.origin === "string" && ORIGIN.test(run.origin) ? run.origin : "catalogue",
      d: run.finishedAt, t: secondsBetween(run.startedAt, run.finishedAt) };
  }

  /* Whether a finished run counts for an assignment: its feedback mode must be the one the
     assignment asks for, and a delayed assignment never counts a play begun in the catalogue. */
  function runCounts(state, asked) {
    if (!state || state.status !== "finished") return false;
    if (!asked) return true;
    return state.feedback === asked && (asked !== "delayed" || state.origin !== "catalogue");
  }

  /* ---------- report codes ---------- */

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();
  function crc32(text) {
    var bytes = new TextEncoder().encode(text), c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, "0");
  }
  function toBase64url(text) {
    var bytes = new TextEncoder().encode(text), binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64url(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/")), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }
  function encodeReport(kind, report) {
    var head = PREFIX[kind] + FORMAT_VERSION + "." + toBase64url(JSON.stringify(report));
    return head + "." + crc32(head);
  }

  function ReportError(message) { this.message = message; }
  var EARLIER = "was made by an earlier version of the site, which counted scores differently, so its figures are " +
    "not shown. Ask the trainee for a new report.";

  function decodeCode(code) {
    var match = /^(PC[RA])(\d+)\.(.*)$/i.exec(code);
    if (!match) throw new ReportError("is not a report code from this site. Report codes start with PCR2. or PCA2.");
    if (Number(match[2]) === 1) throw new ReportError(EARLIER);
    if (Number(match[2]) !== FORMAT_VERSION) {
      throw new ReportError("was made with another report format (" + match[1] + match[2] + ") that this page cannot read.");
    }
    var parts = match[3].split(".");
    if (parts.length !== 2 || !/^[0-9a-f]{8}$/i.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[0])) {
      throw new ReportError("is incomplete or damaged: part of it is missing. Copy the whole code again.");
    }
    var head = code.slice(0, code.length - 9);
    if (crc32(head) !== parts[1].toLowerCase()) {
      throw new ReportError("does not match its checksum: it was mistyped or cut short. Copy the whole code again.");
    }
    var report;
    try { report = JSON.parse(fromBase64url(parts[0])); } catch (e) { throw new ReportError("cannot be read."); }
    return checked(match[1].toUpperCase() === PREFIX.single ? "single" : "assignment", report);
  }

  function points(obj) {
    return Object.keys(obj).every(function (k) { return Number.isInteger(obj[k]) && Math.abs(obj[k]) <= MAX_POINTS; });
  }
  function competencyKeys(obj) {
    return isObj(obj) && Object.keys(obj).length <= 50 && Object.keys(obj).every(function (k) { return SLUG.test(k) && k.length <= 100; });
  }
  /* Why a scenario report cannot be read, or null when it can. */
  function singleProblem(r, nameAllowed) {
    var keys = ["s", "v", "p", "o", "e", "c", "a", "m", "f", "d", "t"];
    if (!isObj(r) || !Object.keys(r).every(function (k) { return keys.indexOf(k) >= 0 || (nameAllowed && k === "n"); }) ||
        !keys.every(function (k) { return own(r, k); })) return "does not hold a valid report.";
    if (!isStr(r.s, 100) || !SLUG.test(r.s) || !isStr(r.v, 64) || !r.v) return "does not name a scenario and its version.";
    if (!Array.isArray(r.p) || r.p.length < 1 || r.p.length > 1000 || !r.p.every(function (step) {
      return Array.isArray(step) && step.length === 2 && isStr(step[0], 100) && Number.isInteger(step[1]) && step[1] >= 0 && step[1] < 1000;
    })) return "does not hold a readable path.";
    if (OUTCOMES.indexOf(r.o) < 0 || OUTCOMES.indexOf(r.e) < 0) return "does not hold a valid outcome.";
    if (OUTCOMES.indexOf(r.o) < OUTCOMES.indexOf(r.e)) return "reports an outcome better than its own ending, which cannot happen.";
    if (!competencyKeys(r.c) || !competencyKeys(r.a)) return "holds scores under names that are not competencies.";
    if (!points(r.c) || !points(r.a)) return "holds scores that are not whole numbers.";
    var ck = Object.keys(r.c).sort(), ak = Object.keys(r.a).sort();
    if (ck.join(" ") !== ak.join(" ")) return "does not give earned and available points for the same competencies.";
    if (ck.some(function (k) { return r.a[k] < 0 || r.c[k] > r.a[k]; })) return "claims more points than were available, which cannot happen.";
    if (MODES.indexOf(r.m) < 0) return "does not say which feedback mode was used.";
    if (!isStr(r.f, 120) || !ORIGIN.test(r.f)) return "does not say where the play began.";
    if (!isStr(r.d, 40) || !ISO_TIME.test(r.d) || isNaN(Date.parse(r.d))) return "does not hold a valid finishing time.";
    if (!(r.t === null || (Number.isInteger(r.t) && r.t >= 0 && r.t <= MAX_SECONDS))) return "does not hold a valid time taken.";
    if (own(r, "n") && !isStr(r.n, 200)) return "does not hold a valid name.";
    return null;
  }
  function assignmentProblem(r) {
    if (!isObj(r) || !Object.keys(r).every(function (k) { return ["a", "at", "n", "r"].indexOf(k) >= 0; }) ||
        !isStr(r.a, 100) || !SLUG.test(r.a) || !isStr(r.at, 200) || (own(r, "n") && !isStr(r.n, 200)) ||
        !Array.isArray(r.r) || r.r.length < 1 || r.r.length > 100) return "does not hold a valid assignment report.";
    for (var i = 0; i < r.r.length; i++) {
      var problem = singleProblem(r.r[i], false);
      if (problem) return "holds a scenario report (number " + (i + 1) + ") that " + problem;
    }
    return null;
  }
  /* Safe copies: null-prototype score objects and a cleaned name (absent when nothing is left). */
  function tidySingle(r) {
    var out = { s: r.s, v: r.v, p: r.p, o: r.o, e: r.e, c: dict(r.c), a: dict(r.a), m: r.m, f: r.f, d: r.d, t: r.t };
    var name = own(r, "n") ? cleanName(r.n) : "";
    if (name) out.n = name;
    return out;
  }
  function checked(kind, report) {
    var problem = kind === "single" ? singleProblem(report, true) : assignmentProblem(report);
    if (problem) throw new ReportError(problem);
    if (kind === "single") return { kind: kind, report: tidySingle(report) };
    var out = { a: report.a, at: cleanLine(report.at, 200) || "Assignment", r: report.r.map(tidySingle) };
    var name = own(report, "n") ? cleanName(report.n) : "";
    if (name) out.n = name;
    return { kind: kind, report: out };
  }

  /* readable JSON files <-> compact reports; labels(slug, node, choice) -> {moment, chose} */
  function singleToJson(r, titles, labels) {
    return { scenario: r.s, title: titles(r.s), version: r.v, feedback: r.m, origin: r.f, finishedAt: r.d, seconds: r.t,
      outcome: r.o, endingOutcome: r.e, earned: r.c, available: r.a,
      path: r.p.map(function (s) {
        var l = labels(r.s, s[0], s[1]);
        return { node: s[0], choice: s[1] + 1, moment: l.moment, chose: l.chose };  /* 1 = the first listed */
      }) };
  }
  function reportToJson(kind, report, titles, labels) {
    var out = kind === "single"
      ? Object.assign({ format: "pcp-report", formatVersion: FORMAT_VERSION }, singleToJson(report, titles, labels))
      : { format: "pcp-assignment-report", formatVersion: FORMAT_VERSION, assignment: report.a, title: report.at,
        reports: report.r.map(function (r) { return singleToJson(r, titles, labels); }) };
    if (report.n) out.name = report.n;
    out.code = encodeReport(kind, report);
    return out;
  }
  function singleFromJson(j) {
    if (!isObj(j)) return null;
    return { s: j.scenario, v: j.version, o: j.outcome, e: j.endingOutcome, c: j.earned, a: j.available, m: j.feedback,
      f: j.origin, d: j.finishedAt, t: j.seconds === undefined ? null : j.seconds,
      p: Array.isArray(j.path) ? j.path.map(function (s) {
        return isObj(s) && Number.isInteger(s.choice) ? [s.node, s.choice - 1] : null;
      }) : null };
  }
  function reportFromJson(j) {
    if (!isObj(j) || (j.format !== "pcp-report" && j.format !== "pcp-assignment-report")) {
      throw new ReportError("is not a report file from this site.");
    }
    if (j.formatVersion === 1 || j.formatVersion === undefined) throw new ReportError(EARLIER);
    if (j.formatVersion !== FORMAT_VERSION) throw new ReportError("was made with another report format that this page cannot read.");
    var kind = j.format === "pcp-report" ? "single" : "assignment", report;
    if (kind === "single") report = singleFromJson(j);
    else report = { a: j.assignment, at: j.title, r: Array.isArray(j.reports) ? j.reports.map(singleFromJson) : null };
    if (j.name !== undefined) report.n = j.name;
    return checked(kind, report);
  }

  /* ---------- mounting ---------- */

  /* Runs mount once the page is parsed and again after each instant navigation. Material's
     document$ never fires from file://, so the page-load call is needed too; every mount
     function is idempotent (it marks what it has mounted). */
  function onEveryPage(mount) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(function () { mount(); });
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { mount(); });
    else mount();
  }

  /* ---------- the namespace ---------- */

  window.pcpSupervision = {
    dom: { el: el, button: button, newId: newId, paragraphs: paragraphs, copyText: copyText, figure: figure, bar: bar },
    text: { humanize: humanize, outcomeText: outcomeText, modeText: modeText, originText: originText, duration: duration,
      dateText: dateText, cleanName: cleanName, cleanLine: cleanLine, cleanText: cleanText },
    check: { isObj: isObj, isStr: isStr, MODES: MODES },
    keyed: { dict: dict, get: get, keysOf: keysOf },
    storage: { get: storageGet, set: storageSet, remove: storageRemove, keys: storageKeys, progressOf: progressOf, markCopied: markCopied },
    scenarios: { load: loadScenarios, normalize: normalizeScenario, assess: assessPath, singleReport: singleReport, runCounts: runCounts },
    codes: { encode: encodeReport, decode: decodeCode, toJson: reportToJson, fromJson: reportFromJson,
      crc32: crc32, ReportError: ReportError, MAX_INPUT: MAX_INPUT },
    onEveryPage: onEveryPage
  };

  /* The "this page needs JavaScript" notices of the builder, assignment view and review pages
     (after their forms, which stay disabled until mounted, so nothing jumps when they are hidden). */
  onEveryPage(function () {
    document.querySelectorAll(".sup-needs-js").forEach(function (p) { p.hidden = true; });
  });
})();
