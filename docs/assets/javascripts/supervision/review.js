/* Supervision: the review page. Reads report codes and JSON report files, recomputes every figure
 * from the path against today's scenario with assessment.js (each scenario's data is a small
 * script, assets/review-data/<slug>.js, loaded only when a report names it), refuses reports whose
 * figures do not add up, and shows each play moment by moment, with a cohort table (one row per
 * play) when there are several. Needs assessment.js, supervision/common.js and reports.js first.
 */
(function () {
  "use strict";
  var S = window.pcpSupervision;
  var el = S.dom.el, paragraphs = S.dom.paragraphs, figure = S.dom.figure, bar = S.dom.bar;
  var T = S.text, dict = S.keyed.dict, get = S.keyed.get, keysOf = S.keyed.keysOf;
  var ReportError = S.codes.ReportError, MAX_INPUT = S.codes.MAX_INPUT, MAX_FILES = 50;

  /* ---------- reading what was pasted or chosen ---------- */

  function kilobytes(n) { return Math.ceil(n / 1024) + " KB"; }

  function readInputs(form) {
    var codes = form.querySelector("#sup-codes").value, files = Array.prototype.slice.call(form.querySelector("#sup-files").files || []);
    var entries = [], errors = [];
    if (codes.length > MAX_INPUT) {
      errors.push("The pasted text is " + kilobytes(codes.length) + " long; this page reads at most " + kilobytes(MAX_INPUT) +
        " at once. Paste fewer codes at a time.");
      codes = "";
    }
    if (files.length > MAX_FILES) {
      errors.push("You chose " + files.length + " files; this page reads at most " + MAX_FILES + " at once.");
      files = [];
    }
    codes.split(/\r?\n/).forEach(function (line, i) {
      var code = line.replace(/\s+/g, "");
      if (!code) return;
      try { entries.push(S.codes.decode(code)); } catch (e) {
        if (!(e instanceof ReportError)) throw e;
        errors.push("Line " + (i + 1) + ": this " + (/^PC[RA]\d/i.test(code) ? "code " : "text ") + e.message);
      }
    });
    var reads = files.map(function (file) {
      var name = T.cleanName(file.name) || "unnamed";
      if (file.size > MAX_INPUT) {
        errors.push("File “" + name + "”: this file is " + kilobytes(file.size) + "; a report file is never larger than " + kilobytes(MAX_INPUT) + ".");
        return null;
      }
      return file.text().then(function (text) {
        var json;
        try { json = JSON.parse(text); } catch (e) { throw new ReportError("is not a JSON file."); }
        return S.codes.fromJson(json);
      }).then(function (entry) { entries.push(entry); }, function (e) {
        errors.push("File “" + name + "”: this file " + (e instanceof ReportError ? e.message : "cannot be read."));
      });
    });
    return Promise.all(reads).then(function () { return { entries: entries, errors: errors }; });
  }

  /* ---------- one item per play: the same name, scenario and finishing time is one play ---------- */

  function sortedPairs(obj) { return Object.keys(obj).sort().map(function (k) { return [k, obj[k]]; }); }

  function plays(entries) {
    var items = [], seen = new Map(), unnamed = 0, result = { items: items, merged: 0, clashes: 0, titles: dict() };
    entries.forEach(function (entry, n) {
      var name = entry.report.n || "", who = null, singles = entry.kind === "single" ? [entry.report] : entry.report.r;
      if (entry.kind === "assignment") result.titles[entry.report.a] = entry.report.at;
      singles.forEach(function (r) {
        var key = JSON.stringify([name, r.s, r.d]);
        var body = JSON.stringify([r.v, r.p, r.o, r.e, sortedPairs(r.c), sortedPairs(r.a), r.m, r.f, r.t]);
        var before = seen.get(key);
        if (before && before.body === body) { result.merged += 1; return; }
        if (before) result.clashes += 1;
        who = who || name || "Trainee " + (++unnamed);
        var item = { who: who, report: r, source: n + 1, assignment: entry.kind === "assignment" ? entry.report.at : null };
        seen.set(key, { body: body, item: item });
        items.push(item);
      });
    });
    return result;
  }

  /* ---------- checking each play against today's scenario ---------- */

  function sameFigures(scenario, r, result) {
    var keys = keysOf(scenario.competencies).sort();
    return keys.join(" ") === Object.keys(r.c).sort().join(" ") && r.o === result.outcome && r.e === result.endingOutcome &&
      keys.every(function (k) { return get(result.earned, k) === r.c[k] && get(result.available, k) === r.a[k]; });
  }

  /* item.state: "unknown" (no such scenario here), "checked", "changed-checked" (another version,
     the path still fits and its figures agree), "changed-unchecked" (another version, the path no
     longer fits: the report's own figures, with a warning). Anything else is refused. */
  function check(items, scenarios, errors) {
    items.forEach(function (item) {
      var r = item.report, scenario = scenarios.get(r.s) || null, where = "Report " + item.source + " (" + item.who + ", ";
      item.scenario = scenario;
      if (!scenario) { item.state = "unknown"; return; }
      where += scenario.title + "): ";
      var changed = scenario.version !== r.v, done = S.scenarios.assess(scenario, r.p);
      if (done && !sameFigures(scenario, r, done.result)) {
        errors.push(where + "its figures do not add up: the path it holds earns different points or another outcome" +
          (changed ? ", even counting its changed version" : "") + ". It may have been edited by hand, so it is not shown." +
          (changed ? " The scenario has also changed since then: ask the trainee for a new report." : ""));
      } else if (done) {
        item.state = changed ? "changed-checked" : "checked";
        item.done = done;
      } else if (!changed) {
        errors.push(where + "the path in this report does not fit the scenario, although the versions match. " +
          "It may have been edited by hand, so it is not shown.");
      } else {
        item.state = "changed-unchecked";
      }
    });
  }

  /* ---------- the cohort table ---------- */

  function shareText(earned, available) {
    var share = window.pcpAssessment.share(earned, available);
    return share === null ? "no points available" : Math.round(share * 100) + "% (" + earned + " of " + available + ")";
  }

  function cohortTable(found, look) {
    var items = found.items, keys = [], names = dict();
    items.forEach(function (item) {
      Object.keys(item.report.c).forEach(function (k) {
        if (!(k in names)) { keys.push(k); names[k] = look.competency(item.report.s, k); }
      });
    });
    var wrap = el("div", "sup-table-wrap"), table = el("table", "sup-cohort"), head = el("tr");
    wrap.tabIndex = 0;  /* a wide table scrolls in its box, by keyboard too */
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Cohort table");
    table.appendChild(el("caption", null, "Cohort: " + items.length + " play" + (items.length === 1 ? "" : "s") +
      ". Each competency shows the points earned as a share of those available on that trainee's route; the average is " +
      "the mean of those shares, over the plays that had points available in that competency."));
    ["Trainee", "Scenario", "Feedback", "Started from", "Outcome"].concat(keys.map(function (k) { return names[k]; })).forEach(function (text) {
      var th = el("th", null, text);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead"), tbody = el("tbody"), sums = dict(), counts = dict();
    thead.appendChild(head);
    items.forEach(function (item) {
      var r = item.report, row = el("tr"), who = el("th", null, item.who);
      who.scope = "row";
      row.append(who, el("td", null, item.scenario ? item.scenario.title : r.s + " (not on this site)"), el("td", null, r.m),
        el("td", null, r.f === "catalogue" ? "catalogue" : T.originText(r.f, found.titles)),
        el("td", null, T.outcomeText(r.o) + (item.state === "checked" || item.state === "changed-checked" ? "" : " (not checked)")));
      keys.forEach(function (k) {
        if (!(k in r.c)) { row.appendChild(el("td", "sup-na", "–")); return; }
        var share = window.pcpAssessment.share(r.c[k], r.a[k]);
        if (share !== null) { sums[k] = (sums[k] || 0) + share; counts[k] = (counts[k] || 0) + 1; }
        row.appendChild(el("td", null, shareText(r.c[k], r.a[k])));
      });
      tbody.appendChild(row);
    });
    var foot = el("tfoot"), average = el("tr"), label = el("th", null, "Average share");
    label.scope = "row";
    label.colSpan = 5;
    average.appendChild(label);
    keys.forEach(function (k) { average.appendChild(el("td", null, counts[k] ? Math.round(sums[k] / counts[k] * 100) + "%" : "–")); });
    foot.appendChild(average);
    table.append(thead, tbody, foot);
    wrap.appendChild(table);
    return wrap;
  }

  /* ---------- one play, moment by moment ---------- */

  function scoreTable(item, look) {
    var r = item.report, table = el("table", "sup-scores"), head = el("tr"), body = el("tbody"), thead = el("thead");
    ["Competency", "Points earned of those available on this route"].forEach(function (t) { var th = el("th", null, t); th.scope = "col"; head.appendChild(th); });
    thead.appendChild(head);
    Object.keys(r.c).forEach(function (k) {
      var row = el("tr"), name = el("th", null, look.competency(r.s, k)), cell = el("td", "sup-figure");
      name.scope = "row";
      cell.setAttribute("data-competency", k);
      cell.append(el("span", "sup-figure-text", figure(r.c[k], r.a[k])), bar(r.c[k], r.a[k]));
      row.append(name, cell);
      body.appendChild(row);
    });
    table.append(thead, body);
    return table;
  }

  function feedbackBox(label, text) {
    var box = el("div", "sup-feedback");
    box.appendChild(el("p", "sup-label", label));
    return paragraphs(box, text);
  }

  function pathList(item) {
    var list = el("ol", "sup-path"), scenario = item.scenario, steps = item.done ? item.done.walk.steps : [];
    item.report.p.forEach(function (pair, i) {
      var li = el("li", "sup-step"), node = get(scenario.nodes, pair[0]), choice = node && node.choices[pair[1]];
      li.appendChild(el("p", "sup-moment", node ? node.label : "A moment that is not in today's version of the scenario"));
      if (!choice) {
        li.appendChild(el("p", "sup-notice", "This moment or choice is not in today's version of the scenario."));
        list.appendChild(li);
        return;
      }
      paragraphs(li, node.text, "sup-text");
      var chose = el("p", "sup-chose");
      chose.append(el("strong", null, "Choice made: "), document.createTextNode(choice.label));
      li.appendChild(chose);
      if (steps[i] && steps[i].missed) li.appendChild(el("p", "sup-missed", "A stronger option was available here."));
      if (choice.feedback) li.appendChild(feedbackBox("Feedback", choice.feedback));
      var earned = keysOf(choice.scores).map(function (k) {
        var v = get(choice.scores, k);
        return (v > 0 ? "+" : "") + v + " " + (get(scenario.competencies, k) || T.humanize(k));
      });
      if (earned.length) li.appendChild(el("p", "sup-earned", "Points: " + earned.join(", ")));
      list.appendChild(li);
    });
    if (item.done) list.appendChild(endingItem(item));
    return list;
  }

  function endingItem(item) {
    var scenario = item.scenario, walk = item.done.walk, result = item.done.result, ending = get(scenario.nodes, walk.node);
    var end = el("li", "sup-step sup-ending");
    end.appendChild(el("p", "sup-moment", ending.label + " (" + ending.outcome + " ending)"));
    paragraphs(end, ending.text, "sup-text");
    if (result.cappedBy != null) {
      var step = walk.steps[result.cappedBy], capNode = get(scenario.nodes, step.node), capChoice = capNode.choices[step.choice];
      end.appendChild(feedbackBox("Outcome capped at " + result.outcome + " by “" + capNode.label + "”: " + capChoice.label,
        capChoice.feedback || ""));
    }
    var parts = result.debriefParts.map(function (i) { return ending.debrief[i]; }).filter(Boolean);
    if (parts.length) end.appendChild(feedbackBox("Debrief", parts.map(function (p) { return p.text; }).join("\n\n")));
    if (result.missed.length) {
      var missed = el("div", "sup-feedback sup-missed-moments"), list = el("ul");
      missed.appendChild(el("p", "sup-label", "Moments where a stronger option was available"));
      result.missed.forEach(function (i) {
        var s = walk.steps[i], node = get(scenario.nodes, s.node), best = node.choices[s.strongest], li = el("li");
        li.appendChild(el("p", null, node.label + ": the strongest option was “" + best.label + "”."));
        if (best.feedback) paragraphs(li, best.feedback);
        list.appendChild(li);
      });
      missed.appendChild(list);
      end.appendChild(missed);
    }
    return end;
  }

  function versionWarning(item) {
    var versions = "(report version " + item.report.v + ", today's version " + item.scenario.version + ")";
    var text = item.state === "changed-checked"
      ? "This scenario has changed since the report was made " + versions + ". The path still fits today's version and its " +
        "figures were checked against it; the texts shown are today's, which may differ from what the trainee saw."
      : "This scenario has changed since the report was made " + versions + ", and the path no longer fits today's version. " +
        "The figures shown are the report's own and could not be checked; the texts are today's, where they still exist.";
    return el("p", "sup-notice sup-version-warning", text);
  }

  function reportSection(item, n, look, titles) {
    var r = item.report, section = el("section", "sup-review-report"), facts = el("ul", "sup-facts");
    section.setAttribute("data-scn-slug", r.s);
    section.appendChild(el("h2", null, "Report " + n + ": " + item.who + ", " + look.title(r.s)));
    if (item.assignment) facts.appendChild(el("li", null, "Sent as part of the assignment report “" + item.assignment + "”"));
    [["Outcome", S.printout.outcomeLine(look, r)], ["Feedback", T.modeText(r.m)], ["Started from", T.originText(r.f, titles)],
      ["Finished", T.dateText(r.d)], ["Time taken", T.duration(r.t)], ["Choices made", String(r.p.length)]].forEach(function (fact) {
      facts.appendChild(el("li", null, fact[0] + ": " + fact[1]));
    });
    if (!item.scenario) {
      section.appendChild(el("p", "sup-notice", "This report is for a scenario called “" + r.s + "” that is not on this site " +
        "(any more): it may have been renamed or removed, so its texts cannot be shown and its figures, the report's own, could not be checked."));
      section.append(facts, el("h3", null, "Points"), scoreTable(item, look));
      return section;
    }
    if (item.state !== "checked") section.appendChild(versionWarning(item));
    if (item.scenario.href) {
      var open = el("li"), a = el("a", null, "Open the scenario");
      a.href = item.scenario.href;
      open.appendChild(a);
      facts.appendChild(open);
    }
    section.append(facts, el("h3", null, "Points"), scoreTable(item, look), el("h3", null, "Path, moment by moment"), pathList(item));
    return section;
  }

  /* ---------- the page ---------- */

  function errorBox(errors) {
    var box = el("div", "sup-error-box"), list = el("ul");
    box.setAttribute("role", "alert");
    box.appendChild(el("p", null, "Nothing is shown until every report can be read:"));
    errors.forEach(function (text) { list.appendChild(el("li", null, text)); });
    box.appendChild(list);
    return box;
  }

  function show(output, read, scenarios) {
    var errors = read.errors.slice(), found = plays(read.entries);
    output.textContent = "";
    if (!read.entries.length && !errors.length) errors.push("Paste a report code or choose a report file first.");
    if (!window.pcpAssessment) errors.push("The page's scoring script did not load, so no report can be checked. Reload the page.");
    else check(found.items, scenarios, errors);
    if (errors.length) { output.appendChild(errorBox(errors)); return; }
    var look = S.printout.look(scenarios);
    if (found.merged) {
      output.appendChild(el("p", "sup-notice sup-merged", found.merged + " report" + (found.merged === 1 ? " was a duplicate" : "s were duplicates") +
        " of a play already pasted (the same name, scenario and finishing time, for example in both a scenario code and an " +
        "assignment code), so each play is counted once."));
    }
    if (found.clashes) {
      output.appendChild(el("p", "sup-notice", found.clashes + " report" + (found.clashes === 1 ? "" : "s") + " share a name, scenario " +
        "and finishing time with another report but differ from it; both are shown. One of them may have been edited."));
    }
    if (found.items.length > 1) output.appendChild(cohortTable(found, look));
    found.items.forEach(function (item, i) { output.appendChild(reportSection(item, i + 1, look, found.titles)); });
  }

  /* Too much text is refused as it arrives: laying out megabytes in the field alone would freeze the tab. */
  function guardSize(form, output) {
    var field = form.querySelector("#sup-codes");
    function refuse(size) {
      output.textContent = "";
      output.appendChild(errorBox(["The pasted text is " + kilobytes(size) + " long; this page reads at most " + kilobytes(MAX_INPUT) +
        " at once. Paste fewer codes at a time."]));
    }
    field.addEventListener("paste", function (event) {
      var text = event.clipboardData && event.clipboardData.getData("text");
      if (text && field.value.length + text.length > MAX_INPUT) { event.preventDefault(); refuse(field.value.length + text.length); }
    });
    field.addEventListener("input", function () {
      if (field.value.length > MAX_INPUT) { var size = field.value.length; field.value = ""; refuse(size); }
    });
  }

  function mountReview(form) {
    var output = document.querySelector(".sup-review-output");
    guardSize(form, output);
    form.querySelector("fieldset.sup-js-only").disabled = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      output.textContent = "";
      readInputs(form).then(function (read) {
        var slugs = [];
        read.entries.forEach(function (entry) {
          (entry.kind === "single" ? [entry.report] : entry.report.r).forEach(function (r) { if (slugs.indexOf(r.s) < 0) slugs.push(r.s); });
        });
        return S.scenarios.load(slugs).then(function (scenarios) { show(output, read, scenarios); });
      });
    });
  }

  /* ---------- mounting ---------- */

  function mount() {
    var review = document.querySelector("form.sup-review:not([data-sup-mounted])");
    if (review) { review.setAttribute("data-sup-mounted", ""); mountReview(review); }
  }

  S.onEveryPage(mount);
})();
