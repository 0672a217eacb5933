/* Supervision: the report panel at the end of a scenario, and assignment pages (progress of each
 * scenario, and one report for the whole assignment). Needs supervision/common.js loaded first.
 * Exposes pcpSupervision.assignments.mount, which builder.js uses for the assignment view.
 */
(function () {
  "use strict";
  var S = window.pcpSupervision;
  var el = S.dom.el, button = S.dom.button, newId = S.dom.newId, copyText = S.dom.copyText;
  var humanize = S.text.humanize, outcomeText = S.text.outcomeText, duration = S.text.duration;
  var secondsBetween = S.text.secondsBetween, isObj = S.check.isObj, isStr = S.check.isStr;
  var storageGet = S.storage.get, storageSet = S.storage.set, progressOf = S.storage.progressOf;
  var encodeReport = S.codes.encode, reportToJson = S.codes.toJson;
  var ASSIGNMENT_KEY = "pcp:assignment:";

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

  /* ---------- mounting ---------- */

  function mount() {
    mountSlots();
    document.querySelectorAll(".sup-assignment[data-sup-assignment]").forEach(mountAssignment);
  }

  document.addEventListener("scn:finished", onFinished);
  S.assignments = { mount: mountAssignment };
  S.onEveryPage(mount);
})();
