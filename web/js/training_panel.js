// Training panel: two identical models, one trained with cross-entropy (optionally alpha-balanced),
// one with FL(gamma, alpha), on the same 2D data from the same initial weights and minibatch order
// (core.createTrainingRun). The run lives in a core worker (training_service.js), which steps it
// and answers each call with run.snapshot(): loss histories, metrics at a threshold,
// precision-recall curves, and each model's decision surface. The page only draws the answers.
// A run is deterministic for its settings and seed, so a shared link and the same number of
// steps reproduce it exactly.
import { longTable } from './charts.js';
import { bindCheckbox, bindNumber, bindRadios, bindSelect } from './controls.js';
import { t } from './i18n.js';
import { IdleQueue } from './idle_queue.js';
import { formatCount, formatNumber } from './number_format.js';
import { openCoreWorker } from './core_workers.js';
import { Player } from './player.js';
import { propNamed } from './state.js';
import { StepRate } from './step_rate.js';
import { WorkerCalls } from './worker_calls.js';
import { buildModelCard, CALIBRATION_BINS, CHART_ORDER, createTrainingCharts, drawModelCard, drawTrainingChart } from './training_charts.js';
import { calibrationText, modelLabel, MODELS, trainingVerdict } from './training_text.js';
import { SeedsView } from './seed_view.js';
import { isThreeClasses, THREE_CLASS_GRID, threeClassOptions, ThreeClassView } from './multiclass_view.js';

