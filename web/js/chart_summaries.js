// A short text summary of every chart, for readers who cannot see it: one or two sentences built
// from the numbers the chart was drawn from (its datasets, which come from the core), in the
// page's language. Each chart's canvas (role="img", labelled by its panel) is described by a
// hidden paragraph beside it through aria-describedby, so a screen reader reads the label and
// then the summary when it reaches the chart.
//
// A Chart.js plugin notes every chart that updates; the summaries are written later, while the
// page is idle, once the charts have stopped changing for SUMMARY_QUIET_MS (a slider let go), or
// every SUMMARY_MAX_WAIT_MS while they keep changing (a training run playing). A slider's input
// then costs one Set.add per chart it redraws, and no summary is written in the middle of a drag,
// where an idle callback that overruns its idle period would delay the next input's frame.
//
// Summarisers are keyed by canvas id (index.html's). A summariser returns the text for
// chart.canvas, or null when the chart has nothing drawn yet; `also` names further canvases that
// are not Chart.js charts but whose summary is written from this chart's data.
import { Chart } from 'chart.js';

import { logitOf, probabilityOf } from './charts.js';
import { setAttribute, setText } from './dom.js';
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber, formatPercent } from './number_format.js';
import { simplexReadings } from './simplex_view.js';

const SUMMARY_QUIET_MS = 300;
const SUMMARY_MAX_WAIT_MS = 2000;
const IDLE_WAIT_MS = 1000;
// Where the sentences read the curves: an easy example (the paper's pₜ = 0.9), a hard one, and
// x_t = ±2 on the charts drawn against the logit.
const EASY_PT = 0.9;
const HARD_PT = 0.1;
const EASY_XT = 2;
// Figure 4 is read at the hardest fifth of the anchors, as the paper does.
const CDF_FROM = 0.8;
const PR_RECALL = 0.5;

const number = (value) => (Number.isFinite(value) ? formatNumber(value, 3) : t('summary.missing'));
const list = (parts) => parts.join(t('summary.listSeparator'));

// The index of the point whose x is nearest to `x`.
function nearest(points, x) {
  let best = 0;
  for (let i = 1; i < points.length; i++) if (Math.abs(points[i].x - x) < Math.abs(points[best].x - x)) best = i;
  return best;
}

// A Chart.js bar's value and the category it belongs to, whichever way the bars lie.
function barAxes(chart) {
  return chart.options.indexAxis === 'y' ? { category: 'y', value: 'x' } : { category: 'x', value: 'y' };
}

function barValue(chart, dataset, category) {
  const axes = barAxes(chart);
  const point = dataset.data.find((p) => p[axes.category] === category);
  return point ? point[axes.value] : null;
}

// "label value, label value, ..." for one category of a bar chart, one part per dataset.
function categoryParts(chart, category, format) {
  return chart.data.datasets.map((dataset) => t('summary.part', { name: dataset.label, value: format(barValue(chart, dataset, category)) }));
}

// Loss panel (Figure 1): the slider's curve against CE at an easy and a hard example.
function summariseLoss(chart) {
  const datasets = chart.data.datasets;
  if (!datasets.length || !datasets[0].data.length) return null;
  const current = datasets[datasets.length - 1];
  const ce = datasets.find((dataset) => dataset !== current && dataset.focalGamma === 0);
  const onPt = chart.$focalXName === 'pₜ';
  const ptAt = (i) => (onPt ? current.data[i].x : probabilityOf(current.data[i].x));
  const indexFor = (pt) => nearest(current.data, onPt ? pt : logitOf(pt));
  const easy = indexFor(EASY_PT);
  const hard = indexFor(HARD_PT);
  const gamma = formatNumber(current.focalGamma);
  const count = t('summary.loss.count', { count: formatCount(datasets.length) });
  if (!ce) {
    return joinSentences([count, t('summary.loss.alone', { gamma, pt: formatNumber(ptAt(easy), 3), value: number(current.data[easy].y) })]);
  }
  if (current.focalGamma === 0) return joinSentences([count, t('summary.loss.equal', { ce: ce.label })]);
  const ratio = (i) => ce.data[i].y / current.data[i].y;
  return joinSentences([
    count,
    t('summary.loss.easy', {
      pt: formatNumber(ptAt(easy), 3),
      gamma,
      ratio: formatRatio(ratio(easy)),
      ce: ce.label,
      fl: number(current.data[easy].y),
      ceValue: number(ce.data[easy].y),
    }),
    t('summary.loss.hard', { pt: formatNumber(ptAt(hard), 3), ratio: formatRatio(ratio(hard)) }),
  ]);
}

