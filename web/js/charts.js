// Chart.js set-up shared by the panels. Charts are created once and then only updated in place
// (Chart.js docs, "Performance"): no animation, no parsing (data are {x, y} objects already),
// normalized data, no point markers, chart.update('none'), or redraw() (chart_redraw.js) when
// only the points' y values and the legend's wording changed.
// Chart.js comes in through its ES module entry and web/build.mjs bundles it with the page:
// only the controllers, elements, scales and plugins registered here end up in the bundle.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';

import { staticCurvesPlugin } from './chart_layers.js';
import { setAttribute } from './dom.js';
import { formatNumber, formatScientific } from './number_format.js';
import { COLORS, ink, onPaletteChange, paletteInUse, PRESENT_SCALE } from './palette.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, Legend, Tooltip);

export { COLORS, DASHES, ink, lineWidth } from './palette.js';

// Chart.js's own default font size, scaled in presenter mode.
const BASE_FONT_SIZE = 12;

// Settings every chart takes from Chart.defaults: the page's font, the muted text colour (ticks,
// axis titles) and the font size. Read when a chart updates, so a palette change reaches all.
function applyChartDefaults() {
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = paletteInUse().present ? BASE_FONT_SIZE * PRESENT_SCALE : BASE_FONT_SIZE;
  Chart.defaults.color = COLORS.muted;
}

// Datasets name their colours and widths with palette functions (palette.js ink, lineWidth). As
// scriptable dataset options they would make Chart.js resolve the options of every point on every
// update (hundreds per slider input), so before each update the functions are swapped for their
// values and kept beside them; a new palette puts the new values in place.
export function resolveDatasetStyles(chart) {
  for (const dataset of chart.data.datasets) {
    for (const [key, value] of Object.entries(dataset)) {
      if (typeof value !== 'function' || !value.$palette) continue;
      dataset.$paletteStyle = dataset.$paletteStyle || {};
      dataset[key] = value();
      dataset.$paletteStyle[key] = { source: value, value: dataset[key] };
    }
  }
}

function restyleDatasets(chart) {
  for (const dataset of chart.data.datasets) {
    for (const [key, style] of Object.entries(dataset.$paletteStyle || {})) {
      // A panel that has since set the option to something else owns it.
      if (dataset[key] !== style.value) continue;
      dataset[key] = style.source();
      style.value = dataset[key];
    }
  }
}

Chart.register({ id: 'focalPaletteValues', beforeUpdate: resolveDatasetStyles });

// A new theme or presenter mode restyles every chart in place, with one update each.
onPaletteChange(() => {
  applyChartDefaults();
  for (const chart of Object.values(Chart.instances)) {
    restyleScales(chart);
    restyleDatasets(chart);
    chart.update('none');
  }
});

// Chart.js copies the default text colour into each scale's options when it builds a chart (and
// again when a panel replaces a scale's ticks), so a new palette is not read from the defaults:
// the scales get it here, as scriptable colours.
function restyleScales(chart) {
  for (const scale of Object.values(chart.config.options.scales || {})) {
    if (scale.ticks) scale.ticks.color = ink('muted');
    if (scale.title) scale.title.color = ink('muted');
    if (scale.border) scale.border.color = ink('grid');
  }
}

function themed(chart) {
  restyleScales(chart);
  return chart;
}

