/*
 * Document administration (/admin): admin key (sessionStorage only), upload, list with
 * status and failure reasons, delete, re-index. Server messages are shown as text.
 */
(function () {
  "use strict";
  var ns = window.SmartCityAssistant;
  var t = ns.i18n.t;
  var el = ns.el;
  var KEY = "smartcity.admin.key";

  var keyInput = document.getElementById("admin-key");
  var keyStatus = document.getElementById("key-status");
  var uploadStatus = document.getElementById("upload-status");
  var listStatus = document.getElementById("list-status");
  var tableHost = document.getElementById("doc-table");
  var fileInput = document.getElementById("upload-file");
  var uploadBtn = document.getElementById("upload-submit");
  var docs = [];
  var loaded = false;

  function key() {
    try {
      return window.sessionStorage.getItem(KEY) || "";
    } catch (e) {
      return keyInput.value;
    }
  }

  function headers() {
    var h = { Accept: "application/json" };
    var k = key();
    if (k) h["X-API-Key"] = k;
    return h;
  }

  function fail(node) {
    return function (e) {
      ns.showStatus(node, t("admin.error") + (e.message || e), "error");
    };
  }

  function check(r) {
    if (r.ok) return r.json();
    return ns.errorText(r).then(function (msg) {
      throw new Error(msg);
    });
  }

  document.getElementById("key-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    try {
      window.sessionStorage.setItem(KEY, keyInput.value.trim());
    } catch (e) {
      /* blocked storage: the key lives only in the input */
    }
    ns.showStatus(keyStatus, t("admin.keySaved"), "ok");
    refresh();
  });

  document.getElementById("key-forget").addEventListener("click", function () {
    try {
      window.sessionStorage.removeItem(KEY);
    } catch (e) {
      /* nothing stored */
    }
    keyInput.value = "";
    ns.showStatus(keyStatus, t("admin.keyForgotten"), "ok");
  });

  document.getElementById("upload-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var file = fileInput.files && fileInput.files[0];
    if (!file) {
      ns.showStatus(uploadStatus, t("admin.noFile"), "error");
      fileInput.focus();
      return;
    }
    var data = new FormData();
    data.append("file", file, file.name);
    uploadBtn.disabled = true;
    ns.showStatus(uploadStatus, t("admin.uploading"));
    fetch("/api/documents", { method: "POST", headers: headers(), body: data })
      .then(check)
      .then(function (body) {
        var report = (body && body.report) || {};
        var name = report.title || report.path || report.doc_id || file.name;
        ns.showStatus(uploadStatus, t("admin.uploaded") + name, "ok");
        fileInput.value = "";
      })
      .catch(fail(uploadStatus))
      .then(function () {
        uploadBtn.disabled = false;
        refresh();
      });
  });

  document.getElementById("refresh").addEventListener("click", refresh);

  function action(doc, kind, button) {
    if (kind === "delete" && !window.confirm(t("admin.confirmDelete") + (doc.title || doc.doc_id)))
      return;
    button.disabled = true;
    var url = "/api/documents/" + encodeURIComponent(doc.doc_id) + (kind === "reindex" ? "/reindex" : "");
    fetch(url, { method: kind === "delete" ? "DELETE" : "POST", headers: headers() })
      .then(check)
      .then(function () {
        var msg = kind === "delete" ? t("admin.deleted") : t("admin.reindexed");
        ns.showStatus(listStatus, msg + (doc.title || doc.doc_id), "ok");
      })
      .catch(fail(listStatus))
      .then(function () {
        refresh(true);
      });
  }

  function render() {
    tableHost.textContent = "";
    if (!loaded) return;
    if (!docs.length) {
      tableHost.appendChild(el("p", "empty", t("admin.empty")));
      return;
    }
    var table = el("table");
    table.appendChild(el("caption", null, t("admin.count") + docs.length));
    var thead = el("thead");
    var hr = el("tr");
    ["admin.colTitle", "admin.colType", "admin.colStatus", "admin.colChunks", "admin.colReason",
      "admin.colUpdated", "admin.colActions"].forEach(function (k) {
      var th = el("th", null, t(k));
      th.scope = "col";
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    docs.forEach(function (d) {
      var tr = el("tr");
      tr.setAttribute("data-doc-id", d.doc_id);
      var th = el("th");
      th.scope = "row";
      th.appendChild(el("span", null, d.title || d.source || d.doc_id));
      if (d.source && d.source !== d.title) {
        th.appendChild(el("span", "hint", d.source));
      }
      tr.appendChild(th);
      tr.appendChild(el("td", null, d.doc_type ? t("type." + d.doc_type) : ""));
      var st = el("td");
      var badge = el("span", "badge badge-" + (d.status === "failed" ? "failed" : "indexed"),
        t("status." + d.status) !== "status." + d.status ? t("status." + d.status) : d.status);
      st.appendChild(badge);
      tr.appendChild(st);
      tr.appendChild(el("td", null, d.chunks === null || d.chunks === undefined ? "" : d.chunks));
      var reason = el("td", "reason");
      if (d.reason) reason.appendChild(el("span", "reason-code", d.reason));
      if (d.message) {
        if (d.reason) reason.appendChild(document.createTextNode(": "));
        reason.appendChild(document.createTextNode(d.message));
      }
      tr.appendChild(reason);
      tr.appendChild(
        el("td", "nowrap", d.updated ? String(d.updated).replace("T", " ").slice(0, 16) : "")
      );
      var acts = el("td", "nowrap");
      var row = el("div", "row");
      var re = el("button", "btn btn-secondary btn-small", t("admin.reindex"));
      re.type = "button";
      re.setAttribute("aria-label", t("admin.reindex") + ": " + (d.title || d.doc_id));
      re.addEventListener("click", function () {
        action(d, "reindex", re);
      });
      var del = el("button", "btn btn-danger btn-small", t("admin.delete"));
      del.type = "button";
      del.setAttribute("aria-label", t("admin.delete") + ": " + (d.title || d.doc_id));
      del.addEventListener("click", function () {
        action(d, "delete", del);
      });
      row.appendChild(re);
      row.appendChild(del);
      acts.appendChild(row);
      tr.appendChild(acts);
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    tableHost.appendChild(table);
  }

  function refresh(keepStatus) {
    if (keepStatus !== true) ns.showStatus(listStatus, t("admin.loading"));
    return fetch("/api/documents", { headers: headers() })
      .then(check)
      .then(function (body) {
        docs = (body && body.documents) || [];
        loaded = true;
        if (keepStatus !== true) ns.showStatus(listStatus, "");
        render();
      })
      .catch(fail(listStatus));
  }

  keyInput.value = key();
  ns.i18n.onChange(render);
  refresh();
})();
