// Training panel: two identical models, one trained with cross-entropy (optionally alpha-balanced),
// one with FL(gamma, alpha), on the same 2D data from the same initial weights and minibatch order
// (core.createTrainingRun). The page steps the run inside requestAnimationFrame and draws what
// run.snapshot() returns: loss histories, metrics at a threshold, precision-recall curves, and
// each model's decision surface. A run is deterministic for its settings and seed, so a shared
// link and the same number of steps reproduce it exactly.
import { BoundaryView } from './boundary_view.js';
import { COLORS, createBarChart, createLineChart, fillBars, logTick, longTable, powerOfTenGrid } from './charts.js';
import { bindCheckbox, bindNumber, bindRadios, bindSelect } from './controls.js';
import { setAttribute } from './dom.js';
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';
import { registerPanel } from './panels.js';
import { Player } from './player.js';
import { propNamed, registerProps } from './state.js';

const SEED_MAX = 4294967295;
const GRID_SIZE = 64;
const CURVE_POINTS = 100;
// Playing stops by itself here, so a forgotten tab does not train forever.
export const MAX_STEPS = 20000;
// Stepping gets about this much of each frame; the rest is for the snapshot and drawing. When
// frames are slow (many points, a slow machine), more steps go into each so that both models
// still train at least MIN_STEPS_PER_SECOND.
const STEP_BUDGET_MS = 8;
const MIN_STEPS_PER_SECOND = 60;
const MAX_STEPS_PER_FRAME = 20;
// Two models' numbers closer than this are reported as equal rather than one beating the other.
const TIE = 0.005;

const MODELS = ['crossEntropy', 'focal'];
const MODEL_COLORS = { crossEntropy: COLORS.ce, focal: COLORS.focal };
const METRICS = ['precision', 'recall', 'f1', 'averagePrecision'];
const CHART_ORDER = ['trainLoss', 'trainPr', 'trainMetrics'];

registerProps([
  { name: 'trainData', kind: 'choice', choices: ['cluster', 'ring', 'moons'], default: 'cluster' },
  { name: 'trainPoints', kind: 'numberChoice', choices: [500, 1000, 2000, 5000, 10000], default: 2000 },
  { name: 'trainMinority', kind: 'number', min: 0.01, max: 0.5, default: 0.05 },
  { name: 'trainNoise', kind: 'number', min: 0, max: 0.5, default: 0 },
  { name: 'trainModel', kind: 'choice', choices: ['logistic', 'mlp'], default: 'mlp' },
  { name: 'trainHidden', kind: 'number', integer: true, min: 8, max: 16, default: 12 },
  { name: 'trainOptimizer', kind: 'choice', choices: ['adam', 'sgd'], default: 'adam' },
  { name: 'trainRate', kind: 'numberChoice', choices: [0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1], default: 0.05 },
  { name: 'trainBatch', kind: 'numberChoice', choices: [0, 16, 32, 64, 128, 256, 512], default: 0 },
  { name: 'trainPrior', kind: 'boolean', default: true },
  { name: 'trainCeAlpha', kind: 'boolean', default: false },
  { name: 'trainSeed', kind: 'number', integer: true, min: 0, max: SEED_MAX, default: 1 },
  { name: 'trainThreshold', kind: 'number', min: 0.01, max: 0.99, default: 0.5 },
]);

const RUN_KEYS = [
  'gamma',
  'alpha',
  'trainData',
  'trainPoints',
  'trainMinority',
  'trainNoise',
  'trainModel',
  'trainHidden',
  'trainOptimizer',
  'trainRate',
  'trainBatch',
  'trainPrior',
  'trainCeAlpha',
  'trainSeed',
];

// The core's options for the current settings. Exported for the tests' independent run.
export function trainingOptions(state) {
  return {
    dataset: state.trainData,
    count: state.trainPoints,
    minorityFraction: state.trainMinority,
    labelNoise: state.trainNoise,
    seed: state.trainSeed,
    model: state.trainModel,
    hidden: state.trainHidden,
    optimizer: state.trainOptimizer,
    learningRate: state.trainRate,
    batchSize: state.trainBatch,
    crossEntropyAlpha: state.trainCeAlpha && state.alpha >= 0 ? state.alpha : -1,
    gamma: state.gamma,
    alpha: state.alpha,
    priorInit: state.trainPrior,
  };
}

