/* The full chat page (/): the shared chat component, inline and larger. */
(function () {
  "use strict";
  var ns = window.SmartCityAssistant;
  var host = document.getElementById("chat");
  ns.chat = ns.mountChat(host, {
    api: window.location.origin,
    mode: "inline",
    municipalityField: true,
    headingLevel: 2
  });
})();
