/* pcpAssessment: how a route through a scenario is assessed, the same model as the engine's
 * hooks/scenario_engine/assessment.py (tests hold the two to the same figures).
 *
 * `data` is a scenario shaped like the player data (format 2): {start, competencies: {key: name},
 * nodes: {id: {label, outcome, debrief: [{if, unless}], choices: [{next, scores, sets, if, unless, caps}]}}}.
 * A walk is {node, flags: [], earned: {k}, available: {k}, steps: [], caps: [{step, cap}]}; each step is
 * {node, choice, strongest, missed, cap}. At every step, for each competency the scenario lists,
 * available grows by the best score any visible choice offers (at least 0) and earned by the chosen
 * choice's score; every visit counts, loops included. The reported outcome is the ending's, lowered
 * by every cap met. All functions are pure: step() returns a new walk and leaves its argument as it
 * was. Objects keyed by author keys are null-prototype, and author keys are only ever looked up as
 * own properties, so "constructor" or "__proto__" are ordinary keys here.
 */
(function () {
  "use strict";
  var OUTCOMES = ["strong", "acceptable", "poor"];
  var has = Object.prototype.hasOwnProperty;

  function own(object, key) { return object != null && has.call(object, key) ? object[key] : undefined; }
  function table() { return Object.create(null); }
  function keys(data) { return Object.keys(data.competencies || {}); }
  function score(choice, key) {
    var value = own(choice.scores, key);
    return typeof value === "number" && isFinite(value) ? value : 0;
  }
  function total(choice) {
    return Object.keys(choice.scores || {}).reduce(function (sum, key) { return sum + score(choice, key); }, 0);
  }
  function holds(item, flags) {
    return (item.if || []).every(function (f) { return flags.indexOf(f) >= 0; }) &&
      !(item.unless || []).some(function (f) { return flags.indexOf(f) >= 0; });
  }
  function lower(a, b) { return b && OUTCOMES.indexOf(b) > OUTCOMES.indexOf(a) ? b : a; }
  function copy(from) {
    var to = table();
    Object.keys(from).forEach(function (k) { to[k] = from[k]; });
    return to;
  }

  function begin(data) {
    var earned = table(), available = table();
    keys(data).forEach(function (k) { earned[k] = 0; available[k] = 0; });
    return { node: data.start, flags: [], earned: earned, available: available, steps: [], caps: [] };
  }

  /* advances w itself (already a copy, or a walk of assess's own); null when the step does not fit */
  function advance(data, w, s) {
    var node = own(data.nodes, w.node);
    if (!node || !s || s.node !== w.node || !Number.isInteger(s.choice) || s.choice < 0) return null;
    var chosen = node.choices[s.choice];
    if (!chosen || !holds(chosen, w.flags)) return null;
    var strongest = -1, top = -Infinity;
    node.choices.forEach(function (choice, i) {
      if (!holds(choice, w.flags)) return;
      var t = total(choice);
      if (t > top) { top = t; strongest = i; }
    });
    keys(data).forEach(function (k) {
      var best = 0;
      node.choices.forEach(function (choice) { if (holds(choice, w.flags)) best = Math.max(best, score(choice, k)); });
      w.available[k] += best;
      w.earned[k] += score(chosen, k);
    });
    var cap = chosen.caps || null;
    if (cap) w.caps.push({ step: w.steps.length, cap: cap });
    w.steps.push({ node: w.node, choice: s.choice, strongest: strongest, missed: total(chosen) < top, cap: cap });
    (chosen.sets || []).forEach(function (f) { if (w.flags.indexOf(f) < 0) w.flags.push(f); });
    w.node = chosen.next;
    return own(data.nodes, w.node) ? w : null;
  }

  function step(data, walk, s) {
    return advance(data, { node: walk.node, flags: walk.flags.slice(), earned: copy(walk.earned),
      available: copy(walk.available), steps: walk.steps.slice(), caps: walk.caps.slice() }, s);
  }

  function finish(data, walk) {
    var ending = own(data.nodes, walk.node);
    if (!ending || !ending.outcome) return null;
    var outcome = walk.caps.reduce(function (o, c) { return lower(o, c.cap); }, ending.outcome);
    var capped = null;
    if (outcome !== ending.outcome) {
      walk.caps.some(function (c) { if (c.cap === outcome) capped = c.step; return capped !== null; });
    }
    var parts = [];
    (ending.debrief || []).forEach(function (part, i) { if (holds(part, walk.flags)) parts.push(i); });
    var missed = [];
    walk.steps.forEach(function (s, i) { if (s.missed) missed.push(i); });
    return { endingOutcome: ending.outcome, outcome: outcome, cappedBy: capped, debriefParts: parts,
      earned: copy(walk.earned), available: copy(walk.available), missed: missed };
  }

  function assess(data, path) {
    if (!Array.isArray(path)) return null;
    var walk = begin(data);
    if (!own(data.nodes, walk.node)) return null;
    for (var i = 0; i < path.length; i++) {
      if (!advance(data, walk, path[i])) return null;
    }
    return { walk: walk, result: finish(data, walk) };
  }

  function share(earned, available) { return available ? earned / available : null; }

  window.pcpAssessment = Object.freeze({ begin: begin, step: step, finish: finish, assess: assess,
    share: share, OUTCOMES: OUTCOMES.slice() });
})();
