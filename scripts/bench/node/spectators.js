/* Spectator load for scripts/bench/bench_board.py (loopback only; every loop bounded).

   node spectators.js fanout <base[,base2…]> <projectId> <sockets> <runs> <token> <registrationId> <aspectId> [readRate]
     Connects <sockets> websocket spectators, each joining the project's board; then <runs>
     times POSTs a score (the judge's bearer token) and measures, from the moment the POST is
     sent, the time until the LAST spectator has a standings_changed reaching that seq, and the
     judge's acknowledgement (the POST's answer). With readRate > 0 the snapshot endpoint is
     read at that many requests per second meanwhile. Prints one JSON line.
     The snapshot reads ask for gzip, as browsers do.
   node spectators.js reads <base> <projectId> <seconds> <concurrency> [gzip]
     Reads the snapshot with <concurrency> keep-alive clients for <seconds>; prints reads/s.
   node spectators.js hold <base[,base2…]> <projectId> <sockets> <seconds>
     Connects <sockets> websocket spectators (dealt round-robin over the bases), each joining the
     project's board; prints {"event": "ready", …} once all have joined (or after 60 s), then
     holds them for <seconds> (or until SIGTERM/SIGINT, or stdin closes), counting the
     standings_changed deltas and disconnects; prints a final JSON line and exits.
   node spectators.js writes <base[,base2…]> <seconds> <concurrency> <targets.json>
     <concurrency> judges POST marks (bearer tokens) flat out for <seconds>, each on one keep-alive
     connection, writer i on base i % bases; <targets.json> is a file holding a JSON list of
     {token, registration_id, aspect_id}, writer i cycling through the targets from i. Prints
     marks/s, the status mix and the ack latencies. */
"use strict";
const { io } = require("socket.io-client");
const http = require("http");

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const now = () => Number(process.hrtime.bigint()) / 1e6;
// Browsers ask for gzip; the server keeps each board gzipped once per seq.
const GZIP = { "Accept-Encoding": "gzip" };

function request(method, url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: headers || {}, timeout: 10000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    if (body) { req.write(body); }
    req.end();
  });
}

function stats(values) {
  const v = values.slice().sort((a, b) => a - b);
  const q = (p) => v.length ? v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))] : null;
  return { n: v.length, min: v[0], median: q(0.5), p90: q(0.9), p99: q(0.99), max: v[v.length - 1] };
}

async function fanout(base, projectId, count, runs, token, registrationId, aspectId, readRate) {
  const sockets = [];
  // Per socket, the time it first had each seq or a later one (a coalesced delta covers
  // several seqs: it brings the board past the acknowledged seq just the same).
  const arrivals = [];
  let joined = 0;
  const deadline = Date.now() + 60000;
  // <base> may list several instances (comma-separated): spectators are dealt round-robin,
  // the judge posts to the first.
  const bases = base.split(",");
  base = bases[0];
  let deltaBytes = 0;
  for (let i = 0; i < count; i++) {
    const s = io(bases[i % bases.length], { transports: ["websocket"], reconnection: false, forceNew: true });
    s.on("connect", () => s.emit("join_board", { project_id: projectId }, (ack) => {
      if (ack && ack.ok) { joined++; }
    }));
    const mine = [];
    arrivals.push(mine);
    s.on("standings_changed", (d) => {
      mine.push([d.seq, now()]);
      if (i === 0) { deltaBytes = Math.max(deltaBytes, Buffer.byteLength(JSON.stringify(d))); }
    });
    sockets.push(s);
    if (i % 50 === 49) { await new Promise((r) => setTimeout(r, 20)); }
  }
  while (joined < count && Date.now() < deadline) { await new Promise((r) => setTimeout(r, 50)); }
  if (joined < count) { throw new Error(`only ${joined}/${count} spectators joined`); }

  let reading = readRate > 0;
  const readTimes = [];
  let readErrors = 0;
  const reader = (async () => {
    const gap = 1000 / Math.max(1, readRate);
    while (reading) {
      const t0 = now();
      request("GET", `${base}/api/v1/projects/${projectId}/standings`, null, GZIP)
        .then((r) => { if (r.status === 200) { readTimes.push(now() - t0); } else { readErrors++; } })
        .catch(() => { readErrors++; });
      await new Promise((r) => setTimeout(r, gap));
    }
  })();

  const fan = [], acks = [];
  let missed = 0;
  let disconnects = 0;
  sockets.forEach((s) => s.on("disconnect", () => { disconnects++; }));
  for (let run = 0; run < runs; run++) {
    const body = JSON.stringify({
      client_id: require("crypto").randomUUID(), registration_id: registrationId,
      aspect_id: aspectId, value: [1, 2, 3][run % 3],
    });
    const t0 = now();
    const res = await request("POST", `${base}/api/v1/scores`, body, {
      "Content-Type": "application/json", Authorization: `Bearer ${token}`,
      "Content-Length": Buffer.byteLength(body),
    });
    acks.push(now() - t0);
    const seq = JSON.parse(res.body.toString()).seq;
    const reached = (list) => { const hit = list.find((a) => a[0] >= seq); return hit ? hit[1] : null; };
    const until = Date.now() + 10000;
    let got = [];
    while (Date.now() < until) {
      got = arrivals.map(reached).filter((t) => t !== null);
      if (got.length >= count) { break; }
      await new Promise((r) => setTimeout(r, 2));
    }
    if (got.length < count) { missed += count - got.length; }
    if (got.length) { fan.push(Math.max(...got) - t0); }
    arrivals.forEach((list) => { list.length = 0; });
    await new Promise((r) => setTimeout(r, 250));
  }
  reading = false;
  await reader;
  const lost = disconnects;
  sockets.forEach((s) => s.close());
  return { sockets: count, runs, delta_bytes: deltaBytes, disconnects: lost, fanout_ms: stats(fan), ack_ms: stats(acks), acks, missed,
           read_rate: readRate, read_ms: stats(readTimes), read_errors: readErrors };
}

