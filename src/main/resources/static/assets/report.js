/* The manager's report (issue 18 item 1): draws the charts from the report's JSON embedded in the page
   (#report-data, exactly GET /api/v1/reports/sla) with ECharts served from the jar. The figures are also
   in the tables under each chart, which is what screen readers and the CSV give. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var labels = JSON.parse(document.getElementById('report-labels').textContent);
  if (typeof echarts === 'undefined') { return; }
  var names = { EMAIL: 'E-mail', WIDGET: 'Widget', PORTAL: 'Portal', PHONE: 'Phone', AGENT: 'Agent' };
  var palette = ['#1f4e79', '#c2410c', '#0b6e4f', '#7c3aed', '#a16207'];
  var grid = { left: 48, right: 16, top: 40, bottom: 48 };
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    option.color = palette;
    option.animation = false;
    option.textStyle = { color: '#1a1a1a' };
    chart.setOption(option);
    charts.push(chart);
  }

  function perChannel(channel) {
    return data.series.map(function (b) {
      var found = b.channels.filter(function (f) { return f.channel === channel; });
      return found.length ? found[0].tickets : 0;
    });
  }

  function values(field) {
    return data.series.map(function (b) { return b.total[field] === undefined ? null : b.total[field]; });
  }

  var channelNames = data.channels.map(function (f) { return f.channel; });
  draw('chart-volume', {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: grid,
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: channelNames.map(function (c) {
      return { name: names[c] || c, type: 'bar', stack: 'requests', data: perChannel(c) };
    })
  });
  draw('chart-attainment', {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: grid,
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      { name: 'First response in time', type: 'line', connectNulls: true, data: values('firstResponseAttainment') },
      { name: 'Resolved in time', type: 'line', connectNulls: true, data: values('resolutionAttainment') }
    ]
  });
  var scores = ['1', '2', '3', '4', '5'];
  draw('chart-csat', {
    tooltip: { trigger: 'axis' },
    grid: grid,
    xAxis: { type: 'category', data: scores, name: 'score', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Ratings', type: 'bar', data: scores.map(function (s) { return data.satisfaction.distribution[s]; }) }]
  });
  draw('chart-trend', {
    tooltip: { trigger: 'axis' },
    grid: grid,
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', min: 1, max: 5 },
    series: [{ name: 'Average rating', type: 'line', connectNulls: true, data: values('averageRating') }]
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
  // Follow the width of each chart's box (a phone turned, a window resized), not only the window's.
  if (typeof ResizeObserver === 'function') {
    charts.forEach(function (c) {
      new ResizeObserver(function () { c.resize(); }).observe(c.getDom());
    });
  } else {
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  }
})();
