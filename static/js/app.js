/* App-wide behaviour: send the CSRF token with every htmx and fetch write request. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var SAFE = /^(GET|HEAD|OPTIONS|TRACE)$/i;

  // htmx (when a page loads it): Flask-WTF reads the X-CSRFToken header.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!SAFE.test(event.detail.verb || "")) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // "Go back" buttons (error pages) without inline script.
  document.addEventListener("click", function (event) {
    var back = event.target.closest ? event.target.closest("[data-jx-back]") : null;
    if (back) {
      event.preventDefault();
      history.back();
    }
  });

  // A small helper for page scripts: window.jx.fetch(url, options) adds the header.
  window.jx = window.jx || {};
  window.jx.csrfToken = token;
  window.jx.fetch = function (url, options) {
    var opts = Object.assign({ credentials: "same-origin" }, options || {});
    var method = (opts.method || "GET").toUpperCase();
    if (!SAFE.test(method)) {
      opts.headers = Object.assign({ "X-CSRFToken": token }, opts.headers || {});
    }
    return fetch(url, opts);
  };
})();

/* Fields marked data-jx-select-on-focus select their text when focused (a token to copy). */
document.addEventListener("focusin", function (event) {
  var field = event.target;
  if (field && field.matches && field.matches("[data-jx-select-on-focus]")) {
    field.select();
  }
});
