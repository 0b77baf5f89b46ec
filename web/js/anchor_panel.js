// Anchors panel: one image's worth of a dense detector's anchors (paper, Sections 3-4), where the
// loss comes from under CE, alpha-CE and FL, the paper's Figure 4, the modulating factor over the
// anchors, and the prior initialisation. One core.simulateAnchors call per redraw produces every
// number on the panel; the core keeps the sampled population between calls, so moving gamma,
// alpha or the detector only re-evaluates it.
import { COLORS, createBarChart, createLineChart, fillBars, longTable, percentTick, powerOfTenGrid } from './charts.js';
import { bindLogNumber, bindNumber } from './controls.js';
import { setAttribute, setText } from './dom.js';
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber, formatScientific } from './number_format.js';
import { registerPanel } from './panels.js';
import { registerProps } from './state.js';

const SEED_MAX = 4294967295;
// The paper's Figure 4 draws these; the slider's gamma is added when it is not one of them.
const FIGURE_GAMMAS = [0, 0.5, 1, 2];
const READOUT_FRACTION = 0.2;
const CDF_POINTS = 200;
const HISTOGRAM_BINS = 40;
const HISTOGRAM_MIN_LOG10 = -8;
// The histogram caption counts anchors whose factor is at most 10^-2 (FL keeps <= 1% of CE).
const SMALL_FACTOR_LOG10 = -2;
// Queued charts: another is drawn in the same idle period only if this much of it is left (a
// chart update takes several milliseconds), and none waits longer than QUEUE_WAIT_MS.
const IDLE_CHART_MS = 12;
const QUEUE_WAIT_MS = 150;

const GROUPS = ['easyNegatives', 'hardNegatives', 'positives'];
const GROUP_COLORS = { easyNegatives: '#8da0cb', hardNegatives: '#7b4ea3', positives: '#d55e00' };
// State names of each group's distribution overrides (null: follow the detector quality).
const OVERRIDES = {
  easyNegatives: { mean: 'anchorEasyMean', std: 'anchorEasyStd' },
  hardNegatives: { mean: 'anchorHardMean', std: 'anchorHardStd' },
  positives: { mean: 'anchorPosMean', std: 'anchorPosStd' },
};
const OVERRIDE_KEYS = Object.values(OVERRIDES).flatMap((group) => [group.mean, group.std]);
const LOSSES = ['crossEntropy', 'alphaCrossEntropy', 'focal'];
const FAMILY_COLORS = ['#1b1f24', '#55a868', '#8172b2', '#4c72b0'];

registerProps([
  { name: 'anchorCount', kind: 'number', integer: true, min: 1000, max: 2000000, default: 100000 },
  // 1 : anchorRatio of the anchors is foreground (foregroundFraction = 1 / anchorRatio).
  { name: 'anchorRatio', kind: 'number', integer: true, min: 10, max: 10000, default: 1000 },
  { name: 'anchorQuality', kind: 'number', min: 0, max: 1, default: 0.5 },
  { name: 'anchorSeed', kind: 'number', integer: true, min: 0, max: SEED_MAX, default: 1 },
  { name: 'anchorHardFraction', kind: 'number', min: 0, max: 1, default: 0.01 },
  ...OVERRIDE_KEYS.map((name) =>
    name.endsWith('Mean')
      ? { name, kind: 'autoNumber', min: -20, max: 20, default: null }
      : { name, kind: 'autoNumber', min: 0, max: 10, default: null },
  ),
]);

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

const percent = (share) => `${formatNumber(share * 100, 3)}%`;

function lossLabel(name, state) {
  const alphaOn = state.alpha >= 0;
  const gamma = formatNumber(state.gamma);
  const alpha = formatNumber(state.alpha);
  if (name === 'crossEntropy') return t('anchors.lossCe');
  if (name === 'alphaCrossEntropy') return alphaOn ? t('anchors.lossAce', { alpha }) : t('anchors.lossAceOff');
  return alphaOn ? t('anchors.lossFlAlpha', { gamma, alpha }) : t('anchors.lossFl', { gamma });
}

class AnchorPanel {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.apply = apply;
    this.state = null;
    this.report = null;
    this.options = null;
    this.queue = new Set(); // charts still to be drawn for the current report
    this.queueFrame = 0;
    const $ = (id) => root.querySelector(`#${id}`);

