/*
 * The streaming request of the chat: POST /api/chat/stream read as server-sent events
 * over fetch (EventSource cannot POST). Registers SmartCityAssistant.chatParts.stream.
 */
(function () {
  "use strict";
  var ns = (window.SmartCityAssistant = window.SmartCityAssistant || {});
  var parts = (ns.chatParts = ns.chatParts || {});

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

  /** The message of a failed response in the one JSON error shape (or "HTTP <status>"). */
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
   * POST `body` to `api`/api/chat/stream and call onEvent(name, value) for every event
   * whose data is JSON (other events are skipped). The promise resolves when the stream
   * ends and rejects with an Error carrying the server's message when the request fails.
   */
  function streamChat(api, body, signal, onEvent) {
    return fetch(api + "/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal: signal || undefined
    }).then(function (response) {
      if (!response.ok) {
        return errorMessage(response).then(function (msg) {
          throw new Error(msg);
        });
      }
      return readSse(
        response,
        function (name, data) {
          var value;
          try {
            value = JSON.parse(data);
          } catch (e) {
            return;
          }
          onEvent(name, value);
        },
        signal || null
      );
    });
  }

  parts.stream = {
    readSse: readSse,
    errorMessage: errorMessage,
    streamChat: streamChat
  };
})();