function modelLabel(model, state) {
  const alpha = formatNumber(state.alpha);
  if (model === 'crossEntropy') return state.trainCeAlpha && state.alpha >= 0 ? t('train.modelAce', { alpha }) : t('train.modelCe');
  const gamma = formatNumber(state.gamma);
  return state.alpha >= 0 ? t('train.modelFlAlpha', { gamma, alpha }) : t('train.modelFl', { gamma });
}

// Both line charts draw each model the same way, in its own colour.
function styleModelLine(dataset, model, state) {
  Object.assign(dataset, {
    label: modelLabel(model, state),
    borderColor: MODEL_COLORS[model],
    backgroundColor: MODEL_COLORS[model],
    borderWidth: 2,
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

const fixed = (value) => (Number.isFinite(value) ? formatNumber(value, 3) : '—');
const count = (value) => formatCount(value);

class TrainingPanel {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.apply = apply;
    this.state = null;
    this.run = null;
    this.runKey = '';
    this.dataset = null;
    this.snapshot = null;
    this.msPerStep = null;
    this.rate = { steps: 0, since: 0, value: null };
    this.visible = true;
    this.stale = false; // steps were taken off screen and not drawn yet
    this.frames = 0;
    const $ = (id) => root.querySelector(`#${id}`);

    this.lossChart = createLineChart($('chart-train-loss'), {
      x: { min: 0, title: { display: true } },
      y: { type: 'logarithmic', title: { display: true }, grid: { color: powerOfTenGrid }, ticks: { callback: logTick, autoSkip: false } },
    });
    this.prChart = createLineChart($('chart-train-pr'), {
      x: { min: 0, max: 1, title: { display: true } },
      y: { min: 0, max: 1, title: { display: true } },
    });
    this.metricsChart = createBarChart($('chart-train-metrics'), { index: 'y', value: { min: 0, max: 1 } });
    this.charts = { trainLoss: this.lossChart, trainPr: this.prChart, trainMetrics: this.metricsChart };

    this.cards = {};
    const container = $('train-models');
    for (const model of MODELS) this.cards[model] = this.buildCard(container, model);

    this.text = {
      steps: $('train-steps'),
      rate: $('train-rate'),
      verdict: $('train-verdict'),
      play: $('train-play'),
      hidden: $('train-hidden'),
      ceAlpha: $('train-ce-alpha'),
    };
    this.selects = { trainPoints: $('train-points'), trainRate: $('train-rate-select'), trainBatch: $('train-batch') };

    this.player = new Player(
      () => this.tick(),
      (playing) => this.showPlaying(playing),
    );
    this.text.play.addEventListener('click', () => this.player.toggle());
    $('train-step').addEventListener('click', () => this.stepBy(1));
    $('train-reset').addEventListener('click', () => this.reset());
    $('train-reseed').addEventListener('click', () => apply({ trainSeed: crypto.getRandomValues(new Uint32Array(1))[0] }));

    const radios = (name) => [...root.querySelectorAll(`input[name="${name}"]`)];
    this.syncers = [
      bindRadios(apply, 'trainData', radios('trainData')),
      bindSelect(apply, 'trainPoints', this.selects.trainPoints),
      bindNumber(apply, 'trainMinority', [$('train-minority'), $('train-minority-number')]),
      bindNumber(apply, 'trainNoise', [$('train-noise'), $('train-noise-number')]),
      bindRadios(apply, 'trainModel', radios('trainModel')),
      bindNumber(apply, 'trainHidden', [this.text.hidden]),
      bindRadios(apply, 'trainOptimizer', radios('trainOptimizer')),
      bindSelect(apply, 'trainRate', this.selects.trainRate),
      bindSelect(apply, 'trainBatch', this.selects.trainBatch),
      bindCheckbox(apply, 'trainPrior', $('train-prior')),
      bindCheckbox(apply, 'trainCeAlpha', this.text.ceAlpha),
      bindNumber(apply, 'trainSeed', [$('train-seed')]),
      bindNumber(apply, 'trainThreshold', [$('train-threshold'), $('train-threshold-number')]),
    ];
    this.fillSelects();

    // For scripts (focalExplorer.training) and the tests: drive the run as the buttons do.
    const panel = this;
    this.scripting = {
      get steps() {
        return panel.run.steps;
      },
      get playing() {
        return panel.player.playing;
      },
      get snapshot() {
        return panel.snapshot;
      },
      get options() {
        return { ...panel.run.options };
      },
      play: () => this.player.play(),
      pause: () => this.player.pause(),
      reset: () => this.reset(),
      step: (k = 1) => {
        if (!Number.isInteger(k) || k < 1 || k > 100000) throw new RangeError(`training.step expects a whole number of steps from 1 to 100000, got ${k}`);
        this.stepBy(k);
        return this.run.steps;
      },
    };
  }

  // One card per model: title, decision surface, confusion matrix and the minority's metrics.
  buildCard(container, model) {
    const card = document.createElement('figure');
    card.className = 'model-card';
    card.style.setProperty('--model', MODEL_COLORS[model]);
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

  fillSelects() {
    for (const [key, select] of Object.entries(this.selects)) {
      const prop = propNamed(key);
      if (select.options.length === 0) {
        for (const choice of prop.choices) {
          const option = document.createElement('option');
          option.value = String(choice);
          select.append(option);
        }
      }
      for (const option of select.options) {
        const value = Number(option.value);
        option.textContent = key === 'trainBatch' && value === 0 ? t('train.batchFull') : formatNumber(value, 6);
      }
    }
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
    this.text.hidden.disabled = state.trainModel !== 'mlp';
    this.text.ceAlpha.disabled = state.alpha < 0;
  }

  update(state, changed) {
    this.state = state;
    if (changed.has('lang')) this.fillSelects();
    const options = trainingOptions(state);
    const key = JSON.stringify(options);
    if (!this.run || key !== this.runKey) this.newRun(options, key);
    this.draw();
  }

  // A new run for new settings: the old one is freed (its C++ side is not garbage-collected).
  newRun(options, key) {
    if (this.run) this.run.delete();
    this.run = this.core.createTrainingRun(options);
    this.runKey = key;
    this.dataset = this.run.dataset();
    for (const model of MODELS) this.cards[model].view.setDataset(this.dataset);
    this.msPerStep = null;
  }

  reset() {
    this.player.pause();
    this.run.reset();
    this.draw();
  }

  stepBy(k) {
    this.player.pause();
    this.run.step(k);
    this.draw();
  }

  // One animation frame while playing: a few steps (as many as fit the frame's budget), then
  // draw. The decision surfaces and numbers follow every frame; a Chart.js update costs several
  // milliseconds whatever the data, so the three charts take turns, one per frame. Off screen
  // nothing is drawn at all until the panel comes back into view.
  tick() {
    const left = MAX_STEPS - this.run.steps;
    if (left <= 0) return false;
    const k = Math.min(left, this.stepsThisFrame());
    const start = performance.now();
    this.run.step(k);
    const now = performance.now();
    const each = (now - start) / k;
    this.msPerStep = this.msPerStep === null ? each : 0.8 * this.msPerStep + 0.2 * each;
    this.countRate(k, now);
    if (this.visible) {
      this.frames += 1;
      this.draw([CHART_ORDER[this.frames % CHART_ORDER.length]]);
    } else {
      this.stale = true;
      this.text.steps.textContent = t('train.steps', { steps: count(this.run.steps) });
    }
    return this.run.steps < MAX_STEPS;
  }

  stepsThisFrame() {
    const now = performance.now();
    const interval = this.lastTick ? now - this.lastTick : 1000 / 60;
    this.lastTick = now;
    this.frameMs = this.frameMs === undefined ? interval : 0.8 * this.frameMs + 0.2 * Math.min(interval, 500);
    if (this.msPerStep === null) return 1;
    const byBudget = Math.floor(STEP_BUDGET_MS / this.msPerStep);
    const byRate = Math.ceil((MIN_STEPS_PER_SECOND * this.frameMs) / 1000);
    return Math.max(1, Math.min(MAX_STEPS_PER_FRAME, Math.max(byBudget, byRate)));
  }

  visibilityChanged(visible) {
    this.visible = visible;
    if (visible && this.stale && this.run) this.draw();
  }

  // Steps per second while playing, over the last second or so (shown beside the step count).
  countRate(k, now) {
    const rate = this.rate;
    if (!rate.since) rate.since = now;
    rate.steps += k;
    if (now - rate.since >= 1000) {
      rate.value = (1000 * rate.steps) / (now - rate.since);
      rate.steps = 0;
      rate.since = now;
    }
  }

  showPlaying(playing) {
    // A paused run shows one snapshot everywhere (while playing the charts take turns).
    if (!playing && this.run && this.state) this.draw();
    const button = this.text.play;
    button.dataset.i18n = playing ? 'train.pause' : 'train.play';
    button.textContent = t(button.dataset.i18n);
    button.setAttribute('aria-pressed', String(playing));
    this.root.classList.toggle('is-playing', playing);
    this.rate = { steps: 0, since: 0, value: null };
    this.lastTick = 0;
    if (!playing) this.text.rate.textContent = '';
  }

  // Draws the run's current snapshot: the cards every time, and the named charts (all by default).
  draw(charts = CHART_ORDER) {
    const state = this.state;
    const snap = this.run.snapshot({ threshold: state.trainThreshold, gridSize: GRID_SIZE, curvePoints: CURVE_POINTS });
    this.snapshot = snap;
    this.stale = false;
    for (const model of MODELS) this.drawCard(model, snap, state);
    if (charts.includes('trainLoss')) this.drawLoss(snap, state);
    if (charts.includes('trainPr')) this.drawPr(snap, state);
    if (charts.includes('trainMetrics')) this.drawMetrics(snap, state);
    // Which snapshot step each chart shows (they differ by a frame or two while playing).
    for (const name of charts) this.charts[name].$focalStep = snap.step;
    this.text.steps.textContent = t('train.steps', { steps: count(snap.step) });
    this.text.rate.textContent = this.player.playing && this.rate.value !== null ? t('train.rate', { rate: count(Math.round(this.rate.value)) }) : '';
    this.text.verdict.textContent = this.verdict(snap, state);
  }

  drawCard(model, snap, state) {
    const card = this.cards[model];
    const m = snap.models[model];
    card.title.textContent = modelLabel(model, state);
    card.view.paint(m.grid, snap.gridSize, snap.threshold);
    setAttribute(card.canvas, 'aria-label', t('train.boundaryAria', { model: modelLabel(model, state), threshold: formatNumber(snap.threshold) }));
    for (const [name, cell] of Object.entries(card.cells)) cell.textContent = count(m.confusion[name]);
    for (const metric of [...METRICS, 'crossEntropy']) card.values[metric].textContent = fixed(m[metric]);
    const called = m.confusion.truePositives + m.confusion.falsePositives;
    card.note.textContent = m.diverged ? t('train.divergedNote') : called === 0 && snap.step > 0 ? t('train.noneCalledNote') : '';
  }

  drawLoss(snap, state) {
    const chart = this.lossChart;
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

  drawPr(snap, state) {
    const chart = this.prChart;
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
      label: t('train.noSkill', { ap: fixed(snap.noSkillAveragePrecision) }),
      borderColor: COLORS.muted,
      backgroundColor: COLORS.muted,
      borderWidth: 1.5,
      borderDash: [5, 4],
      focalModel: 'noSkill',
    });
    labelLineChart(chart, 'train.prX', 'train.prY', 'train.prAria');
    chart.update('none');
  }

  drawMetrics(snap, state) {
    const chart = this.metricsChart;
    chart.data.labels = METRICS.map((metric) => t(`train.metric.${metric}`));
    MODELS.forEach((model, i) => {
      const m = snap.models[model];
      const dataset = (chart.data.datasets[i] ??= { data: [] });
      // A diverged model has no metrics (NaN): no bar rather than a bar at 0.
      fillBars(dataset, METRICS.map((metric) => (Number.isFinite(m[metric]) ? m[metric] : null)), 'y');
      Object.assign(dataset, { label: modelLabel(model, state), backgroundColor: MODEL_COLORS[model], focalModel: model });
    });
    chart.options.scales.x.title.text = t('train.metricsX', { threshold: formatNumber(snap.threshold) });
    chart.options.scales.y.title.text = t('train.metricsY');
    chart.options.scales.y.title.display = false;
    setAttribute(chart.canvas, 'aria-label', t('train.metricsAria'));
    chart.update('none');
  }

  // What the two runs show right now, in words. Every comparison is made on the snapshot's
  // numbers at run time: nothing here assumes which loss does better.
  verdict(snap, state) {
    if (snap.step === 0) return t(state.trainPrior ? 'train.verdictStartPrior' : 'train.verdictStart');
    const ce = snap.models.crossEntropy;
    const fl = snap.models.focal;
    const names = { crossEntropy: modelLabel('crossEntropy', state), focal: modelLabel('focal', state) };
    const labels = { ceName: names.crossEntropy, flName: names.focal };
    const parts = [];
    for (const model of MODELS) if (snap.models[model].diverged) parts.push(t('train.verdictDiverged', { model: names[model] }));
    const step = count(snap.step);
    if (Number.isFinite(ce.averagePrecision) && Number.isFinite(fl.averagePrecision)) {
      const vars = { step, ce: fixed(ce.averagePrecision), fl: fixed(fl.averagePrecision), noSkill: fixed(snap.noSkillAveragePrecision), ...labels };
      const diff = fl.averagePrecision - ce.averagePrecision;
      if (Math.abs(diff) < TIE) parts.push(t('train.verdictApTie', vars));
      else parts.push(t('train.verdictApBetter', { ...vars, better: names[diff > 0 ? 'focal' : 'crossEntropy'] }));
    }
    const threshold = formatNumber(snap.threshold);
    const silent = MODELS.filter((model) => {
      const c = snap.models[model].confusion;
      return !snap.models[model].diverged && c.truePositives + c.falsePositives === 0;
    });
    for (const model of silent) parts.push(t('train.verdictNoneCalled', { model: names[model], threshold }));
    if (silent.length === 0 && Number.isFinite(ce.f1) && Number.isFinite(fl.f1)) {
      const vars = { threshold, ce: fixed(ce.f1), fl: fixed(fl.f1), ...labels };
      const diff = fl.f1 - ce.f1;
      if (Math.abs(diff) < TIE) parts.push(t('train.verdictF1Tie', vars));
      else parts.push(t('train.verdictF1Better', { ...vars, better: names[diff > 0 ? 'focal' : 'crossEntropy'] }));
    }
    return joinSentences(parts);
  }

  table() {
    const table = longTable(this.charts, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
    for (const model of MODELS) {
      const confusion = this.snapshot.models[model].confusion;
      for (const [name, value] of Object.entries(confusion)) table.rows.push(['confusion', modelLabel(model, this.state), name, value]);
    }
    return table;
  }

  canvases() {
    return [...MODELS.map((model) => this.cards[model].canvas), ...Object.values(this.charts).map((chart) => chart.canvas)];
  }
}

registerPanel({
  name: 'training',
  navKey: 'nav.training',
  charts: ['trainLoss', 'trainPr', 'trainMetrics'],
  scripting: ['steps', 'playing', 'snapshot', 'options', 'play', 'pause', 'reset', 'step'],
  keys: ['lang', 'trainThreshold', ...RUN_KEYS],
  deferWhenHidden: true,
  mount: (context) => new TrainingPanel(context),
});