// As the loss panel's readout writes a ratio: whole numbers from 100 on.
function formatRatio(ratio) {
  if (!Number.isFinite(ratio)) return '∞';
  if (ratio >= 100 && ratio < 1e6) return formatNumber(Math.round(ratio), 7);
  return formatNumber(ratio, 3);
}

// Gradient panel (Figure 6): FL's gradient against CE's for an easy example, and FL's steepest.
function summariseGradient(chart) {
  const datasets = chart.data.datasets;
  const ce = datasets.find((dataset) => dataset.focalSeries === 'ce');
  const fl = datasets.find((dataset) => dataset.focalSeries === 'fl');
  if (!ce || !fl || !fl.data.length) return null;
  const i = nearest(fl.data, EASY_XT);
  let steepest = 0;
  fl.data.forEach((point, j) => {
    if (point.y < fl.data[steepest].y) steepest = j;
  });
  const ratio = ce.data[i].y / fl.data[i].y;
  const values = { xt: formatNumber(fl.data[i].x, 3), fl: fl.label, ce: ce.label, flValue: number(fl.data[i].y), ceValue: number(ce.data[i].y) };
  return joinSentences([
    Math.abs(ratio - 1) < 1e-9 ? t('summary.gradient.equal', values) : t('summary.gradient.easy', { ...values, ratio: formatRatio(ratio) }),
    t('summary.gradient.steepest', { fl: fl.label, xt: formatNumber(fl.data[steepest].x, 3), value: number(fl.data[steepest].y) }),
  ]);
}

// Compare panel: at an easy and at a hard x_t, which shown loss is lowest and which highest.
function compareSummariser(kind) {
  return (chart) => {
    const datasets = chart.data.datasets.filter((dataset) => dataset.data.length);
    if (!datasets.length) return t('summary.compare.none');
    const sentences = [EASY_XT, -EASY_XT].map((xt) => {
      const values = datasets.map((dataset) => {
        const point = dataset.data[nearest(dataset.data, xt)];
        return { label: dataset.label, x: point.x, y: point.y };
      });
      const at = formatNumber(values[0].x, 3);
      if (values.length === 1) return t(`summary.${kind}.one`, { xt: at, name: values[0].label, value: number(values[0].y) });
      const low = values.reduce((a, b) => (b.y < a.y ? b : a));
      const high = values.reduce((a, b) => (b.y > a.y ? b : a));
      return t(`summary.${kind}.range`, { xt: at, low: low.label, lowValue: number(low.y), high: high.label, highValue: number(high.y) });
    });
    return joinSentences(sentences);
  };
}

// Anchors (a): how the loss splits over the groups, under CE and under FL.
function summariseShares(chart) {
  const rows = chart.$focalRows;
  if (!rows || !chart.data.datasets.length) return null;
  const sentences = ['crossEntropy', 'focal'].map((loss) => {
    const row = rows.findIndex(([name, kind]) => name === loss && kind === 'loss');
    return t('summary.shares.row', { name: chart.data.labels[row], parts: list(categoryParts(chart, row, formatPercent)) });
  });
  return joinSentences(sentences);
}

// Anchors (b), Figure 4: the share of the loss the hardest fifth carries, per gamma.
function cdfSummariser(side) {
  return (chart) => {
    const datasets = chart.data.datasets.filter((dataset) => dataset.data.length);
    if (!datasets.length) return null;
    const i = nearest(datasets[0].data, CDF_FROM);
    const parts = datasets.map((dataset) =>
      t('summary.part', { name: dataset.label, value: formatPercent(1 - dataset.data[i].y) }),
    );
    return t(`summary.cdf.${side}`, { fraction: `${formatNumber((1 - datasets[0].data[i].x) * 100, 2)}%`, parts: list(parts) });
  };
}

