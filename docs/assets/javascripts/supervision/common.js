/* Supervision, shared part: small DOM/storage helpers and the report-code codec, on one
 * namespace object, window.pcpSupervision. Loaded before the other supervision scripts
 * (reports.js, builder.js, review.js), which each mount their own part of the site.
 *
 * Everything runs in the browser; nothing is sent anywhere. Text is only ever inserted with
 * textContent (never innerHTML). Data comes from the page itself (data-* attributes and links
 * the build resolved), so it works from file:// too.
 *
 * Report code: "PCR1." (one scenario) or "PCA1." (a whole assignment), then the report as
 * JSON -> UTF-8 -> base64url, then "." and the CRC-32 (8 hex digits) of everything before it.
 *   scenario report:   {s: slug, v: content version, p: [[node, choice], ...], o: outcome,
 *                       c: {competency: score}, t: seconds taken (or null), n?: name}
 *   assignment report: {a: assignment id, at: title, n?: name, r: [scenario report without n]}
 */
(function () {
  "use strict";
  var PREFIX = { single: "PCR", assignment: "PCA" };
  var FORMAT_VERSION = 1;
  var OUTCOMES = ["strong", "acceptable", "poor"];
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /* ---------- small helpers ---------- */

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
  function isObj(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function isStr(v, max) { return typeof v === "string" && v.length <= (max || 200); }
  function humanize(id) { var w = String(id).replace(/-/g, " "); return w.charAt(0).toUpperCase() + w.slice(1); }
  function outcomeText(o) { return o ? o.charAt(0).toUpperCase() + o.slice(1) + " outcome" : "No ending"; }
  function duration(seconds) {
    if (seconds == null) return "not recorded";
    var m = Math.floor(seconds / 60), s = seconds % 60;
    if (m >= 120) return Math.round(m / 60) + " hours";
    return m ? m + " min " + s + " s" : s + " s";
  }
  function secondsBetween(start, end) {
    var t = (Date.parse(end) - Date.parse(start)) / 1000;
    return isFinite(t) && t >= 0 ? Math.round(t) : null;
  }
  function paragraphs(into, text, cls) {
    String(text || "").split(/\n{2,}/).forEach(function (part) {
      if (part.trim()) into.appendChild(el("p", cls, part.trim()));
    });
    return into;
  }
  function copyText(input, status) {
    function manual() { input.select(); status.textContent = "Select the code and copy it (Ctrl+C or Cmd+C)."; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () { status.textContent = "Copied."; }, manual);
    } else {
      input.select();
      try { status.textContent = document.execCommand("copy") ? "Copied." : ""; } catch (e) { manual(); }
    }
  }
  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* no storage */ } }
  function progressOf(slug) { return (window.pcpProgress && window.pcpProgress.get(slug)) || null; }

  /* Runs mount on every page: once per page load, and again after each instant navigation. */
  function onEveryPage(mount) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
    else mount();
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

  function decodeCode(code) {
    var match = /^(PC[RA])(\d+)\.(.*)$/i.exec(code);
    if (!match) throw new ReportError("is not a report code from this site. Report codes start with PCR1. or PCA1.");
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
    var kind = match[1].toUpperCase() === PREFIX.single ? "single" : "assignment";
    if (!(kind === "single" ? validSingle(report, true) : validAssignment(report))) {
      throw new ReportError("does not hold a valid report.");
    }
    return { kind: kind, report: report };
  }

  function validSingle(r, nameAllowed) {
    var keys = ["s", "v", "p", "o", "c", "t"].concat(nameAllowed ? ["n"] : []);
    return isObj(r) && Object.keys(r).every(function (k) { return keys.indexOf(k) >= 0; }) &&
      isStr(r.s, 100) && SLUG.test(r.s) && isStr(r.v, 64) &&
      Array.isArray(r.p) && r.p.length <= 1000 && r.p.every(function (step) {
        return Array.isArray(step) && step.length === 2 && isStr(step[0], 100) && Number.isInteger(step[1]) && step[1] >= 0;
      }) &&
      (r.o === null || OUTCOMES.indexOf(r.o) >= 0) &&
      isObj(r.c) && Object.keys(r.c).every(function (k) { return SLUG.test(k) && Number.isInteger(r.c[k]); }) &&
      (r.t === null || (Number.isInteger(r.t) && r.t >= 0)) &&
      (r.n === undefined || (isStr(r.n, 80) && r.n.trim() !== ""));
  }
  function validAssignment(r) {
    return isObj(r) && Object.keys(r).every(function (k) { return ["a", "at", "n", "r"].indexOf(k) >= 0; }) &&
      isStr(r.a, 100) && isStr(r.at, 200) && (r.n === undefined || (isStr(r.n, 80) && r.n.trim() !== "")) &&
      Array.isArray(r.r) && r.r.length >= 1 && r.r.length <= 100 &&
      r.r.every(function (x) { return validSingle(x, false); });
  }

  /* readable JSON files <-> compact reports */
  function singleToJson(r, titles) {
    var out = { scenario: r.s, title: titles(r.s), contentVersion: r.v,
      path: r.p.map(function (s) { return { node: s[0], choice: s[1] }; }),
      outcome: r.o, scores: r.c, seconds: r.t };
    return out;
  }
  function reportToJson(kind, report, titles) {
    var out = kind === "single"
      ? Object.assign({ format: "pcp-report", formatVersion: FORMAT_VERSION }, singleToJson(report, titles))
      : { format: "pcp-assignment-report", formatVersion: FORMAT_VERSION, assignment: report.a, title: report.at,
        reports: report.r.map(function (r) { return singleToJson(r, titles); }) };
    if (report.n) out.name = report.n;
    out.code = encodeReport(kind, report);
    return out;
  }
  function singleFromJson(j) {
    if (!isObj(j) || !Array.isArray(j.path)) return null;
    return { s: j.scenario, v: j.contentVersion, o: j.outcome, c: j.scores, t: j.seconds === undefined ? null : j.seconds,
      p: j.path.map(function (s) { return isObj(s) ? [s.node, s.choice] : null; }) };
  }
  function reportFromJson(j) {
    if (!isObj(j) || (j.format !== "pcp-report" && j.format !== "pcp-assignment-report")) {
      throw new ReportError("is not a report file from this site.");
    }
    if (j.formatVersion !== FORMAT_VERSION) throw new ReportError("was made with another report format that this page cannot read.");
    var kind = j.format === "pcp-report" ? "single" : "assignment", report;
    if (kind === "single") report = singleFromJson(j);
    else report = { a: j.assignment, at: j.title, r: Array.isArray(j.reports) ? j.reports.map(singleFromJson) : null };
    if (report && j.name !== undefined) report.n = j.name;
    if (!report || !(kind === "single" ? validSingle(report, true) : validAssignment(report))) {
      throw new ReportError("does not hold a valid report.");
    }
    return { kind: kind, report: report };
  }

  /* ---------- the namespace ---------- */

  window.pcpSupervision = {
    dom: { el: el, button: button, newId: newId, paragraphs: paragraphs, copyText: copyText },
    text: { humanize: humanize, outcomeText: outcomeText, duration: duration, secondsBetween: secondsBetween },
    check: { isObj: isObj, isStr: isStr },
    storage: { get: storageGet, set: storageSet, progressOf: progressOf },
    codes: { encode: encodeReport, decode: decodeCode, toJson: reportToJson, fromJson: reportFromJson,
      crc32: crc32, ReportError: ReportError },
    onEveryPage: onEveryPage
  };

  /* The "this page needs JavaScript" notices of the builder, assignment view and review pages. */
  onEveryPage(function () {
    document.querySelectorAll(".sup-needs-js").forEach(function (p) { p.hidden = true; });
  });
})();
