/* Supervision: the report panel at the end of a scenario, and assignment pages (progress of each
 * scenario, which plays count, and one report for the whole assignment). Needs assessment.js and
 * supervision/common.js loaded first. Exposes pcpSupervision.assignments.mount (builder.js uses
 * it for the assignment view) and pcpSupervision.printout (the printed report).
 */
(function () {
  "use strict";
  var S = window.pcpSupervision;
  var el = S.dom.el, button = S.dom.button, newId = S.dom.newId, copyText = S.dom.copyText, figure = S.dom.figure;
  var T = S.text, dict = S.keyed.dict, get = S.keyed.get;
  var encodeReport = S.codes.encode, reportToJson = S.codes.toJson;
  var ASSIGNMENT_KEY = "pcp:assignment:";
  var KEEP_ASSIGNMENTS = 20, KEEP_DAYS = 90, MAX_STORED = 4096;

  /* ---------- what a report's labels come from ----------
     A "look" answers, for the scenarios of one report: title(slug), competency(slug, key),
     moment(slug, node), chose(slug, node, choice), data(slug) (for the capping moment). */

  function lookFrom(scenarios) {
    function info(slug) { return scenarios.get(slug) || null; }
    return {
      title: function (slug) { var i = info(slug); return i ? i.title : T.humanize(slug); },
      competency: function (slug, k) { var i = info(slug); return (i && get(i.competencies, k)) || T.humanize(k); },
      moment: function (slug, node) { var i = info(slug), n = i && get(i.nodes, node); return n ? n.label : "A moment not in today's scenario"; },
      chose: function (slug, node, choice) {
        var i = info(slug), n = i && get(i.nodes, node), c = n && n.choices[choice];
        return c ? (i.choiceText ? i.choiceText(node, choice) : c.label) : "a choice not in today's scenario";
      },
      data: info
    };
  }
  function jsonLabels(look) {
    return function (slug, node, choice) { return { moment: look.moment(slug, node), chose: look.chose(slug, node, choice) }; };
  }
  /* "capped at <moment>" for a report whose outcome is below its ending's, when the path can say where */
  function cappedAt(look, r) {
    var data = look.data(r.s), done = data && r.o !== r.e && S.scenarios.assess(data, r.p);
    var at = done && done.result.cappedBy;
    return at != null && r.p[at] ? look.moment(r.s, r.p[at][0]) : null;
  }
  function outcomeLine(look, r) {
    if (r.o === r.e) return T.outcomeText(r.o);
    var at = cappedAt(look, r);
    return T.outcomeText(r.o) + " (the ending reached is " + r.e + "; the outcome was capped" + (at ? " at “" + at + "”" : "") + ")";
  }

  /* ---------- printout ---------- */

  function printout(kind, report, codeText, look, assignmentTitles) {
    var view = el("div", "sup-print-view"), singles = kind === "single" ? [report] : report.r;
    view.appendChild(el("h1", null, kind === "single" ? "Scenario report: " + look.title(report.s) : "Assignment report: " + report.at));
    if (report.n) view.appendChild(el("p", null, "Name: " + report.n));
    singles.forEach(function (r) {
      var part = el("section"), facts = el("ul"), scores = el("ul"), path = el("ol");
      if (kind !== "single") part.appendChild(el("h2", null, look.title(r.s)));
      [["Outcome", outcomeLine(look, r)], ["Feedback", T.modeText(r.m)], ["Started from", T.originText(r.f, assignmentTitles)],
        ["Finished", T.dateText(r.d)], ["Time taken", T.duration(r.t)], ["Scenario version", r.v]].forEach(function (fact) {
        facts.appendChild(el("li", null, fact[0] + ": " + fact[1]));
      });
      Object.keys(r.c).forEach(function (k) {
        scores.appendChild(el("li", null, look.competency(r.s, k) + ": " + figure(r.c[k], r.a[k])));
      });
      r.p.forEach(function (step) { path.appendChild(el("li", null, look.moment(r.s, step[0]) + ": " + look.chose(r.s, step[0], step[1]))); });
      part.append(facts, el("h3", null, "Points earned of those available on this route"), scores, el("h3", null, "Choices made"), path);
      view.appendChild(part);
    });
    view.append(el("h2", null, "Report code"), el("p", "sup-print-code", codeText));
    return view;
  }

  function printReport(view) {
    document.querySelectorAll("body > .sup-print-view").forEach(function (old) { old.remove(); });
    document.body.appendChild(view);
    document.body.classList.add("sup-printing");
    window.addEventListener("afterprint", function () { document.body.classList.remove("sup-printing"); }, { once: true });
    window.print();
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

  /* ---------- the report panel: name, code, copy, download, print ---------- */

  function withName(report, name) {
    var copy = Object.assign({}, report), clean = T.cleanName(name);
    delete copy.n;
    if (clean) copy.n = clean;
    return copy;
  }

  /* options: {kind, heading, level, intro, report (compact, no name), fileName, look, assignmentTitles} */
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

    var singles = options.kind === "single" ? [options.report] : options.report.r;
    function taken() { singles.forEach(S.storage.markCopied); }
    function current() { return withName(options.report, name.value); }
    function refresh() { code.value = encodeReport(options.kind, current()); status.textContent = ""; }
    name.addEventListener("input", refresh);
    copy.addEventListener("click", function () { copyText(code, status, taken); });
    save.addEventListener("click", function () {
      download(options.fileName, reportToJson(options.kind, current(), options.look.title, jsonLabels(options.look)));
      taken();
    });
    print.addEventListener("click", function () {
      printReport(printout(options.kind, current(), code.value, options.look, options.assignmentTitles));
    });
    refresh();
    return box;
  }

  /* ---------- end of a scenario ---------- */

  function playerData() {
    var player = document.querySelector(".scn-player[data-scn]");
    try {
      var raw = player && JSON.parse(player.getAttribute("data-scn"));
      return raw && raw.nodes ? S.scenarios.normalize(raw) : null;
    } catch (e) { return null; }
  }
  /* the scenario page's own readable case holds each choice's text */
  function pageChoice(node, choice) {
    var label = document.querySelector('.scn-node[data-node="' + CSS.escape(node) + '"] .scn-choice[data-choice="' + choice + '"] .scn-choice-label');
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "choice " + (choice + 1);
  }

  function fillSlot(slot, data, run) {
    var report = S.scenarios.singleReport(data, run);
    slot.textContent = "";
    slot.setAttribute("data-sup-mounted", "");
    if (!report) return;
    data.choiceText = pageChoice;
    var scenarios = new Map([[data.slug, data]]), assignment = /^assignment:(.+)$/.exec(report.f), titles = dict();
    var def = assignment && readAssignment(ASSIGNMENT_KEY + assignment[1]);
    if (def) titles[assignment[1]] = def.title;
    slot.appendChild(reportPanel({
      kind: "single", level: 4, heading: "Share a report (optional)",
      intro: "Nothing has been sent anywhere. If you want to discuss this scenario in supervision, you can take a report: " +
        "it holds this scenario and its version, the choices you made, the outcome, your points, the feedback mode, " +
        "where you started it, when you finished and how long it took, and your name only if you type it.",
      report: report, fileName: "report-" + data.slug + ".json", look: lookFrom(scenarios), assignmentTitles: titles
    }));
    if (assignment) slot.appendChild(assignmentStatus(assignment[1], run));
  }

  function onFinished(event) {
    var detail = event.detail, slot = document.querySelector(".scn-report-slot"), data = playerData();
    if (!slot || !data || !detail || detail.slug !== data.slug || !Array.isArray(detail.path)) return;
    fillSlot(slot, data, Object.assign({}, S.storage.progressOf(data.slug) || {}, detail));
  }

  /* A finished scenario reopened: the player may have announced it before this script listened. */
  function mountSlots() {
    var slot = document.querySelector(".scn-report-slot:not([data-sup-mounted])"), data = slot && playerData();
    var state = data && S.storage.progressOf(data.slug);
    if (!state || state.status !== "finished" || state.version !== data.version) return;
    fillSlot(slot, data, state);
  }

  /* ---------- assignments remembered in this browser (bounded, expiring) ---------- */

  function readAssignment(key) {
    try {
      var def = JSON.parse(S.storage.get(key));
      return S.check.isObj(def) && Array.isArray(def.scenarios) && def.scenarios.every(function (s) { return typeof s === "string"; }) &&
        S.check.isStr(def.title) && Number.isFinite(def.savedAt) ? def : null;
    } catch (e) { return null; }
  }
  /* Drops unreadable entries and those older than KEEP_DAYS, then all but the newest KEEP_ASSIGNMENTS. */
  function pruneAssignments() {
    var cutoff = Date.now() - KEEP_DAYS * 864e5, kept = [];
    S.storage.keys(ASSIGNMENT_KEY).forEach(function (key) {
      var def = readAssignment(key);
      if (!def || def.savedAt < cutoff) S.storage.remove(key);
      else kept.push({ key: key, at: def.savedAt });
    });
    kept.sort(function (x, y) { return y.at - x.at; }).slice(KEEP_ASSIGNMENTS).forEach(function (old) { S.storage.remove(old.key); });
  }
  function rememberAssignment(def) {
    var stored = { id: def.id, title: def.title, scenarios: def.scenarios, feedback: def.feedback, url: def.url, savedAt: Date.now() };
    var text = JSON.stringify(stored);
    if (text.length > MAX_STORED) { delete stored.url; text = JSON.stringify(stored); }
    if (text.length <= MAX_STORED) S.storage.set(ASSIGNMENT_KEY + def.id, text);
    pruneAssignments();
  }

  /* Shown on a scenario's end screen when it was opened from an assignment. */
  function assignmentStatus(id, run) {
    var box = el("div", "sup-assignment-status"), def = readAssignment(ASSIGNMENT_KEY + id);
    if (!def || def.savedAt < Date.now() - KEEP_DAYS * 864e5) return box;
    var name = def.url ? el("a", null, def.title) : el("strong", null, def.title);
    if (def.url) name.href = def.url;
    if (!S.scenarios.runCounts(run, def.feedback)) {
      var wrong = el("p", "sup-notice", "This play does not count for ");
      wrong.append(name, document.createTextNode(": it asks for " + def.feedback + " feedback."));
      box.appendChild(wrong);
      return box;
    }
    var left = def.scenarios.filter(function (slug) { return !S.scenarios.runCounts(S.storage.progressOf(slug), def.feedback); }).length;
    var line = el("p", null, left ? "Your assignment: " : "You have finished every scenario of ");
    line.appendChild(name);
    line.appendChild(document.createTextNode(left
      ? " (" + left + " scenario" + (left === 1 ? "" : "s") + " still to finish)."
      : ". Take one report for the whole assignment on its page."));
    box.appendChild(line);
    return box;
  }

  /* ---------- assignment pages ---------- */

  function whyNot(state, asked) {
    if (state.feedback !== asked) {
      return "played with " + state.feedback + " feedback, which does not count here: this assignment asks for " + asked + " feedback";
    }
    return "played from the scenario catalogue, which does not count here: this assignment asks for delayed feedback " +
      "in a play started from this page";
  }

  /* A fresh attempt replaces the earlier run of that scenario in this browser; ask first when its
     report never left the page. */
  function freshAttempt(slug, href) {
    var a = el("a", "sup-fresh", "Start a fresh attempt");
    a.href = href;
    a.addEventListener("click", function (event) {
      var state = S.storage.progressOf(slug);
      if (state && state.status === "finished" && state.reportCopied !== true &&
          !window.confirm("Your earlier finished run of this scenario will be deleted, and its report was never copied or " +
            "downloaded. Start a fresh attempt anyway?")) {
        event.preventDefault();
        return;
      }
      if (window.pcpProgress) window.pcpProgress.remove(slug);
    });
    return a;
  }

  function showProgress(root, def, scenarios) {
    root.querySelectorAll(".sup-progress[data-scn-slug]").forEach(function (span) {
      var slug = span.getAttribute("data-scn-slug"), state = S.storage.progressOf(slug), link = span.parentNode.querySelector("a");
      span.textContent = "";
      if (!state) {
        var earlier = window.pcpProgress && window.pcpProgress.outdated(slug);
        span.textContent = earlier ? "(saved by an earlier version of the site, so it does not count: play it again)" : "(not started)";
        return;
      }
      if (state.status !== "finished") { span.textContent = "(in progress)"; return; }
      if (!S.scenarios.runCounts(state, def.feedback)) {
        span.append(document.createTextNode("(" + whyNot(state, def.feedback) + ") "));
        if (link) span.appendChild(freshAttempt(slug, link.getAttribute("href")));
        return;
      }
      var data = scenarios && scenarios.get(slug), report = data && S.scenarios.singleReport(data, state);
      span.textContent = "(finished: " + T.outcomeText(report ? report.o : state.outcome).toLowerCase() + ")";
    });
  }

  function assignmentReport(def, scenarios) {
    var reports = def.scenarios.map(function (slug) {
      var state = S.storage.progressOf(slug), data = scenarios.get(slug);
      return data && S.scenarios.runCounts(state, def.feedback) ? S.scenarios.singleReport(data, state) : null;
    });
    if (!reports.length || reports.some(function (r) { return !r; })) return null;
    return { a: def.id, at: def.title, r: reports };
  }

  function mountAssignment(root) {
    if (root.hasAttribute("data-sup-mounted")) return;
    root.setAttribute("data-sup-mounted", "");
    var def = { id: root.getAttribute("data-sup-assignment"), title: root.getAttribute("data-sup-title") || "Assignment",
      scenarios: (root.getAttribute("data-sup-scenarios") || "").split(/\s+/).filter(Boolean),
      feedback: S.check.MODES.indexOf(root.getAttribute("data-sup-feedback")) >= 0 ? root.getAttribute("data-sup-feedback") : null,
      url: location.href };
    rememberAssignment(def);
    showProgress(root, def, null);
    var slot = root.querySelector(".sup-assignment-report");
    S.scenarios.load(def.scenarios).then(function (scenarios) {
      showProgress(root, def, scenarios);
      if (!slot) return;
      slot.textContent = "";
      var report = assignmentReport(def, scenarios), titles = dict();
      titles[def.id] = def.title;
      if (!report) {
        slot.appendChild(el("p", "sup-muted", "When you have finished every scenario" + (def.feedback ? " with " + def.feedback + " feedback" : "") +
          ", you can take one report for the whole assignment here."));
        return;
      }
      slot.appendChild(reportPanel({
        kind: "assignment", level: 2, heading: "Report for the whole assignment (optional)",
        intro: "You have finished every scenario of this assignment. Nothing has been sent anywhere; if you want to discuss " +
          "your work in supervision, take one report covering all of them. Your name is included only if you type it.",
        report: report, fileName: "assignment-report-" + def.id + ".json", look: lookFrom(scenarios), assignmentTitles: titles
      }));
    });
  }

  /* ---------- mounting ---------- */

  function mount() {
    mountSlots();
    document.querySelectorAll(".sup-assignment[data-sup-assignment]").forEach(mountAssignment);
  }

  document.addEventListener("scn:finished", onFinished);
  S.assignments = { mount: mountAssignment };
  S.printout = { look: lookFrom, outcomeLine: outcomeLine };
  S.onEveryPage(mount);
})();
