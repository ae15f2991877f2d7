/*
 * Embeddable chat widget of the Smart-City-Beratungsassistent. One tag on any page:
 *
 *   <script src="https://HOST/widget.js" data-api="https://HOST"
 *           data-municipality="Delbrück" defer></script>
 *
 * Optional: data-lang="de|en", data-open="true" (open the panel at once).
 * Renders a launcher and a chat panel inside a shadow root (host styles cannot reach in,
 * nothing leaks out). Loads /static/i18n.js and the chat component (CHAT_PARTS, ending with
 * /static/chat-core.js) from its own host; the only global is the namespaced object
 * window.SmartCityAssistant.
 */
(function () {
  "use strict";
  var script =
    document.currentScript ||
    (function () {
      var all = document.querySelectorAll("script[src*='widget.js']");
      return all.length ? all[all.length - 1] : null;
    })();
  if (!script) return;
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  if (ns.widgetLoading) return; // one widget per page
  ns.widgetLoading = true;
  var assetBase = new URL(".", script.src).href.replace(/\/+$/, "");
  var api = (script.getAttribute("data-api") || assetBase).replace(/\/+$/, "");
  var municipality = script.getAttribute("data-municipality") || "";
  var langAttr = script.getAttribute("data-lang");
  var startOpen = script.getAttribute("data-open") === "true";
  var OPEN_KEY = "smartcity.widget.open";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var CHAT_ICON =
    "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zm0 14H5.17L4 17.17V4h16v12z";
  // the chat component's files, in the order they must run (chat-core.js last)
  var CHAT_PARTS = [
    "chat-dom.js",
    "chat-stream.js",
    "chat-store.js",
    "chat-feedback.js",
    "chat-render.js",
    "chat-core.js"
  ];

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;
      s.onload = function () {
        resolve();
      };
      s.onerror = function () {
        reject(new Error("could not load " + src));
      };
      (document.head || document.documentElement).appendChild(s);
    });
  }

  function ready() {
    return new Promise(function (resolve) {
      if (document.body) resolve();
      else document.addEventListener("DOMContentLoaded", resolve);
    });
  }

  function stylesheet(root, href) {
    return new Promise(function (resolve) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = resolve;
      root.appendChild(link);
    });
  }

  function build() {
    var i18n = ns.i18n;
    var chosen = null;
    try {
      chosen = window.localStorage.getItem("smartcity.lang");
    } catch (e) {
      chosen = null;
    }
    if (langAttr && !chosen) i18n.setLang(langAttr);
    var t = i18n.t;
    var host = document.createElement("smartcity-assistant");
    host.style.setProperty("all", "initial", "important");
    host.style.setProperty("display", "block", "important");
    var shadow = host.attachShadow({ mode: "open" });
    ns.widgetHost = host;

    var wrapper = document.createElement("div");
    wrapper.className = "scw-root";
    wrapper.hidden = true; // shown once the stylesheets are in
    wrapper.lang = i18n.lang();

    var launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "scw-launcher";
    launcher.setAttribute("aria-expanded", "false");
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", CHAT_ICON);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    var launcherText = document.createElement("span");
    launcher.appendChild(svg);
    launcher.appendChild(launcherText);

    var panel = document.createElement("div");
    panel.className = "scw-panel";
    panel.id = "scw-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("aria-labelledby", "scw-title");
    launcher.setAttribute("aria-controls", "scw-panel");

    var header = document.createElement("div");
    header.className = "scw-header";
    var title = document.createElement("h2");
    title.className = "scw-title";
    title.id = "scw-title";
    var langBtn = document.createElement("button");
    langBtn.type = "button";
    langBtn.className = "scw-lang";
    var closeBtn = document.createElement("button");
    closeBtn.type = "button";
    closeBtn.className = "scw-close";
    closeBtn.textContent = "✕";
    header.appendChild(title);
    header.appendChild(langBtn);
    header.appendChild(closeBtn);

    var body = document.createElement("div");
    body.className = "scw-body";
    panel.appendChild(header);
    panel.appendChild(body);
    wrapper.appendChild(launcher);
    wrapper.appendChild(panel);

    var chat = ns.mountChat(body, {
      api: api,
      municipality: municipality,
      mode: "widget",
      storageKey: "smartcity.widget.conversation",
      headingLevel: 3
    });

    function relabel() {
      wrapper.lang = i18n.lang();
      launcherText.textContent = t("widget.launcher");
      launcher.setAttribute("aria-label", t("widget.open"));
      title.textContent = t("widget.dialog");
      langBtn.textContent = i18n.lang() === "de" ? "EN" : "DE";
      var hint = document.createElement("span");
      hint.className = "sc-visually-hidden";
      hint.textContent = " – " + t("lang.switchLabel");
      langBtn.appendChild(hint);
      langBtn.lang = i18n.lang() === "de" ? "en" : "de";
      closeBtn.setAttribute("aria-label", t("widget.close"));
      closeBtn.title = t("widget.close");
    }

    function remember(open) {
      try {
        window.sessionStorage.setItem(OPEN_KEY, open ? "1" : "0");
      } catch (e) {
        /* storage blocked: only this page remembers */
      }
    }

    function open(focus) {
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute("aria-expanded", "true");
      remember(true);
      if (focus !== false) chat.focusInput();
    }

    function close() {
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute("aria-expanded", "false");
      remember(false);
      launcher.focus();
    }

    launcher.addEventListener("click", function () {
      open(true);
    });
    closeBtn.addEventListener("click", close);
    langBtn.addEventListener("click", function () {
      i18n.setLang(i18n.lang() === "de" ? "en" : "de");
      langBtn.focus();
    });
    panel.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        ev.stopPropagation();
        close();
      }
    });
    i18n.onChange(relabel);
    relabel();

    shadow.appendChild(wrapper);
    document.body.appendChild(host);
    Promise.all([
      stylesheet(shadow, assetBase + "/static/chat.css"),
      stylesheet(shadow, assetBase + "/static/widget.css")
    ]).then(function () {
      wrapper.hidden = false;
      var wasOpen = false;
      try {
        wasOpen = window.sessionStorage.getItem(OPEN_KEY) === "1";
      } catch (e) {
        wasOpen = false;
      }
      if (startOpen || wasOpen) open(false);
      host.setAttribute("data-ready", "true");
    });

    ns.widget = { open: open, close: close, chat: chat, host: host };
  }

  var need = [];
  if (!ns.i18n) need.push(assetBase + "/static/i18n.js");
  if (!ns.mountChat) {
    CHAT_PARTS.forEach(function (name) {
      need.push(assetBase + "/static/" + name);
    });
  }
  // all requested at once; async=false makes them run in this order
  Promise.all(need.map(loadScript))
    .then(ready)
    .then(build)
    .catch(function (e) {
      if (window.console) window.console.error("SmartCityAssistant widget:", e);
    });
})();
