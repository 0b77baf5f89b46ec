// Training panel: two identical models, one trained with cross-entropy (optionally alpha-balanced),
// one with FL(gamma, alpha), on the same 2D data from the same initial weights and minibatch order
// (core.createTrainingRun). The page steps the run inside requestAnimationFrame and draws what
// run.snapshot() returns: loss histories, metrics at a threshold, precision-recall curves, and
// each model's decision surface. A run is deterministic for its settings and seed, so a shared
// link and the same number of steps reproduce it exactly.
import { longTable } from './charts.js';
import { bindCheckbox, bindNumber, bindRadios, bindSelect } from './controls.js';
import { t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';
import { registerPanel } from './panels.js';
import { Player } from './player.js';
import { choiceSetting, numberSetting, trainingOption } from './core_settings.js';
import { propNamed, registerProps } from './state.js';
import { StepPacer } from './step_pacer.js';
import { buildModelCard, CALIBRATION_BINS, CHART_ORDER, createTrainingCharts, drawModelCard, drawTrainingChart } from './training_charts.js';
import { calibrationText, modelLabel, MODELS, trainingVerdict } from './training_text.js';
import { SEED_KEYS, SeedsView } from './seed_view.js';
import { isThreeClasses, THREE_CLASS_CHARTS, THREE_CLASS_KEYS, threeClassOptions, ThreeClassView } from './multiclass_view.js';

const SEED_MAX = 4294967295;
const GRID_SIZE = 64;
const CURVE_POINTS = 100;
// Playing stops by itself here, so a forgotten tab does not train forever.
export const MAX_STEPS = 20000;

registerProps([
  choiceSetting('trainData', trainingOption('dataset')),
  { name: 'trainPoints', kind: 'numberChoice', choices: [500, 1000, 2000, 5000, 10000], default: trainingOption('count').defaultValue },
  numberSetting('trainMinority', trainingOption('minorityFraction'), { min: 0.01 }),
  numberSetting('trainNoise', trainingOption('labelNoise')),
  choiceSetting('trainModel', trainingOption('model')),
  numberSetting('trainHidden', trainingOption('hidden'), { min: 8, max: 16 }),
  // Adam first in the menu: it is the default.
  choiceSetting('trainOptimizer', trainingOption('optimizer'), { choices: ['adam', 'sgd'] }),
  { name: 'trainRate', kind: 'numberChoice', choices: [0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1], default: trainingOption('learningRate').defaultValue },
  { name: 'trainBatch', kind: 'numberChoice', choices: [0, 16, 32, 64, 128, 256, 512], default: trainingOption('batchSize').defaultValue },
  { name: 'trainPrior', kind: 'boolean', default: trainingOption('priorInit').defaultValue },
  // On: the CE model is alpha-balanced with the page's alpha (the core's crossEntropyAlpha).
  { name: 'trainCeAlpha', kind: 'boolean', default: trainingOption('crossEntropyAlpha').defaultValue >= 0 },
  // The FL model's gamma: fixed, or FLSD-53's (the core's focalGamma).
  choiceSetting('trainFocal', trainingOption('focalGamma')),
  numberSetting('trainSeed', trainingOption('seed'), { max: SEED_MAX }),
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
  'trainFocal',
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
    focalGamma: state.trainFocal,
    priorInit: state.trainPrior,
  };
}

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
    this.pacer = new StepPacer();
    this.visible = true;
    this.stale = false; // steps were taken off screen and not drawn yet
    this.frames = 0;
    const $ = (id) => root.querySelector(`#${id}`);

    this.charts = createTrainingCharts($);
    // Three classes (multiclass_view.js): its controls, cards and the simplex chart.
    this.threeClass = new ThreeClassView({ core, root, apply });
    Object.assign(this.charts, this.threeClass.charts);
    // Repeat over seeds (seed_view.js): its controls, the two workers and the bands chart.
    this.seeds = new SeedsView({ core, root, apply, optionsOf: trainingOptions });
    Object.assign(this.charts, this.seeds.charts);

    this.cards = {};
    const container = $('train-models');
    for (const model of MODELS) this.cards[model] = buildModelCard(container, model);

    this.text = {
      steps: $('train-steps'),
      rate: $('train-rate'),
      verdict: $('train-verdict'),
      play: $('train-play'),
      hidden: $('train-hidden'),
      ceAlpha: $('train-ce-alpha'),
      ece: $('train-ece'),
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
      bindRadios(apply, 'trainFocal', radios('trainFocal')),
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
      repeat: (options) => this.seeds.repeat(options),
      cancelRepeat: () => this.seeds.cancel(),
    };
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
    this.threeClass.sync(state, source);
    this.seeds.sync(state, source);
  }

  update(state, changed) {
    this.state = state;
    if (changed.has('lang')) this.fillSelects();
    this.threeClass.update(state, changed);
    this.seeds.update(state, changed);
    const options = isThreeClasses(state) ? threeClassOptions(state) : trainingOptions(state);
    const key = JSON.stringify(options);
    if (!this.run || key !== this.runKey) this.newRun(options, key);
    this.draw();
  }

  // A new run for new settings: the old one is freed (its C++ side is not garbage-collected).
  newRun(options, key) {
    if (this.run) this.run.delete();
    this.run = isThreeClasses(this.state) ? this.core.createMulticlassRun(options) : this.core.createTrainingRun(options);
    this.runKey = key;
    this.dataset = this.run.dataset();
    for (const model of MODELS) this.cards[model].view.setDataset(this.dataset);
    this.threeClass.setDataset(this.dataset);
    this.pacer.newRun();
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
    const k = Math.min(left, this.pacer.stepsThisFrame());
    const start = performance.now();
    this.run.step(k);
    this.pacer.measured(k, start, performance.now());
    if (this.visible) {
      this.frames += 1;
      this.draw([CHART_ORDER[this.frames % CHART_ORDER.length]]);
    } else {
      this.stale = true;
      this.text.steps.textContent = t('train.steps', { steps: formatCount(this.run.steps) });
    }
    return this.run.steps < MAX_STEPS;
  }

  visibilityChanged(visible) {
    this.visible = visible;
    if (visible && this.stale && this.run) this.draw();
  }

  showPlaying(playing) {
    // A paused run shows one snapshot everywhere (while playing the charts take turns).
    if (!playing && this.run && this.state) this.draw();
    const button = this.text.play;
    button.dataset.i18n = playing ? 'train.pause' : 'train.play';
    button.textContent = t(button.dataset.i18n);
    button.setAttribute('aria-pressed', String(playing));
    this.root.classList.toggle('is-playing', playing);
    this.pacer.restart();
    if (!playing) this.text.rate.textContent = '';
  }

  // Draws the run's current snapshot: the cards every time, and the named charts (all by default).
  draw(charts = CHART_ORDER) {
    const state = this.state;
    const three = isThreeClasses(state);
    const snap = three
      ? this.threeClass.draw(this.run, state)
      : this.run.snapshot({ threshold: state.trainThreshold, gridSize: GRID_SIZE, curvePoints: CURVE_POINTS, calibrationBins: CALIBRATION_BINS });
    this.snapshot = snap;
    this.stale = false;
    if (!three) {
      for (const model of MODELS) drawModelCard(this.cards[model], model, snap, state);
      for (const name of CHART_ORDER) if (charts.includes(name)) drawTrainingChart(name, this.charts[name], snap, state);
    }
    this.text.steps.textContent = t('train.steps', { steps: formatCount(snap.step) });
    const rate = this.pacer.stepsPerSecond;
    this.text.rate.textContent = this.player.playing && rate !== null ? t('train.rate', { rate: formatCount(Math.round(rate)) }) : '';
    this.text.verdict.textContent = three ? this.threeClass.verdict(snap, state) : trainingVerdict(snap, state);
    this.text.ece.textContent = three ? '' : calibrationText(snap, state);
  }

  table() {
    if (isThreeClasses(this.state)) return this.threeClass.table(this.state, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
    const table = longTable(this.charts, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
    for (const model of MODELS) {
      const confusion = this.snapshot.models[model].confusion;
      for (const [name, value] of Object.entries(confusion)) table.rows.push(['confusion', modelLabel(model, this.state), name, value]);
    }
    table.rows.push(...this.seeds.tableRows());
    return table;
  }

  canvases() {
    if (isThreeClasses(this.state)) return this.threeClass.canvases();
    // A chart in a hidden block (the seed bands before a repeat) has no pixels to export.
    return [...MODELS.map((model) => this.cards[model].canvas), ...Object.values(this.charts).map((chart) => chart.canvas)].filter(
      (canvas) => canvas.width > 0 && canvas.height > 0,
    );
  }
}

registerPanel({
  name: 'training',
  navKey: 'nav.training',
  charts: ['trainLoss', 'trainPr', 'trainMetrics', 'trainReliability', 'trainHistogram', 'trainSeeds', ...THREE_CLASS_CHARTS],
  scripting: ['steps', 'playing', 'snapshot', 'options', 'play', 'pause', 'reset', 'step', 'repeat', 'cancelRepeat'],
  keys: ['lang', 'trainThreshold', ...RUN_KEYS, ...THREE_CLASS_KEYS, ...SEED_KEYS],
  deferWhenHidden: true,
  mount: (context) => new TrainingPanel(context),
});
