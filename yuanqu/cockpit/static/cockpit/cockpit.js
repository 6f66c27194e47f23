/* Cockpit charts: data comes from the server (figure engine) in #cockpit-charts; no CDN. */
(function () {
  "use strict";
  var el = document.getElementById("cockpit-charts");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  var num = function (v) { return v === null || v === undefined ? null : Number(v); };
  var charts = [];
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }
  var font = { fontFamily: getComputedStyle(document.documentElement).fontFamily };
  // Tooltips drawn on the canvas: ECharts' HTML tooltips carry style attributes, which the
  // Content-Security-Policy (style-src 'self') refuses.
  var tip = function (more) { return Object.assign({ trigger: "axis", renderMode: "richText" }, more); };
  var t = data.trend;
  draw("chart-trend", {
    textStyle: font, tooltip: tip(), legend: { data: t.names, bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: t.months }, yAxis: { type: "value", name: "亿元" },
    series: [
      { name: t.names[0], type: "line", data: t.this_year.map(num), smooth: true, itemStyle: { color: "#b71c1c" } },
      { name: t.names[1], type: "line", data: t.last_year.map(num), smooth: true, lineStyle: { type: "dashed" }, itemStyle: { color: "#78909c" } }
    ]
  });
  if (data.chains) {
    var c = data.chains;
    draw("chart-chains", {
      textStyle: font, tooltip: tip(), grid: { left: 90, right: 110, top: 20, bottom: 30 },
      xAxis: { type: "value", name: "亿元" }, yAxis: { type: "category", data: c.names },
      series: [{ type: "bar", data: c.values.map(num), itemStyle: { color: "#1565c0" },
                 label: { show: true, position: "right", formatter: function (p) {
                   var g = c.growth[p.dataIndex]; return p.value + (g === null ? "" : "（" + (g >= 0 ? "+" : "") + g + "%）"); } } }]
    });
  }
  draw("chart-funnel", {
    textStyle: font, tooltip: tip({ trigger: "item", formatter: "{b}：{c}个" }),
    series: [{ type: "funnel", sort: "none", left: "15%", width: "70%", minSize: "25%",
               label: { position: "inside", formatter: "{b} {c}个", color: "#fff" }, data: data.funnel }]
  });
  var k = data.key_groups;
  draw("chart-keys", {
    textStyle: font, tooltip: tip(), grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: k.names }, yAxis: { type: "value", name: "%", max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
    series: [{ type: "bar", data: k.values.map(num), itemStyle: { color: "#2e7d32" }, label: { show: true, position: "top", formatter: "{c}%" },
               markLine: { symbol: "none", lineStyle: { color: "#c62828", type: "dashed" },
                           label: { position: "insideEndTop", formatter: "时间进度 " + k.time_progress + "%" }, data: [{ yAxis: num(k.time_progress) }] } }]
  });
  window.addEventListener("resize", function () { charts.forEach(function (ch) { ch.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (ch) { ch.resize(); }); });
})();
