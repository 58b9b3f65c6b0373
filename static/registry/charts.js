// The monitoring charts (dashboard, firm profile) in one look: drawn as SVG without animation, so print and PDF show them as on screen.
window.registryCharts = (function () {
  function chart(element, title, categories, series, size) {
    var instance = echarts.init(element, null, Object.assign({renderer: "svg"}, size || {}));
    instance.setOption({
      animation: false,
      title: {text: title, left: "center", textStyle: {fontSize: 14}},
      tooltip: {trigger: "axis"},
      legend: {bottom: 0},
      grid: {top: 40, left: 72, right: 24, bottom: 64},
      xAxis: {type: "category", data: categories},
      yAxis: {type: "value"},
      series: series
    });
    return instance;
  }
  // Output as bars and revenue as lines, this year against last year (cultivation/monitoring/dashboard.py trend()).
  function trend(element, trend, labels, size) {
    return chart(element, labels.trend, trend.months, [
      {name: labels.output + " " + labels.this_year, type: "bar", data: trend.output},
      {name: labels.output + " " + labels.last_year, type: "bar", data: trend.output_last_year},
      {name: labels.revenue + " " + labels.this_year, type: "line", data: trend.revenue},
      {name: labels.revenue + " " + labels.last_year, type: "line", data: trend.revenue_last_year, lineStyle: {type: "dashed"}}
    ], size);
  }
  return {chart: chart, trend: trend};
})();
