/* Chief judge console: the live matrix (contestants × sheets × judges) filled over Socket.IO
   (rooms chief:<id> and project:<id>), flags with the numbers behind them, and the chief's
   actions through /api/v1 (re-score, verify, penalty, DNF/DQ, lock, unlock, sign-off). Names
   replace the codes once the results are signed off (the matrix carries them). A gap in the
   sequence numbers, a reconnect or an action of ours refetches the snapshot. */
(function () {
  "use strict";

  var root = document.getElementById("jx-console");
  if (!root) { return; }
  var boot = JSON.parse(document.getElementById("jx-console-boot").textContent);
  var L = JSON.parse(document.getElementById("jx-console-labels").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var matrix = boot.matrix;
  var standings = boot.standings;
  var names = matrix.names || boot.names || {};
  var lastSeq = matrix.seq;
  var selection = null;     // {type: "cell", reg, sheet} | {type: "row", reg}
  var fresh = {};           // cell keys that just changed (pulse once)
  var refetchTimer = null;
  // An action of ours is on its way, or answered while the refetch showing its effect has not
  // landed: the state on screen is not current, so the action buttons wait and "Done." too.
  var acting = false;
  var awaiting = null;      // {seq} of an answered action until a refetch at or past it draws

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
  function cellName(c) { return c.aspect_id !== null ? "a:" + c.aspect_id : "c:" + c.component_id; }
  function num(v) { return v === null || v === undefined ? "" : String(Number(v)); }

  /* ---- the model ---- */
  var cells = {};
  function indexCells() {
    cells = {};
    matrix.cells.forEach(function (c) { cells[c.registration_id + "|" + cellName(c)] = c; });
  }
  function sheets() {
    var seated = {};
    matrix.judges.forEach(function (j) { j.seats.forEach(function (s) { seated[s] = true; }); });
    var out = [];
    matrix.components.forEach(function (c) {
      if (seated["c:" + c.id]) {
        out.push({ name: "c:" + c.id, aspect_id: null, component_id: c.id, code: c.code,
                   kind: c.kind, max: "100" });
      }
    });
    matrix.aspects.forEach(function (a) {
      out.push({ name: "a:" + a.id, aspect_id: a.id, component_id: null, code: a.code,
                 kind: a.kind, max: a.max_mark, component: a.component });
    });
    return out;
  }
  function judgesOn(sheetName) {
    return matrix.judges.filter(function (j) { return j.seats.indexOf(sheetName) >= 0; });
  }
  function recused(judgeId, regId) {
    return matrix.recused.some(function (p) { return p[0] === judgeId && p[1] === regId; });
  }
  function standingRow(regId) {
    return (standings.rows || []).filter(function (r) { return r.registration_id === regId; })[0] || null;
  }
  function contestant(regId) {
    return matrix.contestants.filter(function (c) { return c.registration_id === regId; })[0] || null;
  }
  function label(c) {
    var name = names[String(c.registration_id)];
    return name ? c.code + " " + name : c.code;
  }

  /* The numbers behind a flag: the judges' values and their spread. */
  function flagDetail(cell) {
    var values = Object.keys(cell.values).map(function (k) { return Number(cell.values[k]); });
    if (!values.length) { return ""; }
    var spread = Math.max.apply(null, values) - Math.min.apply(null, values);
    return values.join(" / ") + " · " + fmt(L.spread, { n: num(spread) });
  }

  /* ---- rendering ---- */
  function render() {
    var ties = $("jx-ties");
    if (ties) {  // the ties still to order, kept live like the rest
      var n = (standings.unresolved_ties || []).length;
      $("jx-tie-count").textContent = n;
      ties.hidden = !n;
    }
    renderMatrix();
    renderDetail();
    renderBusy();
    $("jx-seq").textContent = lastSeq;
  }

  function busy() { return acting || awaiting !== null; }

  /* While busy, every action button is off. */
  function renderBusy() {
    var on = busy();
    renderLock();
    renderSignOff();
    root.querySelectorAll("#jx-unlock button, #jx-detail-body button").forEach(function (b) {
      b.disabled = on;
    });
  }

  function lockStatus() {
    var finishing = (standings.rows || []).filter(function (r) { return r.status === "FINISHED"; });
    var finishingIds = {};
    finishing.forEach(function (r) { finishingIds[r.registration_id] = true; });
    var incomplete = finishing.filter(function (r) { return r.progress.done < r.progress.total; }).length;
    var flagged = matrix.cells.filter(function (c) {
      return c.flags.length && finishingIds[c.registration_id];
    }).length;
    return { incomplete: incomplete, flagged: flagged, gaps: coverageGaps(finishingIds) };
  }

  /* Sheets whose seated judges all recuse from a finisher: nobody can score them, so the
     server refuses the lock until another judge is seated (never a silent 0). */
  function coverageGaps(finishingIds) {
    var out = [];
    var cols = sheets();
    matrix.contestants.forEach(function (c) {
      if (!finishingIds[c.registration_id]) { return; }
      cols.forEach(function (s) {
        var seated = judgesOn(s.name);
        if (seated.length && seated.every(function (j) { return recused(j.user_id, c.registration_id); })) {
          out.push(fmt(L.uncovered, { aspect: s.code, code: c.code }));
        }
      });
    });
    return out;
  }

  function renderLock() {
    var s = lockStatus();
    var reasons = [];
    if (!(matrix.contestants || []).length) { reasons.push(L.no_contestants); }
    // Named first and one by one: they are what to fix (the incomplete count includes them).
    reasons = reasons.concat(s.gaps.slice(0, 3));
    if (s.gaps.length > 3) { reasons.push(fmt(L.more_uncovered, { n: s.gaps.length - 3 })); }
    if (s.incomplete) { reasons.push(fmt(L.incomplete, { n: s.incomplete })); }
    if (s.flagged) { reasons.push(fmt(L.flagged, { n: s.flagged })); }
    $("jx-lock-state").textContent = matrix.locked ? L.locked : L.unlocked;
    $("jx-lock-reason").textContent = matrix.locked ? "" : (reasons.length ? reasons.join(" ") : L.can_lock);
    $("jx-lock-reason").classList.toggle("text-success", !matrix.locked && !reasons.length);
    var lock = $("jx-lock");
    if (lock) {
      lock.classList.toggle("d-none", matrix.locked);
      lock.disabled = busy() || reasons.length > 0;
      lock.title = reasons.join(" ");
      $("jx-unlock").classList.toggle("d-none", !matrix.locked);
    }
  }

  function renderSignOff() {
    var signed = matrix.signed_off;
    $("jx-signoff-state").textContent = signed ? fmt(L.signed_off, { name: signed.by, at: signed.at_local })
      : (matrix.locked ? L.can_sign_off : L.sign_after_lock);
    var button = $("jx-signoff");
    if (button) {
      button.classList.toggle("d-none", Boolean(signed));
      button.disabled = busy() || !matrix.locked;
    }
  }

  function renderMatrix() {
    var table = $("jx-matrix");
    table.textContent = "";
    var cols = sheets();
    var thead = el("thead");
    var tr = el("tr");
    [L.contestant, L.progress, L.total].forEach(function (t) { tr.appendChild(el("th", null, t)); });
    cols.forEach(function (s) {
      var th = el("th");
      th.appendChild(el("div", null, s.code));
      th.appendChild(el("div", "small fw-normal", (L.kinds[s.kind] || s.kind) + " · " + num(s.max)));
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el("tbody");
    matrix.contestants.forEach(function (c) {
      var st = standingRow(c.registration_id) || {};
      var row = el("tr");
      row.dataset.registrationId = c.registration_id;
      row.dataset.code = c.code || "";
      var out = c.finish_status !== "FINISHED" || c.status === "DISQUALIFIED";
      if (out) { row.classList.add("jx-row-out"); }
      var head = el("th");
      var link = el("button", "btn btn-link p-0 jx-row-code", label(c));
      link.type = "button";
      link.addEventListener("click", function () { select({ type: "row", reg: c.registration_id }); });
      head.appendChild(link);
      if (c.finish_status !== "FINISHED") {
        head.appendChild(el("span", "badge text-bg-danger ms-1", c.finish_status));
      }
      row.appendChild(head);
      var progress = st.progress ? st.progress.done + " / " + st.progress.total : "";
      row.appendChild(el("td", "text-nowrap", progress));
      var total = el("td", "fw-semibold", st.total ? num(st.total) : "");
      if (st.penalty_points && Object.keys(st.penalty_points).length) {
        total.appendChild(el("div", "small text-danger", L.penalty + " " +
          Object.keys(st.penalty_points).map(function (k) { return k + "−" + num(st.penalty_points[k]); }).join(" ")));
      }
      row.appendChild(total);
      cols.forEach(function (s) { row.appendChild(matrixCell(c, s)); });
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
  }

  function matrixCell(c, s) {
    var key = c.registration_id + "|" + s.name;
    var cell = cells[key];
    var td = el("td", "jx-cell");
    td.dataset.key = key;
    td.dataset.sheet = s.name;
    td.dataset.registrationId = c.registration_id;
    td.tabIndex = 0;
    if (cell) {
      if (cell.flags.length) { td.classList.add("is-flagged"); td.dataset.flags = cell.flags.join(","); }
      if (cell.state === "VERIFIED" || cell.state === "LOCKED" && cell.verified_by) { td.classList.add("is-verified"); }
      if (cell.rescore_requested) { td.classList.add("is-rescore"); }
      td.appendChild(el("div", "jx-mark", cell.mark === null ? "" : num(cell.mark)));
    }
    if (fresh[key]) { td.classList.add("is-new"); delete fresh[key]; }
    var vals = el("div", "jx-vals");
    judgesOn(s.name).forEach(function (j) {
      var v = cell ? cell.values[String(j.user_id)] : undefined;
      var off = recused(j.user_id, c.registration_id);
      var span = el("span", "jx-v" + (off ? " is-recused" : v === undefined ? " is-missing" : ""),
                    off ? "×" : v === undefined ? "–" : num(v));
      span.title = j.name + (off ? " · " + L.recused : "");
      vals.appendChild(span);
    });
    td.appendChild(vals);
    if (cell && cell.flags.length) {
      cell.flags.forEach(function (f) { td.appendChild(el("span", "jx-flag", L.flags[f] || f)); });
      td.appendChild(el("span", "jx-flag-detail", flagDetail(cell)));
    }
    td.addEventListener("click", function () { select({ type: "cell", reg: c.registration_id, sheet: s.name }); });
    td.addEventListener("keydown", function (e) { if (e.key === "Enter") { td.click(); } });
    return td;
  }

  function select(sel) { selection = sel; renderDetail(); }

  function renderDetail() {
    var body = $("jx-detail-body");
    if (!selection) { return; }
    body.textContent = "";
    var c = contestant(selection.reg);
    if (!c) { return; }
    if (selection.type === "cell") { cellDetail(body, c, selection.sheet); }
    else { rowDetail(body, c); }
  }

  function cellDetail(body, c, sheetName) {
    var s = sheets().filter(function (x) { return x.name === sheetName; })[0];
    var cell = cells[c.registration_id + "|" + sheetName];
    body.appendChild(el("h2", "h5", label(c) + " · " + s.code));
    var list = el("table", "table table-sm mb-2");
    var tb = el("tbody");
    judgesOn(sheetName).forEach(function (j) {
      var tr = el("tr");
      tr.appendChild(el("th", null, j.name));
      var v = cell ? cell.values[String(j.user_id)] : undefined;
      tr.appendChild(el("td", "text-end fw-bold", recused(j.user_id, c.registration_id) ? L.recused
        : v === undefined ? L.not_scored : num(v)));
      tb.appendChild(tr);
    });
    var tr = el("tr");
    tr.appendChild(el("th", null, L.mark));
    tr.appendChild(el("td", "text-end fw-bold", cell && cell.mark !== null ? num(cell.mark) : "–"));
    tb.appendChild(tr);
    list.appendChild(tb);
    body.appendChild(list);
    if (cell && cell.flags.length) {
      var flags = el("div", "alert alert-danger py-2");
      flags.textContent = cell.flags.map(function (f) { return L.flags[f] || f; }).join(", ") + ": " + flagDetail(cell);
      body.appendChild(flags);
    }
    if (cell && cell.verified_by) {
      var who = matrix.judges.filter(function (j) { return j.user_id === cell.verified_by; })[0];
      body.appendChild(el("p", "text-success fw-semibold", fmt(L.verified_by, { name: who ? who.name : cell.verified_by })));
    }
    if (cell && cell.rescore_requested) { body.appendChild(el("p", "fw-semibold", L.rescore_pending)); }
    if (!boot.chief) { body.appendChild(el("p", "text-body-secondary", L.only_chief)); return; }
    if (matrix.locked || !cell) { return; }
    var key = { registration_id: c.registration_id, aspect_id: s.aspect_id, component_id: s.component_id };
    var form = el("form", "mb-2");
    form.id = "jx-rescore-form";
    var input = el("textarea", "form-control mb-2");
    input.id = "jx-rescore-reason";
    input.rows = 2;
    input.maxLength = 500;
    input.value = L.rescore_default;
    var lab = el("label", "form-label", L.rescore_reason);
    lab.htmlFor = input.id;
    form.appendChild(lab);
    form.appendChild(input);
    var btn = el("button", "btn btn-warning w-100", L.rescore);
    btn.type = "submit";
    btn.id = "jx-rescore";
    form.appendChild(btn);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      act(boot.urls.rescore, "POST", Object.assign({ reason: input.value }, key));
    });
    body.appendChild(form);
    if (cell.state === "VERIFIED" || cell.flags.length) { return; }
    var verify = el("button", "btn btn-success w-100", L.verify);
    verify.type = "button";
    verify.id = "jx-verify";
    verify.addEventListener("click", function () { act(boot.urls.verify, "POST", key); });
    body.appendChild(verify);
  }

  function field(parent, labelText, input) {
    var wrap = el("div", "mb-2");
    var lab = el("label", "form-label", labelText);
    lab.htmlFor = input.id;
    wrap.appendChild(lab);
    wrap.appendChild(input);
    parent.appendChild(wrap);
    return input;
  }

  function rowDetail(body, c) {
    body.appendChild(el("h2", "h5", label(c)));
    if (!boot.chief) { body.appendChild(el("p", "text-body-secondary", L.only_chief)); return; }
    if (matrix.locked) { body.appendChild(el("p", null, L.locked)); return; }
    var pen = el("form", "mb-3");
    pen.id = "jx-penalty-form";
    pen.appendChild(el("h3", "h6", L.penalty_title));
    var comp = el("select", "form-select");
    comp.id = "jx-pen-component";
    matrix.components.forEach(function (k) {
      var o = el("option", null, k.code + " " + k.name);
      o.value = k.id;
      comp.appendChild(o);
    });
    field(pen, L.component, comp);
    var points = el("input", "form-control");
    points.id = "jx-pen-points"; points.type = "number"; points.min = "0"; points.max = "100"; points.step = "0.5";
    field(pen, L.points, points);
    var reason = el("input", "form-control");
    reason.id = "jx-pen-reason"; reason.maxLength = 500;
    field(pen, L.reason, reason);
    var dqWrap = el("div", "form-check mb-2");
    var dq = el("input", "form-check-input");
    dq.type = "checkbox"; dq.id = "jx-pen-dq";
    var dqLab = el("label", "form-check-label", L.disqualifies);
    dqLab.htmlFor = dq.id;
    dqWrap.appendChild(dq); dqWrap.appendChild(dqLab);
    pen.appendChild(dqWrap);
    var add = el("button", "btn btn-outline-danger w-100", L.add_penalty);
    add.type = "submit";
    pen.appendChild(add);
    pen.addEventListener("submit", function (e) {
      e.preventDefault();
      act(boot.urls.penalties, "POST", { registration_id: c.registration_id,
        component_id: Number(comp.value), points: points.value || "0", reason: reason.value,
        disqualifies: dq.checked });
    });
    body.appendChild(pen);

    var fin = el("form");
    fin.id = "jx-finish-form";
    fin.appendChild(el("h3", "h6", L.finish_title));
    var status = el("select", "form-select");
    status.id = "jx-finish-status";
    ["FINISHED", "DNF", "DQ"].forEach(function (k) {
      var o = el("option", null, L.finish[k]);
      o.value = k;
      o.selected = c.finish_status === k;
      status.appendChild(o);
    });
    field(fin, L.finish_title, status);
    var why = el("input", "form-control");
    why.id = "jx-finish-reason"; why.maxLength = 500;
    field(fin, L.reason, why);
    var save = el("button", "btn btn-outline-primary w-100", L.save_finish);
    save.type = "submit";
    fin.appendChild(save);
    fin.addEventListener("submit", function (e) {
      e.preventDefault();
      act(boot.urls.finish + c.registration_id, "PUT", { status: status.value, reason: why.value });
    });
    body.appendChild(fin);
  }

  /* ---- actions ---- */
  function alertBox(kind, text) {
    var box = $("jx-alert");
    box.className = "alert alert-" + kind;
    box.textContent = text;
  }

  function act(url, method, body) {
    if (busy()) { return Promise.resolve(null); }
    acting = true;
    renderBusy();
    function settle() { acting = false; renderBusy(); }
    return window.jx.fetch(url, {
      method: method,
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          // "Done." once the refetch shows the action's effect (refetch draws it), not next
          // to the state from before it.
          awaiting = { seq: (data && data.seq) || 0 };
          $("jx-alert").className = "alert d-none";
          settle();
          return refetch();
        }
        var error = (data && data.error) || {};
        var text = error.message || L.network;
        if (error.problems && error.problems.length) {
          text += " " + error.problems.map(function (p) { return p.message; }).join("；");
        }
        alertBox("danger", text);
        settle();
        return null;
      });
    }).catch(function () { settle(); alertBox("danger", L.network); });
  }

  function getJson(url) {
    // "no-cache": the standings may be kept a second by the browser, but the console asks
    // because a mark moved them, so revalidate (a 304 when unchanged) instead of reusing them.
    return fetch(url, { credentials: "same-origin", cache: "no-cache",
                        headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  var fetchGeneration = 0;
  function refetch() {
    var generation = ++fetchGeneration;
    return Promise.all([getJson(boot.urls.matrix), getJson(boot.urls.standings)])
      .then(function (both) {
        // Answers can land out of order (a slow one, a lock clicked meanwhile): only the
        // last fetch asked draws, and never over marks the socket has already shown, or a
        // stale answer could flag a sheet again and disable the lock the chief is pressing.
        if (generation !== fetchGeneration) { return; }
        if (both[0].seq < lastSeq) { refetchSoon(); return; }
        matrix = both[0];
        names = matrix.names || {};
        standings = both[1];
        lastSeq = Math.max(matrix.seq, standings.seq || 0);
        indexCells();
        if (awaiting && matrix.seq >= awaiting.seq) {
          awaiting = null;
          alertBox("success", L.done);
        }
        render();
      })
      .catch(function () {
        // The next event or reconnect tries again; an action's outcome is unknown till then.
        if (awaiting) { awaiting = null; alertBox("danger", L.network); renderBusy(); }
      });
  }
  function refetchSoon() {
    window.clearTimeout(refetchTimer);
    refetchTimer = window.setTimeout(refetch, 250);
  }

  /* Returns true when the event is the next one (false: a gap, so refetch). */
  function noteSeq(seq) {
    if (seq <= lastSeq) { return true; }
    if (seq === lastSeq + 1) { lastSeq = seq; return true; }
    refetchSoon();
    return false;
  }

  function applyCell(sheet) {
    if (!sheet) { return; }
    var key = sheet.registration_id + "|" + cellName(sheet);
    var i = matrix.cells.findIndex(function (c) { return c.registration_id + "|" + cellName(c) === key; });
    if (i >= 0) { matrix.cells[i] = sheet; } else { matrix.cells.push(sheet); }
    cells[key] = sheet;
    fresh[key] = true;
  }

  var socket = typeof window.io === "function"
    ? window.io({ transports: ["websocket", "polling"] }) : null;
  function setLive(on) {
    var conn = $("jx-conn");
    conn.dataset.state = on ? "on" : "off";
    conn.textContent = on ? L.live : L.offline;
  }
  if (socket) {
    socket.on("connect", function () {
      socket.emit("join_project", { project_id: boot.project_id }, function () {});
      socket.emit("join_chief", { project_id: boot.project_id }, function (ack) {
        setLive(Boolean(ack && ack.ok));
        if (ack && ack.ok && ack.seq !== lastSeq) { refetch(); }
      });
    });
    socket.on("disconnect", function () { setLive(false); });
    socket.on("score_recorded", function (data) {
      if (data.project_id !== boot.project_id) { return; }
      if (noteSeq(data.seq)) { applyCell(data.sheet); render(); }
    });
    socket.on("sheet_changed", function (data) {
      if (data.project_id !== boot.project_id) { return; }
      if (noteSeq(data.seq)) { applyCell(data.sheet); render(); }
    });
    socket.on("standings_changed", function (data) {
      if (data.project_id !== boot.project_id) { return; }
      // The project room carries the public view of the standings: no registration ids, and
      // masked or hidden before publication, so it cannot patch the console's rows. Each
      // announcement fetches the staff standings instead (coalesced), so progress, totals,
      // ties and the lock button follow the marks live, not only after a reload.
      refetchSoon();
    });
  }

  var unlock = $("jx-unlock");
  if (unlock) {
    unlock.addEventListener("submit", function (e) {
      e.preventDefault();
      act(boot.urls.unlock, "POST", { reason: $("jx-unlock-reason").value });
    });
    $("jx-lock").addEventListener("click", function () { act(boot.urls.lock, "POST"); });
  }
  var signOff = $("jx-signoff");
  if (signOff) {
    signOff.addEventListener("click", function () { act(boot.urls.sign_off, "POST"); });
  }

  indexCells();
  render();
  window.jxConsole = { refetch: refetch, state: function () { return { matrix: matrix, standings: standings, seq: lastSeq }; } };
})();
