/* The ceremony console: start, reveal the next place, end (moved out of the page for CSP). */
(function () {
  "use strict";
  var box = document.getElementById("jx-ceremony-console");
  var L = JSON.parse(document.getElementById("jx-ceremony-labels").textContent);
  var pid = parseInt(box.dataset.projectId, 10);
  var state = document.getElementById("jx-ceremony-state");
  var socket = io({ transports: ["websocket", "polling"] });
  function show(ack) {
    if (!ack.ok) { state.textContent = ack.message; return; }
    state.textContent = ack.ended ? L.ended : L.state.replace("{step}", ack.step).replace("{total}", ack.total);
  }
  box.querySelectorAll("[data-start]").forEach(function (b) {
    b.addEventListener("click", function () {
      socket.emit("ceremony_start", { project_id: pid, mode: b.dataset.start }, show);
    });
  });
  document.getElementById("jx-reveal-next").addEventListener("click", function () {
    socket.emit("ceremony_next", { project_id: pid }, show);
  });
  document.getElementById("jx-ceremony-end").addEventListener("click", function () {
    socket.emit("ceremony_end", { project_id: pid }, show);
  });
})();
