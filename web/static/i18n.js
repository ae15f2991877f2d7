/*
 * All user-facing texts of the web pages and the widget, German first, English second.
 * Registers SmartCityAssistant.i18n (the only global: one namespaced object).
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var STORE_KEY = "smartcity.lang";

  var dict = {
    de: {
      "app.title": "Smart-City-Beratungsassistent",
      "app.tagline": "Antworten mit Quellen aus Förderrichtlinien, Projektberichten und Transferhinweisen",
      "nav.label": "Hauptnavigation",
      "nav.chat": "Chat",
      "nav.advisor": "Beratung",
      "nav.admin": "Dokumente",
      "lang.switch": "English",
      "lang.switchLabel": "Switch to English",
      "skip": "Zum Inhalt springen",
      "widget.open": "Smart-City-Assistent öffnen",
      "widget.launcher": "Fragen?",
      "widget.close": "Chat schließen",
      "widget.dialog": "Smart-City-Assistent",
      "chat.heading": "Fragen an den Smart-City-Assistenten",
      "chat.intro": "Fragen Sie nach Förderprogrammen, Projekten anderer Kommunen und deren Übertragung. Jede Antwort nennt ihre Quellen.",
      "chat.input": "Ihre Frage",
      "chat.placeholder": "z. B. Wie überwacht man den Wasserverbrauch von Schulen mit LoRaWAN?",
      "chat.send": "Senden",
      "chat.new": "Neues Gespräch",
      "chat.messages": "Gesprächsverlauf",
      "chat.you": "Sie",
      "chat.assistant": "Assistent",
      "chat.thinking": "Antwort wird erstellt …",
      "chat.empty": "Noch keine Fragen in diesem Gespräch.",
      "chat.answerReady": "Antwort: ",
      "chat.error": "Die Anfrage ist fehlgeschlagen: ",
      "chat.networkError": "Der Dienst ist nicht erreichbar. Bitte versuchen Sie es später erneut.",
      "chat.municipality": "Kommune",
      "chat.sources": "Quellen",
      "chat.source": "Quelle",
      "chat.page": "Seite",
      "chat.section": "Abschnitt",
      "chat.openSource": "Quelle öffnen (neues Fenster)",
      "chat.pin": "Anheften",
      "chat.pinned": "Angeheftet",
      "chat.pinLabel": "Quelle anheften: ",
      "chat.contacts": "Ansprechstellen",
      "chat.contactsRefusal": "Bitte wenden Sie sich an diese Stellen:",
      "chat.refusal": "Keine belegte Antwort in den Dokumenten",
      "chat.notice": "Hinweis",
      "chat.confidence": "Sicherheit",
      "conf.high": "hoch",
      "conf.medium": "mittel",
      "conf.low": "gering",
      "conf.none": "keine Antwort",
      "contact.organisation": "Organisation",
      "contact.role": "Rolle",
      "contact.region": "Region",
      "contact.channel": "Kontaktweg",
      "contact.reason": "Warum",
      "contact.distance": "Nähe",
      "dist.0": "in Ihrer Kommune",
      "dist.1": "in Ihrem Kreis",
      "dist.2": "in Ihrer Region",
      "dist.3": "landesweit",
      "dist.4": "bundesweit",
      "fb.question": "War die Antwort hilfreich?",
      "fb.up": "Ja, hilfreich",
      "fb.down": "Nein, nicht hilfreich",
      "fb.thanks": "Danke für Ihre Rückmeldung.",
      "fb.error": "Rückmeldung konnte nicht gespeichert werden.",
      "advisor.heading": "Beratungsarbeitsplatz",
      "advisor.intro": "Bereiten Sie Beratungsgespräche vor: Fragen stellen, Quellen anheften, Notizen führen und ein Briefing exportieren.",
      "advisor.history": "Fragen dieser Sitzung",
      "advisor.historyEmpty": "Noch keine Fragen gestellt.",
      "advisor.reuse": "Frage erneut ins Eingabefeld übernehmen: ",
      "advisor.pins": "Angeheftete Quellen",
      "advisor.pinsEmpty": "Heften Sie Quellen aus einer Antwort mit „Anheften“ an.",
      "advisor.unpin": "Entfernen",
      "advisor.unpinLabel": "Angeheftete Quelle entfernen: ",
      "advisor.notes": "Notizen",
      "advisor.notesHint": "Werden nur in diesem Browser gespeichert.",
      "advisor.notesSaved": "Notizen gespeichert.",
      "advisor.briefing": "Briefing exportieren",
      "advisor.bMunicipality": "Kommune",
      "advisor.bTopics": "Themen (durch Komma getrennt)",
      "advisor.bFormat": "Format",
      "advisor.bIncludeNotes": "Notizen in das Briefing übernehmen",
      "advisor.bSubmit": "Briefing herunterladen",
      "advisor.bWorking": "Briefing wird erstellt …",
      "advisor.bDone": "Briefing heruntergeladen: ",
      "advisor.bError": "Briefing konnte nicht erstellt werden: ",
      "advisor.bMissing": "Bitte Kommune und mindestens ein Thema angeben.",
      "admin.heading": "Dokumentverwaltung",
      "admin.intro": "Dokumente hochladen, Status prüfen, neu indexieren oder löschen. Für Änderungen ist ein Admin-Schlüssel nötig.",
      "admin.key": "Admin-Schlüssel",
      "admin.keyHint": "Wird nur für diesen Browser-Tab gespeichert.",
      "admin.keySave": "Schlüssel verwenden",
      "admin.keyForget": "Schlüssel vergessen",
      "admin.keySaved": "Schlüssel wird für diesen Tab verwendet.",
      "admin.keyForgotten": "Schlüssel entfernt.",
      "admin.upload": "Dokument hochladen",
      "admin.file": "Datei (PDF, Markdown, HTML, Text)",
      "admin.uploadBtn": "Hochladen und indexieren",
      "admin.uploading": "Datei wird hochgeladen und indexiert …",
      "admin.uploaded": "Indexiert: ",
      "admin.noFile": "Bitte zuerst eine Datei auswählen.",
      "admin.list": "Dokumente",
      "admin.refresh": "Liste aktualisieren",
      "admin.empty": "Keine Dokumente vorhanden.",
      "admin.loading": "Liste wird geladen …",
      "admin.colTitle": "Titel",
      "admin.colType": "Typ",
      "admin.colStatus": "Status",
      "admin.colChunks": "Abschnitte",
      "admin.colReason": "Grund",
      "admin.colUpdated": "Aktualisiert",
      "admin.colActions": "Aktionen",
      "admin.delete": "Löschen",
      "admin.reindex": "Neu indexieren",
      "admin.confirmDelete": "Dokument wirklich löschen? ",
      "admin.deleted": "Gelöscht: ",
      "admin.reindexed": "Neu indexiert: ",
      "admin.error": "Fehler: ",
      "admin.count": "Anzahl Dokumente: ",
      "status.indexed": "indexiert",
      "status.failed": "fehlgeschlagen",
      "view.heading": "Quelle",
      "view.loading": "Dokument wird geladen …",
      "view.missing": "Kein Dokument angegeben.",
      "view.error": "Das Dokument konnte nicht geladen werden: ",
      "view.original": "Originaldatei öffnen",
      "view.cited": "Zitierte Stelle",
      "view.back": "Zurück zum Chat",
      "type.programme_guideline": "Förderrichtlinie",
      "type.project_report": "Projektbericht",
      "type.transfer_note": "Transferhinweis",
      "type.other": "Sonstiges",
      "footer": "Offline-Assistent: Ihre Fragen verlassen diesen Server nicht. Inhalte der Beispieldokumente sind teilweise fiktiv."
    },
    en: {
      "app.title": "Smart City Advice Assistant",
      "app.tagline": "Answers with sources from funding guidelines, project reports and transfer notes",
      "nav.label": "Main navigation",
      "nav.chat": "Chat",
      "nav.advisor": "Advisor",
      "nav.admin": "Documents",
      "lang.switch": "Deutsch",
      "lang.switchLabel": "Auf Deutsch umschalten",
      "skip": "Skip to content",
      "widget.open": "Open the smart city assistant",
      "widget.launcher": "Questions?",
      "widget.close": "Close chat",
      "widget.dialog": "Smart city assistant",
      "chat.heading": "Ask the smart city assistant",
      "chat.intro": "Ask about funding programmes, projects of other municipalities and how to adopt them. Every answer names its sources.",
      "chat.input": "Your question",
      "chat.placeholder": "e.g. How can schools monitor water use with LoRaWAN?",
      "chat.send": "Send",
      "chat.new": "New conversation",
      "chat.messages": "Conversation",
      "chat.you": "You",
      "chat.assistant": "Assistant",
      "chat.thinking": "Writing the answer …",
      "chat.empty": "No questions in this conversation yet.",
      "chat.answerReady": "Answer: ",
      "chat.error": "The request failed: ",
      "chat.networkError": "The service cannot be reached. Please try again later.",
      "chat.municipality": "Municipality",
      "chat.sources": "Sources",
      "chat.source": "Source",
      "chat.page": "page",
      "chat.section": "section",
      "chat.openSource": "Open source (new window)",
      "chat.pin": "Pin",
      "chat.pinned": "Pinned",
      "chat.pinLabel": "Pin source: ",
      "chat.contacts": "Contacts",
      "chat.contactsRefusal": "Please contact these offices:",
      "chat.refusal": "No supported answer in the documents",
      "chat.notice": "Notice",
      "chat.confidence": "Confidence",
      "conf.high": "high",
      "conf.medium": "medium",
      "conf.low": "low",
      "conf.none": "no answer",
      "contact.organisation": "Organisation",
      "contact.role": "Role",
      "contact.region": "Region",
      "contact.channel": "Channel",
      "contact.reason": "Why",
      "contact.distance": "Proximity",
      "dist.0": "in your municipality",
      "dist.1": "in your district",
      "dist.2": "in your region",
      "dist.3": "state-wide",
      "dist.4": "nation-wide",
      "fb.question": "Was this answer helpful?",
      "fb.up": "Yes, helpful",
      "fb.down": "No, not helpful",
      "fb.thanks": "Thank you for your feedback.",
      "fb.error": "Feedback could not be saved.",
      "advisor.heading": "Advisor workspace",
      "advisor.intro": "Prepare consultations: ask questions, pin sources, keep notes and export a briefing.",
      "advisor.history": "Questions of this session",
      "advisor.historyEmpty": "No questions asked yet.",
      "advisor.reuse": "Put the question into the input again: ",
      "advisor.pins": "Pinned sources",
      "advisor.pinsEmpty": "Pin sources from an answer with “Pin”.",
      "advisor.unpin": "Remove",
      "advisor.unpinLabel": "Remove pinned source: ",
      "advisor.notes": "Notes",
      "advisor.notesHint": "Stored in this browser only.",
      "advisor.notesSaved": "Notes saved.",
      "advisor.briefing": "Export a briefing",
      "advisor.bMunicipality": "Municipality",
      "advisor.bTopics": "Topics (comma-separated)",
      "advisor.bFormat": "Format",
      "advisor.bIncludeNotes": "Include the notes in the briefing",
      "advisor.bSubmit": "Download briefing",
      "advisor.bWorking": "Creating the briefing …",
      "advisor.bDone": "Briefing downloaded: ",
      "advisor.bError": "The briefing could not be created: ",
      "advisor.bMissing": "Please enter a municipality and at least one topic.",
      "admin.heading": "Document administration",
      "admin.intro": "Upload documents, check their status, re-index or delete them. Changes need an admin key.",
      "admin.key": "Admin key",
      "admin.keyHint": "Kept for this browser tab only.",
      "admin.keySave": "Use key",
      "admin.keyForget": "Forget key",
      "admin.keySaved": "The key is used for this tab.",
      "admin.keyForgotten": "Key removed.",
      "admin.upload": "Upload a document",
      "admin.file": "File (PDF, Markdown, HTML, text)",
      "admin.uploadBtn": "Upload and index",
      "admin.uploading": "Uploading and indexing the file …",
      "admin.uploaded": "Indexed: ",
      "admin.noFile": "Please choose a file first.",
      "admin.list": "Documents",
      "admin.refresh": "Refresh list",
      "admin.empty": "No documents.",
      "admin.loading": "Loading the list …",
      "admin.colTitle": "Title",
      "admin.colType": "Type",
      "admin.colStatus": "Status",
      "admin.colChunks": "Chunks",
      "admin.colReason": "Reason",
      "admin.colUpdated": "Updated",
      "admin.colActions": "Actions",
      "admin.delete": "Delete",
      "admin.reindex": "Re-index",
      "admin.confirmDelete": "Really delete the document? ",
      "admin.deleted": "Deleted: ",
      "admin.reindexed": "Re-indexed: ",
      "admin.error": "Error: ",
      "admin.count": "Number of documents: ",
      "status.indexed": "indexed",
      "status.failed": "failed",
      "view.heading": "Source",
      "view.loading": "Loading the document …",
      "view.missing": "No document given.",
      "view.error": "The document could not be loaded: ",
      "view.original": "Open the original file",
      "view.cited": "Cited passage",
      "view.back": "Back to the chat",
      "type.programme_guideline": "Funding guideline",
      "type.project_report": "Project report",
      "type.transfer_note": "Transfer note",
      "type.other": "Other",
      "footer": "Offline assistant: your questions do not leave this server. The sample documents are partly fictitious."
    }
  };

  function readStored() {
    try {
      var v = window.localStorage.getItem(STORE_KEY);
      return v === "en" || v === "de" ? v : null;
    } catch (e) {
      return null;
    }
  }

  var current = readStored() || "de";
  var listeners = [];

  ns.i18n = {
    dict: dict,
    /** The active language ("de" or "en"). */
    lang: function () {
      return current;
    },
    /** Text for a key in the active language (German, then the key, as fallbacks). */
    t: function (key) {
      var table = dict[current] || dict.de;
      if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
      if (Object.prototype.hasOwnProperty.call(dict.de, key)) return dict.de[key];
      return key;
    },
    /** Switch the language, remember it, and tell every listener. */
    setLang: function (lang) {
      if (lang !== "de" && lang !== "en") return;
      current = lang;
      try {
        window.localStorage.setItem(STORE_KEY, lang);
      } catch (e) {
        /* storage may be blocked: the switch still works for this page */
      }
      for (var i = 0; i < listeners.length; i++) listeners[i](lang);
    },
    /** Call fn(lang) whenever the language changes. */
    onChange: function (fn) {
      listeners.push(fn);
    },
    /** Fill [data-i18n], [data-i18n-placeholder], [data-i18n-label] below root. */
    apply: function (root) {
      var t = ns.i18n.t;
      var els = root.querySelectorAll("[data-i18n]");
      for (var i = 0; i < els.length; i++) els[i].textContent = t(els[i].getAttribute("data-i18n"));
      els = root.querySelectorAll("[data-i18n-placeholder]");
      for (i = 0; i < els.length; i++)
        els[i].setAttribute("placeholder", t(els[i].getAttribute("data-i18n-placeholder")));
      els = root.querySelectorAll("[data-i18n-label]");
      for (i = 0; i < els.length; i++)
        els[i].setAttribute("aria-label", t(els[i].getAttribute("data-i18n-label")));
    }
  };
})();
