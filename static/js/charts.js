// Draws every <canvas data-chart="id"> from the JSON of <script id="id" type="application/json">
// (Django's json_script): {type, labels, series: [{label, data, colour}], stacked, horizontal, max}.
// Served from static/, no inline script (CSP).
(function () {
  "use strict";
  var COLOURS = ["#9e9e9e", "#b3151b", "#198754", "#0d6efd", "#343a40"];
  var LEVEL_COLOURS = { HTXSNV: "#b3151b", HTTNV: "#198754", HTNV: "#0d6efd", KHTNV: "#343a40" };

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var datasets = spec.series.map(function (s, i) {
      var colour = s.colour || LEVEL_COLOURS[s.label] || COLOURS[(spec.series.length === 1 ? 1 : i) % COLOURS.length];
      return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, spanGaps: true, tension: 0.2 };
    });
    var value = spec.horizontal ? "x" : "y";
    var scales = {};
    scales[value] = { beginAtZero: true, stacked: !!spec.stacked };
    if (spec.max) scales[value].max = spec.max;
    scales[spec.horizontal ? "y" : "x"] = { stacked: !!spec.stacked };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: { legend: { display: spec.series.length > 1, position: "bottom" } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
