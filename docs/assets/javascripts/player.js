/* Scenario player: turns the engine's readable case (.scn-case) into one moment at a time.
 * Data comes from the page (.scn-player[data-scn], format 2), never from a fetch, so file:// works.
 * Text is only ever inserted by cloning the build's own DOM or through textContent; moments are
 * named by their labels (data.nodes[id].label), never by their ids.
 * The route is assessed by window.pcpAssessment (assessment.js), one step per click; progress goes
 * through window.pcpProgress (progress.js) and is never written over a newer run from another tab.
 * At each end screen the player leaves an empty .scn-report-slot and dispatches "scn:finished" on
 * document for supervision/reports.js (and lms.js); each decision dispatches "scn:step" (lms.js).
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
    if (!root || !caseEl || !window.pcpProgress || !window.pcpAssessment || root.hasAttribute("data-scn-mounted")) return;
    root.setAttribute("data-scn-mounted", "");
    try {
      var data = JSON.parse(root.getAttribute("data-scn"));
      if (data && data.format === 2 && data.nodes && Object.prototype.hasOwnProperty.call(data.nodes, data.start)) {
        play(root, caseEl, data);
      }
    } catch (e) {
      root.hidden = true;  /* leave the readable case as it is */
      caseEl.hidden = false;
      if (window.console) console.error("scenario player:", e);
    }
  }

  function play(root, caseEl, data) {
    var store = window.pcpProgress, A = window.pcpAssessment, slug = data.slug, key = "pcp:progress:" + slug;
    var sections = Object.create(null), labels = Object.create(null);
    caseEl.querySelectorAll(".scn-node[data-node]").forEach(function (s) {
      sections[s.getAttribute("data-node")] = s;
    });
    Object.keys(data.nodes).forEach(function (id) { labels[id] = data.nodes[id].label; });
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

    function notice(text, action, onAction) {
      var p = notices.appendChild(el("p", "scn-notice", text));
      if (action) {
        var b = p.appendChild(button("scn-btn scn-notice-action", action));
        b.addEventListener("click", onAction);
      }
    }

    var params = new URLSearchParams(location.search), asked = params.get("feedback");
    var assignment = params.get("assignment");
    var origin = assignment && /^[a-z0-9][a-z0-9-]{0,99}$/.test(assignment) ? "assignment:" + assignment : "catalogue";
    if (asked !== null && MODES.indexOf(asked) < 0) {
      notice("“" + asked + "” is not a feedback mode (use immediate or delayed), so this scenario's default, " +
        data.feedback + " feedback, applies.");
      asked = null;
    }

    /* state: the progress entry; walk: pcpAssessment's walk of state.path; stamp: the stored run this
       page last read or wrote (another tab changed it when the stored stamp differs) */
    var state, walk, stamp;
    function fresh() {
      var t = now();
      walk = A.begin(data);
      state = { format: 2, version: data.version, title: data.title, feedback: asked || data.feedback, origin: origin,
        node: data.start, path: [], flags: [], earned: walk.earned, available: walk.available, status: "in-progress",
        outcome: null, endingOutcome: null, startedAt: t, updatedAt: t, finishedAt: null };
    }
    /* reads the stored run; returns why it could not be used, or "" */
    function restore() {
      var saved = store.get(slug), problem = "";
      if (!saved && store.outdated(slug)) {
        problem = "Your saved progress for this scenario was saved by an earlier version of the site, so the scenario starts fresh.";
      } else if (!saved && store.stored(slug)) {
        problem = "Your saved progress for this scenario could not be read, so the scenario starts fresh.";
      } else if (saved && saved.version !== data.version) {
        problem = "This scenario has changed since you last played it, so your earlier progress was removed and it starts fresh.";
      } else if (saved) {
        var assessed = A.assess(data, saved.path);
        if (!assessed || assessed.walk.node !== saved.node || !assessed.result !== (saved.status === "in-progress")) {
          problem = "Your saved progress does not match this scenario, so the scenario starts fresh.";
        } else {
          state = saved;
          walk = assessed.walk;
        }
      }
      if (problem || !saved) {
        if (problem) store.remove(slug);
        fresh();
      }
      stamp = store.stamp(slug);
      return problem;
    }
    function offerMode() {
      if (!asked || asked === state.feedback || !state.path.length) return;
      notice("You began this run with " + state.feedback + " feedback; this link asks for " + asked +
        " feedback. A run keeps its feedback mode to the end, so this one carries on as it began.",
        "Start a fresh attempt with " + asked + " feedback", function () { begin(true, "Started a fresh attempt with " + asked + " feedback."); });
    }
    /* another tab changed or cleared this scenario's progress: show what is stored now */
    function changedElsewhere() {
      var problem = restore();
      notices.textContent = "";
      notice(problem || (state.path.length ? "Your progress on this scenario changed in another tab or window, " +
        "so this page now shows where that run stands." : "Your progress on this scenario was cleared in another " +
        "tab or window, so it starts again from the beginning."));
      show(true);
      return true;
    }
    function stale() { return store.stamp(slug) !== stamp && changedElsewhere(); }
    function save() {
      if (!store.set(slug, state)) notice("This browser does not let the site store your progress, so it will be lost when you leave the page.");
      stamp = store.stamp(slug);
    }
    function begin(focus, message) {
      store.remove(slug);
      notices.textContent = "";
      fresh();
      stamp = null;
      show(focus);
      if (message) say(message);
    }

    var problem = restore();
    if (problem) notice(problem);
    offerMode();
    root.hidden = false;
    caseEl.hidden = true;

    function say(text) {
      live.textContent = "";
      setTimeout(function () { live.textContent = text; }, 60);
    }
    function choiceEl(node, index) {
      return sections[node].querySelector('.scn-choice[data-choice="' + index + '"]');
    }
    function choiceLabel(node, index, into) {
      return cloneInto(into, choiceEl(node, index).querySelector(".scn-choice-label a"));
    }
    function feedback(node, index) {
      var details = choiceEl(node, index).querySelector(".scn-feedback");
      return details && cloneInto(el("div", "scn-fb-body"), details, "summary");
    }

    function show(focus) {
      var node = walk.node;
      var last = state.path[state.path.length - 1], fb = last && feedback(last.node, last.choice);
      stage.textContent = "";
      if (state.feedback === "immediate" && fb) {
        var box = el("div", "scn-fb");
        box.append(el("p", "scn-fb-title", "Feedback on your choice"), fb);
        stage.appendChild(box);
      }
      var heading = el("h3", "scn-moment", labels[node]);
      heading.tabIndex = -1;
      stage.append(heading, sections[node].querySelector(".scn-text").cloneNode(true));
      var result = A.finish(data, walk);
      if (result) ending(node, result);
      else options(node);
      if (focus) {
        heading.focus({ preventScroll: true });
        var motion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
        stage.scrollIntoView({ block: "start", behavior: motion ? "auto" : "smooth" });
      }
      return fb;
    }

    var shownAt = 0, shown = [];  /* when the current options appeared, and which (for "scn:step") */
    function options(node) {
      var group = el("div", "scn-options"), prompt = el("p", "scn-prompt", "What do you do?");
      shownAt = Date.now();
      shown = [];
      prompt.id = "scn-prompt-" + slug;
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", prompt.id);
      group.appendChild(prompt);
      data.nodes[node].choices.forEach(function (choice, i) {
        if (!visible(choice, walk.flags)) return;
        var b = choiceLabel(node, i, button("scn-choice-btn"));
        shown.push({ choice: i, label: b.textContent.replace(/\s+/g, " ").trim() });
        b.addEventListener("click", function () { choose(node, i); });
        group.appendChild(b);
      });
      stage.appendChild(group);
    }

    function choose(node, i) {
      if (stale()) return;
      var next = A.step(data, walk, { node: node, choice: i });
      if (!next) return;
      walk = next;
      var result = A.finish(data, walk);
      state.path.push({ node: node, choice: i });
      state.node = walk.node;
      state.flags = walk.flags.slice();
      state.earned = walk.earned;
      state.available = walk.available;
      state.updatedAt = now();
      if (result) {
        state.status = "finished";
        state.outcome = result.outcome;
        state.endingOutcome = result.endingOutcome;
        state.finishedAt = state.updatedAt;
      }
      notices.textContent = "";
      save();
      stepped(node, i);
      var fb = show(true);
      if (state.feedback === "immediate" && fb) say("Feedback: " + fb.textContent.replace(/\s+/g, " ").trim());
      else if (result) say("You reached an ending: " + result.outcome + " outcome.");
      else if (state.feedback === "delayed") say("Choice recorded. Feedback follows in the debrief.");
    }

    /* "scn:step" on document, once per decision, for lms.js: the choice, its label, how long the
       moment was on screen (ms), the options shown, and the assessment of the route so far */
    function stepped(node, i) {
      var s = walk.steps[walk.steps.length - 1], option = shown.filter(function (o) { return o.choice === i; })[0];
      document.dispatchEvent(new CustomEvent("scn:step", { detail: {
        slug: slug, node: node, moment: labels[node], choice: i, label: option ? option.label : "", step: walk.steps.length,
        latency: Date.now() - shownAt, options: shown.slice(), strongest: s.strongest, missed: s.missed, cap: s.cap,
        earned: walk.earned, available: walk.available, origin: state.origin } }));
    }

    /* one "earned of available" line per competency, with a bar whose zero mark sits where the
       lowest share on the screen needs it: a negative result fills to the left of zero */
    function scores(result) {
      var order = [], shares = Object.create(null);
      /* the scenario's own order, as the page lists them (the JSON's keys may be sorted) */
      document.querySelectorAll(".scn-competency[data-competency]").forEach(function (c) {
        order.push(c.getAttribute("data-competency"));
      });
      order = order.concat(Object.keys(data.competencies)).filter(function (k, i, all) {
        return all.indexOf(k) === i && Object.prototype.hasOwnProperty.call(data.competencies, k);
      });
      order.forEach(function (k) {
        var share = A.share(result.earned[k], result.available[k]);
        shares[k] = share === null ? (result.earned[k] < 0 ? -1 : null) : share;
      });
      var lowest = Math.min.apply(null, [0].concat(order.map(function (k) { return shares[k] || 0; })));
      var zero = -lowest / (1 - lowest);  /* where the zero mark sits, as a fraction of the bar */
      var list = el("ul", "scn-scores");
      order.forEach(function (k) {
        var earned = result.earned[k], available = result.available[k], share = shares[k] || 0;
        var item = el("li", "scn-score"), meter = el("span", "scn-meter"), fill = el("span", "scn-fill");
        var value = available ? earned + " of " + available :
          earned ? earned + ", with no points available on your route" : "no points available on your route";
        item.setAttribute("data-competency", k);
        item.setAttribute("data-earned", earned);
        item.setAttribute("data-available", available);
        meter.setAttribute("aria-hidden", "true");
        meter.style.setProperty("--scn-zero", zero * 100 + "%");
        if (share < 0) {
          fill.classList.add("scn-fill-negative");
          fill.style.width = (-share / (1 - lowest)) * 100 + "%";
          fill.style.right = (1 - zero) * 100 + "%";
        } else {
          fill.style.width = share * (1 - zero) * 100 + "%";
          fill.style.left = zero * 100 + "%";
        }
        meter.append(fill, el("span", "scn-zero"));
        item.append(el("span", "scn-score-name", data.competencies[k]), el("span", "scn-score-value", value), meter);
        list.appendChild(item);
      });
      stage.append(el("h4", null, "Your scores"), el("p", "scn-note", "For each competency: the points you earned " +
        "against the points the moments on your route made available. A bar left of its zero mark is a negative result."), list);
      return { order: order, shares: shares };
    }

    function reading(figures) {
      var known = figures.order.filter(function (k) { return figures.shares[k] !== null; });
      var lowest = Math.min.apply(null, known.map(function (k) { return figures.shares[k]; }));
      stage.appendChild(el("h4", null, "What to read next"));
      if (!known.length || lowest >= 1) {
        stage.appendChild(el("p", null, "You earned every point available on your route."));
        return;
      }
      var list = el("ul", "scn-reading");
      known.forEach(function (k) {
        var source = figures.shares[k] === lowest && document.querySelector('.scn-competency[data-competency="' + CSS.escape(k) + '"]');
        if (!source) return;
        var item = el("li", null, data.competencies[k] + ": ");
        source.querySelectorAll("a").forEach(function (a, n) {
          if (n) item.appendChild(document.createTextNode(", "));
          item.appendChild(a.cloneNode(true));
        });
        list.appendChild(item);
      });
      stage.appendChild(list);
    }

    function chose(step, text) {
      var p = el("p", "scn-chose", text);
      choiceLabel(step.node, step.choice, p.appendChild(el("span")));
      return p;
    }

    function ending(node, result) {
      var outcome = el("p", "scn-outcome");
      outcome.append(el("strong", null, "Outcome: " + result.outcome + "."));
      stage.appendChild(outcome);
      if (result.cappedBy !== null) {
        var step = walk.steps[result.cappedBy], capped = el("div", "scn-capped"), why = feedback(step.node, step.choice);
        outcome.appendChild(document.createTextNode(" This ending on its own is " + result.endingOutcome +
          ", but one choice on your route limits the outcome to " + result.outcome + "."));
        capped.append(el("p", "scn-capped-moment", "What limited it: " + labels[step.node]), chose(step, "You chose: "));
        if (why) capped.appendChild(why);
        stage.appendChild(capped);
      }
      var parts = sections[node].querySelectorAll(".scn-debrief-part");
      if (result.debriefParts.length) {
        var debrief = el("div", "scn-debrief");
        result.debriefParts.forEach(function (n) {
          var part = parts[n];
          if (part) debrief.appendChild(cloneInto(el("div", "scn-debrief-part"), part, ".scn-debrief-condition"));
        });
        stage.append(el("h4", null, "Debrief"), debrief);
      }
      var figures = scores(result);
      reading(figures);

      stage.appendChild(el("h4", null, "Where a stronger option was open"));
      if (!result.missed.length) {
        stage.appendChild(el("p", null, "At every moment on your route you took the strongest option on offer."));
      } else {
        var missed = el("ol", "scn-missed");
        result.missed.forEach(function (n) {
          var s = walk.steps[n], best = { node: s.node, choice: s.strongest }, item = el("li"), fb = feedback(s.node, s.strongest);
          item.append(el("p", "scn-replay-moment", labels[s.node]), chose(s, "You chose: "), chose(best, "Strongest option: "));
          if (fb) item.appendChild(fb);
          missed.appendChild(item);
        });
        stage.appendChild(missed);
      }

      stage.appendChild(el("h4", null, "Your path"));
      var replayList = el("ol", "scn-replay");
      walk.steps.forEach(function (s) {
        var item = el("li"), fb = feedback(s.node, s.choice);
        item.append(el("p", "scn-replay-moment", labels[s.node]), chose(s, "You chose: "));
        if (fb) item.appendChild(fb);
        replayList.appendChild(item);
      });
      stage.append(replayList, el("div", "scn-report-slot"));
      document.dispatchEvent(new CustomEvent("scn:finished", { detail: {
        slug: slug, version: data.version, title: data.title,
        path: state.path.map(function (s) { return { node: s.node, choice: s.choice }; }),
        outcome: result.outcome, endingOutcome: result.endingOutcome, cappedBy: result.cappedBy,
        earned: result.earned, available: result.available, competencies: data.competencies,
        feedback: state.feedback, origin: state.origin, startedAt: state.startedAt, finishedAt: state.finishedAt,
        labels: labels } }));
    }

    restart.addEventListener("click", function () {
      if (stale()) return;
      store.askToRestart(restart, slug, function (yes) {
        if (yes && !stale()) begin(true, "Restarted from the beginning.");
      });
    });
    clear.addEventListener("click", function () {
      store.askToClear(clear, function (result) {
        notices.textContent = "";
        if (result === "empty") notice("This site has nothing stored in this browser, so there is nothing to clear.");
        if (result !== "cleared") return;
        begin(true);
        notice("Everything this site stored in your browser has been removed.");
      });
    });
    function onStorage(event) {
      if (!root.isConnected) { window.removeEventListener("storage", onStorage); return; }
      if (event.key === null || event.key === key) stale();
    }
    window.addEventListener("storage", onStorage);
    show(false);
  }

  /* Material's document$ emits on load and after each instant navigation, but never on file://,
   * so also mount once the document is parsed; mount() is idempotent. */
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
