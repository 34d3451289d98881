/* Soak load for scripts/bench/bench_soak.py (loopback only; bounded by <seconds>).

   node soak.js <base> <seconds> <spectators> <boards.json>
     boards.json: [{project_id, aspect_id, registrations: [id…], tokens: [judge token…]}, …]
     Holds <spectators> websocket spectators dealt across the boards, and one judge per token
     posting a score (bearer token, the tablets' fallback path) every ~2 s, for <seconds>.
     Prints one JSON line: disconnects, connect errors, deltas received, scores posted, acked
     (2xx), refused, failed (no answer). */
"use strict";
const { io } = require("socket.io-client");
const http = require("http");
const crypto = require("crypto");
const fs = require("fs");

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function post(url, body, token) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, timeout: 10000, headers: {
      "Content-Type": "application/json", Authorization: `Bearer ${token}`,
      "Content-Length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

(async () => {
  const [base, seconds, spectators, file] = process.argv.slice(2);
  const boards = JSON.parse(fs.readFileSync(file, "utf8"));
  let joined = 0, disconnects = 0, connectErrors = 0, deltas = 0;
  const sockets = [];
  for (let i = 0; i < +spectators; i++) {
    const board = boards[i % boards.length];
    const s = io(base, { transports: ["websocket"], reconnection: false, forceNew: true });
    s.on("connect", () => s.emit("join_board", { project_id: board.project_id }, (ack) => {
      if (ack && ack.ok) { joined++; }
    }));
    s.on("connect_error", () => { connectErrors++; });
    s.on("disconnect", () => { disconnects++; });
    s.on("standings_changed", () => { deltas++; });
    sockets.push(s);
    if (i % 50 === 49) { await sleep(20); }
  }
  const joinBy = Date.now() + 60000;
  while (joined < +spectators && Date.now() < joinBy) { await sleep(50); }
  const end = Date.now() + +seconds * 1000;  // the soak itself starts once everyone joined
  let posted = 0, acked = 0, refused = 0, failed = 0;
  const judges = [];
  boards.forEach((board) => board.tokens.forEach((token, j) => {
    judges.push((async () => {
      await sleep(Math.random() * 2000);
      let n = 0;
      while (Date.now() < end) {
        const body = JSON.stringify({ client_id: crypto.randomUUID(), aspect_id: board.aspect_id,
          registration_id: board.registrations[(n + j) % board.registrations.length],
          value: 1 + (n % 3) });
        n++;
        posted++;
        try {
          const status = await post(`${base}/api/v1/scores`, body, token);
          if (status >= 200 && status < 300) { acked++; } else { refused++; }
        } catch (e) { failed++; }
        await sleep(1500 + Math.random() * 1000);
      }
    })());
  }));
  await Promise.all(judges);
  await sleep(1000);  // let the last deltas arrive before counting disconnects
  const lost = disconnects;
  sockets.forEach((s) => s.close());
  console.log(JSON.stringify({ seconds: +seconds, spectators: +spectators, joined,
    judges: judges.length, disconnects: lost, connect_errors: connectErrors, deltas, posted, acked,
    refused, failed }));
  process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