// Fills the canvas with the theme's background before drawing, so exported PNGs are not
// transparent.
const backgroundPlugin = {
  id: 'focalBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = COLORS.canvas;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

// Dynamic plugin inputs live on the chart instance, not in options: Chart.js resolves plugin
// options once per update(), and a hover redraw (render() only) would still see the old ones.

// Vertical bands over x ranges (chart.$focalBands.ranges = [[x0, x1], ...]) and horizontal
// reference lines (chart.$focalBands.lines = [y, ...]).
export const bandsPlugin = {
  id: 'focalBands',
  beforeDatasetsDraw(chart) {
    const options = chart.$focalBands || {};
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.fillStyle = COLORS.band;
    for (const [from, to] of options.ranges || []) {
      const left = scales.x.getPixelForValue(from);
      const right = scales.x.getPixelForValue(to);
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
    }
    ctx.strokeStyle = COLORS.muted;
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1;
    for (const y of options.lines || []) {
      const pixel = scales.y.getPixelForValue(y);
      ctx.beginPath();
      ctx.moveTo(chartArea.left, pixel);
      ctx.lineTo(chartArea.right, pixel);
      ctx.stroke();
    }
    ctx.restore();
  },
};

// A vertical cursor line at chart.$focalCursorX (null: none).
export const cursorPlugin = {
  id: 'focalCursor',
  afterDatasetsDraw(chart) {
    const x = chart.$focalCursorX;
    if (x === null || x === undefined) return;
    const { ctx, chartArea, scales } = chart;
    // On a pixel centre, so the 1 px line is crisp rather than smeared over two columns.
    const pixel = Math.round(scales.x.getPixelForValue(x)) + 0.5;
    if (pixel < chartArea.left || pixel > chartArea.right) return;
    ctx.save();
    ctx.strokeStyle = COLORS.cursor;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(pixel, chartArea.top);
    ctx.lineTo(pixel, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

// Tick labels: powers of ten on a log axis, short numbers elsewhere.
export function linearTick(value) {
  return formatNumber(value, 3);
}

// Grid lines of a log axis at powers of ten only (Chart.js draws one at every minor tick).
export function powerOfTenGrid(context) {
  const value = context.tick ? context.tick.value : 0;
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? COLORS.grid : 'transparent';
}

export function logTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? formatScientific(value) : '';
}

// Chart.js lays out and draws a new chart before its constructor returns, with no data yet (an
// empty legend and axes, about 30 ms for the first chart of a page on the build machine). Every
// panel updates its charts with their data right after making them (and Chart.js's resize
// observer updates any chart that is shown), so that first pass is skipped.
let constructing = false;
Chart.register({ id: 'focalNoEmptyFirstDraw', beforeUpdate: () => (constructing ? false : undefined) });

function newChart(canvas, config) {
  constructing = true;
  try {
    return new Chart(canvas, config);
  } finally {
    constructing = false;
  }
}

// A chart's canvas is an image once it is drawn with its label: every panel writes the label
// before it updates the chart. Until then (a panel not mounted, or made but not drawn yet,
// panel_host.js) it is an empty element, not an unlabelled image.
Chart.register({
  id: 'focalImageRole',
  afterUpdate(chart) {
    if (chart.canvas.hasAttribute('aria-label')) setAttribute(chart.canvas, 'role', 'img');
  },
});

export function createLineChart(canvas, { x, y, legend = true, tooltip = true, plugins = [], onEvent }) {
  applyChartDefaults();
  const chart = newChart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      // Every curve is finite everywhere, so Chart.js may skip looking for gaps (~30% faster updates).
      spanGaps: true,
      responsive: true,
      maintainAspectRatio: false,
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
      interaction: { mode: 'index', intersect: false, axis: 'x' },
      elements: {
        point: { radius: 0, hoverRadius: 0, hitRadius: 0 },
        line: { borderWidth: 2, tension: 0, fill: false, borderCapStyle: 'round', borderJoinStyle: 'round' },
      },
      layout: { padding: { top: 4, right: 8 } },
      scales: {
        x: { type: 'linear', ...x, grid: { color: ink('grid'), ...x.grid }, ticks: { callback: linearTick, maxRotation: 0 } },
        y: { type: 'linear', ...y, grid: { color: ink('grid'), ...y.grid }, ticks: { callback: linearTick } },
      },
      plugins: {
        legend: {
          display: legend,
          position: 'top',
          align: 'start',
          // The legend only labels; which curves exist is a setting, so clicks must not hide them.
          onClick: () => {},
          // Legend in dataset order, whatever the drawing order ("order") puts on top; samples long
          // enough to show each curve's dash pattern.
          labels: { boxWidth: 30, boxHeight: 2, padding: 10, color: ink('text'), sort: (a, b) => a.datasetIndex - b.datasetIndex },
        },
        tooltip: {
          enabled: tooltip,
          callbacks: {
            title: (items) => (items.length ? `${chartXLabel(items[0].chart)} = ${formatNumber(items[0].parsed.x, 4)}` : ''),
            label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y, 4)}`,
          },
        },
      },
    },
    plugins: [backgroundPlugin, staticCurvesPlugin, ...plugins, ...(onEvent ? [{ id: 'focalEvents', afterEvent: onEvent }] : [])],
  });
  return themed(chart);
}

// Bar charts on a category axis. Data points are {x, y} in Chart.js's internal format (no
// parsing): on the category axis the value is the category's index into data.labels. `index` is
// 'x' for upright bars, 'y' for horizontal ones; `value` configures the other (numeric) axis.
export function createBarChart(canvas, { index = 'x', value, category = {}, stacked = false, legend = true, tooltip }) {
  applyChartDefaults();
  const valueAxis = index === 'x' ? 'y' : 'x';
  const scales = {
    [index]: { type: 'category', stacked, grid: { display: false }, title: { display: true }, ticks: { autoSkip: false, maxRotation: 0 }, ...category },
    [valueAxis]: { type: 'linear', stacked, grid: { color: ink('grid') }, title: { display: true }, ticks: { callback: linearTick }, ...value },
  };
  const chart = newChart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      indexAxis: index,
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
      interaction: { mode: 'index', intersect: false, axis: index },
      layout: { padding: { top: 4, right: 8 } },
      scales,
      plugins: {
        legend: {
          display: legend,
          position: 'top',
          align: 'start',
          onClick: () => {},
          labels: { boxWidth: 14, boxHeight: 10, padding: 10, color: ink('text') },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? String(items[0].chart.data.labels[items[0].dataIndex] ?? '') : ''),
            label: (item) => `${item.dataset.label}: ${tooltip ? tooltip(item.parsed[valueAxis]) : formatNumber(item.parsed[valueAxis], 4)}`,
          },
        },
      },
    },
    plugins: [backgroundPlugin],
  });
  return themed(chart);
}

// Writes values into a bar dataset's points in place, keeping the category indices.
export function fillBars(dataset, values, index = 'x') {
  const valueAxis = index === 'x' ? 'y' : 'x';
  if (dataset.data.length !== values.length) dataset.data = Array.from(values, (v, i) => ({ [index]: i, [valueAxis]: 0 }));
  for (let i = 0; i < values.length; i++) dataset.data[i][valueAxis] = values[i];
}

// The CSV of a panel whose series share one x grid. Columns of one chart: x, then every drawn series, in the chart's own numbers.
export function datasetTable(chart, xName) {
  const datasets = chart.data.datasets.filter((dataset, i) => chart.isDatasetVisible(i));
  const columns = [xName, ...datasets.map((dataset) => dataset.label)];
  const rows = datasets.length ? datasets[0].data.map((point, i) => [point.x, ...datasets.map((dataset) => dataset.data[i].y)]) : [];
  return { columns, rows };
}

// Every point of every drawn dataset of the given charts, one row each: the CSV of panels whose
// charts do not share an x grid. Category axes write the category's label.
export function longTable(charts, columns) {
  const rows = [];
  for (const [name, chart] of Object.entries(charts)) {
    const horizontal = chart.options.indexAxis === 'y';
    const labels = chart.data.labels || [];
    chart.data.datasets.forEach((dataset, d) => {
      if (!chart.isDatasetVisible(d)) return;
      for (const point of dataset.data) {
        if (chart.config.type === 'bar') {
          const category = horizontal ? point.y : point.x;
          rows.push([name, dataset.label, labels[category], horizontal ? point.x : point.y]);
        } else rows.push([name, dataset.label, point.x, point.y]);
      }
    });
  }
  return { columns, rows };
}

export function percentTick(value) {
  return `${formatNumber(value * 100, 3)}%`;
}

// Panels name their x quantity on the chart instance (chart.$focalXName) for tooltip titles.
function chartXLabel(chart) {
  return chart.$focalXName || 'x';
}

// Points on [from, to], evenly spaced, as {x, y} objects ready for Chart.js.
export function gridPoints(from, to, count) {
  const points = new Array(count);
  for (let i = 0; i < count; i++) points[i] = { x: from + ((to - from) * i) / (count - 1), y: 0 };
  return points;
}

// The logit of a probability, for drawing a p_t axis from logit-space core calls. This is axis
// conversion, not loss math: log(p) - log1p(-p) keeps precision near p = 1.
export function logitOf(probability) {
  return Math.log(probability) - Math.log1p(-probability);
}

export function probabilityOf(logit) {
  return 1 / (1 + Math.exp(-logit));
}

// The core's inputs for a grid of x_t: logits x = sign x_t and a constant target, built once per
// (sign, target) and kept in the caller's `cache` (a Map), so an update allocates no big arrays.
export function coreInputs(cache, xt, sign, target) {
  const key = `${sign}|${target}`;
  let inputs = cache.get(key);
  if (!inputs) {
    // A soft target typed digit by digit would otherwise leave one entry per value behind.
    if (cache.size >= 16) cache.clear();
    inputs = { logits: xt.map((value) => sign * value), targets: new Float64Array(xt.length).fill(target) };
    cache.set(key, inputs);
  }
  return inputs;
}

// Output buffers for core batch calls, one pair per length, reused: they are read at once.
const scratch = new Map();

function scratchFor(n) {
  let buffers = scratch.get(n);
  if (!buffers) {
    buffers = { loss: new Float64Array(n), grad: new Float64Array(n) };
    scratch.set(n, buffers);
  }
  return buffers;
}

// Runs a core batch call over `logits` and writes loss and/or gradient into the points' y.
// `sign` maps x_t to the logit x the core takes (x = sign x_t); the gradient comes back as
// dL/dx and is mapped to dL/dx_t by the same sign (chain rule of the axis change).
export function fillFromCore(core, loss, params, logits, targets, sign, { lossPoints, gradPoints }) {
  const n = logits.length;
  const buffers = scratchFor(n);
  const outLoss = lossPoints ? buffers.loss : null;
  const outGrad = gradPoints ? buffers.grad : null;
  core.lossBatch(loss, params, logits, targets, outLoss, outGrad, 'none');
  if (lossPoints) for (let i = 0; i < n; i++) lossPoints[i].y = outLoss[i];
  if (gradPoints) for (let i = 0; i < n; i++) gradPoints[i].y = sign * outGrad[i];
}
