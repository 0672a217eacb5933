/* pcpProgress: the site's only storage, shared by the player, the catalogue and supervision.
 *
 * One localStorage entry per scenario, key "pcp:progress:<slug>", value JSON:
 *   { version: "<content hash>", feedback: "immediate"|"delayed", node: "<node id>",
 *     path: [{node: "<id>", choice: <index in that node's choices>}], flags: ["<flag>"],
 *     scores: {"<competency>": <number>}, status: "in-progress"|"finished",
 *     outcome: null|"strong"|"acceptable"|"poor",
 *     startedAt, updatedAt, finishedAt: ISO 8601 strings (finishedAt null until finished) }
 * Nothing leaves the browser. Corrupt or foreign values read as absent; no method throws,
 * even when localStorage itself is unavailable. clearAll() removes every "pcp:" key.
 */
(function () {
  "use strict";
  var PREFIX = "pcp:progress:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function isStr(v) { return typeof v === "string"; }
  function isTime(v) { return isStr(v) && !isNaN(Date.parse(v)); }
  function valid(s) {
    return !!s && typeof s === "object" && !Array.isArray(s) &&
      isStr(s.version) && (s.feedback === "immediate" || s.feedback === "delayed") &&
      isStr(s.node) && Array.isArray(s.path) &&
      s.path.every(function (p) { return p && isStr(p.node) && Number.isInteger(p.choice) && p.choice >= 0; }) &&
      Array.isArray(s.flags) && s.flags.every(isStr) &&
      !!s.scores && typeof s.scores === "object" && !Array.isArray(s.scores) &&
      Object.keys(s.scores).every(function (k) { return Number.isFinite(s.scores[k]); }) &&
      (s.status === "in-progress" || s.status === "finished") &&
      (s.outcome === null || s.outcome === undefined || isStr(s.outcome)) &&
      isTime(s.startedAt) && isTime(s.updatedAt) && (s.finishedAt == null || isTime(s.finishedAt));
  }
  function read(key) {
    var ls = storage();
    try {
      var state = JSON.parse(ls.getItem(key));
      return valid(state) ? state : null;
    } catch (e) { return null; }
  }
  function keys() {
    var ls = storage(), found = [];
    try {
      for (var i = 0; i < ls.length; i++) {
        var key = ls.key(i);
        if (key && key.indexOf("pcp:") === 0) found.push(key);
      }
    } catch (e) { /* no storage */ }
    return found;
  }

  window.pcpProgress = {
    get: function (slug) { return read(PREFIX + slug); },
    /* true when anything is stored for slug, readable or not (the player says so when not) */
    stored: function (slug) {
      try { return storage().getItem(PREFIX + slug) !== null; } catch (e) { return false; }
    },
    set: function (slug, state) {
      try { storage().setItem(PREFIX + slug, JSON.stringify(state)); return true; } catch (e) { return false; }
    },
    remove: function (slug) {
      try { storage().removeItem(PREFIX + slug); } catch (e) { /* nothing to remove */ }
    },
    all: function () {
      var result = {};
      keys().forEach(function (key) {
        if (key.indexOf(PREFIX) !== 0) return;
        var state = read(key);
        if (state) result[key.slice(PREFIX.length)] = state;
      });
      return result;
    },
    clearAll: function () {
      keys().forEach(function (key) {
        try { storage().removeItem(key); } catch (e) { /* ignore */ }
      });
    }
  };
})();
