/*
 * Small DOM and link helpers of the chat component (static/chat-core.js and its parts).
 *
 * Registers SmartCityAssistant.chatParts.dom and the public helpers SmartCityAssistant.el,
 * SmartCityAssistant.sourceHref and SmartCityAssistant.sampleBadge. Text is always set with
 * textContent, never as HTML.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = (ns.chatParts = ns.chatParts || {});
  var SVG_NS = "http://www.w3.org/2000/svg";
  var THUMB =
    "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06" +
    "L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22" +
    "l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

  /** Create an element with optional class and text (text always via textContent). */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** The thumb icon of the feedback buttons (`flip`: thumb down). */
  function icon(flip) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", THUMB);
    path.setAttribute("fill", "currentColor");
    if (flip) path.setAttribute("transform", "rotate(180 12 12)");
    svg.appendChild(path);
    return svg;
  }

  /** A random 16-hex-digit id (conversation ids). */
  function uid() {
    var a = new Uint8Array(8);
    window.crypto.getRandomValues(a);
    return Array.prototype.map
      .call(a, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  /** The link that opens a cited source at its page (PDF) or section (other formats). */
  function sourceHref(api, c) {
    var id = encodeURIComponent(c.doc_id);
    if (/\.pdf$/i.test(String(c.source || ""))) {
      return api + "/api/documents/" + id + "/file" + (c.page ? "#page=" + c.page : "");
    }
    var q = "doc=" + id;
    if (c.section) q += "&section=" + encodeURIComponent(c.section);
    if (c.page !== null && c.page !== undefined) q += "&page=" + encodeURIComponent(c.page);
    return api + "/view?" + q;
  }

  /** A link is only made from http(s) URLs; anything else stays text. */
  function isWebUrl(value) {
    return /^https?:\/\/[^\s]+$/i.test(String(value || ""));
  }

  /**
   * The badge of a cited sample document: a button labelled `label` whose accessible
   * description is `note` (in the element with id `id`). The note shows on hover and on
   * keyboard focus, stays open after a click or tap; a second click or Escape hides it (until
   * focus or pointer come back).
   */
  function sampleBadge(label, note, id) {
    var wrap = el("span", "sc-sample");
    var btn = el("button", "sc-sample-badge", label);
    btn.type = "button";
    btn.setAttribute("aria-describedby", id);
    btn.setAttribute("aria-controls", id);
    btn.setAttribute("aria-expanded", "false");
    var tip = el("span", "sc-sample-note", note);
    tip.id = id;
    function setOpen(open) {
      wrap.classList.toggle("is-open", open);
      btn.setAttribute("aria-expanded", open ? "true" : "false");
    }
    btn.addEventListener("click", function () {
      var open = !wrap.classList.contains("is-open");
      setOpen(open);
      // closing by click hides the note although the button keeps focus and pointer
      wrap.classList.toggle("is-dismissed", !open);
    });
    btn.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape" || wrap.classList.contains("is-dismissed")) return;
      // the first Escape only hides the note (a widget panel closes on the next one)
      ev.preventDefault();
      ev.stopPropagation();
      setOpen(false);
      wrap.classList.add("is-dismissed");
    });
    btn.addEventListener("blur", function () {
      wrap.classList.remove("is-dismissed");
    });
    wrap.addEventListener("mouseenter", function () {
      wrap.classList.remove("is-dismissed");
    });
    wrap.appendChild(btn);
    wrap.appendChild(tip);
    return wrap;
  }

  parts.dom = {
    el: el,
    icon: icon,
    uid: uid,
    sourceHref: sourceHref,
    isWebUrl: isWebUrl,
    sampleBadge: sampleBadge
  };
  ns.sourceHref = sourceHref;
  ns.sampleBadge = sampleBadge;
  ns.el = el;
})();
