/* Supervision: the review page. Reads report codes and JSON report files, checks each path
 * against today's scenario (each scenario's data is a small script, assets/review-data/<slug>.js,
 * loaded only when a report names it), and shows
 * every report moment by moment, with a cohort table when there are several.
 * Needs supervision/common.js loaded first.
 */
(function () {
  "use strict";
  var S = window.pcpSupervision;
  var el = S.dom.el, paragraphs = S.dom.paragraphs;
  var humanize = S.text.humanize, outcomeText = S.text.outcomeText, duration = S.text.duration;
  var decodeCode = S.codes.decode, reportFromJson = S.codes.fromJson, ReportError = S.codes.ReportError;

  /* ---------- the review page ---------- */

  /* Where each scenario's page and review data are, from the page's own (build-checked) links. */
  function scenarioIndex() {
    var index = {};
    document.querySelectorAll(".sup-review-data a[data-sup-slug]").forEach(function (link) {
      var entry = index[link.getAttribute("data-sup-slug")] = index[link.getAttribute("data-sup-slug")] || {};
      entry[link.classList.contains("sup-scenario-script") ? "script" : "href"] = link.getAttribute("href");
    });
    return index;
  }

  /* Each scenario's data is a small script of its own (a script tag works from file:// too, where
     fetch does not). Resolves to {slug: data} for the slugs that could be loaded; a slug this site
     does not have is simply absent, which the review reports as a scenario that no longer exists. */
  function loadScenarios(slugs) {
    var index = scenarioIndex(), store = window.pcpReviewData = window.pcpReviewData || {};
    return Promise.all(slugs.map(function (slug) {
      var entry = index[slug];
      if (!entry || !entry.script || store[slug]) return null;
      return new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = entry.script;
        script.onload = script.onerror = function () { script.remove(); resolve(); };
        document.head.appendChild(script);
      });
    })).then(function () {
      var found = {};
      slugs.forEach(function (slug) {
        if (!index[slug] || !store[slug]) return;
        found[slug] = Object.assign({}, store[slug], { href: index[slug].href || null });
      });
      return found;
    });
  }

  function reportedSlugs(entries) {
    var slugs = [];
    entries.forEach(function (entry) {
      var singles = entry.kind === "single" ? [entry.report] : entry.report.r;
      singles.forEach(function (r) { if (slugs.indexOf(r.s) < 0) slugs.push(r.s); });
    });
    return slugs;
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
        return loadScenarios(read.errors.length ? [] : reportedSlugs(read.entries)).then(function (scenarios) {
          return { read: read, scenarios: scenarios };
        });
      }).then(function (loaded) {
        var read = loaded.read, errors = read.errors.slice();
        output.textContent = "";
        if (!read.entries.length && !errors.length) errors.push("Paste a report code or choose a report file first.");
        var items = errors.length ? [] : flatten(read.entries, loaded.scenarios, errors);
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
    var review = document.querySelector("form.sup-review:not([data-sup-mounted])");
    if (review) { review.setAttribute("data-sup-mounted", ""); mountReview(review); }
  }

  S.onEveryPage(mount);
})();