    this.sharesChart = createBarChart($('chart-anchor-shares'), {
      index: 'y',
      stacked: true,
      value: { min: 0, max: 1, ticks: { callback: percentTick } },
      tooltip: percent,
    });
    this.cdfCharts = ['positives', 'negatives'].map((side) =>
      createLineChart($(`chart-anchor-cdf-${side}`), {
        x: { min: 0, max: 1, title: { display: true }, ticks: { callback: percentTick, maxRotation: 0 } },
        y: { min: 0, max: 1, title: { display: true }, ticks: { callback: percentTick } },
      }),
    );
    this.factorChart = createBarChart($('chart-anchor-factor'), {
      value: { type: 'logarithmic', min: 0.5, grid: { color: powerOfTenGrid }, ticks: { callback: (value) => countTick(value), autoSkip: false } },
      category: { ticks: { autoSkip: false, maxRotation: 0, callback: (value, index) => this.factorTickLabel(index) } },
    });
    this.initChart = createBarChart($('chart-anchor-init'), {
      index: 'y',
      value: { type: 'logarithmic', grid: { color: powerOfTenGrid }, ticks: { callback: (value) => countTick(value), autoSkip: false, maxRotation: 0 } },
    });
    this.charts = {
      anchorShares: this.sharesChart,
      anchorCdfPositives: this.cdfCharts[0],
      anchorCdfNegatives: this.cdfCharts[1],
      anchorFactor: this.factorChart,
      anchorInit: this.initChart,
    };
    for (const chart of this.cdfCharts) chart.$focalXName = t('anchors.cdfX');