const GRID_SIZE = 64;
const CURVE_POINTS = 100;
// Playing stops by itself here, so a forgotten tab does not train forever.
export const MAX_STEPS = 20000;
// While playing, the worker steps for about this long before it answers with a snapshot: some 25
// answers a second, each drawn while the worker takes the next steps.
const PLAY_BUDGET_MS = 30;
// A scripted step(k) goes to the worker in pieces of at most this many steps, each drawn, so a
// long request shows its progress and a new run or a reset cuts it short.
const STEP_PIECE = 500;



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
    // A whole snapshot is a Chart.js update per chart (several milliseconds each, more for a
    // chart's first): the cards and the loss chart are drawn at once, the other charts queued for
    // idle time, so mounting the panel as it scrolls near, or dragging the threshold, does not
    // hold the page for one long task. Whoever needs every chart now calls flush().
    this.queue = new IdleQueue(
      (name) => this.drawQueuedChart(name),
      () => this.calls.markPending(),
    );
    this.calls = new WorkerCalls(openCoreWorker(), root, { alsoPending: () => this.queue.size });
    this.runKey = ''; // the settings of the run the worker holds (or is opening)
    this.options = null; // ... and the core's resolved options of it, once it has answered
    this.threeClasses = false;
    this.generation = 0; // one per run and per reset: older answers are not drawn
    this.playRequest = null; // the pending answer of a play call
    this.dataset = null;
    this.snapshot = null; // the snapshot on screen
    this.rate = new StepRate();
    this.visible = true;
    this.stale = false; // an answer came while off screen and is not drawn yet
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
      () => this.playOn(),
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
        return panel.snapshot ? panel.snapshot.step : 0;
      },
      get playing() {
        return panel.player.playing;
      },
      get snapshot() {
        return panel.snapshot;
      },
      get options() {
        return { ...panel.options };
      },
      play: () => this.player.play(),
      // The next two resolve once the worker's answers are drawn.
      pause: () => {
        this.player.pause();
        return this.settled();
      },
      reset: () => this.reset(),
      // Resolves with the step count once the steps are taken and drawn.
      step: (k = 1) => {
        if (!Number.isInteger(k) || k < 1 || k > 100000) throw new RangeError(`training.step expects a whole number of steps from 1 to 100000, got ${k}`);
        return this.stepBy(k).then(() => this.scripting.steps);
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
    this.threeClass.update(state, { later: (item) => this.drawLater(item) });
    this.seeds.update(state, changed);
    const three = isThreeClasses(state);
    const options = three ? threeClassOptions(state) : trainingOptions(state);
    const key = JSON.stringify(options);
    if (key !== this.runKey) this.newRun(options, key, three);
    else if (changed.has('trainThreshold')) this.ask((training) => training.snapshot(this.snapshotOptions()), { newestOnly: true });
    // Settings of the views beside the run (the simplex, the seeds) leave the run's drawing alone.
    else if (changed.has('lang') && this.snapshot) this.draw(this.snapshot);
  }

  snapshotOptions() {
    if (this.threeClasses) return { gridSize: THREE_CLASS_GRID };
    return { threshold: this.state.trainThreshold, gridSize: GRID_SIZE, curvePoints: CURVE_POINTS, calibrationBins: CALIBRATION_BINS };
  }

  // Sends job(training service) to the worker (worker_calls.js: one call at a time) and draws
  // its answer. A call made for an older run (a newer run or a reset came while it waited) is
  // dropped, and so is its answer; a `newestOnly` call (a snapshot for a moved threshold) is
  // dropped when any newer call follows it, since that one answers with the newest snapshot.
  // Resolves with the snapshot drawn, or undefined.
  async ask(job, { generation = this.generation, newestOnly = false } = {}) {
    const current = () => generation === this.generation;
    const snapshot = await this.calls.call(({ training }) => job(training), { current, newestOnly });
    if (snapshot !== undefined) this.show(snapshot);
    return snapshot;
  }

  // Resolves once every answer asked for so far has come back and been drawn. While playing, new
  // answers keep being asked for: those pending now are enough.
  settled() {
    return this.calls.settled(() => !this.player.playing).then(() => this.flush());
  }

  flush() {
    this.queue.flush();
  }

  // A new run for new settings, opened in the worker (which frees the old one). A run that was
  // playing goes on playing from step 0.
  newRun(options, key, three) {
    this.runKey = key;
    this.threeClasses = three;
    const generation = ++this.generation;
    this.rate.restart();
    this.ask(async (training) => {
      const opened = await training.open(options, three, this.snapshotOptions());
      if (generation === this.generation) {
        this.options = opened.options;
        this.dataset = opened.dataset;
        for (const model of MODELS) this.cards[model].view.setDataset(this.dataset);
        this.threeClass.setDataset(this.dataset);
      }
      return opened.snapshot;
    }, { generation });
  }

  reset() {
    this.player.pause();
    const generation = ++this.generation;
    return this.ask((training) => training.reset(this.snapshotOptions()), { generation }).then(() => this.settled());
  }

  // k steps, in pieces; stops early when a new run or a reset comes.
  async stepBy(k) {
    this.player.pause();
    const generation = this.generation;
    for (let left = k; left > 0 && generation === this.generation; left -= STEP_PIECE) {
      const piece = Math.min(left, STEP_PIECE);
      await this.ask((training) => training.step(piece, this.snapshotOptions()), { generation });
    }
    await this.settled();
  }

  // Called once per animation frame while playing: asks the worker for another batch of steps
  // when the last one has come back, so the worker trains while the page draws.
  playOn() {
    const step = this.snapshot ? this.snapshot.step : 0;
    if (step >= MAX_STEPS) return false;
    if (this.playRequest) return true;
    this.playRequest = this.ask((training) => training.play(PLAY_BUDGET_MS, MAX_STEPS, this.snapshotOptions())).finally(() => {
      this.playRequest = null;
    });
    return true;
  }

  // Draws an answer of the worker. While playing, the charts take turns, one per answer (a
  // Chart.js update costs several milliseconds whatever the data), and off screen nothing is drawn
  // until the panel comes back into view; any other answer is drawn whole at once.
  show(snapshot) {
    const start = performance.now();
    this.snapshot = snapshot;
    if (!this.player.playing) {
      this.drawWhole(snapshot);
      performance.measure('training: answer drawn', { start });
      return;
    }
    this.rate.observe(snapshot.step);
    if (!this.visible) {
      this.stale = true;
      this.text.steps.textContent = t('train.steps', { steps: formatCount(snapshot.step) });
      return;
    }
    this.frames += 1;
    this.draw(snapshot, [CHART_ORDER[this.frames % CHART_ORDER.length]]);
    performance.measure('training: answer drawn', { start });
  }

  visibilityChanged(visible) {
    this.visible = visible;
    if (visible && this.stale && this.snapshot) this.drawWhole(this.snapshot);
  }

  showPlaying(playing) {
    // A paused run shows one snapshot everywhere (while playing the charts take turns).
    if (!playing && this.snapshot && this.state) this.drawWhole(this.snapshot);
    const button = this.text.play;
    button.dataset.i18n = playing ? 'train.pause' : 'train.play';
    button.textContent = t(button.dataset.i18n);
    button.setAttribute('aria-pressed', String(playing));
    this.root.classList.toggle('is-playing', playing);
    this.rate.restart();
    if (!playing) this.text.rate.textContent = '';
  }

  // A snapshot shown whole: the cards and the first chart now, the other charts when idle.
  drawWhole(snap) {
    this.draw(snap, CHART_ORDER.slice(0, 1));
    if (!this.threeClasses) CHART_ORDER.slice(1).forEach((name) => this.drawLater(name));
  }

  drawLater(item) {
    this.queue.add(item);
    this.queue.schedule();
  }

  // A queued chart shows the newest snapshot and settings, whatever came since it was queued.
  drawQueuedChart(name) {
    if (name === 'simplex') this.threeClass.drawSimplex(this.state);
    else if (!this.threeClasses && this.snapshot && this.state) drawTrainingChart(name, this.charts[name], this.snapshot, this.state);
  }

  // Draws a snapshot of the run: the cards every time, and the named charts (all by default).
  draw(snap, charts = CHART_ORDER) {
    const state = this.state;
    const three = this.threeClasses;
    if (three) this.threeClass.draw(snap, state);
    this.stale = false;
    if (!three) {
      for (const model of MODELS) drawModelCard(this.cards[model], model, snap, state);
      for (const name of CHART_ORDER) if (charts.includes(name)) drawTrainingChart(name, this.charts[name], snap, state);
    }
    this.text.steps.textContent = t('train.steps', { steps: formatCount(snap.step) });
    const rate = this.rate.stepsPerSecond;
    this.text.rate.textContent = this.player.playing && rate !== null ? t('train.rate', { rate: formatCount(Math.round(rate)) }) : '';
    this.text.verdict.textContent = three ? this.threeClass.verdict(snap, state) : trainingVerdict(snap, state);
    this.text.ece.textContent = three ? '' : calibrationText(snap, state);
  }

  table() {
    if (this.threeClasses) return this.threeClass.table(this.state, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
    const table = longTable(this.charts, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
    for (const model of MODELS) {
      const confusion = this.snapshot.models[model].confusion;
      for (const [name, value] of Object.entries(confusion)) table.rows.push(['confusion', modelLabel(model, this.state), name, value]);
    }
    table.rows.push(...this.seeds.tableRows());
    return table;
  }

  canvases() {
    if (this.threeClasses) return this.threeClass.canvases();
    // A chart in a hidden block (the seed bands before a repeat) has no pixels to export.
    return [...MODELS.map((model) => this.cards[model].canvas), ...Object.values(this.charts).map((chart) => chart.canvas)].filter(
      (canvas) => canvas.width > 0 && canvas.height > 0,
    );
  }
}

// The panel host calls this once the panel's code and the full core have loaded (training_entry.js).
export function mount(context) {
  return new TrainingPanel(context);
}