async function reads(base, projectId, seconds, concurrency, zipped) {
  const url = `${base}/api/v1/projects/${projectId}/standings`;
  const end = Date.now() + seconds * 1000;
  let ok = 0, errors = 0, bytes = 0;
  const times = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      const t0 = now();
      try {
        const r = await request("GET", url, null, zipped ? GZIP : {});
        if (r.status === 200) { ok++; bytes = r.body.length; times.push(now() - t0); } else { errors++; }
      } catch (e) { errors++; }
    }
  }));
  return { seconds, concurrency, gzip: zipped, reads: ok, errors, reads_per_s: ok / seconds, body_bytes: bytes,
           latency_ms: stats(times) };
}

async function hold(bases, projectId, count, seconds) {
  const sockets = [];
  let joined = 0, disconnects = 0, deltas = 0, errors = 0;
  const started = Date.now();
  const deadline = started + 60000;
  for (let i = 0; i < count; i++) {
    const s = io(bases[i % bases.length], { transports: ["websocket"], reconnection: false, forceNew: true });
    s.on("connect", () => s.emit("join_board", { project_id: projectId }, (ack) => {
      if (ack && ack.ok) { joined++; } else { errors++; }
    }));
    s.on("connect_error", () => { errors++; });
    s.on("standings_changed", () => { deltas++; });
    s.on("disconnect", () => { disconnects++; });
    sockets.push(s);
    if (i % 50 === 49) { await new Promise((r) => setTimeout(r, 20)); }
  }
  while (joined + errors < count && Date.now() < deadline) { await new Promise((r) => setTimeout(r, 50)); }
  const joinedAtReady = joined;
  console.log(JSON.stringify({ event: "ready", sockets: count, joined, errors,
                               join_s: (Date.now() - started) / 1000 }));
  let stop = false;
  const end = () => { stop = true; };
  process.on("SIGTERM", end);
  process.on("SIGINT", end);
  process.stdin.on("end", end);
  process.stdin.on("error", end);
  process.stdin.resume();
  const until = Date.now() + seconds * 1000;
  const held = Date.now();
  while (!stop && Date.now() < until) { await new Promise((r) => setTimeout(r, 100)); }
  const connected = sockets.filter((s) => s.connected).length;
  sockets.forEach((s) => s.close());
  return { event: "done", sockets: count, joined: joinedAtReady, errors, connected_at_end: connected,
           disconnects, deltas_received: deltas, held_s: (Date.now() - held) / 1000 };
}

async function writes(bases, seconds, concurrency, targetsFile) {
  const targets = JSON.parse(require("fs").readFileSync(targetsFile, "utf8"));
  const started = now();
  const end = Date.now() + seconds * 1000;
  const statuses = {};
  const times = [];
  let ok = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    // One keep-alive connection per judge, as a tablet's outbox sends one mark at a time.
    const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = `${bases[w % bases.length]}/api/v1/scores`;
    // A list of lists: one per project, writer w marking project w % groups (its own judges).
    const mine = Array.isArray(targets[0]) ? targets[w % targets.length] : targets;
    for (let k = w; Date.now() < end; k += concurrency) {
      const t = mine[k % mine.length];
      const body = JSON.stringify({ client_id: require("crypto").randomUUID(),
                                    registration_id: t.registration_id, aspect_id: t.aspect_id,
                                    value: [1, 2, 3][Math.floor(k / mine.length) % 3] });
      const t0 = now();
      let key;
      try {
        const res = await new Promise((resolve, reject) => {
          const req = http.request(url, { method: "POST", agent: own, timeout: 30000, headers: {
            "Content-Type": "application/json", Authorization: `Bearer ${t.token}`,
            "Content-Length": Buffer.byteLength(body) } }, (r) => {
            r.resume();
            r.on("end", () => resolve(r.statusCode));
          });
          req.on("timeout", () => req.destroy(new Error("timeout")));
          req.on("error", reject);
          req.end(body);
        });
        key = String(res);
        if (res === 200 || res === 201) { ok++; times.push(now() - t0); }
      } catch (e) { key = "error " + e.message; }
      statuses[key] = (statuses[key] || 0) + 1;
    }
    own.destroy();
  }));
  const elapsed = (now() - started) / 1000;
  return { seconds: elapsed, concurrency, instances: bases.length, marks: ok, marks_per_s: ok / elapsed,
           statuses, ack_ms: stats(times) };
}

(async () => {
  const [mode, base, pid, ...rest] = process.argv.slice(2);
  let result;
  if (mode === "fanout") {
    result = await fanout(base, +pid, +rest[0], +rest[1], rest[2], +rest[3], +rest[4], +(rest[5] || 0));
  } else if (mode === "hold") {
    result = await hold(base.split(","), +pid, +rest[0], +rest[1]);
  } else if (mode === "writes") {
    result = await writes(base.split(","), +pid, +rest[0], rest[1]);
  } else {
    result = await reads(base, +pid, +rest[0], +rest[1], rest[2] === "gzip");
  }
  console.log(JSON.stringify(result));
  process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