// Anchors (c): the histogram's tallest bar, and the bar of the smallest factors.
function summariseFactor(chart) {
  const labels = chart.data.labels || [];
  if (!labels.length || !chart.data.datasets.length) return null;
  const totals = labels.map((label, category) => chart.data.datasets.reduce((sum, dataset) => sum + (barValue(chart, dataset, category) || 0), 0));
  let tallest = 0;
  totals.forEach((total, category) => {
    if (total > totals[tallest]) tallest = category;
  });
  return joinSentences([
    t('summary.factor.tallest', { bin: labels[tallest], count: formatCount(totals[tallest]), parts: list(categoryParts(chart, tallest, formatCount)) }),
    t('summary.factor.first', { bin: labels[0], count: formatCount(totals[0]) }),
  ]);
}

// Anchors (d) and the training metrics: each category with every dataset's value.
function barsByCategory(categories, format) {
  return (chart) => {
    const labels = chart.data.labels || [];
    if (!labels.length || !chart.data.datasets.length) return null;
    const picked = categories === 'ends' ? [0, labels.length - 1] : labels.map((label, i) => i);
    return joinSentences(picked.map((category) => t('summary.bars.row', { name: labels[category], parts: list(categoryParts(chart, category, format)) })));
  };
}

function barsByDataset(format) {
  return (chart) => {
    const labels = chart.data.labels || [];
    if (!labels.length || !chart.data.datasets.length) return null;
    return joinSentences(
      chart.data.datasets.map((dataset) =>
        t('summary.bars.row', {
          name: dataset.label,
          parts: list(labels.map((label, category) => t('summary.part', { name: label, value: format(barValue(chart, dataset, category)) }))),
        }),
      ),
    );
  };
}

// Training: each model's loss at the last step drawn.
function summariseTrainLoss(chart) {
  const datasets = chart.data.datasets.filter((dataset) => dataset.data.length);
  if (!datasets.length) return t('summary.trainLoss.none');
  const parts = datasets.map((dataset) => t('summary.part', { name: dataset.label, value: number(dataset.data[dataset.data.length - 1].y) }));
  return t('summary.trainLoss.last', { steps: formatCount(chart.$focalStep ?? datasets[0].data[datasets[0].data.length - 1].x), parts: list(parts) });
}

// Training: precision at half the minority found, per model, and the no-skill line.
function summarisePr(chart) {
  const models = chart.data.datasets.filter((dataset) => dataset.focalModel !== 'noSkill' && dataset.data.length);
  const noSkill = chart.data.datasets.find((dataset) => dataset.focalModel === 'noSkill');
  if (!models.length) return null;
  const parts = models.map((dataset) => {
    const point = dataset.data[nearest(dataset.data, PR_RECALL)];
    return t('summary.pr.part', { name: dataset.label, precision: number(point.y), recall: number(point.x) });
  });
  const sentences = [t('summary.pr.models', { parts: list(parts) })];
  if (noSkill && noSkill.data.length) sentences.push(t('summary.pr.noSkill', { value: number(noSkill.data[0].y) }));
  return joinSentences(sentences);
}

// Training: the decision surfaces (plain canvases) are described from the metrics chart, which
// is drawn from the same snapshot: how much of the minority each model finds, and how precisely.
function boundarySummaries(chart) {
  const labels = chart.data.labels || [];
  const texts = {};
  for (const dataset of chart.data.datasets) {
    const value = (metric) => number(barValue(chart, dataset, labels.indexOf(t(`train.metric.${metric}`))));
    texts[`boundary-${dataset.focalModel}`] = t('summary.boundary', { name: dataset.label, precision: value('precision'), recall: value('recall') });
  }
  return texts;
}

// "Your model" (b): the gamma sweep, both series at every gamma.
function summariseDataSweep(chart) {
  const [easy, for90] = ['easyNegativeShare', 'fractionFor90'].map((key) => chart.data.datasets.find((dataset) => dataset.focalSeries === key));
  if (!easy || !for90 || !easy.data.length) return null;
  const parts = (dataset) => list(dataset.data.map((point) => t('summary.part', { name: `γ = ${formatNumber(point.x)}`, value: formatPercent(point.y) })));
  return t('summary.dataSweep', { easy: parts(easy), for90: parts(for90) });
}

