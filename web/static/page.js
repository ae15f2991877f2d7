/*
 * Common page behaviour: texts in the chosen language, the language switch, the current
 * navigation entry and the document title. Needs static/i18n.js.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var i18n = ns.i18n;

  function relabel() {
    document.documentElement.lang = i18n.lang();
    i18n.apply(document);
    var key = document.body.getAttribute("data-title");
    document.title = (key ? i18n.t(key) + " – " : "") + i18n.t("app.title");
    var sw = document.getElementById("lang-switch");
    if (sw) {
      sw.setAttribute("aria-label", i18n.t("lang.switchLabel"));
      sw.lang = i18n.lang() === "de" ? "en" : "de";
    }
  }

  function start() {
    var here = window.location.pathname;
    var links = document.querySelectorAll(".site-nav a");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("href") === here) links[i].setAttribute("aria-current", "page");
    }
    var sw = document.getElementById("lang-switch");
    if (sw) {
      sw.addEventListener("click", function () {
        i18n.setLang(i18n.lang() === "de" ? "en" : "de");
      });
    }
    i18n.onChange(relabel);
    relabel();
  }

  /** Create an element with optional class and text (text always via textContent). */
  ns.el =
    ns.el ||
    function (tag, cls, text) {
      var node = document.createElement(tag);
      if (cls) node.className = cls;
      if (text !== undefined && text !== null) node.textContent = String(text);
      return node;
    };

  /** Show a message in a status element (role=status/alert set in the HTML). */
  ns.showStatus = function (node, text, kind) {
    node.textContent = text;
    node.classList.remove("is-error", "is-ok");
    if (kind) node.classList.add(kind === "error" ? "is-error" : "is-ok");
  };

  /** Error text of a failed API response in the one JSON error shape. */
  ns.errorText = function (response) {
    return response
      .json()
      .then(function (body) {
        if (body && body.error) {
          var code = body.error.code ? " (" + body.error.code + ")" : "";
          return String(body.error.message || body.error.code) + code;
        }
        return "HTTP " + response.status;
      })
      .catch(function () {
        return "HTTP " + response.status;
      });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
