/*
 * The chat component shared by the embeddable widget and the pages (/ and /advisor).
 *
 * SmartCityAssistant.mountChat(container, options) builds the chat inside `container`
 * (a shadow root's element or a page element) and returns a small controller.
 * Every piece of answer or document text is inserted with textContent / createTextNode,
 * never as HTML. Needs SmartCityAssistant.i18n (static/i18n.js) loaded first.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var SVG_NS = "http://www.w3.org/2000/svg";
  var THUMB =
    "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06" +
    "L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22" +
    "l3.02-7.05c.09-.23.14-.47.14-.73v-2z";
  var HISTORY_MESSAGES = 6;
  var HISTORY_CHARS = 1500;
  var MAX_STORED = 40;
  var counter = 0;

  function t(key) {
    return ns.i18n.t(key);
  }

  /** Create an element with optional class and text (text always via textContent). */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

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

  /** Read `event:`/`data:` blocks from a fetch body; calls onEvent(name, data). */
  function readSse(response, onEvent, signal) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder("utf-8");
    var buffer = "";
    function dispatch(block) {
      var name = "message";
      var data = [];
      var lines = block.split("\n");
      for (var i = 0; i < lines.length; i++) {
        var line = lines[i];
        if (!line || line.charAt(0) === ":") continue;
        var colon = line.indexOf(":");
        var field = colon < 0 ? line : line.slice(0, colon);
        var value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.charAt(0) === " ") value = value.slice(1);
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
      }
      if (data.length) onEvent(name, data.join("\n"));
    }
    function pump() {
      return reader.read().then(function (part) {
        if (signal && signal.aborted) return;
        if (part.done) {
          buffer += decoder.decode();
          if (buffer.trim()) dispatch(buffer.replace(/\r\n?/g, "\n"));
          return;
        }
        buffer += decoder.decode(part.value, { stream: true });
        buffer = buffer.replace(/\r\n/g, "\n").replace(/\r(?!$)/g, "\n");
        var cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
        return pump();
      });
    }
    return pump();
  }

  function errorMessage(response) {
    return response
      .json()
      .then(function (body) {
        if (body && body.error && body.error.message) return String(body.error.message);
        if (body && body.detail) return String(body.detail);
        return "HTTP " + response.status;
      })
      .catch(function () {
        return "HTTP " + response.status;
      });
  }

  /**
   * Mount the chat. options: api (base URL, no trailing slash), municipality,
   * municipalityField (show an input for it), storageKey, mode ("widget"|"inline"),
   * pinnable, isPinned(citation), onPin(citation), onAsk(question), headingLevel.
   */
  function mountChat(container, options) {
    var opts = options || {};
    var api = String(opts.api || "").replace(/\/+$/, "");
    var storageKey = opts.storageKey || "smartcity.conversation";
    var level = opts.headingLevel || 3;
    var idBase = "sc" + ++counter + "-";
    var state = load();
    var pending = null; // {question, text, controller}
    var lastAnnounced = "";

    var root = el("div", "sc-chat sc-chat--" + (opts.mode || "inline"));
    var toolbar = el("div", "sc-toolbar");
    var muniInput = null;
    var muniLabel = null;
    if (opts.municipalityField) {
      var muniWrap = el("div", "sc-field sc-field--inline");
      muniLabel = el("label", "sc-label");
      muniLabel.htmlFor = idBase + "municipality";
      muniInput = el("input", "sc-input sc-input--small");
      muniInput.id = idBase + "municipality";
      muniInput.type = "text";
      muniInput.autocomplete = "address-level2";
      muniInput.value = state.municipality || opts.municipality || "";
      muniInput.addEventListener("change", function () {
        state.municipality = muniInput.value.trim();
        save();
      });
      muniWrap.appendChild(muniLabel);
      muniWrap.appendChild(muniInput);
      toolbar.appendChild(muniWrap);
    } else if (opts.municipality) {
      muniLabel = el("p", "sc-municipality");
      toolbar.appendChild(muniLabel);
    }
    var newBtn = el("button", "sc-button sc-button--secondary sc-new");
    newBtn.type = "button";
    newBtn.addEventListener("click", function () {
      reset();
      input.focus();
    });
    toolbar.appendChild(newBtn);

    var list = el("ol", "sc-messages");
    list.id = idBase + "messages";
    list.tabIndex = -1;
    var live = el("div", "sc-visually-hidden");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    live.className = "sc-visually-hidden sc-live";

    var form = el("form", "sc-form");
    form.noValidate = true;
    var label = el("label", "sc-label");
    label.htmlFor = idBase + "input";
    var input = el("textarea", "sc-input sc-question");
    input.id = idBase + "input";
    input.rows = 2;
    input.maxLength = 2000;
    input.required = true;
    var send = el("button", "sc-button sc-send");
    send.type = "submit";
    var row = el("div", "sc-form-row");
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(label);
    form.appendChild(row);

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = input.value.trim();
      if (!q || pending) return;
      input.value = "";
      ask(q);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        if (typeof form.requestSubmit === "function") form.requestSubmit();
        else form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });

    root.appendChild(toolbar);
    root.appendChild(list);
    root.appendChild(live);
    root.appendChild(form);
    container.appendChild(root);

    function load() {
      try {
        var raw = window.sessionStorage.getItem(storageKey);
        var parsed = raw ? JSON.parse(raw) : null;
        if (parsed && Array.isArray(parsed.messages)) return parsed;
      } catch (e) {
        /* unreadable or blocked storage: start empty */
      }
      return { id: uid(), messages: [], municipality: "" };
    }

    function save() {
      state.messages = state.messages.slice(-MAX_STORED);
      try {
        window.sessionStorage.setItem(storageKey, JSON.stringify(state));
      } catch (e) {
        /* storage full or blocked: the conversation still works in this page */
      }
    }

    function municipality() {
      if (muniInput) return muniInput.value.trim();
      return String(opts.municipality || "");
    }

    function heading(text) {
      return el("h" + level, "sc-subhead", text);
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
        if (opts.pinnable && typeof opts.onPin === "function") {
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
          li.appendChild(pin);
        }
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
          if (isWebUrl(c.channel)) {
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

    function feedbackBar(m, index) {
      var bar = el("div", "sc-feedback");
      if (m.feedback === "sent") {
        bar.appendChild(el("p", "sc-thanks", t("fb.thanks")));
        return bar;
      }
      var q = el("p", "sc-feedback-q", t("fb.question"));
      q.id = idBase + "fb" + index;
      bar.appendChild(q);
      var group = el("div", "sc-feedback-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", q.id);
      [
        ["up", "fb.up", false],
        ["down", "fb.down", true]
      ].forEach(function (spec) {
        var b = el("button", "sc-button sc-button--icon sc-fb-" + spec[0]);
        b.type = "button";
        b.appendChild(icon(spec[2]));
        b.appendChild(el("span", "sc-visually-hidden", t(spec[1])));
        b.title = t(spec[1]);
        b.addEventListener("click", function () {
          sendFeedback(m, index, spec[0], bar);
        });
        group.appendChild(b);
      });
      bar.appendChild(group);
      if (m.feedback === "error") bar.appendChild(el("p", "sc-error", t("fb.error")));
      return bar;
    }

    function sendFeedback(m, index, rating, bar) {
      var buttons = bar.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      var question = "";
      for (var j = index - 1; j >= 0; j--) {
        if (state.messages[j].role === "user") {
          question = state.messages[j].content;
          break;
        }
      }
      var body = {
        rating: rating,
        question: question,
        answer: m.content,
        chunk_ids: (m.citations || []).map(function (c) {
          return c.chunk_id;
        }),
        conversation_id: state.id
      };
      fetch(api + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body)
      })
        .then(function (r) {
          m.feedback = r.ok ? "sent" : "error";
        })
        .catch(function () {
          m.feedback = "error";
        })
        .then(function () {
          save();
          var fresh = feedbackBar(m, index);
          bar.replaceWith(fresh);
          var focusable = fresh.querySelector("button") || fresh.querySelector("p");
          if (m.feedback === "sent") {
            fresh.firstChild.tabIndex = -1;
            fresh.firstChild.focus();
          } else if (focusable) {
            focusable.focus();
          }
          announce(m.feedback === "sent" ? t("fb.thanks") : t("fb.error"));
        });
    }

    function renderAssistant(m, index) {
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
      li.appendChild(feedbackBar(m, index));
      return li;
    }

    function renderUser(m) {
      var li = el("li", "sc-msg sc-msg--user");
      li.appendChild(el("p", "sc-who", t("chat.you")));
      var body = el("p", "sc-user-text", m.content);
      li.appendChild(body);
      return li;
    }

    function renderPending() {
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

    function render() {
      list.textContent = "";
      if (!state.messages.length && !pending) {
        list.appendChild(el("li", "sc-empty", t("chat.empty")));
      }
      state.messages.forEach(function (m, i) {
        list.appendChild(m.role === "user" ? renderUser(m) : renderAssistant(m, i));
      });
      if (pending) {
        list.appendChild(renderUser({ content: pending.question }));
        list.appendChild(renderPending());
      }
      list.setAttribute("aria-busy", pending ? "true" : "false");
    }

    function relabel() {
      list.setAttribute("aria-label", t("chat.messages"));
      label.textContent = t("chat.input");
      input.placeholder = t("chat.placeholder");
      send.textContent = t("chat.send");
      newBtn.textContent = t("chat.new");
      if (muniInput && muniLabel) muniLabel.textContent = t("chat.municipality");
      else if (muniLabel) muniLabel.textContent = t("chat.municipality") + ": " + opts.municipality;
      render();
    }

    function announce(text) {
      lastAnnounced = text;
      live.textContent = "";
      window.setTimeout(function () {
        if (lastAnnounced === text) live.textContent = text;
      }, 50);
    }

    function scrollToEnd() {
      list.scrollTop = list.scrollHeight;
    }

    function history() {
      return state.messages
        .filter(function (m) {
          return !m.error && m.content;
        })
        .slice(-HISTORY_MESSAGES)
        .map(function (m) {
          return { role: m.role, content: String(m.content).slice(0, HISTORY_CHARS) };
        });
    }

    function finish(message) {
      var q = pending.question;
      pending = null;
      send.disabled = false;
      state.messages.push({ role: "user", content: q });
      state.messages.push(message);
      save();
      render();
      // show the new question and its answer from the beginning
      var answers = list.querySelectorAll(".sc-msg--user");
      var newest = answers[answers.length - 1];
      if (newest) list.scrollTop = Math.max(0, newest.offsetTop - 8);
      if (message.error) announce(t("chat.error") + message.error);
      else if (message.confidence === "none") announce(t("chat.refusal") + " " + message.content);
      else announce(t("chat.answerReady") + message.content);
    }

    function ask(question) {
      if (pending) return;
      if (typeof opts.onAsk === "function") opts.onAsk(question);
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      pending = { question: question, text: "", controller: controller };
      send.disabled = true;
      var body = { question: question, history: history() };
      var muni = municipality();
      if (muni) body.municipality = muni;
      render();
      scrollToEnd();
      var result = { role: "assistant", content: "", citations: [], contacts: [] };
      var ended = false;
      var mine = pending;
      fetch(api + "/api/chat/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) {
            return errorMessage(response).then(function (msg) {
              throw new Error(msg);
            });
          }
          return readSse(
            response,
            function (name, data) {
              if (pending !== mine || ended) return;
              var value;
              try {
                value = JSON.parse(data);
              } catch (e) {
                return;
              }
              if (name === "token") {
                mine.text += value && value.text ? String(value.text) : "";
                if (mine.node) {
                  mine.node.textContent = mine.text;
                  var thinking = mine.li.querySelector(".sc-thinking");
                  if (thinking) thinking.remove();
                }
                scrollToEnd();
              } else if (name === "citations") {
                result.citations = Array.isArray(value) ? value : [];
              } else if (name === "contacts") {
                result.contacts = Array.isArray(value) ? value : [];
              } else if (name === "done") {
                ended = true;
                result.content = String((value && value.answer) || mine.text);
                result.confidence = value && value.confidence;
                result.mode = value && value.mode;
                result.language = value && value.language;
                result.notice = (value && value.notice) || null;
                finish(result);
              } else if (name === "error") {
                ended = true;
                finish({
                  role: "assistant",
                  content: "",
                  error: String((value && value.message) || (value && value.code) || "error")
                });
              }
            },
            controller ? controller.signal : null
          );
        })
        .then(function () {
          if (pending === mine && !ended) {
            finish({ role: "assistant", content: "", error: t("chat.networkError") });
          }
        })
        .catch(function (e) {
          if (pending !== mine) return;
          var msg = e && e.name === "TypeError" ? t("chat.networkError") : String(e.message || e);
          finish({ role: "assistant", content: "", error: msg });
        });
    }

    function reset() {
      if (pending && pending.controller) pending.controller.abort();
      pending = null;
      send.disabled = false;
      state = { id: uid(), messages: [], municipality: state.municipality || "" };
      save();
      render();
    }

    ns.i18n.onChange(relabel);
    relabel();
    scrollToEnd();

    return {
      ask: ask,
      reset: reset,
      relabel: relabel,
      focusInput: function () {
        input.focus();
      },
      setInput: function (text) {
        input.value = text;
        input.focus();
      },
      rerender: render,
      messages: function () {
        return state.messages.slice();
      }
    };
  }

  ns.mountChat = mountChat;
  ns.sourceHref = sourceHref;
  ns.el = el;
})();
