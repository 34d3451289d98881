/* Live board client (phone page and big screen): a snapshot patched by small deltas.

   The page embeds the board (#jx-board-data) and labels (#jx-board-labels). The socket joins the
   project's room anonymously (join_board, with `since` on reconnect to resume); every
   standings_changed carries the project's seq and the seq it starts from ("since"): one that
   starts where the board is gets applied, a gap or a "refetch" fetches the snapshot again (GET /api/v1/projects/<id>/standings). Public deltas carry no
   names: rows are merged onto the ones the snapshot named. Staff boards refetch on a frozen
   delta (the public board stops moving; they still see live data). window.JxBoard exposes the
   state for the big screen (bigscreen.js). */
(function () {
  "use strict";

  var root = document.getElementById("jx-board");
  if (!root) { return; }
  var L = JSON.parse(document.getElementById("jx-board-labels").textContent);
  var board = JSON.parse(document.getElementById("jx-board-data").textContent);
  var projectId = board.project_id;
  var apiUrl = root.dataset.api;
  var rows = {};
  var listeners = [];
  var fetching = null;
  // A refetch asked for while one is in flight: that answer may predate what was asked for
  // (a score committed after the request left), so fetch once more when it lands.
  var stale = false;
  // A busy server's 503 said when to come back: until then a refetch waits for that retry,
  // which fetches the latest anyway.
  var retrying = null;
  var socket = null;
  var freezeTimer = null;

  function index(list) {
    rows = {};
    list.forEach(function (row) { rows[row.key] = row; });
  }

  function sorted() {
    var list = Object.keys(rows).map(function (k) { return rows[k]; });
    var live = board.visibility === "LIVE";
    list.sort(function (a, b) {
      if (live) {
        var pa = a.position == null ? 1e9 : a.position;
        var pb = b.position == null ? 1e9 : b.position;
        if (pa !== pb) { return pa - pb; }
      } else if ((a.organization || "") !== (b.organization || "")) {
        return (a.organization || "") < (b.organization || "") ? -1 : 1;
      }
      return (a.name || "") < (b.name || "") ? -1 : (a.name || "") > (b.name || "") ? 1 : 0;
    });
    return list;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // A DNF or DQ entry is never scored to the end: it shows its status, not "scoring 0/27",
  // and stays out of the overall progress.
  function finisher(row) { return !row.status || row.status === "FINISHED"; }

  function progressCell(row) {
    var p = row.progress || { done: 0, total: 0 };
    var wrap = el("div", "jx-progress");
    if (!finisher(row)) {
      var status = el("span", "jx-progress-status", (L.finish || {})[row.status] || row.status);
      status.dataset.status = row.status;
      wrap.appendChild(status);
      return wrap;
    }
    if (p.total && p.done >= p.total) {
      wrap.appendChild(el("span", "jx-progress-done", L.scored));
      return wrap;
    }
    wrap.appendChild(el("span", "jx-progress-text", L.scoring + " " + p.done + "/" + p.total));
    var bar = el("div", "jx-meter");
    var fill = el("div", "jx-meter-fill");
    fill.style.width = (p.total ? Math.round(100 * p.done / p.total) : 0) + "%";
    bar.appendChild(fill);
    wrap.appendChild(bar);
    return wrap;
  }

  function badge(award) {
    if (!award) { return null; }
    return el("span", "jx-award jx-award-" + award.toLowerCase(), L.awards[award] || award);
  }

  function render(changed) {
    var body = document.getElementById("jx-board-rows");
    var live = board.visibility === "LIVE";
    var comps = board.components || [];
    body.textContent = "";
    sorted().forEach(function (row) {
      var tr = el("tr", "jx-row");
      tr.dataset.id = row.key;
      if (changed && changed[row.key]) { tr.classList.add("jx-changed"); }
      if (live) { tr.appendChild(el("td", "jx-rank", row.rank == null ? "–" : row.rank)); }
      var who = el("td", "jx-who");
      who.appendChild(el("div", "jx-name", row.name || ""));
      who.appendChild(el("div", "jx-org", row.organization || ""));
      if (live && comps.length) {
        var small = el("div", "jx-comps-inline");
        small.textContent = comps.map(function (c) {
          return c.code + " " + ((row.components || {})[c.code] || "–");
        }).join(" · ");
        who.appendChild(small);
      }
      tr.appendChild(who);
      if (live) {
        comps.forEach(function (c) {
          tr.appendChild(el("td", "jx-comp", (row.components || {})[c.code] || "–"));
        });
        tr.appendChild(el("td", "jx-total", row.total || "–"));
        var aw = el("td", "jx-award-cell");
        var b = badge(row.award);
        if (b) { aw.appendChild(b); }
        tr.appendChild(aw);
      }
      var prog = el("td", "jx-progress-cell");
      prog.appendChild(progressCell(row));
      tr.appendChild(prog);
      body.appendChild(tr);
    });
    var empty = document.getElementById("jx-board-empty");
    if (empty) { empty.classList.toggle("d-none", Object.keys(rows).length > 0 || board.hidden); }
    var hidden = document.getElementById("jx-board-hidden");
    if (hidden) { hidden.classList.toggle("d-none", !board.hidden); }
    renderBanner();
    listeners.forEach(function (fn) { fn(board, sorted(), changed || {}); });
  }

  function renderBanner() {
    var banner = document.getElementById("jx-board-banner");
    if (!banner) { return; }
    banner.className = "jx-banner jx-banner-" + board.status.toLowerCase();
    var done = 0, total = 0;
    Object.keys(rows).forEach(function (id) {
      if (!finisher(rows[id])) { return; }
      var p = rows[id].progress || { done: 0, total: 0 };
      done += p.done; total += p.total;
    });
    var text = L.statuses[board.status] || board.status;
    // Nothing scored yet: "provisional results" would promise results that do not exist.
    if (board.status === "PROVISIONAL" && !board.hidden && done === 0) { text = L.not_started; }
    if (board.status === "PUBLISHED" && board.publication_ends_at) {
      text += " · " + L.until + " " + localTime(board.publication_ends_at);
    }
    if (board.appeals_open) { text += " · " + L.appeals.replace("{n}", board.appeals_open); }
    banner.querySelector(".jx-banner-text").textContent = text;
    var frozen = document.getElementById("jx-board-frozen");
    if (frozen) {
      frozen.classList.toggle("d-none", !board.frozen);
    }
    var progress = document.getElementById("jx-progress-overall");
    if (progress) { progress.textContent = done + "/" + total; }
    var seq = document.getElementById("jx-board-seq");
    if (seq) { seq.textContent = board.seq; }
    root.dataset.seq = board.seq;
    root.dataset.frozen = board.frozen ? "1" : "0";
  }

  /* In the contest's display zone (北京时间), as the server prints every other time on the
     page; the browser's own zone would contradict the printed 公示 deadline. */
  var ZONE = document.documentElement.dataset.tz || "Asia/Shanghai";
  function localTime(iso) {
    var d = new Date(iso);
    if (isNaN(d)) { return ""; }
    var p = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(d).forEach(function (part) { p[part.type] = part.value; });
    return p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute;
  }

  function again() {
    if (stale) { stale = false; refetch(); }
  }

  function refetch() {
    if (retrying) { return null; }
    if (fetching) { stale = true; return fetching; }
    // "no-cache": the browser may keep a board a second, but a refetch is asked for because the
    // board moved, so revalidate (a cheap 304 when the ETag still matches) instead of reusing it.
    fetching = fetch(apiUrl, { credentials: "same-origin", cache: "no-cache",
                               headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 503) {
          // A busy server (judges at work) asks spectators to come back: do, with a little
          // jitter so a hall of phones does not return in one beat.
          // At most 30 s: a proxy's long Retry-After must not park a live board for an hour.
          var wait = Math.min(parseInt(r.headers.get("Retry-After"), 10) || 1, 30) * 1000;
          stale = false;  // the retry below fetches the latest; no sooner, as asked
          retrying = setTimeout(function () { retrying = null; refetch(); },
                                wait + Math.random() * 1000);
        }
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        fetching = null;
        if (!data || data.project_id !== projectId) { again(); return; }
        var before = rows;
        board = data;
        index(data.rows || []);
        var changed = {};
        Object.keys(rows).forEach(function (id) {
          if (before[id] && JSON.stringify(before[id]) !== JSON.stringify(rows[id])) {
            changed[id] = true;
          }
        });
        render(changed);
        scheduleFreeze();
        again();
      })
      .catch(function () { fetching = null; again(); });
    return fetching;
  }

  function apply(delta) {
    if (!delta || delta.project_id !== projectId) { return; }
    if (delta.seq <= board.seq) { return; }
    var staffFrozen = delta.frozen && board.view === "STAFF";
    // A delta goes from its "since" (several seqs when the server coalesced them) to its seq.
    var since = typeof delta.since === "number" ? delta.since : delta.seq - 1;
    if (delta.refetch || staffFrozen || since !== board.seq || fetching) {
      refetch();
      return;
    }
    if (delta.frozen && !board.frozen) { refetch(); return; }
    var changed = {};
    for (var i = 0; i < (delta.rows || []).length; i++) {
      var row = delta.rows[i];
      var old = rows[row.key];
      if (!old) { refetch(); return; }
      rows[row.key] = Object.assign({}, old, row);
      changed[row.key] = true;
    }
    (delta.removed || []).forEach(function (id) { delete rows[id]; });
    ["complete"].forEach(function (k) { if (k in delta) { board[k] = delta[k]; } });
    board.seq = delta.seq;
    render(changed);
  }

  function scheduleFreeze() {
    // The public board stops moving at the freeze: fetch the frozen state at that moment.
    if (freezeTimer) { clearTimeout(freezeTimer); freezeTimer = null; }
    if (!board.freeze_at || board.frozen || board.view === "STAFF" || board.status !== "PROVISIONAL") {
      return;
    }
    var wait = new Date(board.freeze_at).getTime() - Date.now() + 300;
    if (wait < 0) { wait = 0; }
    if (wait < 2147483647) { freezeTimer = setTimeout(refetch, wait); }
  }

  function connect() {
    if (typeof io === "undefined") { return; }
    socket = io({ transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      socket.emit("join_board", { project_id: projectId, since: board.seq }, function (ack) {
        if (!ack || !ack.ok) { return; }
        root.dataset.connected = "1";
        var resume = ack.resume;
        if (!resume || resume.refetch) { if (ack.seq !== board.seq) { refetch(); } return; }
        (resume.deltas || []).forEach(apply);
        if (ack.ceremony) { listeners.forEach(function (fn) { fn(board, sorted(), {}, ack.ceremony); }); }
      });
    });
    socket.on("disconnect", function () { root.dataset.connected = "0"; });
    socket.on("standings_changed", apply);
    socket.on("ceremony", function (payload) {
      if (payload.project_id !== projectId) { return; }
      listeners.forEach(function (fn) { fn(board, sorted(), {}, payload); });
    });
  }

  window.JxBoard = {
    board: function () { return board; },
    rows: sorted,
    labels: L,
    onChange: function (fn) { listeners.push(fn); },
    refetch: refetch,
    localTime: localTime,
    badge: badge,
    progressCell: progressCell,
  };

  index(board.rows || []);
  document.addEventListener("DOMContentLoaded", function () {
    render({});
    scheduleFreeze();
    connect();
  });
})();

