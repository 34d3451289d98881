/* Judge statistics: a bar chart of each judge's mean deviation from the panel (Chart.js). */
(function () {
  "use strict";

  var canvas = document.getElementById("jx-stats-chart");
  if (!canvas || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("jx-stats-data").textContent);
  var values = data.values.map(function (v) {
    var n = parseFloat(v);
    return isNaN(n) ? null : Math.round(n * 1000) / 10;   // fraction → percent, one place
  });
  // Harsh judges (negative) in red, lenient (positive) in amber, within ±10 % in green.
  var colours = values.map(function (v) {
    if (v === null) { return "#9ca3af"; }
    return v <= -10 ? "#b91c1c" : v >= 10 ? "#d97706" : "#15803d";
  });
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.label, data: values, backgroundColor: colours }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { suggestedMin: -30, suggestedMax: 30, ticks: { callback: function (v) { return v + "%"; } } } }
    }
  });
  canvas.dataset.ready = "1";
})();
