/*
 * Metadata correction on the admin page (/admin): choose a document, see its metadata and
 * where each value came from, change fields and save (PATCH /api/documents/{id}). Only the
 * fields that were changed are sent, so the others stay as the document says. Uses the admin
 * key that admin.js keeps in sessionStorage. Server messages are shown as text.
 */
(function () {
  "use strict";
  var ns = window.SmartCityAssistant;
  var t = ns.i18n.t;
  var el = ns.el;
  var KEY = "smartcity.admin.key";
  var FIELDS = ["title", "doc_type", "region", "municipality", "programme", "published",
    "valid_until", "deadline", "topics", "url", "language"];

  var form = document.getElementById("meta-form");
  var docSelect = document.getElementById("meta-doc");
  var fields = document.getElementById("meta-fields");
  var sources = document.getElementById("meta-sources");
  var status = document.getElementById("meta-status");
  var saveBtn = document.getElementById("meta-save");
  var loaded = null; // field values as loaded, to send only what changed
  var listed = "";

  function key() {
    try {
      return window.sessionStorage.getItem(KEY) || "";
    } catch (e) {
      var input = document.getElementById("admin-key");
      return input ? input.value : "";
    }
  }

  function headers(json) {
    var h = { Accept: "application/json" };
    if (json) h["Content-Type"] = "application/json";
    var k = key();
    if (k) h["X-API-Key"] = k;
    return h;
  }

  function check(r) {
    if (r.ok) return r.json();
    return ns.errorText(r).then(function (msg) {
      throw new Error(msg);
    });
  }

  function input(name) {
    return form.elements.namedItem(name);
  }

  function values(meta) {
    var out = {};
    FIELDS.forEach(function (name) {
      var v = meta[name];
      if (name === "topics") v = (v || []).join(", ");
      out[name] = v === null || v === undefined ? "" : String(v);
    });
    return out;
  }

  function sourceText(meta) {
    var parts = [];
    if (meta.title_source) parts.push(t("meta.titleFrom") + t("src." + meta.title_source));
    if (meta.doc_type_source) parts.push(t("meta.typeFrom") + t("src." + meta.doc_type_source));
    if (meta.corrected && meta.corrected.length) {
      parts.push(t("meta.corrected") + meta.corrected.join(", "));
    }
    return parts.join(" · ");
  }

  function show(meta) {
    loaded = values(meta);
    FIELDS.forEach(function (name) {
      input(name).value = loaded[name];
    });
    sources.textContent = sourceText(meta);
    sources.setAttribute("data-meta", JSON.stringify(meta));
    fields.disabled = false;
  }

  function load(docId) {
    fields.disabled = true;
    loaded = null;
    sources.textContent = "";
    if (!docId) return;
    ns.showStatus(status, t("meta.loading"));
    fetch("/api/documents/" + encodeURIComponent(docId) + "/metadata", { headers: headers() })
      .then(check)
      .then(function (body) {
        show(body.metadata);
        ns.showStatus(status, "");
      })
      .catch(function (e) {
        ns.showStatus(status, t("admin.error") + (e.message || e), "error");
      });
  }

  function fillDocuments() {
    return fetch("/api/documents", { headers: headers() })
      .then(check)
      .then(function (body) {
        var docs = ((body && body.documents) || []).filter(function (d) {
          return d.status === "indexed";
        });
        var signature = docs.map(function (d) { return d.doc_id + "|" + d.title; }).join("\n");
        if (signature === listed) return;
        listed = signature;
        var chosen = docSelect.value;
        docSelect.textContent = "";
        docSelect.appendChild(el("option", null, t("meta.choose"))).value = "";
        docs.forEach(function (d) {
          var label = (d.title || d.doc_id) + (d.source && d.source !== d.title ? " (" + d.source + ")" : "");
          var option = el("option", null, label);
          option.value = d.doc_id;
          docSelect.appendChild(option);
        });
        docSelect.value = chosen;
        if (docSelect.value !== chosen) load("");
      })
      .catch(function (e) {
        ns.showStatus(status, t("admin.error") + (e.message || e), "error");
      });
  }

  docSelect.addEventListener("change", function () {
    ns.showStatus(status, "");
    load(docSelect.value);
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!loaded || !docSelect.value) {
      ns.showStatus(status, t("meta.noDoc"), "error");
      docSelect.focus();
      return;
    }
    var body = {};
    FIELDS.forEach(function (name) {
      var v = input(name).value.trim();
      if (v === loaded[name]) return;
      if (name === "topics") {
        body.topics = v ? v.split(",").map(function (x) { return x.trim(); }).filter(Boolean) : [];
      } else {
        body[name] = v;
      }
    });
    if (!Object.keys(body).length) {
      ns.showStatus(status, t("meta.unchanged"));
      return;
    }
    saveBtn.disabled = true;
    ns.showStatus(status, t("meta.saving"));
    fetch("/api/documents/" + encodeURIComponent(docSelect.value), {
      method: "PATCH",
      headers: headers(true),
      body: JSON.stringify(body)
    })
      .then(check)
      .then(function (res) {
        show(res.metadata);
        ns.showStatus(status, t("meta.saved") + res.metadata.title, "ok");
        listed = "";
        var refresh = document.getElementById("refresh");
        if (refresh) refresh.click();
        return fillDocuments();
      })
      .catch(function (e) {
        ns.showStatus(status, t("admin.error") + (e.message || e), "error");
      })
      .then(function () {
        saveBtn.disabled = false;
      });
  });

  // keep the choice in step with the document list (uploads, deletions, a new key)
  var table = document.getElementById("doc-table");
  if (table && window.MutationObserver) {
    new window.MutationObserver(function () {
      fillDocuments();
    }).observe(table, { childList: true });
  }
  ns.i18n.onChange(function () {
    listed = "";
    fillDocuments();
    var meta = sources.getAttribute("data-meta");
    if (meta) sources.textContent = sourceText(JSON.parse(meta));
  });
  fillDocuments();
})();
