/*
 * Source view (/view?doc=ID&section=S&page=N): the text blocks of a Markdown/HTML/TXT
 * document, always rendered as text, scrolled to and highlighting the cited block; a sample
 * document (`sample_note` in the content response) carries the "Beispielinhalt" badge.
 */
(function () {
  "use strict";
  var ns = window.SmartCityAssistant;
  var t = ns.i18n.t;
  var el = ns.el;
  var params = new URLSearchParams(window.location.search);
  var docId = params.get("doc");
  var section = params.get("section") || "";
  var page = params.get("page");
  var title = document.getElementById("doc-title");
  var meta = document.getElementById("doc-meta");
  var status = document.getElementById("view-status");
  var blocksHost = document.getElementById("doc-blocks");
  var doc = null;

  function norm(s) {
    return String(s || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  /** Index of the cited block: same section (and page), else same page, else none. */
  function target(blocks) {
    var want = norm(section);
    var wantPage = page ? Number(page) : null;
    var i;
    if (want) {
      for (i = 0; i < blocks.length; i++) {
        if (norm(blocks[i].section) === want && (wantPage === null || blocks[i].page === wantPage))
          return i;
      }
      for (i = 0; i < blocks.length; i++) if (norm(blocks[i].section) === want) return i;
      for (i = 0; i < blocks.length; i++) {
        var s = norm(blocks[i].section);
        if (s && (s.indexOf(want) >= 0 || want.indexOf(s) >= 0)) return i;
      }
    }
    if (wantPage !== null) {
      for (i = 0; i < blocks.length; i++) if (blocks[i].page === wantPage) return i;
    }
    return -1;
  }

  /** The block text without its first line when that line only repeats the heading. */
  function withoutHeading(text, sectionName) {
    var value = String(text || "");
    var last = String(sectionName || "").split(" \u203a ").pop();
    var cut = value.indexOf("\n");
    if (last && cut > 0 && norm(value.slice(0, cut)) === norm(last)) {
      return value.slice(cut).replace(/^\s+/, "");
    }
    return value;
  }

  function render() {
    if (!doc) return;
    title.removeAttribute("data-i18n");
    title.textContent = doc.title || doc.doc_id;
    document.title = (doc.title || doc.doc_id) + " – " + t("app.title");
    meta.textContent = "";
    var note = typeof doc.sample_note === "string" ? doc.sample_note.trim() : "";
    meta.classList.toggle("sc-sample-host", !!note);
    if (note) {
      meta.appendChild(ns.sampleBadge(t("chat.sample"), note, "doc-sample-note"));
      meta.appendChild(document.createTextNode(" "));
    }
    var parts = [];
    if (doc.doc_type) parts.push(t("type." + doc.doc_type));
    if (doc.source) parts.push(String(doc.source).split(/[\\/]/).pop());
    meta.appendChild(document.createTextNode(parts.join(" · ") + (parts.length ? " · " : "")));
    var orig = el("a", null, t("view.original"));
    orig.href = "/api/documents/" + encodeURIComponent(doc.doc_id) + "/file";
    meta.appendChild(orig);
    blocksHost.textContent = "";
    var blocks = doc.blocks || [];
    var hit = target(blocks);
    var cited = null;
    var lastSection = null;
    blocks.forEach(function (b, i) {
      var box = el("section", "doc-block");
      box.id = "block-" + i;
      if (i === hit) {
        box.classList.add("is-cited");
        box.tabIndex = -1;
        box.setAttribute("aria-labelledby", "cited-" + i);
        var label = el("p", "cited-label", t("view.cited"));
        label.id = "cited-" + i;
        box.appendChild(label);
        cited = box;
      }
      if (b.section && b.section !== lastSection) box.appendChild(el("h2", null, b.section));
      lastSection = b.section;
      if (b.page) box.appendChild(el("p", "page-no", t("chat.page") + " " + b.page));
      box.appendChild(el("p", "doc-text", withoutHeading(b.text, b.section)));
      blocksHost.appendChild(box);
    });
    return cited;
  }

  if (!docId) {
    ns.showStatus(status, t("view.missing"), "error");
    return;
  }
  ns.showStatus(status, t("view.loading"));
  fetch("/api/documents/" + encodeURIComponent(docId) + "/content", {
    headers: { Accept: "application/json" }
  })
    .then(function (r) {
      if (!r.ok) {
        return ns.errorText(r).then(function (msg) {
          throw new Error(msg);
        });
      }
      return r.json();
    })
    .then(function (body) {
      doc = body;
      ns.showStatus(status, "");
      var cited = render();
      if (cited) {
        cited.scrollIntoView({ block: "start" });
        cited.focus({ preventScroll: true });
      }
      document.body.setAttribute("data-loaded", "true");
    })
    .catch(function (e) {
      ns.showStatus(status, t("view.error") + (e.message || e), "error");
      document.body.setAttribute("data-loaded", "error");
    });
  ns.i18n.onChange(function () {
    render();
  });
})();