    this.text = {
      counts: $('anchor-counts'),
      shares: $('anchor-shares-caption'),
      cdf: $('anchor-cdf-readout'),
      factor: $('anchor-factor-caption'),
      init: $('anchor-init-caption'),
      initTable: $('anchor-init-table'),
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
      ...OVERRIDE_KEYS.map((key) => this.bindOverride(key, this.overrideInputs[key])),
    ];
  }

  // An override box shows the value in use: the override, or (greyed) the detector-quality value.
  bindOverride(key, input) {
    const sync = bindNumber(this.apply, key, [input]);
    return (state, source) => {
      if (state[key] !== null) {
        sync(state, source);
        input.classList.remove('is-auto');
      } else input.classList.add('is-auto');
    };
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
  }

  update(state, changed) {
    const first = this.report === null;
    this.state = state;
    this.options = anchorOptions(state);
    const report = this.core.simulateAnchors(this.options);
    this.report = report;
    this.drawShares(state, report);
    this.showCounts(state, report);
    // A Chart.js update costs several milliseconds whatever its data. The bars (a), the core
    // message, follow every input at once; the other charts are queued and drawn while the page
    // is idle between frames (always from the newest report), so the frame that answers an
    // input at a million anchors holds only the core call and the bars.
    // Charts whose numbers cannot have changed are not queued: Figure 4 and the histogram do
    // not depend on alpha (constant within a group), the first iteration not on the detector.
    const only = (keys) => !first && [...changed].every((key) => keys.includes(key));
    if (!only(['alpha'])) for (const item of ['cdfPositives', 'cdfNegatives', 'factor']) this.queue.add(item);
    if (!only(['anchorQuality', 'anchorSeed', ...OVERRIDE_KEYS])) this.queue.add('init');
    // The first draw is queued too: a panel mounted as it scrolls near does not stall the scroll.
    // Whoever needs every chart now (ready, set(), drawn(), an export) calls flush().
    this.scheduleQueue();
  }

  drawQueued(item) {
    const { state, report } = this;
    if (item === 'cdfPositives') this.drawCdf(state, report, 'positives');
    else if (item === 'cdfNegatives') this.drawCdf(state, report, 'negatives');
    else if (item === 'factor') this.drawFactor(state, report);
    else this.drawInit(state, report);
  }

  scheduleQueue() {
    this.root.dataset.pending = String(this.queue.size);
    if (this.queueFrame || this.queue.size === 0) return;
    // One chart per idle period, more if it leaves time; QUEUE_WAIT_MS bounds the wait while
    // a drag keeps the page busy, so the queued charts never freeze.
    const next = (deadline) => {
      this.queueFrame = 0;
      do {
        const [item] = this.queue;
        if (item === undefined) break;
        this.queue.delete(item);
        this.drawQueued(item);
      } while (deadline && deadline.timeRemaining() > IDLE_CHART_MS);
      if (this.queue.size) this.scheduleQueue();
      else delete this.root.dataset.pending;
    };
    this.queueFrame = document.hidden ? setTimeout(next, 0) : requestIdleCallback(next, { timeout: QUEUE_WAIT_MS });
  }

  // Draws everything still queued, now (before set() resolves, an export, a script's read).
  flush() {
    for (const item of this.queue) this.drawQueued(item);
    this.queue.clear();
    delete this.root.dataset.pending;
  }

  showCounts(state, report) {
    const c = report.counts;
    setText(this.text.counts, t('anchors.counts', {
      total: formatCount(c.total),
      positives: formatCount(c.positives),
      hard: formatCount(c.hardNegatives),
      easy: formatCount(c.easyNegatives),
    }));
    for (const group of GROUPS) {
      setText(this.text.groupCounts[group], formatCount(c[group]));
      // A box left on "auto" shows the distribution the detector quality gives, from the core.
      for (const field of ['mean', 'std']) {
        const key = OVERRIDES[group][field];
        const input = this.overrideInputs[key];
        const text = String(roundForBox(report.distributions[group][field]));
        if (state[key] === null && document.activeElement !== input && input.value !== text) input.value = text;
      }
    }
  }

  // (a) Share of the total loss and of sum |dL/dx| per group, for CE, alpha-CE and FL.
  drawShares(state, report) {
    const chart = this.sharesChart;
    const labels = [];
    for (const loss of LOSSES) {
      const name = lossLabel(loss, state);
      labels.push(t('anchors.rowLoss', { loss: name }), t('anchors.rowGradient', { loss: name }));
    }
    chart.data.labels = labels;
    GROUPS.forEach((group, g) => {
      const dataset = (chart.data.datasets[g] ??= { data: [] });
      const values = LOSSES.flatMap((loss) => [report.losses[loss].shares[group], report.losses[loss].gradientShares[group]]);
      fillBars(dataset, values, 'y');
      Object.assign(dataset, {
        label: t(`anchors.group.${group}`),
        backgroundColor: GROUP_COLORS[group],
        borderColor: '#ffffff',
        borderWidth: 1,
        focalGroup: group,
        barPercentage: 0.85,
        categoryPercentage: 0.9,
      });
    });
    // Which core number each bar shows, for scripts: [loss, 'loss' | 'gradient'] per category.
    chart.$focalRows = LOSSES.flatMap((loss) => [[loss, 'loss'], [loss, 'gradient']]);
    chart.options.scales.x.title.text = t('anchors.sharesX');
    chart.options.scales.y.title.text = '';
    chart.options.scales.y.title.display = false;
    setAttribute(chart.canvas, 'aria-label', t('anchors.sharesAria'));
    chart.update('none');

    const ce = report.losses.crossEntropy;
    const ace = report.losses.alphaCrossEntropy;
    const fl = report.losses.focal;
    const main = t('anchors.sharesCaption', {
      ceEasy: percent(ce.shares.easyNegatives),
      ceEasyGrad: percent(ce.gradientShares.easyNegatives),
      cePos: percent(ce.shares.positives),
      fl: lossLabel('focal', state),
      flEasy: percent(fl.shares.easyNegatives),
      flEasyGrad: percent(fl.gradientShares.easyNegatives),
      flHard: percent(fl.shares.hardNegatives),
      flPos: percent(fl.shares.positives),
    });
    const alpha =
      state.alpha >= 0
        ? t('anchors.sharesAlpha', { alpha: formatNumber(state.alpha), acePos: percent(ace.shares.positives), aceEasy: percent(ace.shares.easyNegatives) })
        : t('anchors.sharesAlphaOff');
    setText(this.text.shares, joinSentences([main, alpha]));
  }

  // (b) Figure 4: cumulative normalised loss of one side, one curve per gamma; the readout
  // under both charts is written with the positives.
  drawCdf(state, report, side) {
    const gammas = report.cdf.gammas;
    const chart = this.cdfCharts[side === 'positives' ? 0 : 1];
    const cdf = report.cdf[side];
    const datasets = chart.data.datasets;
    datasets.length = Math.min(datasets.length, gammas.length);
    gammas.forEach((gamma, g) => {
      const dataset = (datasets[g] ??= { data: [] });
      if (dataset.data.length !== cdf.fraction.length) dataset.data = Array.from(cdf.fraction, () => ({ x: 0, y: 0 }));
      const curve = cdf.curves[g];
      for (let j = 0; j < curve.length; j++) {
        dataset.data[j].x = cdf.fraction[j];
        dataset.data[j].y = curve[j];
      }
      const isSlider = g >= FIGURE_GAMMAS.length;
      const isCurrent = gamma === state.gamma;
      Object.assign(dataset, {
        label: isSlider ? t('series.current', { gamma: formatNumber(gamma) }) : t('series.family', { gamma: formatNumber(gamma) }),
        borderColor: isCurrent ? COLORS.focal : FAMILY_COLORS[g % FAMILY_COLORS.length],
        backgroundColor: isCurrent ? COLORS.focal : FAMILY_COLORS[g % FAMILY_COLORS.length],
        borderWidth: isCurrent ? 3.5 : 2,
        order: isCurrent ? 0 : 1,
        focalGamma: gamma,
      });
    });
    chart.options.scales.x.title.text = t(side === 'positives' ? 'anchors.cdfXPositives' : 'anchors.cdfXNegatives');
    chart.options.scales.y.title.text = t('anchors.cdfY');
    chart.$focalXName = t('anchors.cdfX');
    setAttribute(chart.canvas, 'aria-label', t(side === 'positives' ? 'anchors.cdfAriaPositives' : 'anchors.cdfAriaNegatives'));
    chart.update('none');
    if (side !== 'positives') return;

    const current = gammas.indexOf(state.gamma);
    const ce = gammas.indexOf(0);
    const pos = report.cdf.positives.hardestShare;
    const neg = report.cdf.negatives.hardestShare;
    setText(this.text.cdf, t(state.gamma === 0 ? 'anchors.cdfReadoutCe' : 'anchors.cdfReadout', {
      fraction: percent(report.cdf.readoutFraction),
      pos0: percent(pos[ce]),
      posG: percent(pos[current]),
      neg0: percent(neg[ce]),
      negG: percent(neg[current]),
      gamma: formatNumber(state.gamma),
    }));
  }

  factorTickLabel(index) {
    const edges = this.report ? this.report.modulatingFactor.log10Edges : null;
    if (!edges) return '';
    if (index === 0) return `< ${formatScientific(10 ** edges[0])}`;
    // The lower edge of the first bin is the "below" bar's edge: labelled there already.
    if (index === 1) return '';
    const edge = edges[index - 1];
    return Math.abs(edge - Math.round(edge)) < 1e-9 ? formatScientific(10 ** Math.round(edge)) : '';
  }

  // (c) Anchors per bin of log10 (1 - p_t)^gamma; the first bar holds everything below the range.
  drawFactor(state, report) {
    const chart = this.factorChart;
    const factor = report.modulatingFactor;
    const edges = factor.log10Edges;
    const labels = [t('anchors.factorBelow', { edge: formatScientific(10 ** edges[0]) })];
    for (let b = 0; b < factor.bins; b++) {
      labels.push(t('anchors.factorBin', { from: formatLog10(edges[b]), to: formatLog10(edges[b + 1]) }));
    }
    chart.data.labels = labels;
    GROUPS.forEach((group, g) => {
      const dataset = (chart.data.datasets[g] ??= { data: [] });
      fillBars(dataset, [factor.below[group], ...factor.counts[group]]);
      Object.assign(dataset, {
        label: t(`anchors.group.${group}`),
        backgroundColor: GROUP_COLORS[group],
        focalGroup: group,
        barPercentage: 1,
        categoryPercentage: 0.9,
      });
    });
    chart.options.scales.x.title.text = t('anchors.factorX', { gamma: formatNumber(state.gamma) });
    chart.options.scales.y.title.text = t('anchors.factorY');
    chart.options.scales.y.max = Math.max(10, report.counts.total);
    setAttribute(chart.canvas, 'aria-label', t('anchors.factorAria'));
    chart.update('none');

    // Counting the core's histogram: anchors in bins that end at or below 10^-2, plus those below.
    let small = 0;
    for (const group of GROUPS) {
      small += factor.below[group];
      for (let b = 0; b < factor.bins; b++) if (edges[b + 1] <= SMALL_FACTOR_LOG10 + 1e-9) small += factor.counts[group][b];
    }
    setText(this.text.factor, t(state.gamma === 0 ? 'anchors.factorCaptionCe' : 'anchors.factorCaption', {
      count: formatCount(small),
      total: formatCount(report.counts.total),
      share: percent(small / report.counts.total),
      gamma: formatNumber(state.gamma),
    }));
  }

  // (d) The first iteration with every logit at the bias: 0, or -log((1 - pi) / pi).
  drawInit(state, report) {
    const init = report.initialisation;
    const chart = this.initChart;
    chart.data.labels = LOSSES.map((loss) => lossLabel(loss, state));
    const starts = [
      ['zeroBias', t('anchors.initZero'), '#9aa5b1'],
      ['priorBias', t('anchors.initPrior', { bias: formatNumber(init.priorBias.bias, 4), pi: formatNumber(init.pi) }), COLORS.focal],
    ];
    starts.forEach(([key, label, color], s) => {
      const dataset = (chart.data.datasets[s] ??= { data: [] });
      fillBars(dataset, LOSSES.map((loss) => init[key][loss].total), 'y');
      Object.assign(dataset, { label, backgroundColor: color, focalStart: key });
    });
    chart.options.scales.x.title.text = t('anchors.initX');
    chart.options.scales.y.title.display = false;
    setAttribute(chart.canvas, 'aria-label', t('anchors.initAria'));
    chart.update('none');

    // One row per loss: its label, then per start the loss per negative, the total and the
    // background's share. The rows are rebuilt only when a number in them changed.
    const cells = LOSSES.map((loss) => [
      lossLabel(loss, state),
      ...['zeroBias', 'priorBias'].flatMap((key) => {
        const start = init[key][loss];
        return [formatNumber(start.lossPerNegative, 4), formatCount(start.total), percent(start.backgroundShare)];
      }),
    ]);
    const tableKey = JSON.stringify(cells);
    if (tableKey !== this.initTableKey) {
      this.initTableKey = tableKey;
      this.text.initTable.replaceChildren(
        ...cells.map(([label, ...values]) => {
          const row = document.createElement('tr');
          const head = document.createElement('th');
          head.scope = 'row';
          head.textContent = label;
          row.append(head);
          for (const text of values) {
            const cell = document.createElement('td');
            cell.textContent = text;
            row.append(cell);
          }
          return row;
        }),
      );
    }

    const ce0 = init.zeroBias.crossEntropy;
    const ceb = init.priorBias.crossEntropy;
    setText(this.text.init, t('anchors.initCaption', {
      bias: formatNumber(init.priorBias.bias, 4),
      pi: formatNumber(init.pi),
      neg0: formatNumber(ce0.lossPerNegative, 4),
      negB: formatNumber(ceb.lossPerNegative, 4),
      ratio: formatNumber(init.negativeLossRatio, 3),
      negatives: formatCount(report.counts.negatives),
      total0: formatCount(ce0.total),
      totalB: formatCount(ceb.total),
      share0: percent(ce0.backgroundShare),
      shareB: percent(ceb.backgroundShare),
    }));
  }

  table() {
    return longTable(this.charts, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
  }

  canvases() {
    return Object.values(this.charts).map((chart) => chart.canvas);
  }
}

function countTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? formatScientific(value) : '';
}

function formatLog10(edge) {
  return formatScientific(10 ** edge, 2);
}

// A distribution parameter as the box shows it: enough digits, none of the float noise.
function roundForBox(value) {
  return Number(value.toPrecision(6));
}

registerPanel({
  name: 'anchors',
  navKey: 'nav.anchors',
  charts: ['anchorShares', 'anchorCdfPositives', 'anchorCdfNegatives', 'anchorFactor', 'anchorInit'],
  scripting: ['report', 'options'],
  deferWhenHidden: true,
  keys: ['lang', 'gamma', 'alpha', 'anchorCount', 'anchorRatio', 'anchorQuality', 'anchorSeed', 'anchorHardFraction', ...OVERRIDE_KEYS],
  mount: (context) => new AnchorPanel(context),
});
