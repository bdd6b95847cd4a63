// Draw the page's charts. Each figure.chart holds its Vega-Lite spec as JSON in data-spec;
// vega runs with its expression interpreter, since the Content-Security-Policy forbids
// making code from strings, and without the styles vega-embed would inject (site.css has
// them). Without scripts the figure shows the chart as a picture instead.
(function () {
  "use strict";
  if (!window.vegaEmbed || !window.vegaInterpreter) { return; }
  document.querySelectorAll("figure.chart[data-spec]").forEach(function (figure) {
    var area = figure.querySelector(".chart-area");
    if (!area) { return; }
    var options = {
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true }
    };
    window.vegaEmbed(area, JSON.parse(figure.getAttribute("data-spec")), options).then(function () {
      figure.classList.add("drawn");
    }).catch(function (error) {
      figure.classList.add("failed");
      if (window.console) { window.console.error(error); }
    });
  });
})();
