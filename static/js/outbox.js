/* The tablet's outbox: every score is stored in the browser (localStorage) BEFORE it is sent,
   and stays there until the server acknowledges it. Events are replayed in the order they
   were entered (a judge's latest value is their latest stored event), over Socket.IO with an
   ack, or over POST /api/v1/scores when the socket has been down for a while. The server is
   idempotent on client_id, so sending an event twice is always safe.

   window.JxOutbox(options) → {add, all, remove, dismiss, flush, size}; options:
     key       storage key (one per user and project)
     socket    a socket.io client (may be null)
     scoreUrl  the JSON fallback endpoint
     onChange  called after any change with the entries
     onAck     called with (event, ack) when the server stored (or replayed) an event
*/
(function () {
  "use strict";

  var ACK_TIMEOUT_MS = 6000;
  var FALLBACK_AFTER_MS = 8000;   // socket down this long (or acks timing out): use HTTP
  var RETRY_EVERY_MS = 5000;
  // Refusals worth retrying later (nothing wrong with the score itself).
  var RETRYABLE = { "server.error": true, "auth.required": true };

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // crypto.randomUUID needs a secure context; fall back to getRandomValues (RFC 4122 v4).
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function JxOutbox(options) {
    var key = options.key;
    var socket = options.socket || null;
    var flushing = false;
    var downSince = socket && socket.connected ? null : Date.now();
    var timeouts = 0;

    function load() {
      try { return JSON.parse(window.localStorage.getItem(key) || "[]"); }
      catch (e) { return []; }
    }
    function save(entries) {
      window.localStorage.setItem(key, JSON.stringify(entries));
      if (options.onChange) { options.onChange(entries); }
    }
    function update(clientId, change) {
      var entries = load();
      entries.forEach(function (e) { if (e.client_id === clientId) { Object.assign(e, change); } });
      save(entries);
    }
    function remove(clientId) {
      save(load().filter(function (e) { return e.client_id !== clientId; }));
    }

    /* Keep a new score (persisted first, then sent); returns the stored event. */
    function add(fields) {
      var event = {
        client_id: uuid(),
        registration_id: fields.registration_id,
        registration_code: fields.registration_code,
        aspect_id: fields.aspect_id === undefined ? null : fields.aspect_id,
        component_id: fields.component_id === undefined ? null : fields.component_id,
        value: String(fields.value),
        client_time: new Date().toISOString(),
        state: "pending"
      };
      // A rejected entry of the same sheet is replaced by the new value.
      var entries = load().filter(function (e) {
        return !(e.state === "rejected" && sameSheet(e, event));
      });
      entries.push(event);
      save(entries);
      flush();
      return event;
    }

    function sameSheet(a, b) {
      return a.registration_id === b.registration_id &&
        a.registration_code === b.registration_code && a.aspect_id === b.aspect_id &&
        a.component_id === b.component_id;
    }

    function payload(e) {
      return { client_id: e.client_id, registration_id: e.registration_id,
               registration_code: e.registration_code, aspect_id: e.aspect_id, component_id: e.component_id,
               value: e.value, client_time: e.client_time };
    }

    /* Apply an answer: "synced", "rejected" or "retry". */
    function settle(event, ack) {
      if (ack && ack.ok) {
        if (options.onAck) { options.onAck(event, ack); }
        remove(event.client_id);
        return "synced";
      }
      if (ack && ack.code && !RETRYABLE[ack.code]) {
        update(event.client_id, { state: "rejected", code: ack.code,
                                  message: ack.message || ack.code,
                                  problems: ack.problems || [] });
        return "rejected";
      }
      return "retry";
    }

    function viaSocket(event) {
      return new Promise(function (resolve) {
        socket.timeout(ACK_TIMEOUT_MS).emit("submit_score", payload(event), function (err, ack) {
          if (err) { timeouts += 1; resolve("retry"); return; }
          timeouts = 0;
          resolve(settle(event, ack));
        });
      });
    }

    function viaHttp(event) {
      return window.jx.fetch(options.scoreUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(payload(event))
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok) { return settle(event, body); }
          if (response.status >= 500 || response.status === 401) { return "retry"; }
          var error = body && body.error ? body.error : {};
          return settle(event, { ok: false, code: error.code || "http." + response.status,
                                 message: error.message, problems: error.problems });
        });
      }).catch(function () { return "retry"; });
    }

    function useHttp() {
      if (!socket || !socket.connected) {
        return downSince !== null && Date.now() - downSince >= FALLBACK_AFTER_MS;
      }
      return timeouts >= 2;
    }

    /* Send the pending events one by one, in order; stop at the first that must wait. */
    function flush() {
      if (flushing) { return Promise.resolve(); }
      if (navigator.onLine === false) { return Promise.resolve(); }
      var socketReady = socket && socket.connected;
      if (!socketReady && !useHttp()) { return Promise.resolve(); }
      flushing = true;
      var sendOne = function () {
        var next = load().filter(function (e) { return e.state === "pending"; })[0];
        if (!next) { return Promise.resolve(); }
        var send = useHttp() ? viaHttp : (socket && socket.connected ? viaSocket : null);
        if (!send) { return Promise.resolve(); }
        return send(next).then(function (result) {
          return result === "retry" ? null : sendOne();
        });
      };
      return sendOne().finally(function () { flushing = false; });
    }

    if (socket) {
      socket.on("connect", function () { downSince = null; timeouts = 0; flush(); });
      socket.on("disconnect", function () { if (downSince === null) { downSince = Date.now(); } });
    }
    window.addEventListener("online", function () { flush(); });
    window.addEventListener("offline", function () {
      if (downSince === null) { downSince = Date.now(); }
    });
    window.setInterval(flush, RETRY_EVERY_MS);

    return {
      add: add,
      all: load,
      remove: remove,
      dismiss: remove,
      flush: flush,
      size: function () { return load().filter(function (e) { return e.state === "pending"; }).length; }
    };
  }

  window.JxOutbox = JxOutbox;
})();
