/* Supervision: the assignment builder, and the assignment view built from the address it makes
 * (#scenarios=...&feedback=...&due=...&title=...&note=...). Needs supervision/common.js and
 * supervision/reports.js loaded first.
 */
(function () {
  "use strict";
  var S = window.pcpSupervision;
  var el = S.dom.el, copyText = S.dom.copyText, crc32 = S.codes.crc32;

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
    if (usable.length) S.assignments.mount(root);
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

  /* ---------- mounting ---------- */

  function mount() {
    var view = document.querySelector(".sup-assignment-view");
    if (view) renderView(view);
    var builder = document.querySelector("form.sup-builder:not([data-sup-mounted])");
    if (builder) { builder.setAttribute("data-sup-mounted", ""); mountBuilder(builder); }
  }

  window.addEventListener("hashchange", function () {
    var view = document.querySelector(".sup-assignment-view");
    if (view) renderView(view);
  });
  S.onEveryPage(mount);
})();
