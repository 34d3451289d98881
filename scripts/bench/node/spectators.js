/* Spectator load for scripts/bench/bench_board.py (loopback only; every loop bounded).

   node spectators.js fanout <base[,base2…]> <projectId> <sockets> <runs> <token> <registrationId> <aspectId> [readRate]
     Connects <sockets> websocket spectators, each joining the project's board; then <runs>
     times POSTs a score (the judge's bearer token) and measures, from the moment the POST is
     sent, the time until the LAST spectator has a standings_changed reaching that seq, and the
     judge's acknowledgement (the POST's answer). With readRate > 0 the snapshot endpoint is
     read at that many requests per second meanwhile. Prints one JSON line.
     The snapshot reads ask for gzip, as browsers do.
   node spectators.js reads <base> <projectId> <seconds> <concurrency> [gzip]
     Reads the snapshot with <concurrency> keep-alive clients for <seconds>; prints reads/s. */
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

(async () => {
  const [mode, base, pid, ...rest] = process.argv.slice(2);
  const result = mode === "fanout"
    ? await fanout(base, +pid, +rest[0], +rest[1], rest[2], +rest[3], +rest[4], +(rest[5] || 0))
    : await reads(base, +pid, +rest[0], +rest[1], rest[2] === "gzip");
  console.log(JSON.stringify(result));
  process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
