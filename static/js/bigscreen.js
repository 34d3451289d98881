/* Big screen (1920×1080): clock and countdown, auto-scrolling table, latest changes ticker,
   and the ceremony reveal driven by the organizer's console (socket event "ceremony"). */
(function () {
  "use strict";
  var B = window.JxBoard;
  var root = document.getElementById("jx-board");
  if (!B || !root) { return; }
  var L = B.labels;
  var offset = new Date(root.dataset.serverNow).getTime() - Date.now();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  // The clock shows the configured display zone, whatever zone the screen's computer is in.
  var clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: root.dataset.zone || "Asia/Shanghai", hour12: false,
    hour: "2-digit", minute: "2-digit", second: "2-digit"});

  function hms(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    return pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }

  function tick() {
    var now = new Date(Date.now() + offset);
    document.getElementById("jx-clock-now").textContent = clock.format(now);
    var left = document.getElementById("jx-clock-left");
    if (left) {
      // Before the start a countdown to the end would read like "539:05:38": show the start.
      var starts = left.dataset.starts ? new Date(left.dataset.starts).getTime() : null;
      var label = document.getElementById("jx-clock-label");
      if (starts !== null && now.getTime() < starts) {
        label.textContent = L.starts;
        left.textContent = left.dataset.startsText;
        left.classList.remove("jx-clock-over", "jx-clock-soon");
        return;
      }
      label.textContent = L.remaining;
      var ms = new Date(left.dataset.ends).getTime() - now.getTime();
      left.textContent = ms > 0 ? hms(ms) : L.ended;
      left.classList.toggle("jx-clock-over", ms <= 0);
      left.classList.toggle("jx-clock-soon", ms > 0 && ms < 15 * 60 * 1000);
    }
  }
  setInterval(tick, 1000);
  tick();

  // Auto-scroll a long table: glide down, pause, jump back to the top (bounded speed).
  var scroller = document.getElementById("jx-screen-scroll");
  var pauseUntil = Date.now() + 4000;
  var last = performance.now();
  function glide(t) {
    var dt = Math.min(100, t - last);
    last = t;
    var room = scroller.scrollHeight - scroller.clientHeight;
    if (room > 4 && Date.now() > pauseUntil) {
      scroller.scrollTop += dt * 0.04;
      if (scroller.scrollTop >= room - 1) {
        pauseUntil = Date.now() + 5000;
        setTimeout(function () { scroller.scrollTop = 0; pauseUntil = Date.now() + 4000; }, 4000);
      }
    }
    requestAnimationFrame(glide);
  }
  requestAnimationFrame(glide);

  // Latest changes: the rows a delta touched, newest first, at most eight.
  var ticker = document.getElementById("jx-ticker-list");
  B.onChange(function (board, rows, changed, ceremony) {
    if (ceremony) { showCeremony(ceremony); return; }
    if (board.visibility !== "LIVE") { return; }
    rows.forEach(function (row) {
      if (!changed[row.key]) { return; }
      var old = ticker.querySelector("[data-id='" + row.key + "']");
      if (old) { ticker.removeChild(old); }
      var li = document.createElement("li");
      li.className = "jx-tick";
      li.dataset.id = row.key;
      li.textContent = (row.rank ? "#" + row.rank + " " : "") + row.name + " · " +
        (row.total || "–");
      ticker.insertBefore(li, ticker.firstChild);
    });
    while (ticker.children.length > 8) { ticker.removeChild(ticker.lastChild); }
  });

  var section = document.getElementById("jx-ceremony");
  var list = document.getElementById("jx-ceremony-list");
  function showCeremony(c) {
    var on = c && !c.ended && c.step >= 0;
    section.classList.toggle("d-none", !on);
    root.classList.toggle("jx-ceremony-on", !!on);
    if (!on) { return; }
    list.textContent = "";
    // Revealed last place first; show them best first, the newest one highlighted.
    var shown = c.revealed.slice().reverse();
    shown.forEach(function (row, i) {
      var li = document.createElement("li");
      li.className = "jx-ceremony-row" + (i === 0 ? " jx-ceremony-new" : "");
      var rank = document.createElement("span");
      rank.className = "jx-ceremony-rank";
      rank.textContent = row.rank;
      var who = document.createElement("span");
      who.className = "jx-ceremony-who";
      who.textContent = row.name + " · " + row.organization;
      var total = document.createElement("span");
      total.className = "jx-ceremony-total";
      total.textContent = row.total || "";
      li.appendChild(rank);
      li.appendChild(who);
      li.appendChild(total);
      var b = B.badge(row.award);
      if (b) { li.appendChild(b); }
      list.appendChild(li);
    });
  }

  fetch(root.dataset.ceremonyUrl).then(function (r) { return r.ok ? r.json() : null; })
    .then(function (c) { if (c && c.running) { showCeremony(c); } });
})();
