/*
 * Advisor workspace (/advisor): the shared chat with pinnable sources (a sample document's
 * pin keeps its "Beispielinhalt" badge), the questions of this session, notes
 * (localStorage) and the briefing export (POST /api/briefings).
 */
(function () {
  "use strict";
  var ns = window.SmartCityAssistant;
  var t = ns.i18n.t;
  var el = ns.el;
  var HISTORY_KEY = "smartcity.advisor.history";
  var PINS_KEY = "smartcity.advisor.pins";
  var NOTES_KEY = "smartcity.advisor.notes";

  function read(storage, key, fallback) {
    try {
      var raw = storage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function write(storage, key, value) {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* storage blocked or full: keep working in memory */
    }
  }

  var history = read(window.sessionStorage, HISTORY_KEY, []);
  var pins = read(window.sessionStorage, PINS_KEY, []);
  var historyList = document.getElementById("history");
  var pinList = document.getElementById("pins");

  function pinKey(c) {
    return c.chunk_id || c.doc_id + "#" + c.page + "#" + c.section;
  }

  var chat = ns.mountChat(document.getElementById("chat"), {
    api: window.location.origin,
    mode: "inline",
    municipalityField: true,
    headingLevel: 3,
    pinnable: true,
    isPinned: function (c) {
      return pins.some(function (p) {
        return p.key === pinKey(c);
      });
    },
    onPin: function (c, href) {
      var key = pinKey(c);
      var had = pins.some(function (p) {
        return p.key === key;
      });
      if (had) {
        pins = pins.filter(function (p) {
          return p.key !== key;
        });
      } else {
        pins.push({
          key: key,
          title: c.title,
          doc_id: c.doc_id,
          page: c.page,
          section: c.section,
          quote: c.quote,
          sample_note: typeof c.sample_note === "string" ? c.sample_note : "",
          href: href
        });
      }
      write(window.sessionStorage, PINS_KEY, pins);
      renderPins();
      return !had;
    },
    onAsk: function (question) {
      history.push(question);
      history = history.slice(-50);
      write(window.sessionStorage, HISTORY_KEY, history);
      renderHistory();
    }
  });

  function renderHistory() {
    historyList.textContent = "";
    if (!history.length) {
      historyList.appendChild(el("li", "empty", t("advisor.historyEmpty")));
      return;
    }
    history.forEach(function (q) {
      var li = el("li", "history-item");
      var b = el("button", null, q);
      b.type = "button";
      b.setAttribute("aria-label", t("advisor.reuse") + q);
      b.addEventListener("click", function () {
        chat.setInput(q);
      });
      li.appendChild(b);
      historyList.appendChild(li);
    });
  }

  function renderPins() {
    pinList.textContent = "";
    if (!pins.length) {
      pinList.appendChild(el("li", "empty", t("advisor.pinsEmpty")));
      return;
    }
    pins.forEach(function (p, i) {
      var li = el("li", "pin-item");
      var a = el("a", null, p.title || p.doc_id);
      a.href = p.href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      li.appendChild(a);
      var meta = [];
      if (p.page) meta.push(t("chat.page") + " " + p.page);
      if (p.section) meta.push(t("chat.section") + " „" + p.section + "“");
      var note = String(p.sample_note || "").trim();
      if (note || meta.length) {
        var line = el("p", "pin-meta");
        if (note) {
          line.classList.add("sc-sample-host");
          line.appendChild(ns.sampleBadge(t("chat.sample"), note, "pin-sample-" + i));
          if (meta.length) line.appendChild(document.createTextNode(" "));
        }
        if (meta.length) line.appendChild(document.createTextNode(meta.join(" · ")));
        li.appendChild(line);
      }
      if (p.quote) li.appendChild(el("p", null, p.quote));
      var rm = el("button", "btn btn-secondary btn-small", t("advisor.unpin"));
      rm.type = "button";
      rm.setAttribute("aria-label", t("advisor.unpinLabel") + (p.title || p.doc_id));
      rm.addEventListener("click", function () {
        pins = pins.filter(function (x) {
          return x.key !== p.key;
        });
        write(window.sessionStorage, PINS_KEY, pins);
        renderPins();
        chat.rerender();
        pinList.focus();
      });
      li.appendChild(rm);
      pinList.appendChild(li);
    });
  }
  pinList.tabIndex = -1;

  // notes
  var notes = document.getElementById("notes");
  var notesStatus = document.getElementById("notes-status");
  try {
    notes.value = window.localStorage.getItem(NOTES_KEY) || "";
  } catch (e) {
    notes.value = "";
  }
  var notesTimer = null;
  notes.addEventListener("input", function () {
    window.clearTimeout(notesTimer);
    notesTimer = window.setTimeout(function () {
      try {
        window.localStorage.setItem(NOTES_KEY, notes.value);
        ns.showStatus(notesStatus, t("advisor.notesSaved"), "ok");
      } catch (e) {
        ns.showStatus(notesStatus, String(e), "error");
      }
    }, 400);
  });

  // briefing export
  var form = document.getElementById("briefing-form");
  var bStatus = document.getElementById("b-status");
  var bSubmit = document.getElementById("b-submit");
  var bMuni = document.getElementById("b-municipality");
  var bTopics = document.getElementById("b-topics");

  function filename(response, format) {
    var cd = response.headers.get("Content-Disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) {
      try {
        return decodeURIComponent(star[1]);
      } catch (e) {
        /* fall through to the plain name */
      }
    }
    var plain = /filename="?([^";]+)"?/i.exec(cd);
    return plain ? plain[1] : "briefing." + format;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var municipality = bMuni.value.trim();
    var topics = bTopics.value
      .split(",")
      .map(function (s) {
        return s.trim();
      })
      .filter(Boolean);
    var format = document.getElementById("b-format").value;
    if (!municipality || !topics.length) {
      ns.showStatus(bStatus, t("advisor.bMissing"), "error");
      (municipality ? bTopics : bMuni).focus();
      return;
    }
    var body = { municipality: municipality, topics: topics, format: format };
    if (document.getElementById("b-notes").checked && notes.value.trim()) {
      body.notes = notes.value.trim();
    }
    bSubmit.disabled = true;
    ns.showStatus(bStatus, t("advisor.bWorking"));
    fetch("/api/briefings", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    })
      .then(function (r) {
        if (!r.ok) {
          return ns.errorText(r).then(function (msg) {
            throw new Error(msg);
          });
        }
        var name = filename(r, format);
        return r.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = document.createElement("a");
          a.href = url;
          a.download = name;
          a.hidden = true;
          document.body.appendChild(a);
          a.click();
          a.remove();
          window.setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 10000);
          ns.showStatus(bStatus, t("advisor.bDone") + name, "ok");
        });
      })
      .catch(function (e) {
        ns.showStatus(bStatus, t("advisor.bError") + (e.message || e), "error");
      })
      .then(function () {
        bSubmit.disabled = false;
      });
  });

  ns.i18n.onChange(function () {
    renderHistory();
    renderPins();
  });
  renderHistory();
  renderPins();
  ns.advisor = { chat: chat };
})();
