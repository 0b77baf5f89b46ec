// What the training panel draws from a run's snapshot: the three charts (loss histories,
// precision-recall curves, metrics at the threshold) and one card per model (its decision
// surface, confusion matrix and the minority's metrics).
import { BoundaryView } from './boundary_view.js';
import { createBarChart, createLineChart, fillBars, ink, lineWidth, logTick, powerOfTenGrid } from './charts.js';
import { setAttribute } from './dom.js';
import { t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';
import { formatMetric, modelLabel, MODELS } from './training_text.js';

// Palette roles (palette.js) of each model's colour.
export const MODEL_ROLES = { crossEntropy: 'ce', focal: 'focal' };
const METRICS = ['precision', 'recall', 'f1', 'averagePrecision'];
// The charts by name, in the order they take turns while a run plays.
export const CHART_ORDER = ['trainLoss', 'trainPr', 'trainMetrics'];

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
  };
}

export function drawTrainingChart(name, chart, snap, state) {
  if (name === 'trainLoss') drawLoss(chart, snap, state);
  else if (name === 'trainPr') drawPr(chart, snap, state);
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
  canvas.setAttribute('role', 'img');
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
  for (const [name, cell] of Object.entries(card.cells)) cell.textContent = formatCount(m.confusion[name]);
  for (const metric of [...METRICS, 'crossEntropy']) card.values[metric].textContent = formatMetric(m[metric]);
  const called = m.confusion.truePositives + m.confusion.falsePositives;
  card.note.textContent = m.diverged ? t('train.divergedNote') : called === 0 && snap.step > 0 ? t('train.noneCalledNote') : '';
}
