// What the training panel draws from a run's snapshot: the charts (loss histories,
// precision-recall curves, metrics at the threshold, and the calibration of each model on a
// held-out sample: reliability diagram and histogram of predicted probabilities), one card per
// model (its decision surface, confusion matrix and the minority's metrics), and the bands of a
// repeat over seeds (seed_view.js runs it).
import { Chart, Filler } from 'chart.js';

import { BoundaryView } from './boundary_view.js';
import { bandsPlugin, createBarChart, createLineChart, cursorPlugin, fillBars, ink, linearTick, lineWidth, logTick, powerOfTenGrid } from './charts.js';
import { setAttribute } from './dom.js';
import { t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';
import { calibratedModels, formatMetric, modelLabel, MODELS } from './training_text.js';

// The seed bands fill between their 10th and 90th percentile lines.
Chart.register(Filler);

// Palette roles (palette.js) of each model's colour; the fixed-gamma FL that FLSD-53 trains beside
// it is drawn in grey, dashed.
export const MODEL_ROLES = { crossEntropy: 'ce', focal: 'focal', fixedGammaFocal: 'alphaCrossEntropy' };
const METRICS = ['precision', 'recall', 'f1', 'averagePrecision'];
// The charts by name, in the order they take turns while a run plays.
export const CHART_ORDER = ['trainLoss', 'trainPr', 'trainMetrics', 'trainReliability', 'trainHistogram'];
// Bins of the reliability diagram and the histogram, as the snapshot is asked for them.
export const CALIBRATION_BINS = 15;
// The histogram's smallest share drawn: one held-out point in 2,000 is 5e-4.
const HISTOGRAM_FLOOR = 1e-4;

// Both line charts draw each model the same way, in its own colour.
function styleModelLine(dataset, model, state) {
  Object.assign(dataset, {
    label: modelLabel(model, state),
    borderColor: ink(MODEL_ROLES[model]),
    backgroundColor: ink(MODEL_ROLES[model]),
    borderWidth: lineWidth(2),
    focalModel: model,
  });
}

// Axis titles, the tooltip's name for x and the accessible label, all from the string table.
function labelLineChart(chart, xKey, yKey, ariaKey) {
  chart.options.scales.x.title.text = t(xKey);
  chart.options.scales.y.title.text = t(yKey);
  chart.$focalXName = t(xKey);
  setAttribute(chart.canvas, 'aria-label', t(ariaKey));
}

// The three charts on the panel's canvases, keyed as CHART_ORDER names them.
export function createTrainingCharts($) {
  return {
    trainLoss: createLineChart($('chart-train-loss'), {
      x: { min: 0, title: { display: true } },
      y: { type: 'logarithmic', title: { display: true }, grid: { color: powerOfTenGrid }, ticks: { callback: logTick, autoSkip: false } },
    }),
    trainPr: createLineChart($('chart-train-pr'), {
      x: { min: 0, max: 1, title: { display: true } },
      y: { min: 0, max: 1, title: { display: true } },
    }),
    trainMetrics: createBarChart($('chart-train-metrics'), { index: 'y', value: { min: 0, max: 1 } }),
    trainReliability: createLineChart($('chart-train-reliability'), {
      x: { min: 0, max: 1, title: { display: true } },
      y: { min: 0, max: 1, title: { display: true } },
    }),
    trainHistogram: createBarChart($('chart-train-histogram'), {
      value: { type: 'logarithmic', min: HISTOGRAM_FLOOR, max: 1, grid: { color: powerOfTenGrid }, ticks: { callback: logTick, autoSkip: false } },
      category: { ticks: { autoSkip: true, maxRotation: 0 } },
    }),
  };
}

export function drawTrainingChart(name, chart, snap, state) {
  if (name === 'trainLoss') drawLoss(chart, snap, state);
  else if (name === 'trainPr') drawPr(chart, snap, state);
  else if (name === 'trainReliability') drawReliability(chart, snap, state);
  else if (name === 'trainHistogram') drawHistogram(chart, snap, state);
  else drawMetrics(chart, snap, state);
  // Which snapshot step each chart shows (they differ by a frame or two while playing).
  chart.$focalStep = snap.step;
}

function drawLoss(chart, snap, state) {
  MODELS.forEach((model, i) => {
    const m = snap.models[model];
    const dataset = (chart.data.datasets[i] ??= { data: [] });
    const history = m.lossHistory;
    // Entry j is the mean over steps j*stride+1 .. (j+1)*stride; drawn at the last of them.
    dataset.data = Array.from(history, (y, j) => ({ x: (j + 1) * m.historyStride, y }));
    styleModelLine(dataset, model, state);
  });
  chart.options.scales.x.max = Math.max(10, snap.step);
  labelLineChart(chart, 'train.lossX', 'train.lossY', 'train.lossAria');
  chart.update('none');
}

function drawPr(chart, snap, state) {
  MODELS.forEach((model, i) => {
    const curve = snap.models[model].prCurve;
    const dataset = (chart.data.datasets[i] ??= { data: [] });
    dataset.data = Array.from(curve.recall, (recall, j) => ({ x: recall, y: curve.precision[j] }));
    styleModelLine(dataset, model, state);
  });
  const noSkill = (chart.data.datasets[2] ??= { data: [] });
  noSkill.data = [
    { x: 0, y: snap.noSkillAveragePrecision },
    { x: 1, y: snap.noSkillAveragePrecision },
  ];
  Object.assign(noSkill, {
    label: t('train.noSkill', { ap: formatMetric(snap.noSkillAveragePrecision) }),
    borderColor: ink('muted'),
    backgroundColor: ink('muted'),
    borderWidth: lineWidth(1.5),
    borderDash: [5, 4],
    focalModel: 'noSkill',
  });
  labelLineChart(chart, 'train.prX', 'train.prY', 'train.prAria');
  chart.update('none');
}

function drawMetrics(chart, snap, state) {
  chart.data.labels = METRICS.map((metric) => t(`train.metric.${metric}`));
  MODELS.forEach((model, i) => {
    const m = snap.models[model];
    const dataset = (chart.data.datasets[i] ??= { data: [] });
    // A diverged model has no metrics (NaN): no bar rather than a bar at 0.
    fillBars(dataset, METRICS.map((metric) => (Number.isFinite(m[metric]) ? m[metric] : null)), 'y');
    Object.assign(dataset, { label: modelLabel(model, state), backgroundColor: ink(MODEL_ROLES[model]), focalModel: model });
  });
  chart.options.scales.x.title.text = t('train.metricsX', { threshold: formatNumber(snap.threshold) });
  chart.options.scales.y.title.text = t('train.metricsY');
  chart.options.scales.y.title.display = false;
  setAttribute(chart.canvas, 'aria-label', t('train.metricsAria'));
  chart.update('none');
}

// The reliability diagram: per non-empty bin, the mean predicted minority probability against the
// observed minority rate, on the held-out sample (snapshot calibration); the diagonal is a
// perfectly calibrated model.
function drawReliability(chart, snap, state) {
  const models = calibratedModels(snap);
  const diagonal = (chart.data.datasets[0] ??= { data: [] });
  diagonal.data = [
    { x: 0, y: 0 },
    { x: 1, y: 1 },
  ];
  Object.assign(diagonal, {
    label: t('calib.diagonal'),
    borderColor: ink('muted'),
    backgroundColor: ink('muted'),
    borderWidth: lineWidth(1.5),
    borderDash: [5, 4],
    focalModel: 'diagonal',
  });
  models.forEach((model, i) => {
    const dataset = (chart.data.datasets[i + 1] ??= { data: [] });
    dataset.data = snap.models[model].calibration.bins.filter((bin) => bin.count > 0).map((bin) => ({ x: bin.meanProbability, y: bin.positiveRate }));
    styleModelLine(dataset, model, state);
    Object.assign(dataset, { pointRadius: 3, pointHoverRadius: 3, borderDash: model === 'fixedGammaFocal' ? [6, 3] : [] });
  });
  chart.data.datasets.length = models.length + 1;
  labelLineChart(chart, 'calib.reliabilityX', 'calib.reliabilityY', 'calib.reliabilityAria');
  chart.update('none');
}

// The share of held-out points in each probability bin, per model, on a log axis: most points are
// majority points scored near 0, and the few near 1 would vanish on a linear one.
function drawHistogram(chart, snap, state) {
  const models = calibratedModels(snap);
  const bins = snap.models.crossEntropy.calibration.bins.length;
  chart.data.labels = Array.from({ length: bins }, (unused, b) => `${formatNumber(b / bins, 2)}–${formatNumber((b + 1) / bins, 2)}`);
  models.forEach((model, i) => {
    const counts = snap.models[model].calibration.bins.map((bin) => bin.count);
    const total = counts.reduce((sum, count) => sum + count, 0);
    const dataset = (chart.data.datasets[i] ??= { data: [] });
    // An empty bin has no bar (a share of 0 has no place on a log axis).
    fillBars(dataset, counts.map((count) => (total > 0 && count > 0 ? count / total : null)));
    Object.assign(dataset, { label: modelLabel(model, state), backgroundColor: ink(MODEL_ROLES[model]), focalModel: model });
  });
  chart.data.datasets.length = models.length;
  chart.options.scales.x.title.text = t('calib.histogramX');
  chart.options.scales.y.title.text = t('calib.histogramY');
  setAttribute(chart.canvas, 'aria-label', t('calib.histogramAria'));
  chart.update('none');
}

// The seed chart: for the chosen metric, each model's median over the seeds (a line) and its
// 10-90% band (filled between two edge lines left out of the legend), against the step; the end
// of the warm-up as a dotted vertical line, and for AP the no-skill level as a dashed one. `bands` is the core's
// combineSeedRepeats result; null points (no seed finite there) are gaps.
export function createSeedChart(canvas) {
  const chart = createLineChart(canvas, {
    x: { min: 0, title: { display: true } },
    y: { min: 0, max: 1, title: { display: true } },
    plugins: [bandsPlugin, cursorPlugin],
  });
  chart.options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].focalBandEdge;
  chart.options.spanGaps = false;
  return chart;
}

