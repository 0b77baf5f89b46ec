// Anchors panel: one image's worth of a dense detector's anchors (paper, Sections 3-4), where the
// loss comes from under CE, alpha-CE and FL, the paper's Figure 4, the modulating factor over the
// anchors, and the prior initialisation. One core.simulateAnchors call per redraw produces every
// number on the panel; the core keeps the sampled population between calls, so moving gamma,
// alpha or the detector only re-evaluates it.
//
// At a million anchors that call takes longer than a frame (re-sampling several frames), so a
// redraw asks a core worker (anchor_service.js) and draws when the report comes back; while it
// runs, newer settings replace older ones (latestOnly), so a drag draws its latest position. Who
// needs the panel drawn at once (ready, an export, a script reading its charts) calls flush(),
// which makes the same call on the page's own core: the same wasm gives the same report.
import { AnchorFigures, FIGURE_GAMMAS, GROUPS } from './anchor_figures.js';
import { longTable } from './charts.js';
import { bindLogNumber, bindNumber } from './controls.js';
import { isAbort, latestOnly, openCoreWorker } from './core_workers.js';
import { setText } from './dom.js';
import { t } from './i18n.js';
import { IdleQueue } from './idle_queue.js';
import { formatCount } from './number_format.js';
import { anchorOption } from './core_settings.js';
import { OVERRIDE_KEYS, OVERRIDES } from './anchor_entry.js';

// The Figure 4 curves, their readout and the factor histogram as the core's defaults draw them.
const READOUT_FRACTION = anchorOption('readoutFraction').defaultValue;
const CDF_POINTS = anchorOption('cdfPoints').defaultValue;
const HISTOGRAM_BINS = anchorOption('histogramBins').defaultValue;
const HISTOGRAM_MIN_LOG10 = anchorOption('histogramMinLog10').defaultValue;

// The core's options for the current settings. Exported for the tests' independent core call.
export function anchorOptions(state) {
  const gammas = FIGURE_GAMMAS.includes(state.gamma) ? FIGURE_GAMMAS : [...FIGURE_GAMMAS, state.gamma];
  const options = {
    count: state.anchorCount,
    foregroundFraction: 1 / state.anchorRatio,
    hardNegativeFraction: state.anchorHardFraction,
    seed: state.anchorSeed,
    detectorQuality: state.anchorQuality,
    gamma: state.gamma,
    alpha: state.alpha,
    cdfGammas: gammas,
    cdfPoints: CDF_POINTS,
    readoutFraction: READOUT_FRACTION,
    histogramBins: HISTOGRAM_BINS,
    histogramMinLog10: HISTOGRAM_MIN_LOG10,
  };
  for (const group of GROUPS) {
    const override = {};
    for (const field of ['mean', 'std']) {
      const value = state[OVERRIDES[group][field]];
      if (value !== null) override[field] = value;
    }
    options[group] = Object.keys(override).length ? override : null;
  }
  return options;
}

class AnchorPanel {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.apply = apply;
    this.state = null;
    this.report = null;
    this.options = null; // the settings of the newest redraw asked for
    this.drawnOptions = null; // ... and of the report on screen
    this.changedSinceDrawn = new Set();
    this.worker = openCoreWorker();
    this.simulate = latestOnly((options) => this.worker.run((services) => services.anchors.simulate(options)));
    // The charts still to be drawn for the current report, drawn from the newest one.
    this.queued = 0;
    this.queue = new IdleQueue(
      (item) => this.drawQueued(item),
      (count) => {
        this.queued = count;
        this.showPending();
      },
    );
    this.autoQuality = null; // the detector quality of autoDistributions
    this.autoDistributions = null;
    const $ = (id) => root.querySelector(`#${id}`);

    this.figures = new AnchorFigures($);
    this.charts = this.figures.charts;
    this.text = {
      counts: $('anchor-counts'),
      groupCounts: Object.fromEntries(GROUPS.map((group) => [group, $(`anchor-count-${group}`)])),
    };
    this.overrideInputs = {};
    for (const group of GROUPS) {
      for (const field of ['mean', 'std']) this.overrideInputs[OVERRIDES[group][field]] = $(`anchor-${field}-${group}`);
    }

    $('anchor-reseed').addEventListener('click', () => {
      // A new seed is a random draw; the seed itself then goes into the URL, so the
      // population it gives can be shared.
      const seed = crypto.getRandomValues(new Uint32Array(1))[0];
      apply({ anchorSeed: seed });
    });
    $('anchor-auto').addEventListener('click', () => apply(Object.fromEntries(OVERRIDE_KEYS.map((key) => [key, null]))));

    // For scripts (focalExplorer.anchors) and the tests: what the charts were drawn from.
    const panel = this;
    this.scripting = {
      get report() {
        return panel.report;
      },
      get options() {
        return panel.options && { ...panel.options };
      },
    };