/* Charts on the project page: the score distribution (public, from the board's totals) and,
   for organizers, each judge's mean mark per aspect. Chart.js (~200 KB) is fetched only when a
   chart canvas is on the page, after the first paint, once it comes near the screen: the
   table comes first on venue Wi-Fi. */
(function () {
  "use strict";
  if (!window.JxBoard) { return; }
  var L = window.JxBoard.labels;
  var canvases = ["jx-dist", "jx-judges"].map(function (id) { return document.getElementById(id); })
    .filter(Boolean);
  var source = document.getElementById("jx-board") && document.getElementById("jx-board").dataset.chartSrc;
  if (!canvases.length || !source) { return; }
  var dist = null;
  var latest = null;

  function buckets(rows) {
    var counts = new Array(10).fill(0);
    rows.forEach(function (r) {
      if (r.total == null || (r.progress && r.progress.done === 0)) { return; }
      var i = Math.min(9, Math.max(0, Math.floor(parseFloat(r.total) / 10)));
      counts[i] += 1;
    });
    return counts;
  }

  function drawDistribution(board, rows) {
    var canvas = document.getElementById("jx-dist");
    if (!canvas || board.visibility !== "LIVE" || typeof window.Chart === "undefined") { return; }
    var data = buckets(rows);
    if (dist) { dist.data.datasets[0].data = data; dist.update("none"); return; }
    dist = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: ["0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90–100"],
        datasets: [{ label: L.contestants, data: data, backgroundColor: "#1d3557" }],
      },
      options: { animation: false, maintainAspectRatio: false,
                 plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } },
                           x: { title: { display: true, text: L.total } } } },
    });
  }

  function drawJudges() {
    var canvas = document.getElementById("jx-judges");
    if (!canvas) { return; }
    fetch(canvas.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.labels.length) { return; }
        var palette = ["#1d3557", "#a23b2c", "#2a9d8f", "#e9c46a", "#6c757d", "#8e44ad"];
        new window.Chart(canvas, {
          type: "bar",
          data: { labels: data.labels, datasets: data.datasets.map(function (d, i) {
            return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length] };
          }) },
          options: { animation: false, maintainAspectRatio: false,
                     scales: { y: { beginAtZero: true } } },
        });
      });
  }

  window.JxBoard.onChange(function (board, rows) {
    latest = { board: board, rows: rows };
    drawDistribution(board, rows);
  });

  var requested = false;
  function load() {
    if (requested) { return; }
    requested = true;
    var script = document.createElement("script");
    script.src = source;
    script.async = true;
    script.onload = function () {
      var board = latest ? latest.board : window.JxBoard.board();
      drawDistribution(board, latest ? latest.rows : window.JxBoard.rows());
      drawJudges();
    };
    document.head.appendChild(script);
  }

  function whenNear() {
    if (!("IntersectionObserver" in window)) { load(); return; }
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); load(); }
    }, { rootMargin: "400px" });
    canvases.forEach(function (c) { seen.observe(c); });
  }

  if (document.readyState === "complete") { whenNear(); }
  else { window.addEventListener("load", whenNear); }
})();
