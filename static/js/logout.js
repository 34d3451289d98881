/* Logging out clears what this browser keeps for the user (issue #17, item 3).

   The judge tablet's service worker (sw.js) keeps the tablet page (contestant codes, the
   judge's aspects) and the static files in CacheStorage; the scores not yet acknowledged wait
   in the outbox in localStorage (outbox.js, keys "jx-outbox:…"). On log-out this script deletes
   the cached pages, and the server's answer carries Clear-Site-Data: "cache" (and "storage"
   when this script said no outbox on this device holds an unsent score). Unsent scores are never
   dropped silently: when any outbox holds one, the log-out asks first (confirm.js's dialog),
   and if the judge goes on they stay in localStorage and are sent at the next log-in. */
(function () {
  "use strict";

  var PREFIX = "jx-outbox:";
  var CACHE_PREFIX = "jx-";

  function unsentCount() {
    var n = 0;
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) {
          var entries = JSON.parse(window.localStorage.getItem(key) || "[]");
          n += Array.isArray(entries) ? entries.length : 0;
        }
      }
    } catch (e) { return n; }
    return n;
  }

  function clearCaches() {
    if (!("caches" in window)) { return Promise.resolve(); }
    var work = window.caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf(CACHE_PREFIX) === 0; })
        .map(function (k) { return window.caches.delete(k); }));
    }).catch(function () { /* nothing cached, or no access: the header still clears it */ });
    // Never hold the log-out up for long.
    return Promise.race([work, new Promise(function (resolve) { setTimeout(resolve, 1500); })]);
  }

  // Window capture runs before confirm.js's document listener, so the question is set first.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form[data-jx-logout]")) { return; }
    if (form.dataset.jxCleared === "1") { return; }
    var unsent = unsentCount();
    var flag = form.querySelector("input[name=outbox_empty]");
    if (flag) { flag.value = unsent ? "" : "1"; }
    if (unsent && form.dataset.jxConfirmed !== "1") {
      form.dataset.confirm = (form.dataset.outboxWarning || "").split("{n}").join(String(unsent));
      form.dataset.confirmOk = form.dataset.outboxOk || "";
      return;  // confirm.js asks; once confirmed it submits again and we go on below
    }
    delete form.dataset.confirm;
    delete form.dataset.jxConfirmed;
    event.preventDefault();
    event.stopImmediatePropagation();
    clearCaches().then(function () {
      form.dataset.jxCleared = "1";
      form.submit();
    });
  }, true);
})();