// "Your model" (d): the reliability diagram's points, mean predicted p against the observed rate.
function summariseDataCalibration(chart) {
  const observed = chart.data.datasets.find((dataset) => dataset.focalSeries === 'observed');
  if (!observed) return null;
  const parts = observed.data.map((point) => t('summary.dataCalibrationPart', { mean: number(point.x), rate: number(point.y) }));
  return t('summary.dataCalibration', { count: formatCount(observed.data.length), parts: list(parts) });
}

// Three classes: the simplex, FL's loss and step against the CE map's at p_c = 0.9 and 0.1.
function summariseSimplex(chart) {
  const grids = chart.$focalSimplex;
  if (!grids) return null;
  const r = simplexReadings(grids);
  const ratio = (a, b) => (b > 0 ? formatNumber(a / b, 3) : t('summary.missing'));
  return t('summary.simplex', {
    k: r.k,
    sub: r.sub,
    fl: grids.labels.fl,
    ce: grids.labels.ce,
    p: formatNumber(r.easy.p, 3),
    flValue: number(r.easy.fl),
    ceValue: number(r.easy.ce),
    ratio: ratio(r.easy.ce, r.easy.fl),
    stepRatio: ratio(r.easy.ceStep, r.easy.flStep),
    hardP: formatNumber(r.hard.p, 3),
    hardRatio: ratio(r.hard.ce, r.hard.fl),
  });
}

// Three classes: a model's decision regions (plain canvases, noteCanvasDrawn), with the recall and
// AP per class the model's card shows.
function summariseRegions(figure) {
  const regions = figure.canvas.$focalRegions;
  if (!regions) return null;
  const m = regions.model;
  const parts = [0, 1, 2].map((k) => t('summary.regionsPart', { k: k + 1, recall: number(m.recall[k]), ap: number(m.averagePrecision[k]) }));
  return t('summary.regions', { name: regions.name, parts: list(parts), accuracy: number(m.accuracy) });
}

// Training: the seed bands at the last step, per model: median and 10-90% range.
function summariseSeeds(chart) {
  const medians = chart.data.datasets.filter((dataset) => dataset.focalPercentile === 'p50' && dataset.data.length);
  const pending = chart.$focalPending;
  if (!medians.length) return pending ? t('summary.seedsNone', { seeds: formatCount(pending.seeds), steps: formatCount(pending.steps) }) : null;
  const last = (model, percentile) => {
    const dataset = chart.data.datasets.find((d) => d.focalModel === model && d.focalPercentile === percentile);
    return dataset && dataset.data.length ? dataset.data[dataset.data.length - 1].y : null;
  };
  const parts = medians.map((dataset) =>
    t('summary.seedsPart', {
      name: dataset.label,
      median: number(last(dataset.focalModel, 'p50')),
      low: number(last(dataset.focalModel, 'p10')),
      high: number(last(dataset.focalModel, 'p90')),
    }),
  );
  return t('summary.seeds', { metric: chart.options.scales.y.title.text, seeds: formatCount(chart.$focalSeeds ?? 0), parts: list(parts) });
}

// Training: each model's reliability points, mean predicted probability to observed rate.
function summariseReliability(chart) {
  const models = chart.data.datasets.filter((dataset) => dataset.focalModel !== 'diagonal');
  if (!models.length) return null;
  const parts = models.map((dataset) =>
    t('summary.reliabilityPart', {
      name: dataset.label,
      points: list(dataset.data.map((point) => t('summary.reliabilityPoint', { mean: number(point.x), rate: number(point.y) }))),
    }),
  );
  return t('summary.reliability', { parts: list(parts) });
}

// Training: the histogram's lowest and highest bins, per model.
function summariseHistogram(chart) {
  const labels = chart.data.labels || [];
  if (!labels.length || !chart.data.datasets.length) return null;
  const top = labels.length - 1;
  const share = (value) => (value === null ? formatPercent(0) : formatPercent(value));
  const parts = chart.data.datasets.map((dataset) =>
    t('summary.histogramPart', { name: dataset.label, low: share(barValue(chart, dataset, 0)), high: share(barValue(chart, dataset, top)) }),
  );
  return t('summary.histogram', { bin: labels[0], top: labels[top], parts: list(parts) });
}

