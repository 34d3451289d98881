/* The judge tablet's service worker (scope /judging/, served by judging.service_worker).

   A reload while the venue Wi-Fi is down used to show the browser's error page, although the
   scores waiting to send were safe in localStorage (outbox.js). The tablet page and the static
   files it loads are fetched from the network first and kept in a cache; when the network
   fails, the cached copy answers, so the page opens with its outbox intact and sends it once
   the connection is back. API calls and Socket.IO are never cached. The cached page shows
   contestant codes only (no names). */
"use strict";

var CACHE = "jx-tablet-v1";
var TABLET = /^\/judging\/projects\/\d+\/?$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var page = request.mode === "navigate" && TABLET.test(url.pathname);
  var asset = url.pathname.indexOf("/static/") === 0;
  if (!page && !asset) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || Response.error(); });
  }));
});
