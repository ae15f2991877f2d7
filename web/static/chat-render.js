/*
 * Rendering of the chat messages: the answer text with its [n] source links, the list of
 * cited sources (pinnable on /advisor), the contact cards, and the user and pending
 * messages. Registers SmartCityAssistant.chatParts.render. Every piece of answer or
 * document text is inserted with textContent / createTextNode, never as HTML.
 * Needs chatParts.dom and SmartCityAssistant.i18n.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = (ns.chatParts = ns.chatParts || {});

  function t(key) {
    return ns.i18n.t(key);
  }

  /**
   * The renderer of one chat. ctx: api (base URL), opts (the mountChat options),
   * level (heading level), feedbackBar(message, index).
   */
  function create(ctx) {
    var el = parts.dom.el;
    var sourceHref = parts.dom.sourceHref;
    var api = ctx.api;
    var opts = ctx.opts;

    function heading(text) {
      return el("h" + ctx.level, "sc-subhead", text);
    }

    /** Answer text with its [n] markers turned into links to the cited sources. */
    function answerBody(text, citations) {
      var box = el("div", "sc-answer");
      var byN = {};
      (citations || []).forEach(function (c) {
        byN[c.n] = c;
      });
      var paragraphs = String(text || "").split(/\n{2,}/);
      paragraphs.forEach(function (para) {
        var p = el("p");
        var re = /\[(\d+)\]/g;
        var last = 0;
        var m;
        while ((m = re.exec(para)) !== null) {
          var c = byN[Number(m[1])];
          if (!c) continue;
          if (m.index > last) p.appendChild(document.createTextNode(para.slice(last, m.index)));
          var a = el("a", "sc-ref", "[" + c.n + "]");
          a.href = sourceHref(api, c);
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          a.setAttribute("aria-label", t("chat.source") + " " + c.n + ": " + c.title);
          p.appendChild(a);
          last = m.index + m[0].length;
        }
        if (last < para.length) p.appendChild(document.createTextNode(para.slice(last)));
        box.appendChild(p);
      });
      return box;
    }

    function pinButton(c) {
      var pin = el("button", "sc-button sc-button--small sc-pin");
      pin.type = "button";
      var pinned = typeof opts.isPinned === "function" && opts.isPinned(c);
      pin.textContent = pinned ? t("chat.pinned") : t("chat.pin");
      pin.setAttribute("aria-pressed", pinned ? "true" : "false");
      pin.setAttribute("aria-label", t("chat.pinLabel") + "[" + c.n + "] " + c.title);
      pin.addEventListener("click", function () {
        var now = opts.onPin(c, sourceHref(api, c));
        pin.textContent = now ? t("chat.pinned") : t("chat.pin");
        pin.setAttribute("aria-pressed", now ? "true" : "false");
      });
      return pin;
    }

    function sourcesList(m) {
      var wrap = el("section", "sc-sources");
      wrap.appendChild(heading(t("chat.sources")));
      var ol = el("ol", "sc-source-list");
      m.citations.forEach(function (c) {
        var li = el("li", "sc-source");
        var a = el("a", "sc-source-link");
        a.href = sourceHref(api, c);
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.appendChild(el("span", "sc-source-n", "[" + c.n + "]"));
        a.appendChild(document.createTextNode(" " + (c.title || c.doc_id)));
        a.appendChild(el("span", "sc-visually-hidden", " – " + t("chat.openSource")));
        li.appendChild(a);
        var where = [];
        if (c.doc_type) where.push(t("type." + c.doc_type));
        if (c.page) where.push(t("chat.page") + " " + c.page);
        if (c.section) where.push(t("chat.section") + " „" + c.section + "“");
        if (where.length) li.appendChild(el("p", "sc-source-meta", where.join(" · ")));
        if (c.quote) li.appendChild(el("blockquote", "sc-quote", c.quote));
        if (opts.pinnable && typeof opts.onPin === "function") li.appendChild(pinButton(c));
        ol.appendChild(li);
      });
      wrap.appendChild(ol);
      return wrap;
    }

    function contactCards(m) {
      var wrap = el("section", "sc-contacts");
      wrap.appendChild(
        heading(m.confidence === "none" ? t("chat.contactsRefusal") : t("chat.contacts"))
      );
      var ul = el("ul", "sc-contact-list");
      m.contacts.forEach(function (c) {
        var li = el("li", "sc-contact");
        li.appendChild(el("p", "sc-contact-name", c.name));
        var dl = el("dl", "sc-contact-facts");
        function fact(key, value, node) {
          if (!value && !node) return;
          var row = el("div", "sc-fact");
          row.appendChild(el("dt", null, t(key)));
          var dd = el("dd");
          if (node) dd.appendChild(node);
          else dd.textContent = String(value);
          row.appendChild(dd);
          dl.appendChild(row);
        }
        fact("contact.organisation", c.organisation);
        fact("contact.role", c.role);
        fact("contact.region", c.region);
        if (c.channel) {
          if (parts.dom.isWebUrl(c.channel)) {
            var a = el("a", "sc-contact-channel", c.channel);
            a.href = c.channel;
            a.target = "_blank";
            a.rel = "noopener noreferrer";
            fact("contact.channel", null, a);
          } else {
            fact("contact.channel", c.channel);
          }
        }
        fact("contact.reason", c.reason);
        if (c.distance !== null && c.distance !== undefined) {
          fact("contact.distance", t("dist." + c.distance));
        }
        li.appendChild(dl);
        ul.appendChild(li);
      });
      wrap.appendChild(ul);
      return wrap;
    }

    function assistant(m, index) {
      var li = el("li", "sc-msg sc-msg--assistant");
      if (m.confidence === "none") li.classList.add("sc-msg--refusal");
      li.appendChild(el("p", "sc-who", t("chat.assistant")));
      if (m.error) {
        var err = el("p", "sc-error", t("chat.error") + m.error);
        li.appendChild(err);
        return li;
      }
      if (m.confidence === "none") {
        var ref = el("p", "sc-refusal-title", t("chat.refusal"));
        li.appendChild(ref);
      }
      li.appendChild(answerBody(m.content, m.citations));
      if (m.notice) {
        var note = el("p", "sc-notice");
        note.appendChild(el("strong", null, t("chat.notice") + ": "));
        note.appendChild(document.createTextNode(m.notice));
        li.appendChild(note);
      }
      if (m.confidence && m.confidence !== "none") {
        li.appendChild(
          el(
            "p",
            "sc-confidence sc-confidence--" + m.confidence,
            t("chat.confidence") + ": " + t("conf." + m.confidence)
          )
        );
      }
      if (m.citations && m.citations.length) li.appendChild(sourcesList(m));
      if (m.contacts && m.contacts.length) li.appendChild(contactCards(m));
      li.appendChild(ctx.feedbackBar(m, index));
      return li;
    }

    function user(m) {
      var li = el("li", "sc-msg sc-msg--user");
      li.appendChild(el("p", "sc-who", t("chat.you")));
      var body = el("p", "sc-user-text", m.content);
      li.appendChild(body);
      return li;
    }

    /** The answer being streamed; sets pending.node (its text) and pending.li. */
    function pendingAnswer(pending) {
      var li = el("li", "sc-msg sc-msg--assistant sc-msg--pending");
      li.appendChild(el("p", "sc-who", t("chat.assistant")));
      var box = el("div", "sc-answer");
      var p = el("p", "sc-stream", pending.text || "");
      box.appendChild(p);
      li.appendChild(box);
      if (!pending.text) li.appendChild(el("p", "sc-thinking", t("chat.thinking")));
      pending.node = p;
      pending.li = li;
      return li;
    }

    return { assistant: assistant, user: user, pending: pendingAnswer };
  }

  parts.render = { create: create };
})();