// Before any repeat: no datasets, but the axes' names and what a repeat would run, so the chart
// and its summary say what will appear here.
export function drawEmptySeedChart(chart, seeds, steps) {
  chart.data.datasets.length = 0;
  chart.$focalPending = { seeds, steps };
  labelLineChart(chart, 'seeds.x', 'seeds.y.ap', 'seeds.aria');
  chart.update('none');
}

export function drawSeedChart(chart, bands, metric, state) {
  chart.$focalPending = null;
  const points = (values) => bands.steps.map((x, k) => ({ x, y: values[k] })).filter((p) => p.y !== null);
  let index = 0;
  const next = () => (chart.data.datasets[index++] ??= { data: [] });
  for (const model of MODELS) {
    const band = bands.models[model][metric];
    const role = MODEL_ROLES[model];
    const label = modelLabel(model, state);
    Object.assign(next(), {
      data: points(band.p10),
      label: t('seeds.bandLow', { model: label }),
      borderColor: ink(`${role}Band`),
      backgroundColor: ink(`${role}Band`),
      borderWidth: 0,
      fill: false,
      focalBandEdge: true,
      focalModel: model,
      focalPercentile: 'p10',
    });
    Object.assign(next(), {
      data: points(band.p90),
      label: t('seeds.bandHigh', { model: label }),
      borderColor: ink(`${role}Band`),
      backgroundColor: ink(`${role}Band`),
      borderWidth: 0,
      fill: '-1',
      focalBandEdge: true,
      focalModel: model,
      focalPercentile: 'p90',
    });
    const median = next();
    median.data = points(band.p50);
    styleModelLine(median, model, state);
    Object.assign(median, { label: t('seeds.median', { model: label }), fill: false, focalBandEdge: false, focalPercentile: 'p50' });
  }
  chart.data.datasets.length = index;
  const log = metric === 'loss';
  const y = chart.options.scales.y;
  y.type = log ? 'logarithmic' : 'linear';
  y.min = log ? undefined : 0;
  y.max = log ? undefined : 1;
  y.grid.color = log ? powerOfTenGrid : ink('grid');
  y.ticks.callback = log ? logTick : linearTick;
  chart.options.scales.x.max = bands.steps[bands.steps.length - 1];
  chart.$focalBands = { lines: metric === 'ap' ? [bands.noSkillAveragePrecision] : [] };
  chart.$focalCursorX = bands.warmupSteps;
  chart.$focalMetric = metric;
  chart.$focalSeeds = bands.seeds.length;
  labelLineChart(chart, 'seeds.x', `seeds.y.${metric}`, 'seeds.aria');
  chart.update('none');
}