const SUMMARIES = {
  'chart-simplex': summariseSimplex,
  'regions-crossEntropy': summariseRegions,
  'regions-focal': summariseRegions,
  'chart-loss': summariseLoss,
  'chart-gradient': summariseGradient,
  'chart-compare': compareSummariser('compare'),
  'chart-compare-gradient': compareSummariser('compareGradient'),
  'chart-anchor-shares': summariseShares,
  'chart-anchor-cdf-positives': cdfSummariser('positives'),
  'chart-anchor-cdf-negatives': cdfSummariser('negatives'),
  'chart-anchor-factor': summariseFactor,
  'chart-anchor-init': barsByCategory('ends', (value) => formatNumber(value, 4)),
  'chart-train-loss': summariseTrainLoss,
  'chart-train-pr': summarisePr,
  'chart-train-metrics': barsByDataset(number),
  'chart-train-reliability': summariseReliability,
  'chart-train-histogram': summariseHistogram,
  'chart-train-seeds': summariseSeeds,
  'chart-data-shares': summariseShares,
  'chart-data-sweep': summariseDataSweep,
  'chart-data-cdf-positives': cdfSummariser('positives'),
  'chart-data-cdf-negatives': cdfSummariser('negatives'),
  'chart-data-calibration': summariseDataCalibration,
};
// Canvases summarised from another chart's data.
const ALSO = { 'chart-train-metrics': boundarySummaries };

// The hidden paragraph that describes a canvas, made the first time it has something to say.
function describe(canvas, text) {
  const id = `${canvas.id}-summary`;
  let paragraph = document.getElementById(id);
  if (!paragraph) {
    paragraph = document.createElement('p');
    paragraph.id = id;
    paragraph.className = 'chart-summary';
    paragraph.hidden = true;
    canvas.parentElement.after(paragraph);
    setAttribute(canvas, 'aria-describedby', id);
  }
  setText(paragraph, text);
}

function summarise(chart) {
  const canvas = chart.canvas;
  const summariser = SUMMARIES[canvas.id];
  if (!summariser) return;
  const text = summariser(chart);
  if (text) describe(canvas, text);
  const also = ALSO[canvas.id];
  if (!also) return;
  for (const [id, other] of Object.entries(also(chart))) {
    const target = document.getElementById(id);
    if (target) describe(target, other);
  }
}

const pending = new Set();
const timing = { handle: 0, firstChange: 0, lastChange: 0 };

function writePending() {
  timing.handle = 0;
  for (const chart of pending) {
    // A failing summary must not stop the others, nor the page.
    try {
      summarise(chart);
    } catch (error) {
      console.error(error);
    }
  }
  pending.clear();
}

// Waits for the quiet (or the longest wait), then for an idle period.
function waitForQuiet() {
  const now = performance.now();
  const wait = Math.min(timing.lastChange + SUMMARY_QUIET_MS, timing.firstChange + SUMMARY_MAX_WAIT_MS) - now;
  if (wait > 0) {
    timing.handle = setTimeout(waitForQuiet, wait);
    return;
  }
  // A hidden document gets no idle periods; write soon anyway so set() and tests see the text.
  timing.handle = document.hidden ? setTimeout(writePending, 0) : requestIdleCallback(writePending, { timeout: IDLE_WAIT_MS });
}

function schedule(chart) {
  pending.add(chart);
  timing.lastChange = performance.now();
  if (timing.handle) return;
  timing.firstChange = timing.lastChange;
  timing.handle = setTimeout(waitForQuiet, SUMMARY_QUIET_MS);
}

let installed = false;

// Every chart's summary follows its updates from now on.
// Canvases drawn without Chart.js (the three-class decision regions) report each drawing here;
// their summariser reads what the drawing left on the canvas element.
const figures = new WeakMap();
export function noteCanvasDrawn(canvas) {
  if (!figures.has(canvas)) figures.set(canvas, { canvas });
  schedule(figures.get(canvas));
}

export function installChartSummaries() {
  if (installed) return;
  installed = true;
  Chart.register({ id: 'focalSummary', afterUpdate: schedule });
}
