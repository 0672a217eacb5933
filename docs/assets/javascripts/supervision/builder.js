/* Supervision: the assignment builder, and the assignment view built from the address it makes
 * (#scenarios=...&feedback=...&due=...&title=...&note=...). Needs supervision/common.js and
 * supervision/reports.js loaded first.
 */
(function () {
  "use strict";
  var S = window.pcpSupervision;
  var el = S.dom.el, copyText = S.dom.copyText, crc32 = S.codes.crc32, T = S.text;
  var MAX_SCENARIOS = 50;

  /* ---------- the assignment view, built from the address ---------- */

  function catalogue() {
    var found = new Map();
    document.querySelectorAll(".sup-scenario-data a.sup-scenario-page[data-sup-slug]").forEach(function (a) {
      found.set(a.getAttribute("data-sup-slug"), { title: a.textContent.trim(), href: a.getAttribute("href") });
    });
    return found;
  }

  function validDate(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && !isNaN(Date.parse(text + "T00:00:00Z")) &&
      new Date(text + "T00:00:00Z").toISOString().slice(0, 10) === text;
  }

  /* A note is plain text with a little Markdown: blank lines between paragraphs, **bold**, *italic*
     and [text](address) links to web pages or this site. It becomes DOM nodes, never HTML. */
  var INLINE = /\*\*([^*\n]+)\*\*|\*([^*\n]+)\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;
  function safeHref(address) {
    try {
      var url = new URL(address, location.href);
      return (url.protocol === "https:" || url.protocol === "http:" || url.protocol === location.protocol) ? url.href : null;
    } catch (e) { return null; }
  }
  function inline(into, text) {
    var at = 0, m;
    INLINE.lastIndex = 0;
    while ((m = INLINE.exec(text))) {
      into.appendChild(document.createTextNode(text.slice(at, m.index)));
      if (m[1]) into.appendChild(el("strong", null, m[1]));
      else if (m[2]) into.appendChild(el("em", null, m[2]));
      else {
        var href = safeHref(m[4]), link = href ? el("a", null, m[3]) : document.createTextNode(m[3] + " (" + m[4] + ")");
        if (href) link.href = href;
        into.appendChild(link);
      }
      at = INLINE.lastIndex;
    }
    into.appendChild(document.createTextNode(text.slice(at)));
    return into;
  }
  function noteView(text) {
    var box = el("div", "sup-instructions sup-note");
    text.split(/\n{2,}/).forEach(function (part) { if (part.trim()) box.appendChild(inline(el("p"), part.trim())); });
    return box;
  }

  function unknownBox(unknown, none) {
    var box = el("div", none ? "sup-error-box" : "sup-notice"), list = el("ul");
    box.appendChild(el("p", null, none
      ? "None of the scenarios this link names is on this site (perhaps they were renamed or removed), so there is nothing to play. Ask whoever sent it for a new link. It names:"
      : "This link names " + (unknown.length === 1 ? "a scenario that is" : "scenarios that are") + " not on this site (perhaps renamed or removed); the others are listed below:"));
    unknown.slice(0, 10).forEach(function (s) { list.appendChild(el("li", null, T.cleanLine(s, 60) || "(an empty name)")); });
    if (unknown.length > 10) list.appendChild(el("li", null, "and " + (unknown.length - 10) + " more"));
    box.appendChild(list);
    return box;
  }

  function renderView(view) {
    var params = new URLSearchParams(location.hash.replace(/^#/, "")), known = catalogue(), notes = [];
    var slugs = (params.get("scenarios") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    var feedback = params.get("feedback") || "", due = params.get("due") || "";
    var title = T.cleanLine(params.get("title"), 200) || "Assignment";
    var note = T.cleanText(params.get("note"), 4000);
    if (feedback && S.check.MODES.indexOf(feedback) < 0) {
      notes.push("The feedback mode in this link (“" + T.cleanLine(feedback, 40) + "”) is not one this site knows, so each scenario uses its own.");
      feedback = "";
    }
    if (due && !validDate(due)) { notes.push("The due date in this link is not a date, so it is left out."); due = ""; }
    if (slugs.length > MAX_SCENARIOS) {
      notes.push("This link names " + slugs.length + " scenarios; only the first " + MAX_SCENARIOS + " are read.");
      slugs = slugs.slice(0, MAX_SCENARIOS);
    }
    var unknown = slugs.filter(function (s) { return !known.has(s); });
    var usable = slugs.filter(function (s, i) { return known.has(s) && slugs.indexOf(s) === i; });
    var h1 = document.querySelector(".md-content h1");
    if (h1) h1.textContent = title;
    view.textContent = "";
    if (!slugs.length) {
      view.appendChild(el("p", "sup-error", "This link names no scenarios, so there is nothing to show. Ask whoever sent it for a new link."));
      return;
    }
    notes.forEach(function (text) { view.appendChild(el("p", "sup-notice", text)); });
    if (unknown.length) view.appendChild(unknownBox(unknown, !usable.length));
    if (!usable.length) return;
    var id = "link-" + crc32(location.hash), root = el("div", "sup-assignment");
    root.setAttribute("data-sup-assignment", id);
    root.setAttribute("data-sup-title", title);
    root.setAttribute("data-sup-scenarios", usable.join(" "));
    root.setAttribute("data-sup-feedback", feedback);
    var meta = el("p", "sup-assignment-meta");
    if (due) {
      var when = el("span", null, "Due: "), time = el("time", null, T.dateText(due));
      time.dateTime = due;
      when.appendChild(time);
      meta.append(when, document.createTextNode(" "));
    }
    meta.appendChild(el("span", null, "Feedback: " + (feedback === "delayed"
      ? "delayed: feedback on your choices waits for the debrief at the end"
      : feedback === "immediate" ? "immediate: you see feedback on each choice as you make it" : "as each scenario sets it")));
    root.appendChild(meta);
    if (note) root.append(el("h2", null, "Instructions"), noteView(note));
    root.append(el("h2", null, "Scenarios"), el("p", null, "Open each scenario from here: the link tells it which assignment you are working on. " +
      (feedback === "delayed" ? "A scenario you played from the catalogue does not count here: this assignment asks for delayed feedback, so play each scenario from this page. " : "") +
      "Your progress is kept in this browser only."));
    var ol = el("ol", "sup-scenario-list");
    usable.forEach(function (slug) {
      var li = el("li"), a = el("a", null, known.get(slug).title), query = new URLSearchParams({ assignment: id });
      if (feedback) query.set("feedback", feedback);
      a.href = known.get(slug).href + "?" + query.toString();
      var span = el("span", "sup-progress");
      span.setAttribute("data-scn-slug", slug);
      li.append(a, document.createTextNode(" "), span);
      ol.appendChild(li);
    });
    var slot = el("div", "sup-assignment-report");
    slot.setAttribute("aria-live", "polite");
    root.append(ol, slot);
    view.appendChild(root);
    S.assignments.mount(root);
  }

  /* ---------- the builder ---------- */

  function mountBuilder(form) {
    var result = document.querySelector(".sup-builder-result"), error = form.querySelector(".sup-error");
    var output = document.getElementById("sup-link"), open = result.querySelector(".sup-open");
    var status = result.querySelector(".sup-status"), base = document.querySelector("a.sup-view-link");
    form.querySelector("fieldset.sup-js-only").disabled = false;
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
    var view = document.querySelector(".sup-assignment-view:not([data-sup-mounted])");
    if (view) { view.setAttribute("data-sup-mounted", ""); renderView(view); }
    var builder = document.querySelector("form.sup-builder:not([data-sup-mounted])");
    if (builder) { builder.setAttribute("data-sup-mounted", ""); mountBuilder(builder); }
  }

  window.addEventListener("hashchange", function () {
    var view = document.querySelector(".sup-assignment-view");
    if (view) renderView(view);
  });
  S.onEveryPage(mount);
})();
