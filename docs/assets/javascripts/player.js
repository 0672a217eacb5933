/* Scenario player: turns the engine's readable case (.scn-case) into one moment at a time.
 * Data comes from the page (.scn-player[data-scn]), never from a fetch, so file:// works.
 * Text is only ever inserted by cloning the build's own DOM or through textContent.
 * Progress goes through window.pcpProgress (progress.js). At each end screen the player leaves
 * an empty .scn-report-slot and dispatches "scn:finished" on document for supervision/reports.js.
 */
(function () {
  "use strict";
  var MODES = ["immediate", "delayed"];

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
  /* copies of from's child nodes (except those matching skip) appended to into */
  function cloneInto(into, from, skip) {
    if (from) Array.prototype.forEach.call(from.childNodes, function (n) {
      if (!(skip && n.matches && n.matches(skip))) into.appendChild(n.cloneNode(true));
    });
    return into;
  }
  function now() { return new Date().toISOString(); }
  function visible(choice, flags) {
    return choice.if.every(function (f) { return flags.indexOf(f) >= 0; }) &&
      !choice.unless.some(function (f) { return flags.indexOf(f) >= 0; });
  }

  function mount() {
    var root = document.querySelector(".scn-player[data-scn]");
    var caseEl = document.querySelector(".scn-case");
    if (!root || !caseEl || !window.pcpProgress || root.hasAttribute("data-scn-mounted")) return;
    root.setAttribute("data-scn-mounted", "");
    try {
      var data = JSON.parse(root.getAttribute("data-scn"));
      if (data && data.nodes && data.nodes[data.start]) play(root, caseEl, data);
    } catch (e) {
      root.hidden = true;  /* leave the readable case as it is */
      caseEl.hidden = false;
      if (window.console) console.error("scenario player:", e);
    }
  }

  function play(root, caseEl, data) {
    var store = window.pcpProgress, slug = data.slug, sections = {};
    caseEl.querySelectorAll(".scn-node[data-node]").forEach(function (s) {
      sections[s.getAttribute("data-node")] = s;
    });
    var notices = el("div", "scn-notices");
    notices.setAttribute("role", "status");
    var toolbar = el("div", "scn-toolbar");
    var restart = button("scn-btn", "Restart");
    var clear = button("scn-btn", "Clear my progress");
    var stage = el("div", "scn-stage");
    var live = el("div", "scn-live");
    live.setAttribute("aria-live", "polite");
    toolbar.append(restart, clear);
    root.textContent = "";
    root.append(notices, toolbar, stage, live);

    function notice(text) { notices.appendChild(el("p", "scn-notice", text)); }

    /* Where a path from the start leads: node, flags set and scores (each node+choice counted
       once). advance() takes one step, so a click costs the same however long the path is;
       replay() walks a saved path once, on load. null when the path does not fit. */
    function start() { return { node: data.start, flags: [], scores: {}, seen: {} }; }
    function advance(where, step) {
      var node = where.node, choice = step.node === node && data.nodes[node].choices[step.choice];
      if (!choice || !visible(choice, where.flags)) return null;
      if (!where.seen[node + "#" + step.choice]) {
        where.seen[node + "#" + step.choice] = true;
        Object.keys(choice.scores).forEach(function (k) { where.scores[k] = (where.scores[k] || 0) + choice.scores[k]; });
      }
      choice.sets.forEach(function (f) { if (where.flags.indexOf(f) < 0) where.flags.push(f); });
      where.node = choice.next;
      return data.nodes[where.node] && sections[where.node] ? where : null;
    }
    function replay(path) {
      var where = start();
      for (var i = 0; i < path.length && where; i++) where = advance(where, path[i]);
      return where;
    }
    function fresh() {
      var t = now();
      return { version: data.version, feedback: mode, node: data.start, path: [], flags: [], scores: {},
        status: "in-progress", outcome: null, startedAt: t, updatedAt: t, finishedAt: null };
    }

    var mode = data.feedback, asked = new URLSearchParams(location.search).get("feedback");
    if (asked !== null && MODES.indexOf(asked) < 0) {
      notice("“" + asked + "” is not a feedback mode (use immediate or delayed), so this scenario's default, " +
        data.feedback + " feedback, applies.");
      asked = null;
    }
    var state = store.get(slug), where = null;
    if (!state && store.stored(slug)) {
      notice("Your saved progress for this scenario could not be read, so the scenario starts fresh.");
    } else if (state && state.version !== data.version) {
      notice("This scenario has changed since you last played it, so your earlier progress was removed and it starts fresh.");
      state = null;
    } else if (state && (!(where = replay(state.path)) || where.node !== state.node)) {
      notice("Your saved progress does not match this scenario, so the scenario starts fresh.");
      state = null;
    }
    if (state) {
      mode = asked || state.feedback;
    } else {
      mode = asked || mode;
      store.remove(slug);
      state = fresh();
      where = start();
    }
    state.feedback = mode;
    root.hidden = false;
    caseEl.hidden = true;

    function say(text) {
      live.textContent = "";
      setTimeout(function () { live.textContent = text; }, 60);
    }
    function choiceEl(step) {
      return sections[step.node].querySelector('.scn-choice[data-choice="' + step.choice + '"]');
    }
    function feedback(step) {
      var details = choiceEl(step).querySelector(".scn-feedback");
      return details && cloneInto(el("div", "scn-fb-body"), details, "summary");
    }
    function title(node) {
      return sections[node].querySelector(".scn-node-title").textContent.trim();
    }

    function show(focus) {
      var node = where.node, section = sections[node];
      var last = state.path[state.path.length - 1], fb = last && feedback(last);
      stage.textContent = "";
      if (mode === "immediate" && fb) {
        var box = el("div", "scn-fb");
        box.append(el("p", "scn-fb-title", "Feedback on your choice"), fb);
        stage.appendChild(box);
      }
      var heading = el("h3", "scn-moment", title(node));
      heading.tabIndex = -1;
      stage.append(heading, section.querySelector(".scn-text").cloneNode(true));
      if (data.nodes[node].outcome) ending(node, section);
      else options(node, where.flags);
      if (focus) {
        heading.focus({ preventScroll: true });
        var motion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
        stage.scrollIntoView({ block: "start", behavior: motion ? "auto" : "smooth" });
      }
      return fb;
    }

    function options(node, flags) {
      var group = el("div", "scn-options"), prompt = el("p", "scn-prompt", "What do you do?");
      prompt.id = "scn-prompt-" + slug;
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", prompt.id);
      group.appendChild(prompt);
      data.nodes[node].choices.forEach(function (choice, i) {
        if (!visible(choice, flags)) return;
        var b = cloneInto(button("scn-choice-btn"), choiceEl({ node: node, choice: i }).querySelector(".scn-choice-label a"));
        b.addEventListener("click", function () { choose(node, i); });
        group.appendChild(b);
      });
      stage.appendChild(group);
    }

    function choose(node, i) {
      state.path.push({ node: node, choice: i });
      where = advance(where, { node: node, choice: i });
      var outcome = data.nodes[where.node].outcome;
      state.node = where.node;
      state.flags = where.flags.slice();
      state.scores = Object.assign({}, where.scores);
      state.feedback = mode;
      state.updatedAt = now();
      if (outcome) {
        state.status = "finished";
        state.outcome = outcome;
        state.finishedAt = state.updatedAt;
      }
      notices.textContent = "";
      if (!store.set(slug, state)) notice("This browser does not let the site store your progress, so it will be lost when you leave the page.");
      var fb = show(true);
      if (mode === "immediate" && fb) say("Feedback: " + fb.textContent.replace(/\s+/g, " ").trim());
      else if (outcome) say("You reached an ending: " + outcome + " outcome.");
      else if (mode === "delayed") say("Choice recorded. Feedback follows in the debrief.");
    }

    function ending(node, section) {
      var debrief = section.querySelector(".scn-debrief");
      if (debrief) stage.appendChild(debrief.cloneNode(true));
      stage.appendChild(el("h4", null, "Your scores"));
      stage.appendChild(el("p", "scn-note", "Each bar compares your score with the best score this scenario allows."));
      var list = el("ul", "scn-scores"), ratios = {}, keys = [];
      /* the scenario's own order, as the page lists them (the JSON's keys are sorted) */
      document.querySelectorAll(".scn-competency[data-competency]").forEach(function (c) {
        keys.push(c.getAttribute("data-competency"));
      });
      keys.concat(Object.keys(data.competencies)).forEach(function (key) {
        if (!data.competencies[key] || key in ratios) return;
        var score = state.scores[key] || 0, best = data.best[key] || 0;
        var item = el("li", "scn-score"), meter = el("span", "scn-meter"), fill = el("span");
        ratios[key] = best > 0 ? score / best : 1;
        item.setAttribute("data-competency", key);
        item.setAttribute("data-score", score);
        item.setAttribute("data-best", best);
        fill.style.width = Math.max(0, Math.min(1, ratios[key])) * 100 + "%";
        meter.setAttribute("aria-hidden", "true");
        meter.appendChild(fill);
        item.append(el("span", "scn-score-name", data.competencies[key]),
          el("span", "scn-score-value", score + " of " + best), meter);
        list.appendChild(item);
      });
      stage.appendChild(list);

      var lowest = Math.min.apply(null, Object.keys(ratios).map(function (k) { return ratios[k]; }));
      stage.appendChild(el("h4", null, "What to read next"));
      if (lowest >= 1) {
        stage.appendChild(el("p", null, "You reached the best achievable score on every competency."));
      } else {
        var reading = el("ul", "scn-reading");
        Object.keys(ratios).forEach(function (key) {
          var source = ratios[key] === lowest && document.querySelector('.scn-competency[data-competency="' + key + '"]');
          if (!source) return;
          var item = el("li", null, data.competencies[key] + ": ");
          source.querySelectorAll("a").forEach(function (a, n) {
            if (n) item.appendChild(document.createTextNode(", "));
            item.appendChild(a.cloneNode(true));
          });
          reading.appendChild(item);
        });
        stage.appendChild(reading);
      }

      stage.appendChild(el("h4", null, "Your path"));
      var replayList = el("ol", "scn-replay");
      state.path.forEach(function (step) {
        var item = el("li"), chose = el("p", "scn-chose", "You chose: "), fb = feedback(step);
        cloneInto(chose.appendChild(el("span")), choiceEl(step).querySelector(".scn-choice-label a"));
        item.append(el("p", "scn-replay-moment", title(step.node)), chose);
        if (fb) item.appendChild(fb);
        replayList.appendChild(item);
      });
      stage.append(replayList, el("div", "scn-report-slot"));
      document.dispatchEvent(new CustomEvent("scn:finished", { detail: {
        slug: slug, version: data.version, title: data.title,
        path: state.path.map(function (s) { return { node: s.node, choice: s.choice }; }),
        outcome: state.outcome, scores: Object.assign({}, state.scores), best: data.best,
        competencies: data.competencies, startedAt: state.startedAt, finishedAt: state.finishedAt,
        feedback: mode } }));
    }

    restart.addEventListener("click", function () {
      store.remove(slug);
      notices.textContent = "";
      state = fresh();
      where = start();
      show(true);
      say("Restarted from the beginning.");
    });
    clear.addEventListener("click", function () {
      store.clearAll();
      notices.textContent = "";
      notice("Everything this site stored in your browser has been removed.");
      state = fresh();
      where = start();
      show(true);
    });
    show(false);
  }

  /* Material's document$ emits on load and after each instant navigation, but never on file://,
   * so also mount once the document is parsed; mount() is idempotent. */
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
