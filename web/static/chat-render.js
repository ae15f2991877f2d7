/*
 * Rendering of the chat messages: the answer text (paragraphs and lines) with its [n]
 * source links, the mark of a partial answer (hedge) or a refusal, the list of cited
 * sources with the "Beispielinhalt" badge of sample documents (pinnable on /advisor), the
 * contact cards, and the user and pending messages. Registers
 * SmartCityAssistant.chatParts.render. Every piece of answer or document text is inserted
 * with textContent / createTextNode, never as HTML. Needs chatParts.dom and
 * SmartCityAssistant.i18n.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = (ns.chatParts = ns.chatParts || {});

  function t(key) {
    return ns.i18n.t(key);
  }

  // „Title“ (Kind): the opening of an answer paragraph that quotes one document
  var DOC_LEAD = /^„[^\n]*?“ \([^()\n]*\):/;
  // "Voraussetzungen:" at the start of a line of a structured (transfer) answer
  var LINE_LABEL = /^([^\s.:[\]][^.:[\]\n]{0,40}:)\s/;

  /**
   * The kind of an answer message: "answer", "hedge" or "refusal". Servers and stored
   * conversations from before the `kind` field count as a refusal at confidence "none",
   * else as an answer.
   */
  function kindOf(m) {
    if (m && (m.kind === "answer" || m.kind === "hedge" || m.kind === "refusal")) return m.kind;
    return m && m.confidence === "none" ? "refusal" : "answer";
  }

  /** The sample note of a citation ("" for real documents and older servers). */
  function sampleNote(c) {
    return c && typeof c.sample_note === "string" ? c.sample_note.trim() : "";
  }

  /**
   * The renderer of one chat. ctx: api (base URL), opts (the mountChat options),
   * level (heading level), idBase (prefix of element ids), feedbackBar(message, index).
   */
  function create(ctx) {
    var el = parts.dom.el;
    var sourceHref = parts.dom.sourceHref;
    var api = ctx.api;
    var opts = ctx.opts;

    function heading(text) {
      return el("h" + ctx.level, "sc-subhead", text);
    }

    /** One line of answer text into `p`, its [n] markers as links to the cited sources. */
    function appendLine(p, line, byN) {
      var re = /\[(\d+)\]/g;
      var last = 0;
      var m;
      while ((m = re.exec(line)) !== null) {
        var c = byN[Number(m[1])];
        if (!c) continue;
        if (m.index > last) p.appendChild(document.createTextNode(line.slice(last, m.index)));
        var a = el("a", "sc-ref", "[" + c.n + "]");
        a.href = sourceHref(api, c);
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        var label = t("chat.source") + " " + c.n + ": " + c.title;
        if (sampleNote(c)) label += " (" + t("chat.sample") + ")";
        a.setAttribute("aria-label", label);
        p.appendChild(a);
        last = m.index + m[0].length;
      }
      if (last < line.length) p.appendChild(document.createTextNode(line.slice(last)));
    }

    /**
     * Answer text as paragraphs (split at blank lines) and lines (split at single line
     * breaks); a paragraph's „Title“ (Kind): opening and a line's "Part:" label are set
     * in bold, and the first paragraph of a partial answer (the sentence saying what the
     * documents do not state) is marked as its lead.
     */
    function answerBody(text, citations, kind) {
      var box = el("div", "sc-answer");
      var byN = {};
      (citations || []).forEach(function (c) {
        byN[c.n] = c;
      });
      var paragraphs = String(text || "")
        .replace(/\r\n?/g, "\n")
        .split(/\n[ \t]*\n\s*/)
        .map(function (para) {
          return para.replace(/^\s+|\s+$/g, "");
        })
        .filter(Boolean);
      if (!paragraphs.length) paragraphs = [""];
      paragraphs.forEach(function (para, i) {
        var p = el("p");
        if (kind === "hedge" && i === 0 && paragraphs.length > 1) p.className = "sc-hedge-lead";
        var lead = DOC_LEAD.exec(para);
        if (lead) {
          p.appendChild(el("strong", "sc-doc-lead", lead[0]));
          para = para.slice(lead[0].length);
        }
        para.split("\n").forEach(function (line, j) {
          if (j > 0) {
            p.appendChild(document.createElement("br"));
            // a structured answer's part: "Voraussetzungen: ..." (label in bold)
            var label = LINE_LABEL.exec(line);
            if (label) {
              p.appendChild(el("strong", "sc-line-label", label[1]));
              line = line.slice(label[1].length);
            }
          }
          appendLine(p, line, byN);
        });
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

    /** The "Beispielinhalt" badge of a sample document's citation, or null. */
    function sampleBadge(c, index) {
      var note = sampleNote(c);
      if (!note) return null;
      var id = ctx.idBase + "sample-" + index + "-" + c.n;
      return parts.dom.sampleBadge(t("chat.sample"), note, id);
    }

    function sourcesList(m, index) {
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
        var badge = sampleBadge(c, index);
        if (badge || where.length) {
          var meta = el("p", "sc-source-meta");
          if (badge) {
            meta.classList.add("sc-sample-host");
            meta.appendChild(badge);
            if (where.length) meta.appendChild(document.createTextNode(" "));
          }
          if (where.length) meta.appendChild(document.createTextNode(where.join(" · ")));
          li.appendChild(meta);
        }
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
        heading(kindOf(m) === "refusal" ? t("chat.contactsRefusal") : t("chat.contacts"))
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
      var kind = m.error ? "error" : kindOf(m);
      if (kind === "refusal") li.classList.add("sc-msg--refusal");
      if (kind === "hedge") li.classList.add("sc-msg--hedge");
      li.appendChild(el("p", "sc-who", t("chat.assistant")));
      if (m.error) {
        var err = el("p", "sc-error", t("chat.error") + m.error);
        li.appendChild(err);
        return li;
      }
      if (kind === "refusal") {
        li.appendChild(el("p", "sc-refusal-title", t("chat.refusal")));
      } else if (kind === "hedge") {
        li.appendChild(el("p", "sc-hedge-title", t("chat.hedge")));
      }
      li.appendChild(answerBody(m.content, m.citations, kind));
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
      if (m.citations && m.citations.length) li.appendChild(sourcesList(m, index));
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

  parts.render = { create: create, kindOf: kindOf, sampleNote: sampleNote };
})();