// One card per model: title, decision surface, confusion matrix and the minority's metrics.
export function buildModelCard(container, model) {
  const card = document.createElement('figure');
  card.className = 'model-card';
  card.style.setProperty('--model', `var(--series-${MODEL_ROLES[model]})`);
  const title = document.createElement('figcaption');
  title.className = 'model-title';
  const box = document.createElement('div');
  box.className = 'boundary-box';
  const canvas = document.createElement('canvas');
  canvas.id = `boundary-${model}`;
  box.append(canvas);

  const table = document.createElement('table');
  table.className = 'confusion';
  const caption = document.createElement('caption');
  caption.dataset.i18n = 'train.confusion';
  const head = document.createElement('tr');
  head.append(document.createElement('td'));
  for (const key of ['train.predMinority', 'train.predMajority']) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.dataset.i18n = key;
    head.append(cell);
  }
  const cells = {};
  const body = document.createElement('tbody');
  for (const [rowKey, names] of [
    ['train.trueMinority', ['truePositives', 'falseNegatives']],
    ['train.trueMajority', ['falsePositives', 'trueNegatives']],
  ]) {
    const row = document.createElement('tr');
    const label = document.createElement('th');
    label.scope = 'row';
    label.dataset.i18n = rowKey;
    row.append(label);
    for (const name of names) {
      const cell = document.createElement('td');
      cell.className = `cm-${name}`;
      cells[name] = cell;
      row.append(cell);
    }
    body.append(row);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  table.append(caption, thead, body);

  const list = document.createElement('dl');
  list.className = 'model-metrics';
  const values = {};
  for (const metric of [...METRICS, 'crossEntropy']) {
    const item = document.createElement('div');
    const term = document.createElement('dt');
    term.dataset.i18n = `train.metric.${metric}`;
    const value = document.createElement('dd');
    values[metric] = value;
    item.append(term, value);
    list.append(item);
  }
  const note = document.createElement('p');
  note.className = 'model-note';
  card.append(title, box, table, list, note);
  container.append(card);
  return { title, canvas, view: new BoundaryView(canvas), cells, values, note };
}

export function drawModelCard(card, model, snap, state) {
  const m = snap.models[model];
  card.title.textContent = modelLabel(model, state);
  card.view.paint(m.grid, snap.gridSize, snap.threshold);
  setAttribute(card.canvas, 'aria-label', t('train.boundaryAria', { model: modelLabel(model, state), threshold: formatNumber(snap.threshold) }));
  // An image once it shows a model, with its label (not while the card waits for its first draw).
  setAttribute(card.canvas, 'role', 'img');
  for (const [name, cell] of Object.entries(card.cells)) cell.textContent = formatCount(m.confusion[name]);
  for (const metric of [...METRICS, 'crossEntropy']) card.values[metric].textContent = formatMetric(m[metric]);
  const called = m.confusion.truePositives + m.confusion.falsePositives;
  card.note.textContent = m.diverged ? t('train.divergedNote') : called === 0 && snap.step > 0 ? t('train.noneCalledNote') : '';
}
