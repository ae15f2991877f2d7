/*
 * The conversation of one chat, kept in sessionStorage (this tab only) under a key per
 * chat, and the short history sent with each question. Registers
 * SmartCityAssistant.chatParts.store. Needs chatParts.dom (static/chat-dom.js).
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = (ns.chatParts = ns.chatParts || {});
  var HISTORY_MESSAGES = 6;
  var HISTORY_CHARS = 1500;
  var MAX_STORED = 40;

  /** An empty conversation with a new id. */
  function fresh(municipality) {
    return { id: parts.dom.uid(), messages: [], municipality: municipality || "" };
  }

  /** The stored conversation under `key`, or an empty one. */
  function load(key) {
    try {
      var raw = window.sessionStorage.getItem(key);
      var parsed = raw ? JSON.parse(raw) : null;
      if (parsed && Array.isArray(parsed.messages)) return parsed;
    } catch (e) {
      /* unreadable or blocked storage: start empty */
    }
    return fresh("");
  }

  /** Store `state` under `key`, keeping only the newest messages. */
  function save(key, state) {
    state.messages = state.messages.slice(-MAX_STORED);
    try {
      window.sessionStorage.setItem(key, JSON.stringify(state));
    } catch (e) {
      /* storage full or blocked: the conversation still works in this page */
    }
  }

  /** The last few answered turns, shortened, as the `history` of a question. */
  function history(messages) {
    return messages
      .filter(function (m) {
        return !m.error && m.content;
      })
      .slice(-HISTORY_MESSAGES)
      .map(function (m) {
        return { role: m.role, content: String(m.content).slice(0, HISTORY_CHARS) };
      });
  }

  parts.store = { fresh: fresh, load: load, save: save, history: history };
})();
