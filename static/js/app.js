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

  // After a failed submit, start where the problem is (WCAG 3.3.1): the first field marked
  // invalid, else an error alert, instead of the top of the page.
  function focusFirstProblem() {
    var target = document.querySelector('main [aria-invalid="true"]');
    if (!target) {
      target = document.querySelector("main .jx-flashes .alert-danger, main .alert-danger[role=alert]");
      if (target && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    }
    if (target && document.activeElement === document.body) target.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstProblem);
  } else {
    focusFirstProblem();
  }

  // A table wider than the screen (phones, 200% zoom) scrolls sideways inside its box: make
  // that box reachable by keyboard, so arrow keys can scroll it (WCAG 2.1.1), only while it
  // actually scrolls (no needless tab stop otherwise).
  function markScrollers() {
    var boxes = document.querySelectorAll(".table-responsive");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0" && box !== document.activeElement) {
        box.removeAttribute("tabindex");
      }
    }
  }
  var scrollTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(markScrollers, 100);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrollers);
  } else {
    markScrollers();
  }
  window.addEventListener("load", markScrollers);

  // A small helper for page scripts: window.jx.fetch(url, options) adds the headers.
  // The API answers in the Accept-Language it is sent; the browser's own may not be the
  // language the user chose for the page, so send the page's.
  window.jx = window.jx || {};
  window.jx.csrfToken = token;
  window.jx.fetch = function (url, options) {
    var opts = Object.assign({ credentials: "same-origin" }, options || {});
    opts.headers = Object.assign({ "Accept-Language": document.documentElement.lang || "zh-CN" },
                                 opts.headers || {});
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
