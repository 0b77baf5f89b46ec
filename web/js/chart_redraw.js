// redraw(chart): a line chart's redraw after a panel wrote new values into it, cheaper than
// Chart.js's update('none') when only the points' y values and the legend's words moved (the
// usual case while a slider is dragged). charts.js creates the charts; the line panels call this.
import { Chart } from 'chart.js';

import { fixedBounds } from './chart_layers.js';
import { resolveDatasetStyles } from './charts.js';

// Any full update, ours or Chart.js's own (a resize, a new palette), is what the next redraw()
// compares against; until redraw() has noted it, the next one is full as well.
Chart.register({
  id: 'focalRedrawState',
  beforeUpdate(chart) {
    chart.$focalDrawn = null;
  },
});

// What a chart was last fully updated with, apart from its points' y values and its dataset
// labels: its size, its options (scales, plugins), each dataset's style, and which datasets and
// point arrays it holds. Functions (tick callbacks, palette colours) count by identity.
const functionIds = new WeakMap();
let nextFunctionId = 0;
function signatureValue(key, value) {
  if (typeof value !== 'function') return value;
  if (!functionIds.has(value)) functionIds.set(value, ++nextFunctionId);
  return `function ${functionIds.get(value)}`;
}

function drawnState(chart) {
  const datasets = chart.data.datasets;
  // The panels' own tags on a dataset (focalGamma, $paletteStyle) are not Chart.js options.
  const styles = datasets.map((dataset) => Object.entries(dataset).filter(([key]) => key !== 'data' && key !== 'label' && !/^(focal|\$)/.test(key)));
  return {
    datasets: [...datasets],
    data: datasets.map((dataset) => dataset.data),
    lengths: datasets.map((dataset) => dataset.data.length),
    signature: JSON.stringify([chart.width, chart.height, chart.config.options, styles], signatureValue),
  };
}

function sameDrawnState(a, b) {
  return (
    a.signature === b.signature &&
    a.datasets.length === b.datasets.length &&
    a.datasets.every((dataset, i) => dataset === b.datasets[i] && a.data[i] === b.data[i] && a.lengths[i] === b.lengths[i])
  );
}

// Redraws a chart after a panel has written new values into it. Chart.js's update('none')
// rebuilds the options, the scales and the layout (tick and legend text measured again) before
// it places the points; while a slider moves, the only news is usually the points' y values and
// the legend's wording (a curve's label names the slider's value), on fixed axes. Then only the
// points are placed again, the legend's items rebuilt, and the chart drawn: about half the work
// of the update, per chart and per input (bench/page_bench.mjs, work per input). Anything else
// (an option, a style, another dataset or point count, an axis fitted to the data, a tooltip or
// hover shown, a legend that needs another row) takes the full update.
export function redraw(chart) {
  resolveDatasetStyles(chart);
  const state = drawnState(chart);
  const last = chart.$focalDrawn;
  if (last && sameDrawnState(state, last) && quickRedraw(chart)) {
    chart.$focalDrawn = state;
    return;
  }
  chart.update('none');
  // The options as the panel left them, before Chart.js merged its defaults in: the same
  // writes next time give the same signature.
  chart.$focalDrawn = state;
}

function fixedAxes(chart) {
  return Object.values(chart.scales).every(fixedBounds);
}

// Places the points again and draws, keeping the layout; false, before drawing anything, when
// the chart needs the full update after all. Chart.js 4's own steps, in its update's order: the
// legend's labels and size (Legend.buildLabels, fit), each dataset controller's _update, the
// plugins' afterUpdate (the legend's hit boxes, the chart summaries), render.
function quickRedraw(chart) {
  if (!fixedAxes(chart) || chart.getActiveElements().length || chart.tooltip?.getActiveElements().length) return false;
  const metas = chart.data.datasets.map((dataset, i) => chart.getDatasetMeta(i));
  if (metas.some((meta) => typeof meta.controller?._update !== 'function')) return false;
  const legend = chart.legend;
  if (legend && legend.options.display) {
    const height = legend.height;
    legend.buildLabels();
    legend.fit();
    if (legend.height !== height) return false;
  }
  for (const meta of metas) meta.controller._update('none');
  chart.notifyPlugins('afterUpdate', { mode: 'none' });
  chart.render();
  return true;
}
