/* Check-in page: scan a ticket's QR (html5-qrcode) or type its number, show the verdict,
   keep the checked-in count live (Socket.IO room, with polling as the fallback). */
(function () {
  "use strict";

  var root = document.getElementById("jx-checkin");
  if (!root) { return; }
  var L = JSON.parse(document.getElementById("jx-checkin-labels").textContent);
  var projectId = parseInt(root.dataset.projectId, 10);
  var $ = function (id) { return document.getElementById(id); };
  var busy = false;
  var last = { text: "", at: 0 };
  var scanner = null;

  function setCounts(counts) {
    if (!counts || counts.project_id !== projectId) { return; }
    $("jx-count-in").textContent = counts.checked_in;
    $("jx-count-all").textContent = counts.approved;
  }

  function showPerson(data) {
    var person = $("jx-person");
    if (!data) { person.classList.add("d-none"); return; }
    $("jx-name").textContent = data.name;
    $("jx-id").textContent = data.id_number_masked;
    $("jx-project").textContent = data.project;
    $("jx-ticket").textContent = data.ticket_no;
    var drawn = data.station_no !== null && data.station_no !== undefined;
    $("jx-station").textContent = drawn ? data.station_no : "";
    root.querySelectorAll(".jx-station").forEach(function (el) {
      el.classList.toggle("d-none", !drawn);
    });
    person.classList.remove("d-none");
  }

  function show(kind, title, detail, data) {
    var box = $("jx-result");
    box.className = "jx-result jx-result-" + kind + " mb-3";
    $("jx-result-title").textContent = title;
    $("jx-result-detail").textContent = detail || "";
    showPerson(data);
  }

  function timeOf(iso) {
    if (!iso) { return ""; }
    var when = new Date(iso);
    // The display zone (北京时间) the roster prints, not the desk PC's own zone.
    return isNaN(when) ? "" : when.toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      timeZone: document.documentElement.dataset.tz || "Asia/Shanghai"
    });
  }

  function submit(body) {
    if (busy) { return Promise.resolve(); }
    busy = true;
    show("busy", L.checking, "", null);
    return window.jx.fetch(root.dataset.checkinUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (reply) {
      var data = reply.json;
      if (reply.ok) {
        setCounts(data.counts);
        if (data.already_checked_in) {
          show("already", L.already.replace("{time}", timeOf(data.checked_in_at)),
               L.unchanged, data);
        } else {
          show("ok", L.ok, "", data);
        }
      } else {
        var error = data && data.error ? data.error : {};
        show("refused", L.refused, error.message || L.network, null);
      }
    }).catch(function () {
      show("refused", L.refused, L.network, null);
    }).finally(function () { busy = false; });
  }

  // Called by the camera for every decoded frame; the same code is ignored for 4 s.
  function handleDecoded(text) {
    var now = Date.now();
    if (text === last.text && now - last.at < 4000) { return Promise.resolve(); }
    last = { text: text, at: now };
    return submit({ token: text });
  }

  $("jx-manual").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = $("jx-ticket-no");
    var value = input.value.trim();
    if (!value) { show("refused", L.refused, L.empty, null); input.focus(); return; }
    var body = { ticket_no: value };
    var digits = $("jx-id-last4").value.trim();
    var reason = $("jx-override-reason").value.trim();
    if (digits) { body.id_last4 = digits; }
    if (reason) { body.override_reason = reason; }
    submit(body).then(function () {
      $("jx-id-last4").value = "";
      $("jx-override-reason").value = "";
      input.select();
    });
  });

  function cameraError(reason) {
    var box = $("jx-camera-error");
    $("jx-reader").classList.add("d-none");
    box.textContent = L.camera.replace("{reason}", String(reason || "?"));
    box.classList.remove("d-none");
    $("jx-camera-start").classList.remove("d-none");
    $("jx-camera-stop").classList.add("d-none");
  }

  $("jx-camera-start").addEventListener("click", function () {
    $("jx-camera-error").classList.add("d-none");
    if (typeof window.Html5Qrcode === "undefined") { cameraError("html5-qrcode"); return; }
    // Shown before starting: the scanner sizes its video to the box's width at start.
    $("jx-reader").classList.remove("d-none");
    scanner = scanner || new window.Html5Qrcode("jx-reader");
    scanner.start({ facingMode: "environment" }, { fps: 10, qrbox: { width: 240, height: 240 } },
                  handleDecoded, function () { /* no code in this frame */ })
      .then(function () {
        $("jx-camera-start").classList.add("d-none");
        $("jx-camera-stop").classList.remove("d-none");
        root.dataset.camera = "on";
      })
      .catch(cameraError);
  });

  $("jx-camera-stop").addEventListener("click", function () {
    if (!scanner) { return; }
    scanner.stop().finally(function () {
      $("jx-reader").classList.add("d-none");
      $("jx-camera-start").classList.remove("d-none");
      $("jx-camera-stop").classList.add("d-none");
      root.dataset.camera = "off";
    });
  });

  // Live count: the project's Socket.IO room, and a slow poll in case the socket is down.
  function setLive(on) {
    $("jx-live").dataset.state = on ? "on" : "off";
    $("jx-live-text").textContent = on ? L.live : L.polling;
  }
  if (typeof window.io === "function") {
    var socket = window.io({ transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      socket.emit("join_checkin", { project_id: projectId }, function (ack) {
        setLive(Boolean(ack && ack.ok));
        if (ack && ack.ok) { setCounts(ack.counts); }
      });
    });
    socket.on("disconnect", function () { setLive(false); });
    socket.on("checkin_changed", setCounts);
  }
  window.setInterval(function () {
    fetch(root.dataset.countsUrl, { credentials: "same-origin",
                                    headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(setCounts)
      .catch(function () { /* the next poll will try again */ });
  }, 15000);

  window.jxCheckin = { handleDecoded: handleDecoded, submit: submit };
})();
