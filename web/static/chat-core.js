/*
 * The chat component shared by the embeddable widget and the pages (/ and /advisor).
 *
 * SmartCityAssistant.mountChat(container, options) builds the chat inside `container`
 * (a shadow root's element or a page element) and returns a small controller.
 * This file wires the parts together; load them first, in this order:
 * static/i18n.js, chat-dom.js, chat-stream.js, chat-store.js, chat-feedback.js,
 * chat-render.js, then this file (web/widget.js and the pages do).
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = ns.chatParts;
  var counter = 0;

  function t(key) {
    return ns.i18n.t(key);
  }

  /**
   * Mount the chat. options: api (base URL, no trailing slash), municipality,
   * municipalityField (show an input for it), storageKey, mode ("widget"|"inline"),
   * pinnable, isPinned(citation), onPin(citation), onAsk(question), headingLevel.
   */
  function mountChat(container, options) {
    var el = parts.dom.el;
    var store = parts.store;
    var opts = options || {};
    var api = String(opts.api || "").replace(/\/+$/, "");
    var storageKey = opts.storageKey || "smartcity.conversation";
    var idBase = "sc" + ++counter + "-";
    var state = store.load(storageKey);
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

    var view = parts.render.create({
      api: api,
      opts: opts,
      level: opts.headingLevel || 3,
      idBase: idBase,
      feedbackBar: parts.feedback.create({
        api: api,
        idBase: idBase,
        conversation: function () {
          return state;
        },
        save: save,
        announce: announce
      })
    });

    function save() {
      store.save(storageKey, state);
    }

    function municipality() {
      if (muniInput) return muniInput.value.trim();
      return String(opts.municipality || "");
    }

    function render() {
      list.textContent = "";
      if (!state.messages.length && !pending) {
        list.appendChild(el("li", "sc-empty", t("chat.empty")));
      }
      state.messages.forEach(function (m, i) {
        list.appendChild(m.role === "user" ? view.user(m) : view.assistant(m, i));
      });
      if (pending) {
        list.appendChild(view.user({ content: pending.question }));
        list.appendChild(view.pending(pending));
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
      var kind = parts.render.kindOf(message);
      if (message.error) announce(t("chat.error") + message.error);
      else if (kind === "refusal") announce(t("chat.refusal") + ". " + message.content);
      else if (kind === "hedge") announce(t("chat.hedge") + ". " + message.content);
      else announce(t("chat.answerReady") + message.content);
    }

    function ask(question) {
      if (pending) return;
      if (typeof opts.onAsk === "function") opts.onAsk(question);
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      pending = { question: question, text: "", controller: controller };
      send.disabled = true;
      var body = { question: question, history: store.history(state.messages) };
      var muni = municipality();
      if (muni) body.municipality = muni;
      render();
      scrollToEnd();
      var result = { role: "assistant", content: "", citations: [], contacts: [] };
      var ended = false;
      var mine = pending;
      parts.stream
        .streamChat(api, body, controller ? controller.signal : null, function (name, value) {
          if (pending !== mine || ended) return;
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
            result.kind = parts.render.kindOf({
              kind: value && value.kind,
              confidence: result.confidence
            });
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
      state = store.fresh(state.municipality);
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
})();