    this.syncers = [
      bindLogNumber(apply, 'anchorCount', $('anchor-count'), $('anchor-count-number')),
      bindLogNumber(apply, 'anchorRatio', $('anchor-ratio'), $('anchor-ratio-number')),
      bindNumber(apply, 'anchorQuality', [$('anchor-quality'), $('anchor-quality-number')]),
      bindNumber(apply, 'anchorSeed', [$('anchor-seed')]),
      bindNumber(apply, 'anchorHardFraction', [$('anchor-hard-fraction')]),
      ...GROUPS.flatMap((group) => ['mean', 'std'].map((field) => this.bindOverride(group, field))),
    ];
  }

  // An override box shows the value in use: the override, or (greyed) the value the detector
  // quality gives, which the core computes from the state. A box being edited is left alone.
  bindOverride(group, field) {
    const key = OVERRIDES[group][field];
    const input = this.overrideInputs[key];
    const sync = bindNumber(this.apply, key, [input]);
    return (state, source) => {
      if (state[key] !== null) {
        sync(state, source);
        input.classList.remove('is-auto');
        return;
      }
      input.classList.add('is-auto');
      const text = String(roundForBox(this.qualityDistributions(state.anchorQuality)[group][field]));
      if (document.activeElement !== input && input.value !== text) input.value = text;
    };
  }

  // The groups' distributions for a detector quality, as the core maps it.
  qualityDistributions(quality) {
    if (this.autoQuality !== quality) {
      this.autoDistributions = this.core.anchorDistributions(quality);
      this.autoQuality = quality;
    }
    return this.autoDistributions;
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
  }

  update(state, changed) {
    this.state = state;
    this.options = anchorOptions(state);
    for (const key of changed) this.changedSinceDrawn.add(key);
    this.showPending();
    const options = this.options;
    this.simulate(options).then(
      (report) => {
        if (report && options === this.options) this.drawReport(report);
      },
      (error) => {
        if (isAbort(error)) return;
        // A page that cannot start workers still draws, on its own thread.
        console.error(error);
        if (options === this.options) this.flush();
      },
    );
  }

  // The report for this.options arrived (or was computed here): draw it.
  drawReport(report) {
    const start = performance.now();
    const first = this.report === null;
    const changed = this.changedSinceDrawn;
    this.changedSinceDrawn = new Set();
    const { state } = this;
    this.report = report;
    this.drawnOptions = this.options;
    this.figures.drawShares(state, report);
    this.showCounts(report);
    // A Chart.js update costs several milliseconds whatever its data. The bars (a), the core
    // message, follow every report at once; the other charts are queued and drawn while the page
    // is idle between frames (always from the newest report), so the frame that answers an
    // input holds only the bars.
    // Charts whose numbers cannot have changed are not queued: Figure 4 and the histogram do
    // not depend on alpha (constant within a group), the first iteration not on the detector.
    // (Only at gamma = 0 does alpha reach the histogram: its caption.)
    const only = (keys) => !first && [...changed].every((key) => keys.includes(key));
    if (!only(['alpha'])) for (const item of ['cdfPositives', 'cdfNegatives', 'factor']) this.queue.add(item);
    // At gamma = 0 the histogram's caption names alpha-balanced CE when alpha is on.
    else if (state.gamma === 0) this.queue.add('factor');
    if (!only(['anchorQuality', 'anchorSeed', ...OVERRIDE_KEYS])) this.queue.add('init');
    // The first draw is queued too: a panel mounted as it scrolls near does not stall the scroll.
    // Whoever needs every chart now (ready, set(), drawn(), an export) calls flush().
    this.queue.schedule();
    this.showPending();
    // The main thread's share of an input now that the simulation runs in a worker; the page
    // bench (bench/page_bench.mjs) adds it to the input's own handler and frame.
    performance.measure('anchors: report drawn', { start });
  }

  // data-pending counts what is still to come: the worker's report and the queued charts.
  showPending() {
    const count = this.queued + (this.drawnOptions === this.options ? 0 : 1);
    if (count) this.root.dataset.pending = String(count);
    else delete this.root.dataset.pending;
  }

  drawQueued(item) {
    const { state, report, figures } = this;
    if (item === 'cdfPositives') figures.drawCdf(state, report, 'positives');
    else if (item === 'cdfNegatives') figures.drawCdf(state, report, 'negatives');
    else if (item === 'factor') figures.drawFactor(state, report);
    else figures.drawInit(state, report);
  }

  // Draws the newest settings and everything still queued, now (ready, an export, a script's
  // read), computing the report here if the worker's has not come back.
  flush() {
    if (this.options && this.drawnOptions !== this.options) this.drawReport(this.core.simulateAnchors(this.options));
    this.queue.flush();
  }

  showCounts(report) {
    const c = report.counts;
    setText(this.text.counts, t('anchors.counts', {
      total: formatCount(c.total),
      positives: formatCount(c.positives),
      hard: formatCount(c.hardNegatives),
      easy: formatCount(c.easyNegatives),
    }));
    for (const group of GROUPS) setText(this.text.groupCounts[group], formatCount(c[group]));
  }

  table() {
    return longTable(this.charts, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
  }

  canvases() {
    return Object.values(this.charts).map((chart) => chart.canvas);
  }
}

// A distribution parameter as the box shows it: enough digits, none of the float noise.
function roundForBox(value) {
  return Number(value.toPrecision(6));
}

// The panel host calls this once the panel's code and the full core have loaded (anchor_entry.js).
export function mount(context) {
  return new AnchorPanel(context);
}
