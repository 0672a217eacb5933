/* Scenario catalogue: this browser's status on each card (from pcpProgress, kept current when
 * another tab changes it), filters by level, competency and tag without a page load, and a
 * "Clear my progress" control that asks first (pcpProgress.askToClear). */
(function () {
  "use strict";
  var STATUS = { "in-progress": "In progress" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function mount() {
    var filters = document.querySelector(".scn-filters");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".scn-catalogue .scn-card"));
    var store = window.pcpProgress;
    if (!filters || !cards.length || !store || filters.hasAttribute("data-scn-mounted")) return;
    filters.setAttribute("data-scn-mounted", "");

    function statuses() {
      cards.forEach(function (card) {
        var slug = card.getAttribute("data-scn-slug"), state = store.get(slug);
        if (state && state.version !== card.getAttribute("data-version")) state = null;  // the player drops it too
        var text = !state ? (store.outdated(slug) ? "Not started (saved by an earlier version of the site)" : "Not started") :
          state.status === "finished" && state.outcome ? "Finished: " + state.outcome + " outcome" : STATUS[state.status] || "In progress";
        var badge = card.querySelector(".scn-status") || card.insertBefore(el("p", "scn-status"), card.children[1] || null);
        badge.textContent = "Your progress: " + text;
        badge.setAttribute("data-status", state ? state.status : "not-started");
      });
    }

    /* level, competency and tag values, with the competency names the cards carry */
    var names = Object.create(null), values = { level: [], competencies: [], tags: [] };
    function split(card, name) {
      var raw = card.getAttribute("data-" + name) || "";
      return name === "level" ? [raw] : raw.split(name === "tags" ? "|" : " ").filter(Boolean);
    }
    cards.forEach(function (card) {
      Object.keys(values).forEach(function (name) {
        split(card, name).forEach(function (v) { if (values[name].indexOf(v) < 0) values[name].push(v); });
      });
      card.querySelectorAll("[data-competency]").forEach(function (name) {
        names[name.getAttribute("data-competency")] = name.textContent;
      });
    });
    values.competencies.sort(function (a, b) { return (names[a] || a).localeCompare(names[b] || b); });
    values.tags.sort(function (a, b) { return a.toLowerCase().localeCompare(b.toLowerCase()); });

    var selects = {}, count = el("p", "scn-count"), clear = el("button", "scn-btn", "Clear my progress");
    count.setAttribute("role", "status");
    clear.type = "button";
    [["level", "Level", "All levels"], ["competencies", "Competency", "All competencies"], ["tags", "Tag", "All tags"]]
      .forEach(function (spec) {
        var field = el("div", "scn-field"), label = el("label", null, spec[1]), select = el("select");
        select.id = label.htmlFor = "scn-filter-" + spec[0];
        select.appendChild(new Option(spec[2], ""));
        values[spec[0]].forEach(function (v) {
          select.appendChild(new Option(spec[0] === "tags" ? v : names[v] || v, v));
        });
        select.addEventListener("change", apply);
        field.append(label, select);
        filters.appendChild(field);
        selects[spec[0]] = select;
      });
    filters.append(clear, count);

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = Object.keys(selects).every(function (name) {
          return !selects[name].value || split(card, name).indexOf(selects[name].value) >= 0;
        });
        card.hidden = !match;
        if (match) shown++;
      });
      count.textContent = "Showing " + shown + " of " + cards.length + " scenarios.";
    }
    function title(slug) {
      var card = cards.filter(function (c) { return c.getAttribute("data-scn-slug") === slug; })[0];
      var link = card && card.querySelector(":is(h2, h3) a:not(.headerlink)");
      return link && link.textContent.trim();
    }
    clear.addEventListener("click", function () {
      store.askToClear(clear, function (result) {
        if (result === "kept") return;
        statuses();
        count.textContent = (result === "cleared" ? "Your progress was removed from this browser. " :
          "This site has nothing stored in this browser, so there is nothing to clear. ") + "Showing " +
          cards.filter(function (c) { return !c.hidden; }).length + " of " + cards.length + " scenarios.";
      }, title);
    });
    /* progress made or cleared in another tab */
    function onStorage(event) {
      if (!filters.isConnected) window.removeEventListener("storage", onStorage);
      else if (event.key === null || event.key.indexOf("pcp:") === 0) statuses();
    }
    window.addEventListener("storage", onStorage);

    statuses();
    apply();
    filters.hidden = false;
  }

  /* Material's document$ emits on load and after each instant navigation, but never on file://,
   * so also mount once the document is parsed; mount() is idempotent. */
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
