/* Certificate batches: poll each card's progress endpoint while a batch runs. */
(function () {
  "use strict";
  function poll(card) {
    var url = card.getAttribute("data-progress-url");
    var bar = card.querySelector(".jx-batch-bar");
    var text = card.querySelector(".jx-batch-text");
    var zip = card.querySelector(".jx-batch-zip");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { return; }
        var pct = p.total ? Math.floor((100 * p.done) / p.total) : (p.state === "done" ? 100 : 0);
        bar.style.width = pct + "%";
        bar.parentNode.setAttribute("aria-valuenow", String(pct));
        card.setAttribute("data-state", p.state);
        if (p.state === "done") {
          text.textContent = text.getAttribute("data-done-prefix") + " " + p.total;
          zip.classList.remove("disabled");
          zip.removeAttribute("aria-disabled");
          zip.removeAttribute("tabindex");
          return;
        }
        if (p.state === "queued" || p.state === "running") {
          text.textContent = p.done + " / " + p.total;
          window.setTimeout(function () { poll(card); }, 1000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(card); }, 3000); });
  }
  document.querySelectorAll(".jx-batch").forEach(function (card) {
    var state = card.getAttribute("data-state");
    if (state === "queued" || state === "running") { poll(card); }
  });
})();
