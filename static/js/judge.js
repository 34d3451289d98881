/* Judge tablet: contestants by anonymous code, one card per seat (M / J / panel / component),
   each score kept in the outbox (outbox.js) until the server acknowledges it; re-score requests
   arrive live over Socket.IO (room judge:<user id>). */
(function () {
  "use strict";

  var root = document.getElementById("jx-tablet");
  if (!root) { return; }
  var boot = JSON.parse(document.getElementById("jx-tablet-boot").textContent);
  var L = JSON.parse(document.getElementById("jx-tablet-labels").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var work = boot.worklist;
  var selected = null;          // anonymous code (加密号) of the shown contestant
  var flashes = {};             // sheet name → highlight until the judge looks at it
  var pads = {};                // sheet name → digits typed on the number pad
  // What this tablet learned live (acks, re-score requests), by seq: a worklist fetched
  // before those events must not hide them.
  var live = {};                // "reg|sheet" → {seq, value?, rescore}

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (_m, k) {
      return values[k] === undefined ? "" : values[k];
    });
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function sheetName(e) {
    return e.aspect_id !== null && e.aspect_id !== undefined ? "a:" + e.aspect_id : "c:" + e.component_id;
  }
  function number(text) { return String(Number(text)); }

  /* ---- connection and outbox ---- */
  var socket = typeof window.io === "function"
    ? window.io({ transports: ["websocket", "polling"] }) : null;
  var outbox = window.JxOutbox({
    key: "jx-outbox:u" + boot.user_id + ":p" + boot.project_id,
    socket: socket,
    scoreUrl: boot.score_url,
    onChange: function () { render(); },
    onAck: function (event, ack) {
      var key = event.registration_code + "|" + sheetName(event);
      var rescore = Boolean(ack.sheet && ack.sheet.rescore_requested);
      learn(key, { seq: ack.seq, value: ack.value, rescore: rescore });
      if (!rescore) { delete flashes[key]; }
      render();
      if (ack.ok !== false && ack.value !== undefined) {
        announce(fmt(L.status_saved, { code: codeOf(event), value: number(ack.value) }));
      }
    }
  });

  function learn(key, fact) {
    var known = live[key];
    if (known && known.seq > fact.seq) { return; }
    live[key] = Object.assign({}, known || {}, fact);
    apply(key, live[key]);
  }
  function apply(key, fact) {
    var parts = key.split("|");
    var row = rowOf(parts[0]);
    if (!row) { return; }
    if (fact.value !== undefined) { row.values[parts[1]] = fact.value; }
    var has = row.rescore.indexOf(parts[1]) >= 0;
    if (fact.rescore && !has) { row.rescore.push(parts[1]); }
    if (!fact.rescore && has) {
      row.rescore = row.rescore.filter(function (s) { return s !== parts[1]; });
    }
  }

  function rescoreKeys() {
    var keys = [];
    work.contestants.forEach(function (row) {
      row.rescore.forEach(function (name) { keys.push(row.code + "|" + name); });
    });
    return keys;
  }

  function setLive(state) {
    var box = $("jx-conn");
    box.dataset.state = state;
    $("jx-conn-text").textContent = state === "on" ? L.online : L.offline;
  }

  function refetch() {
    return fetch(boot.worklist_url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var before = rescoreKeys();
        work = data;
        Object.keys(live).forEach(function (key) {
          if (live[key].seq > data.seq) { apply(key, live[key]); }
        });
        // A request made while the socket was down arrives only here: say so, as live.
        var missed = rescoreKeys().filter(function (key) { return before.indexOf(key) < 0; });
        var codes = [];
        missed.forEach(function (key) {
          if (!(key in flashes)) { flashes[key] = ""; }
          var code = key.split("|")[0];
          if (codes.indexOf(code) < 0) { codes.push(code); }
        });
        if (codes.length) { showBanner(fmt(L.rescore_missed, { codes: codes.join("、") })); }
        render();
      })
      .catch(function () { /* offline: keep what we have */ });
  }

  if (socket) {
    socket.on("connect", function () {
      setLive(navigator.onLine === false ? "off" : "on");
      socket.emit("join_judge", {}, function () { /* ack only confirms the room */ });
      refetch();
    });
    socket.on("disconnect", function () { setLive("off"); });
    // The chief judge's announcement (app/services/announcements.py): shown until dismissed.
    socket.on("announcement", function (data) {
      if (data.project_id !== boot.project_id) { return; }
      showBanner(fmt(L.announcement, { text: data.text }));
    });
    socket.on("rescore_requested", function (data) {
      if (data.project_id !== boot.project_id) { return; }
      var name = data.aspect_id !== null ? "a:" + data.aspect_id : "c:" + data.component_id;
      var key = data.code + "|" + name;
      learn(key, { seq: data.seq, rescore: true });
      flashes[key] = data.reason || "";
      showBanner(fmt(L.rescore_banner, { code: data.code, reason: data.reason || "" }));
      render();
    });
  }
  window.addEventListener("offline", function () { setLive("off"); });
  window.addEventListener("online", function () {
    if (socket && socket.connected) { setLive("on"); }
    outbox.flush();
  });

  function showBanner(text) {
    var banner = $("jx-banner");
    banner.textContent = text;
    banner.classList.remove("d-none");
  }

  /* ---- model helpers ---- */
  function codeOf(event) {
    var name = sheetName(event);
    var seat = seats().filter(function (s) { return s.name === name; })[0];
    return seat ? seat.code : "";
  }
  function rowOf(id) {
    return work.contestants.filter(function (r) { return r.code === id; })[0] || null;
  }
  function seats() {
    var list = [];
    work.components.forEach(function (c) {
      list.push({ name: "c:" + c.id, aspect_id: null, component_id: c.id, kind: "COMPONENT",
                  code: c.code, title: c.name, max: "100", descriptors: [] });
    });
    work.aspects.forEach(function (a) {
      list.push({ name: "a:" + a.id, aspect_id: a.id, component_id: null, kind: a.kind,
                  code: a.code, title: a.description, max: a.max_mark,
                  descriptors: a.descriptors || [] });
    });
    return list;
  }
  function entriesOf(regId, name) {
    return outbox.all().filter(function (e) {
      return e.registration_code === regId && sheetName(e) === name;
    });
  }
  /* The sheet's state for the judge: synced / pending / rejected / empty (+ shown value). */
  function stateOf(row, seat) {
    var mine = entriesOf(row.code, seat.name);
    var rejected = mine.filter(function (e) { return e.state === "rejected"; });
    var pending = mine.filter(function (e) { return e.state === "pending"; });
    if (pending.length) { return { state: "pending", value: pending[pending.length - 1].value }; }
    if (rejected.length) {
      var last = rejected[rejected.length - 1];
      return { state: "rejected", value: last.value, entry: last };
    }
    var saved = row.values[seat.name];
    return saved === undefined ? { state: "empty", value: null } : { state: "synced", value: saved };
  }

  /* ---- rendering ----
     A redraw patches the nodes already on screen instead of rebuilding them: a tap whose
     pointerdown lands on a button that a redraw (an ack, an outbox change) replaces before the
     pointerup fires no click, so a digit typed while a score was acknowledged was lost and the
     wrong value saved. The list and the cards are built afresh only when the contestants, the
     chosen contestant or the sheets themselves change; typed digits and the pad's error live
     in `pads` / `padErrors`, so even then they survive. Every control carries a stable
     data-focus-key (contestant, sheet + value/key), so keyboard focus returns to the same
     control after a rebuild instead of falling to <body> (WCAG 2.4.3). */
  var padErrors = {};           // "code|sheet" → the pad's out-of-range message
  var listShape = null;         // the contestants the list was built for
  var listNodes = {};           // code → its button's parts
  var sheetsShape = null;       // the contestant and sheets the cards were built for
  var cards = [];               // the shown cards' parts, in order

  function render(focusTarget) {
    var active = document.activeElement;
    var key = focusTarget || (active && root.contains(active) && active.dataset ? active.dataset.focusKey : null);
    renderSummary();
    renderList();
    renderSheets();
    // Patched in place, the focused control usually is still there: leave it be.
    if (key && !(active && root.contains(active) && active.dataset.focusKey === key && usable(active))) {
      restoreFocus(key);
    }
  }

  /* Focusable now: not disabled, not hidden (a refusal's dismiss button once dismissed). */
  function usable(node) { return !node.disabled && node.getClientRects().length > 0; }

  function restoreFocus(key) {
    var nodes = root.querySelectorAll("[data-focus-key]");
    var fallback = null;
    for (var i = 0; i < nodes.length; i++) {
      var k = nodes[i].dataset.focusKey;
      if (k === key && usable(nodes[i])) { nodes[i].focus({ preventScroll: true }); return; }
      // A control that is gone (a dismissed refusal): its sheet, else the sheet heading.
      if (!fallback && key.indexOf(k + "|") === 0) { fallback = nodes[i]; }
    }
    if (fallback) { fallback.focus({ preventScroll: true }); }
  }

  /* Say one short sentence in the status region (not the whole sheet). */
  function announce(text) {
    var status = $("jx-status");
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function show(node, visible) { node.classList.toggle("d-none", !visible); }

  function renderSummary() {
    var pending = outbox.size();
    var rejected = outbox.all().length - pending;
    $("jx-pending").textContent = fmt(L.pending_count, { n: pending });
    $("jx-pending").dataset.count = pending;
    $("jx-rejected").textContent = rejected ? fmt(L.rejected_count, { n: rejected }) : "";
    $("jx-rejected").classList.toggle("d-none", !rejected);
    $("jx-locked").classList.toggle("d-none", !work.locked);
    var open = work.contestants.some(function (r) { return r.rescore.length > 0; });
    if (!open) { $("jx-banner").classList.add("d-none"); }
  }

  function renderList() {
    var list = $("jx-contestants");
    var shape = work.contestants.map(function (r) { return r.code; }).join("|");
    if (shape !== listShape) {
      listShape = shape;
      listNodes = {};
      list.textContent = "";
      if (!work.contestants.length) { list.appendChild(el("p", "jx-empty", L.no_contestants)); }
      work.contestants.forEach(function (row) {
        listNodes[row.code] = contestantButton(row.code);
        list.appendChild(listNodes[row.code].btn);
      });
    }
    var all = seats();
    work.contestants.forEach(function (row) { fillContestant(listNodes[row.code], row, all); });
  }

  function contestantButton(code) {
    var btn = el("button", "jx-contestant");
    btn.type = "button";
    btn.dataset.focusKey = "c:" + code;
    btn.dataset.code = code;
    btn.appendChild(el("span", "jx-code", code));
    var meta = el("span", "jx-meta");
    var station = el("span");
    var progress = el("span", "jx-progress");
    meta.appendChild(station);
    meta.appendChild(progress);
    btn.appendChild(meta);
    var bar = el("span", "jx-bar");
    var fill = el("span");
    bar.appendChild(fill);
    btn.appendChild(bar);
    var tag = el("span", "jx-tag jx-tag-rescore", L.rescore);
    btn.appendChild(tag);
    btn.addEventListener("click", function () {
      selected = code;
      // The judge works on the sheets next: start there (the heading names the code).
      render("sheets");
      var panel = $("jx-sheets");
      if (panel.scrollIntoView && window.matchMedia("(orientation: portrait)").matches) {
        panel.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    });
    return { btn: btn, station: station, progress: progress, fill: fill, tag: tag };
  }

  function fillContestant(parts, row, all) {
    var states = all.map(function (s) { return stateOf(row, s).state; });
    var done = states.filter(function (s) { return s === "synced" || s === "pending"; }).length;
    var btn = parts.btn;
    btn.setAttribute("aria-pressed", String(selected === row.code));
    var rejected = states.indexOf("rejected") >= 0;
    var pending = !rejected && states.indexOf("pending") >= 0;
    btn.classList.toggle("is-rejected", rejected);
    btn.classList.toggle("is-pending", pending);
    // Nothing to mark is not "done": a judge without aspects must not see green 0 / 0.
    btn.classList.toggle("is-done", !rejected && !pending && all.length > 0 && done === all.length);
    btn.classList.toggle("is-rescore", row.rescore.length > 0);
    parts.station.textContent = row.station_no !== null ? fmt(L.station, { n: row.station_no }) : "";
    show(parts.station, row.station_no !== null);
    parts.progress.textContent = done + " / " + all.length;
    parts.fill.style.width = (all.length ? Math.round(100 * done / all.length) : 0) + "%";
    show(parts.tag, row.rescore.length > 0);
  }

  function renderSheets() {
    var box = $("jx-sheets");
    var row = selected === null ? null : rowOf(selected);
    var list = seats();
    // Same contestant, same sheets: only the cards' state changes, patched in place.
    var shape = row ? JSON.stringify([row.code, list]) : "";
    if (shape !== sheetsShape) {
      sheetsShape = shape;
      cards = [];
      box.textContent = "";
      if (!row) {
        box.appendChild(el("p", "jx-empty jx-hint", L.choose));
        return;
      }
      var head = el("div", "jx-sheets-head");
      var heading = el("h2", "jx-sheets-code", row.code);
      heading.id = "jx-sheets-code";
      heading.tabIndex = -1;
      heading.dataset.focusKey = "sheets";
      head.appendChild(heading);
      box.appendChild(head);
      list.forEach(function (seat) {
        var parts = card(row.code, seat);
        cards.push(parts);
        box.appendChild(parts.wrap);
      });
    }
    if (row) { cards.forEach(function (parts) { fillCard(parts, row); }); }
  }

  var BADGES = { synced: "synced", pending: "pending", rejected: "rejected", empty: "not_scored" };

  /* A sheet's card: its fixed parts built once; fillCard sets what changes. */
  function card(code, seat) {
    var parts = { seat: seat, entry: null, buttons: [] };
    var wrap = el("section", "jx-sheet");
    parts.wrap = wrap;
    wrap.dataset.sheet = seat.name;
    wrap.dataset.focusKey = "s:" + seat.name;
    wrap.tabIndex = -1;
    wrap.setAttribute("aria-label", seat.code + " " + (L.kinds[seat.kind] || seat.kind));
    var top = el("div", "jx-sheet-top");
    var title = el("div", "jx-sheet-title");
    title.appendChild(el("span", "jx-aspect-code", seat.code));
    title.appendChild(el("span", "jx-kind", L.kinds[seat.kind] || seat.kind));
    title.appendChild(el("span", "jx-range", fmt(L.range, { min: 0, max: number(seat.max) })));
    top.appendChild(title);
    var right = el("div", "jx-sheet-state");
    parts.value = el("span", "jx-value");
    parts.badge = el("span", "jx-state");
    right.appendChild(parts.value);
    right.appendChild(parts.badge);
    top.appendChild(right);
    wrap.appendChild(top);
    if (seat.title) { wrap.appendChild(el("p", "jx-desc", seat.title)); }
    parts.rescore = el("div", "jx-rescore-note");
    wrap.appendChild(parts.rescore);
    parts.reject = el("div", "jx-reject-note");
    parts.rejectText = el("span");
    var dismiss = el("button", "btn btn-outline-dark jx-dismiss", L.dismiss);
    dismiss.type = "button";
    dismiss.dataset.focusKey = "s:" + seat.name + "|dismiss";
    dismiss.addEventListener("click", function () {
      if (parts.entry) { outbox.dismiss(parts.entry.client_id); }
    });
    parts.reject.appendChild(parts.rejectText);
    parts.reject.appendChild(document.createTextNode(" "));
    parts.reject.appendChild(dismiss);
    wrap.appendChild(parts.reject);
    if (seat.kind === "J") { wrap.appendChild(jButtons(code, seat, parts)); }
    else if (seat.kind === "M") { wrap.appendChild(mButtons(code, seat, parts)); }
    else { wrap.appendChild(numberPad(code, seat, parts)); }
    return parts;
  }

  function fillCard(parts, row) {
    var seat = parts.seat;
    var st = stateOf(row, seat);
    var wrap = parts.wrap;
    var rescore = row.rescore.indexOf(seat.name) >= 0;
    wrap.className = "jx-sheet jx-sheet-" + st.state + (rescore ? " is-rescore" : "");
    wrap.dataset.state = st.state;
    parts.value.textContent = st.value !== null ? number(st.value) : "";
    show(parts.value, st.value !== null);
    parts.badge.className = "jx-state jx-state-" + st.state;
    parts.badge.textContent = L[BADGES[st.state]];
    parts.badge.dataset.state = st.state;
    var reason = flashes[row.code + "|" + seat.name];
    parts.rescore.textContent = reason ? fmt(L.rescore_reason, { reason: reason }) : L.rescore;
    show(parts.rescore, rescore);
    parts.entry = st.state === "rejected" ? st.entry : null;
    parts.rejectText.textContent = parts.entry ? parts.entry.message : "";
    show(parts.reject, Boolean(parts.entry));
    parts.buttons.forEach(function (b) {
      b.disabled = Boolean(work.locked);
      if (b.dataset.value !== undefined) {
        b.setAttribute("aria-pressed", String(st.value !== null && Number(st.value) === Number(b.dataset.value)));
      }
    });
    if (parts.display) {
      var key = row.code + "|" + seat.name;
      parts.display.textContent = pads[key] || "–";
      parts.error.textContent = padErrors[key] || "";
    }
  }

  var sent = 0;                 // scores sent so far (the keyboard moves on after one)
  function send(code, seat, value) {
    sent += 1;
    outbox.add({ registration_code: code, aspect_id: seat.aspect_id,
                 component_id: seat.component_id, value: value });
    announce(fmt(L.status_sent, { code: seat.code, value: number(value) }));
  }

  function jButtons(code, seat, parts) {
    var grid = el("div", "jx-j");
    var texts = {};
    seat.descriptors.forEach(function (d) { texts[d.score] = d.text; });
    [0, 1, 2, 3].forEach(function (score) {
      var b = el("button", "jx-j-btn");
      b.type = "button";
      b.dataset.value = score;
      b.dataset.focusKey = "s:" + seat.name + "|v:" + score;
      b.appendChild(el("span", "jx-j-score", String(score)));
      if (texts[score]) { b.appendChild(el("span", "jx-j-text", texts[score])); }
      b.addEventListener("click", function () { send(code, seat, score); });
      parts.buttons.push(b);
      grid.appendChild(b);
    });
    return grid;
  }

  function mButtons(code, seat, parts) {
    var wrap = el("div", "jx-m");
    var allowed = seat.descriptors.map(function (d) { return d.value; }).filter(function (v) {
      return v !== undefined && v !== null && v !== "";
    });
    if (!allowed.length) { allowed = [seat.max, "0"]; }
    var max = Number(seat.max);
    allowed.forEach(function (value) {
      var n = Number(value);
      var label = n === max ? fmt(L.full, { v: number(value) }) : n === 0 ? L.zero : number(value);
      var b = el("button", "jx-m-btn" + (n === max ? " jx-m-full" : n === 0 ? " jx-m-zero" : ""), label);
      b.type = "button";
      b.dataset.value = number(value);
      b.dataset.focusKey = "s:" + seat.name + "|v:" + number(value);
      b.addEventListener("click", function () { send(code, seat, number(value)); });
      parts.buttons.push(b);
      wrap.appendChild(b);
    });
    return wrap;
  }

  function numberPad(code, seat, parts) {
    var key = code + "|" + seat.name;
    var wrap = el("div", "jx-pad");
    var display = el("output", "jx-pad-display");
    display.setAttribute("aria-live", "polite");
    display.setAttribute("aria-label", seat.code);
    wrap.appendChild(display);
    var error = el("div", "jx-pad-error");
    error.setAttribute("role", "alert");
    parts.display = display;
    parts.error = error;
    var keys = el("div", "jx-pad-keys");
    ["7", "8", "9", "4", "5", "6", "1", "2", "3", ".", "0", "⌫"].forEach(function (k) {
      var b = el("button", "jx-key", k);
      b.type = "button";
      b.dataset.key = k;
      b.dataset.focusKey = "s:" + seat.name + "|k:" + k;
      if (k === "⌫") { b.setAttribute("aria-label", L.backspace); }
      b.addEventListener("click", function () {
        var now = pads[key] || "";
        if (k === "⌫") { now = now.slice(0, -1); }
        else if (k === "." && (now.indexOf(".") >= 0 || !now)) { return; }
        else if (now.length < 6) { now = now === "0" && k !== "." ? k : now + k; }
        pads[key] = now;
        delete padErrors[key];
        display.textContent = now || "–";
        error.textContent = "";
      });
      parts.buttons.push(b);
      keys.appendChild(b);
    });
    wrap.appendChild(keys);
    var ok = el("button", "jx-pad-ok", L.save);
    ok.type = "button";
    ok.dataset.focusKey = "s:" + seat.name + "|save";
    ok.addEventListener("click", function () {
      var text = pads[key] || "";
      var value = Number(text);
      if (!text || isNaN(value) || value < 0 || value > Number(seat.max)) {
        padErrors[key] = fmt(L.out_of_range, { min: 0, max: number(seat.max) });
        error.textContent = padErrors[key];
        return;
      }
      delete pads[key];
      delete padErrors[key];
      send(code, seat, text);
    });
    parts.buttons.push(ok);
    wrap.appendChild(ok);
    wrap.appendChild(error);
    return wrap;
  }

  // Offline reload: static/sw.js keeps this page and its files (the outbox is in localStorage).
  if ("serviceWorker" in navigator && $("jx-tablet").dataset.sw) {
    navigator.serviceWorker.register($("jx-tablet").dataset.sw, { scope: "/judging/" })
      .catch(function () { /* no worker: the tablet still works online */ });
  }

  $("jx-sync").addEventListener("click", function () { outbox.flush(); refetch(); });
  setLive(socket && socket.connected ? "on" : "off");
  if (work.contestants.length) { selected = work.contestants[0].code; }
  render();
  // judge_keys.js (the keyboard shortcuts) reads the chosen contestant and the scores sent.
  window.jxTablet = { outbox: outbox, refetch: refetch, socket: socket,
                      selected: function () { return selected; },
                      sent: function () { return sent; } };
})();
