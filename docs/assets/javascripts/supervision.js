/* Supervision: trainee reports, assignment progress, the assignment builder and the review page.
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
  var ASSIGNMENT_KEY = "pcp:assignment:";

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
  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* no storage */ } }
  function progressOf(slug) { return (window.pcpProgress && window.pcpProgress.get(slug)) || null; }

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

  /* ---------- building reports from the player and from saved progress ---------- */

  function singleFrom(info) {
    var scores = {};
    Object.keys(info.competencies || info.scores || {}).forEach(function (k) { scores[k] = Math.round(info.scores[k] || 0); });
    return { s: info.slug, v: info.version, p: info.path.map(function (s) { return [s.node, s.choice]; }),
      o: info.outcome || null, c: scores, t: secondsBetween(info.startedAt, info.finishedAt) };
  }
  function withName(report, name) {
    var copy = Object.assign({}, report), trimmed = (name || "").trim().slice(0, 80);
    delete copy.n;
    if (trimmed) copy.n = trimmed;
    return copy;
  }

  /* ---------- the report panel: name, code, copy, download, print ---------- */

  function copyText(input, status) {
    function manual() { input.select(); status.textContent = "Select the code and copy it (Ctrl+C or Cmd+C)."; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () { status.textContent = "Copied."; }, manual);
    } else {
      input.select();
      try { status.textContent = document.execCommand("copy") ? "Copied." : ""; } catch (e) { manual(); }
    }
  }

  function download(fileName, data) {
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob), a = el("a");
    a.href = url;
    a.download = fileName;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function printReport(view) {
    document.querySelectorAll("body > .sup-print-view").forEach(function (old) { old.remove(); });
    document.body.appendChild(view);
    document.body.classList.add("sup-printing");
    window.addEventListener("afterprint", function () { document.body.classList.remove("sup-printing"); }, { once: true });
    window.print();
  }

  /* options: {kind, heading, level, intro, report (compact, no name), fileName, titles(slug), labels(node, choice)} */
  function reportPanel(options) {
    var box = el("section", "sup-report"), headingId = newId("sup-report-heading");
    var heading = el("h" + (options.level || 3), null, options.heading);
    heading.id = headingId;
    box.setAttribute("aria-labelledby", headingId);
    box.append(heading, el("p", null, options.intro));

    var nameId = newId("sup-name"), codeId = newId("sup-code");
    var nameField = el("div", "sup-field"), nameLabel = el("label", null, "Your name (optional: only included if you type it)");
    var name = el("input");
    name.type = "text";
    name.id = nameId;
    name.maxLength = 80;
    name.autocomplete = "off";
    nameLabel.htmlFor = nameId;
    nameField.append(nameLabel, name);

    var codeField = el("div", "sup-field"), codeLabel = el("label", null, "Report code");
    var code = el("textarea", "sup-code");
    code.id = codeId;
    code.readOnly = true;
    code.rows = 3;
    code.spellcheck = false;
    codeLabel.htmlFor = codeId;
    codeField.append(codeLabel, code);

    var actions = el("p", "sup-actions"), status = el("span", "sup-status");
    status.setAttribute("role", "status");
    var copy = button("md-button sup-copy", "Copy"), save = button("md-button", "Download JSON"), print = button("md-button", "Print");
    copy.setAttribute("aria-label", "Copy the code");
    actions.append(copy, save, print, status);
    box.append(nameField, codeField, actions);

    function current() { return withName(options.report, name.value); }
    function refresh() { code.value = encodeReport(options.kind, current()); status.textContent = ""; }
    name.addEventListener("input", refresh);
    copy.addEventListener("click", function () { copyText(code, status); });
    save.addEventListener("click", function () { download(options.fileName, reportToJson(options.kind, current(), options.titles)); });
    print.addEventListener("click", function () { printReport(printView(options, current(), code.value)); });
    refresh();
    return box;
  }

  function printView(options, report, codeText) {
    var view = el("div", "sup-print-view"), singles = options.kind === "single" ? [report] : report.r;
    view.appendChild(el("h1", null, options.kind === "single" ? "Scenario report: " + options.titles(report.s) : "Assignment report: " + report.at));
    if (report.n) view.appendChild(el("p", null, "Name: " + report.n));
    singles.forEach(function (r) {
      var part = el("section");
      if (options.kind !== "single") part.appendChild(el("h2", null, options.titles(r.s)));
      part.appendChild(el("p", null, outcomeText(r.o) + " · time taken: " + duration(r.t) + " · content version " + r.v));
      var scores = el("ul");
      Object.keys(r.c).forEach(function (k) { scores.appendChild(el("li", null, (options.names(k)) + ": " + r.c[k])); });
      part.append(el("h3", null, "Scores"), scores, el("h3", null, "Choices made"));
      var path = el("ol");
      r.p.forEach(function (step) { path.appendChild(el("li", null, humanize(step[0]) + ": " + options.labels(r.s, step[0], step[1]))); });
      part.appendChild(path);
      view.appendChild(part);
    });
    view.append(el("h2", null, "Report code"), el("p", "sup-print-code", codeText));
    return view;
  }

  /* labels from the scenario page's own readable case, when the page has one */
  function pageLabel(slug, node, choice) {
    var player = document.querySelector(".scn-player[data-scn]");
    var here = player && scenarioData(player) && scenarioData(player).slug === slug;
    var label = here && document.querySelector('.scn-node[data-node="' + CSS.escape(node) + '"] .scn-choice[data-choice="' + choice + '"] .scn-choice-label');
    return label ? label.textContent.trim() : "choice " + (choice + 1);
  }
  function scenarioData(player) {
    try { return JSON.parse(player.getAttribute("data-scn")); } catch (e) { return null; }
  }

  /* ---------- end of a scenario ---------- */

  function fillSlot(slot, info) {
    var names = function (k) { return (info.competencies && info.competencies[k]) || k; };
    var titles = function () { return info.title; };
    slot.textContent = "";
    slot.setAttribute("data-sup-mounted", "");
    slot.appendChild(reportPanel({
      kind: "single", level: 4, heading: "Share a report (optional)",
      intro: "Nothing has been sent anywhere. If you want to discuss this scenario in supervision, you can take a report: " +
        "it holds this scenario, the choices you made, the ending, your scores and the time taken, and your name only if you type it.",
      report: singleFrom(info), fileName: "report-" + info.slug + ".json", titles: titles, names: names, labels: pageLabel
    }));
    var assignment = new URLSearchParams(location.search).get("assignment");
    if (assignment) slot.appendChild(assignmentStatus(assignment, 4));
  }

  function onFinished(event) {
    var detail = event.detail, slot = document.querySelector(".scn-report-slot");
    if (!slot || !detail || !detail.slug || !Array.isArray(detail.path)) return;
    fillSlot(slot, detail);
  }

  /* A finished scenario reopened: the player may have announced it before this script listened. */
  function mountSlots() {
    var slot = document.querySelector(".scn-report-slot:not([data-sup-mounted])");
    var player = document.querySelector(".scn-player[data-scn]");
    var data = player && scenarioData(player);
    var state = data && progressOf(data.slug);
    if (!slot || !state || state.status !== "finished" || state.version !== data.version) return;
    fillSlot(slot, Object.assign({}, state, { slug: data.slug, title: data.title, competencies: data.competencies }));
  }

  /* ---------- assignments ---------- */

  function rememberAssignment(def) { storageSet(ASSIGNMENT_KEY + def.id, JSON.stringify(def)); }
  function recallAssignment(id) {
    try {
      var def = JSON.parse(storageGet(ASSIGNMENT_KEY + id));
      return isObj(def) && Array.isArray(def.scenarios) && isStr(def.title) ? def : null;
    } catch (e) { return null; }
  }

  function assignmentReport(def) {
    var states = def.scenarios.map(progressOf);
    if (!def.scenarios.length || states.some(function (s) { return !s || s.status !== "finished"; })) return null;
    return { a: def.id, at: def.title, r: states.map(function (s, i) {
      return singleFrom(Object.assign({}, s, { slug: def.scenarios[i], competencies: s.scores }));
    }) };
  }

  function assignmentPanel(def, report, level) {
    var titles = function (slug) { return (def.titles && def.titles[slug]) || humanize(slug); };
    return reportPanel({
      kind: "assignment", level: level, heading: "Report for the whole assignment (optional)",
      intro: "You have finished every scenario of this assignment. Nothing has been sent anywhere; if you want to discuss " +
        "your work in supervision, take one report covering all of them. Your name is included only if you type it.",
      report: report, fileName: "assignment-report-" + def.id + ".json", titles: titles,
      names: function (k) { return humanize(k); }, labels: function (s, n, c) { return "choice " + (c + 1); }
    });
  }

  /* Shown on a scenario's end screen when it was opened from an assignment. */
  function assignmentStatus(id, level) {
    var box = el("div", "sup-assignment-status"), def = recallAssignment(id);
    if (!def) return box;
    var report = assignmentReport(def);
    var back = el("a", null, def.title);
    back.href = def.url || "#";
    var line = el("p", null, report ? "This was the last scenario of " : "Your assignment: ");
    line.appendChild(back);
    if (!report) {
      var left = def.scenarios.filter(function (s) { var p = progressOf(s); return !p || p.status !== "finished"; }).length;
      line.appendChild(document.createTextNode(" (" + left + " scenario" + (left === 1 ? "" : "s") + " still to finish)."));
    }
    box.appendChild(line);
    if (report) box.appendChild(assignmentPanel(def, report, level));
    return box;
  }

  function progressText(slug) {
    var state = progressOf(slug);
    if (!state) return "not started";
    if (state.status === "finished") return "finished: " + (state.outcome || "no") + " outcome";
    return "in progress";
  }

  function mountAssignment(root) {
    var id = root.getAttribute("data-sup-assignment"), titles = {};
    var scenarios = (root.getAttribute("data-sup-scenarios") || "").split(/\s+/).filter(Boolean);
    root.querySelectorAll(".sup-progress[data-scn-slug]").forEach(function (span) {
      var slug = span.getAttribute("data-scn-slug"), link = span.parentNode.querySelector("a");
      if (link) titles[slug] = link.textContent.trim();
      span.textContent = "(" + progressText(slug) + ")";
    });
    var def = { id: id, title: root.getAttribute("data-sup-title") || "Assignment", scenarios: scenarios,
      titles: titles, url: location.href };
    rememberAssignment(def);
    var slot = root.querySelector(".sup-assignment-report");
    if (!slot) return;
    slot.textContent = "";
    var report = assignmentReport(def);
    if (report) slot.appendChild(assignmentPanel(def, report, 2));
    else slot.appendChild(el("p", "sup-muted", "When you have finished every scenario, you can take one report for the whole assignment here."));
  }

  /* ---------- the assignment view, built from the address ---------- */

  function catalogue() {
    var found = {};
    document.querySelectorAll(".sup-catalogue a[data-scn-slug]").forEach(function (a) {
      found[a.getAttribute("data-scn-slug")] = { title: a.textContent.trim(), href: a.getAttribute("href") };
    });
    return found;
  }

  function validDate(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && !isNaN(Date.parse(text + "T00:00:00Z")) &&
      new Date(text + "T00:00:00Z").toISOString().slice(0, 10) === text;
  }

  function renderView(view) {
    var params = new URLSearchParams(location.hash.replace(/^#/, "")), known = catalogue(), notes = [];
    var slugs = (params.get("scenarios") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    var feedback = params.get("feedback") || "", due = params.get("due") || "";
    var title = (params.get("title") || "").trim().slice(0, 200) || "Assignment";
    var note = (params.get("note") || "").slice(0, 4000);
    if (feedback && feedback !== "immediate" && feedback !== "delayed") {
      notes.push("The feedback mode in this link (“" + feedback.slice(0, 40) + "”) is not one this site knows, so each scenario uses its own.");
      feedback = "";
    }
    if (due && !validDate(due)) { notes.push("The due date in this link is not a date, so it is left out."); due = ""; }
    var unknown = slugs.filter(function (s) { return !known[s]; });
    var usable = slugs.filter(function (s, i) { return known[s] && slugs.indexOf(s) === i; });
    var id = "link-" + crc32(location.hash);
    var h1 = document.querySelector(".md-content h1");
    if (h1) h1.textContent = title;
    view.textContent = "";
    if (!slugs.length) {
      view.appendChild(el("p", "sup-error", "This link names no scenarios, so there is nothing to show. Ask whoever sent it for a new link."));
      return;
    }
    notes.forEach(function (text) { view.appendChild(el("p", "sup-notice", text)); });
    if (unknown.length) {
      var box = el("div", "sup-notice");
      box.appendChild(el("p", null, "This link names " + (unknown.length === 1 ? "a scenario" : "scenarios") +
        " that " + (unknown.length === 1 ? "is" : "are") + " not on this site (perhaps renamed or removed):"));
      var list = el("ul");
      unknown.forEach(function (s) { list.appendChild(el("li", null, s.slice(0, 100))); });
      box.appendChild(list);
      view.appendChild(box);
    }
    var root = el("div", "sup-assignment");
    root.setAttribute("data-sup-assignment", id);
    root.setAttribute("data-sup-title", title);
    root.setAttribute("data-sup-scenarios", usable.join(" "));
    var meta = el("p", "sup-assignment-meta");
    if (due) {
      var when = el("span", null, "Due: "), time = el("time", null, due);
      time.dateTime = due;
      when.appendChild(time);
      meta.append(when, document.createTextNode(" "));
    }
    meta.appendChild(el("span", null, "Feedback: " + (feedback === "delayed"
      ? "delayed: feedback on your choices waits for the debrief at the end"
      : feedback === "immediate" ? "immediate: you see feedback on each choice as you make it" : "as each scenario sets it")));
    root.appendChild(meta);
    if (note.trim()) root.append(el("h2", null, "Instructions"), el("div", "sup-instructions sup-note", note));
    root.append(el("h2", null, "Scenarios"), el("p", null, "Open each scenario from here: the link tells it which assignment you are working on. Your progress is kept in this browser only."));
    var ol = el("ol", "sup-scenario-list");
    usable.forEach(function (slug) {
      var li = el("li"), a = el("a", null, known[slug].title), query = new URLSearchParams({ assignment: id });
      if (feedback) query.set("feedback", feedback);
      a.href = known[slug].href + "?" + query.toString();
      var span = el("span", "sup-progress");
      span.setAttribute("data-scn-slug", slug);
      li.append(a, document.createTextNode(" "), span);
      ol.appendChild(li);
    });
    var slot = el("div", "sup-assignment-report");
    slot.setAttribute("aria-live", "polite");
    root.append(ol, slot);
    view.appendChild(root);
    if (usable.length) mountAssignment(root);
  }

  /* ---------- the builder ---------- */

  function mountBuilder(form) {
    var result = document.querySelector(".sup-builder-result"), error = form.querySelector(".sup-error");
    var output = document.getElementById("sup-link"), open = result.querySelector(".sup-open");
    var status = result.querySelector(".sup-status"), base = document.querySelector("a.sup-view-link");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = Array.prototype.map.call(form.querySelectorAll('input[name="scenario"]:checked'), function (c) { return c.value; });
      error.textContent = "";
      if (!picked.length) {
        error.textContent = "Pick at least one scenario.";
        form.querySelector('input[name="scenario"]').focus();
        return;
      }
      var params = new URLSearchParams({ scenarios: picked.join(",") });
      var feedback = form.querySelector('input[name="feedback"]:checked');
      if (feedback && feedback.value) params.set("feedback", feedback.value);
      [["title", "sup-title"], ["due", "sup-due"], ["note", "sup-note"]].forEach(function (pair) {
        var value = document.getElementById(pair[1]).value.trim();
        if (value) params.set(pair[0], value);
      });
      var due = params.get("due");
      if (due && !validDate(due)) {
        error.textContent = "Write the due date as YYYY-MM-DD, or leave it empty.";
        document.getElementById("sup-due").focus();
        return;
      }
      var url = new URL(base.getAttribute("href"), location.href);
      url.hash = params.toString();
      output.value = url.href;
      open.href = url.href;
      status.textContent = "";
      result.hidden = false;
      output.focus();
      output.select();
    });
    result.querySelector(".sup-copy").addEventListener("click", function () { copyText(output, status); });
  }

  /* ---------- the review page ---------- */

  function reviewScenarios() {
    var found = {};
    document.querySelectorAll(".sup-scenario-data[data-sup-scenario]").forEach(function (node) {
      try {
        var data = JSON.parse(node.getAttribute("data-sup-scenario")), link = node.querySelector("a");
        data.href = link ? link.getAttribute("href") : null;
        found[data.slug] = data;
      } catch (e) { /* a broken entry is simply absent */ }
    });
    return found;
  }

  function readInputs(form) {
    var codes = form.querySelector("#sup-codes").value, files = form.querySelector("#sup-files").files;
    var entries = [], errors = [];
    codes.split(/\r?\n/).forEach(function (line, i) {
      var code = line.replace(/\s+/g, "");
      if (!code) return;
      try { entries.push(decodeCode(code)); } catch (e) {
        if (!(e instanceof ReportError)) throw e;
        errors.push("Line " + (i + 1) + ": this " + (/^PC[RA]\d/i.test(code) ? "code " : "text ") + e.message);
      }
    });
    var reads = Array.prototype.map.call(files || [], function (file) {
      return file.text().then(function (text) {
        var json;
        try { json = JSON.parse(text); } catch (e) { throw new ReportError("is not a JSON file."); }
        return reportFromJson(json);
      }).then(function (entry) { entries.push(entry); }, function (e) {
        errors.push("File “" + file.name + "”: this file " + (e instanceof ReportError ? e.message : "cannot be read."));
      });
    });
    return Promise.all(reads).then(function () { return { entries: entries, errors: errors }; });
  }

  /* each reported step checked against today's scenario: its node, choice and the scores it earns */
  function walk(report, scenario) {
    var steps = [], node = scenario.start, fits = true, seen = {}, totals = {};
    report.p.forEach(function (step) {
      var data = scenario.nodes[step[0]], choice = data && data.choices[step[1]];
      if (!choice || step[0] !== node) fits = false;
      if (choice && !seen[step[0] + "#" + step[1]]) {
        seen[step[0] + "#" + step[1]] = true;
        Object.keys(choice.scores || {}).forEach(function (k) { totals[k] = (totals[k] || 0) + choice.scores[k]; });
      }
      steps.push({ node: step[0], index: step[1], data: data, choice: choice });
      node = choice ? choice.next : null;
    });
    var ending = node && scenario.nodes[node];
    if (!ending || !ending.outcome || ending.outcome !== report.o) fits = false;
    return { steps: steps, ending: ending && ending.outcome ? { id: node, data: ending } : null, fits: fits, totals: totals };
  }

  function flatten(entries, scenarios, errors) {
    var items = [], unnamed = 0;
    entries.forEach(function (entry, n) {
      var name = entry.report.n || "Trainee " + (++unnamed);
      var singles = entry.kind === "single" ? [entry.report] : entry.report.r;
      singles.forEach(function (r) {
        var scenario = scenarios[r.s], item = { who: name, report: r, scenario: scenario || null,
          assignment: entry.kind === "assignment" ? entry.report.at : null };
        if (scenario) {
          item.changed = scenario.version !== r.v;
          item.walk = walk(r, scenario);
          if (!item.changed && !item.walk.fits) {
            errors.push("Report " + (n + 1) + " (" + name + "): the path in this report does not fit the scenario “" +
              scenario.title + "”, although the versions match. It may have been edited by hand, so it is not shown.");
          }
        }
        items.push(item);
      });
    });
    return items;
  }

  function competencyName(item, key) {
    return (item.scenario && item.scenario.competencies[key]) || humanize(key);
  }

  function cohortTable(items) {
    var keys = [], names = {};
    items.forEach(function (item) {
      Object.keys(item.scenario ? item.scenario.competencies : item.report.c).forEach(function (k) {
        if (keys.indexOf(k) < 0) { keys.push(k); names[k] = competencyName(item, k); }
      });
    });
    var wrap = el("div", "sup-table-wrap"), table = el("table", "sup-cohort"), head = el("tr");
    table.appendChild(el("caption", null, "Cohort: " + items.length + " reports. Scores are points; each average counts only the reports whose scenario scores that competency."));
    ["Trainee", "Scenario", "Outcome"].concat(keys.map(function (k) { return names[k]; })).forEach(function (text) {
      var th = el("th", null, text);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead"), tbody = el("tbody"), sums = {}, counts = {};
    thead.appendChild(head);
    items.forEach(function (item) {
      var row = el("tr"), who = el("th", null, item.who);
      who.scope = "row";
      row.append(who, el("td", null, item.scenario ? item.scenario.title : item.report.s + " (not on this site)"), el("td", null, outcomeText(item.report.o)));
      keys.forEach(function (k) {
        var scored = item.scenario ? k in item.scenario.competencies : k in item.report.c;
        if (!scored) { row.appendChild(el("td", "sup-na", "–")); return; }
        var value = item.report.c[k] || 0;
        sums[k] = (sums[k] || 0) + value;
        counts[k] = (counts[k] || 0) + 1;
        row.appendChild(el("td", null, String(value)));
      });
      tbody.appendChild(row);
    });
    var foot = el("tfoot"), average = el("tr"), label = el("th", null, "Average");
    label.scope = "row";
    label.colSpan = 3;
    average.appendChild(label);
    keys.forEach(function (k) { average.appendChild(el("td", null, counts[k] ? (Math.round(sums[k] / counts[k] * 10) / 10).toString() : "–")); });
    foot.appendChild(average);
    table.append(thead, tbody, foot);
    wrap.appendChild(table);
    return wrap;
  }

  function scoreList(item, cls) {
    var table = el("table", cls), head = el("tr"), body = el("tbody");
    ["Competency", "Score", "Best achievable"].forEach(function (t) { var th = el("th", null, t); th.scope = "col"; head.appendChild(th); });
    var thead = el("thead");
    thead.appendChild(head);
    Object.keys(item.scenario ? item.scenario.competencies : item.report.c).forEach(function (k) {
      var row = el("tr"), name = el("th", null, competencyName(item, k));
      name.scope = "row";
      row.append(name, el("td", null, String(item.report.c[k] || 0)),
        el("td", null, item.scenario && k in item.scenario.best ? String(item.scenario.best[k]) : "–"));
      body.appendChild(row);
    });
    table.append(thead, body);
    return table;
  }

  function pathList(item) {
    var list = el("ol", "sup-path"), names = item.scenario.competencies;
    item.walk.steps.forEach(function (step, i) {
      var li = el("li", "sup-step");
      li.appendChild(el("p", "sup-moment", "Moment " + (i + 1) + ": " + humanize(step.node)));
      if (!step.data || !step.choice) {
        li.appendChild(el("p", "sup-notice", "This moment (" + step.node + ", choice " + (step.index + 1) + ") is not in today's version of the scenario."));
        list.appendChild(li);
        return;
      }
      paragraphs(li, step.data.text, "sup-text");
      var chose = el("p", "sup-chose");
      chose.append(el("strong", null, "Choice made: "), document.createTextNode(step.choice.label));
      li.appendChild(chose);
      if (step.choice.feedback) {
        var fb = el("div", "sup-feedback");
        fb.appendChild(el("p", "sup-label", "Feedback"));
        paragraphs(fb, step.choice.feedback);
        li.appendChild(fb);
      }
      var earned = Object.keys(step.choice.scores || {}).map(function (k) {
        var v = step.choice.scores[k];
        return (v > 0 ? "+" : "") + v + " " + (names[k] || humanize(k));
      });
      if (earned.length) li.appendChild(el("p", "sup-earned", "Scores: " + earned.join(", ")));
      list.appendChild(li);
    });
    if (item.walk.ending) {
      var end = el("li", "sup-step sup-ending");
      end.appendChild(el("p", "sup-moment", "Ending (" + item.walk.ending.data.outcome + " outcome): " + humanize(item.walk.ending.id)));
      paragraphs(end, item.walk.ending.data.text, "sup-text");
      if (item.walk.ending.data.debrief) {
        var debrief = el("div", "sup-feedback");
        debrief.appendChild(el("p", "sup-label", "Debrief"));
        paragraphs(debrief, item.walk.ending.data.debrief);
        end.appendChild(debrief);
      }
      list.appendChild(end);
    }
    return list;
  }

  function reportSection(item, n) {
    var section = el("section", "sup-review-report"), title = item.scenario ? item.scenario.title : item.report.s;
    section.setAttribute("data-scn-slug", item.report.s);
    section.appendChild(el("h2", null, "Report " + n + ": " + item.who + ", " + title));
    var facts = el("ul", "sup-facts");
    if (item.assignment) facts.appendChild(el("li", null, "Assignment: " + item.assignment));
    facts.appendChild(el("li", null, "Outcome: " + outcomeText(item.report.o)));
    facts.appendChild(el("li", null, "Time taken: " + duration(item.report.t)));
    facts.appendChild(el("li", null, "Choices made: " + item.report.p.length));
    if (!item.scenario) {
      section.appendChild(el("p", "sup-notice", "This report is for a scenario called “" + item.report.s +
        "” that is not on this site (any more): it may have been renamed or removed, so its texts cannot be shown."));
      section.append(facts, scoreList(item, "sup-scores"));
      return section;
    }
    if (item.changed) {
      section.appendChild(el("p", "sup-notice sup-version-warning", "This scenario has changed since the report was made (report version " +
        item.report.v + ", current version " + item.scenario.version + "). The path is shown against today's text, which may differ from what the trainee saw."));
    } else if (Object.keys(item.scenario.competencies).some(function (k) { return (item.walk.totals[k] || 0) !== (item.report.c[k] || 0); })) {
      section.appendChild(el("p", "sup-notice", "The scores in this report do not add up to the scores of its path; it may have been edited."));
    }
    if (item.scenario.href) {
      var open = el("li"), a = el("a", null, "Open the scenario");
      a.href = item.scenario.href;
      open.appendChild(a);
      facts.appendChild(open);
    }
    section.append(facts, el("h3", null, "Scores"), scoreList(item, "sup-scores"), el("h3", null, "Path, moment by moment"), pathList(item));
    return section;
  }

  function mountReview(form) {
    var output = document.querySelector(".sup-review-output");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      readInputs(form).then(function (read) {
        var errors = read.errors.slice();
        output.textContent = "";
        if (!read.entries.length && !errors.length) errors.push("Paste a report code or choose a report file first.");
        var items = errors.length ? [] : flatten(read.entries, reviewScenarios(), errors);
        if (errors.length) {
          var box = el("div", "sup-error-box");
          box.setAttribute("role", "alert");
          box.appendChild(el("p", null, "Nothing is shown until every report can be read:"));
          var list = el("ul");
          errors.forEach(function (text) { list.appendChild(el("li", null, text)); });
          box.appendChild(list);
          output.appendChild(box);
          return;
        }
        if (items.length > 1) output.appendChild(cohortTable(items));
        items.forEach(function (item, i) { output.appendChild(reportSection(item, i + 1)); });
      });
    });
  }

  /* ---------- mounting ---------- */

  function mount() {
    document.querySelectorAll(".sup-needs-js").forEach(function (p) { p.hidden = true; });
    mountSlots();
    document.querySelectorAll(".sup-assignment[data-sup-assignment]").forEach(mountAssignment);
    var view = document.querySelector(".sup-assignment-view");
    if (view) renderView(view);
    var builder = document.querySelector("form.sup-builder:not([data-sup-mounted])");
    if (builder) { builder.setAttribute("data-sup-mounted", ""); mountBuilder(builder); }
    var review = document.querySelector("form.sup-review:not([data-sup-mounted])");
    if (review) { review.setAttribute("data-sup-mounted", ""); mountReview(review); }
  }

  document.addEventListener("scn:finished", onFinished);
  window.addEventListener("hashchange", function () {
    var view = document.querySelector(".sup-assignment-view");
    if (view) renderView(view);
  });
  window.pcpReports = { encode: encodeReport, decode: decodeCode };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
