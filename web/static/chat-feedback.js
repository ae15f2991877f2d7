/*
 * The thumbs up/down under an answer and sending the rating to POST /api/feedback.
 * Registers SmartCityAssistant.chatParts.feedback. Needs chatParts.dom and
 * SmartCityAssistant.i18n.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = (ns.chatParts = ns.chatParts || {});

  function t(key) {
    return ns.i18n.t(key);
  }

  /**
   * The feedback bar factory of one chat. ctx: api (base URL), idBase (id prefix),
   * conversation() (the current state), save() and announce(text) of the chat.
   * Returns bar(message, index): the bar element for the assistant message at `index`.
   */
  function create(ctx) {
    var el = parts.dom.el;

    function bar(m, index) {
      var node = el("div", "sc-feedback");
      if (m.feedback === "sent") {
        node.appendChild(el("p", "sc-thanks", t("fb.thanks")));
        return node;
      }
      var q = el("p", "sc-feedback-q", t("fb.question"));
      q.id = ctx.idBase + "fb" + index;
      node.appendChild(q);
      var group = el("div", "sc-feedback-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", q.id);
      [
        ["up", "fb.up", false],
        ["down", "fb.down", true]
      ].forEach(function (spec) {
        var b = el("button", "sc-button sc-button--icon sc-fb-" + spec[0]);
        b.type = "button";
        b.appendChild(parts.dom.icon(spec[2]));
        b.appendChild(el("span", "sc-visually-hidden", t(spec[1])));
        b.title = t(spec[1]);
        b.addEventListener("click", function () {
          send(m, index, spec[0], node);
        });
        group.appendChild(b);
      });
      node.appendChild(group);
      if (m.feedback === "error") node.appendChild(el("p", "sc-error", t("fb.error")));
      return node;
    }

    function send(m, index, rating, node) {
      var buttons = node.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      var state = ctx.conversation();
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
      fetch(ctx.api + "/api/feedback", {
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
          ctx.save();
          var fresh = bar(m, index);
          node.replaceWith(fresh);
          var focusable = fresh.querySelector("button") || fresh.querySelector("p");
          if (m.feedback === "sent") {
            fresh.firstChild.tabIndex = -1;
            fresh.firstChild.focus();
          } else if (focusable) {
            focusable.focus();
          }
          ctx.announce(m.feedback === "sent" ? t("fb.thanks") : t("fb.error"));
        });
    }

    return bar;
  }

  parts.feedback = { create: create };
})();
