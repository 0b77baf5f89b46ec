// The words of the training panel: each model's name for the current settings, the verdict that
// says what the two runs show right now, the calibration line, and the verdict of a repeat over
// seeds. Every comparison is made on the core's numbers at run time (the seed verdict on the
// counts and spreads the core computed): nothing here assumes which loss does better.
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';

// The two models of a run, in the order the panel shows them.
export const MODELS = ['crossEntropy', 'focal'];

// Two models' numbers closer than this are reported as equal rather than one beating the other.
const TIE = 0.005;

export function modelLabel(model, state) {
  const alpha = formatNumber(state.alpha);
  if (model === 'crossEntropy') return state.trainCeAlpha && state.alpha >= 0 ? t('train.modelAce', { alpha }) : t('train.modelCe');
  if (model === 'focal' && state.trainFocal === 'flsd53') return state.alpha >= 0 ? t('train.modelFlsdAlpha', { alpha }) : t('train.modelFlsd');
  const gamma = formatNumber(state.gamma);
  return state.alpha >= 0 ? t('train.modelFlAlpha', { gamma, alpha }) : t('train.modelFl', { gamma });
}

// The models whose calibration a snapshot holds, in drawing order: both, and with FLSD-53 the
// fixed-gamma FL trained beside it.
export function calibratedModels(snap) {
  return snap.models.fixedGammaFocal ? [...MODELS, 'fixedGammaFocal'] : MODELS;
}

// Each model's expected calibration error on the held-out sample, in one sentence (two with
// FLSD-53, saying what the grey reference is).
export function calibrationText(snap, state) {
  const models = calibratedModels(snap);
  const parts = models.map((model) => t('calib.ecePart', { name: modelLabel(model, state), ece: formatMetric(snap.models[model].calibration.ece) }));
  const sentences = [t('calib.ece', { parts: parts.join(t('summary.listSeparator')) })];
  if (snap.models.fixedGammaFocal) sentences.push(t('calib.eceReference', { name: modelLabel('fixedGammaFocal', state) }));
  return joinSentences(sentences);
}

// A metric to three digits; a diverged model's (NaN) as a dash.
export const formatMetric = (value) => (Number.isFinite(value) ? formatNumber(value, 3) : '—');

// At step 0 with the prior bias, logistic regression's weights are zero, so every point's minority
// probability is exactly pi. The MLP's output weights start small but non-zero, so there it is
// only about pi: the sentence quotes the range the core's decision grid shows.
function startVerdict(snap, state) {
  if (!state.trainPrior) return t('train.verdictStart');
  const grid = snap.models.focal.grid;
  if (state.trainModel !== 'mlp' || grid.length === 0) return t('train.verdictStartPrior');
  let min = Infinity;
  let max = -Infinity;
  for (const p of grid) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  return t('train.verdictStartPriorMlp', { min: formatNumber(min, 3), max: formatNumber(max, 3) });
}

export function trainingVerdict(snap, state) {
  if (snap.step === 0) return startVerdict(snap, state);
  const ce = snap.models.crossEntropy;
  const fl = snap.models.focal;
  const names = { crossEntropy: modelLabel('crossEntropy', state), focal: modelLabel('focal', state) };
  const labels = { ceName: names.crossEntropy, flName: names.focal };
  const parts = [];
  for (const model of MODELS) if (snap.models[model].diverged) parts.push(t('train.verdictDiverged', { model: names[model] }));
  const step = formatCount(snap.step);
  if (Number.isFinite(ce.averagePrecision) && Number.isFinite(fl.averagePrecision)) {
    const vars = {
      step,
      ce: formatMetric(ce.averagePrecision),
      fl: formatMetric(fl.averagePrecision),
      noSkill: formatMetric(snap.noSkillAveragePrecision),
      ...labels,
    };
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
    const vars = { threshold, ce: formatMetric(ce.f1), fl: formatMetric(fl.f1), ...labels };
    const diff = fl.f1 - ce.f1;
    if (Math.abs(diff) < TIE) parts.push(t('train.verdictF1Tie', vars));
    else parts.push(t('train.verdictF1Better', { ...vars, better: names[diff > 0 ? 'focal' : 'crossEntropy'] }));
  }
  return joinSentences(parts);
}

// ---- repeat over seeds ---------------------------------------------------------------------------

const formatSteps = (value) => (value === null ? '—' : formatCount(value));
const formatSeedList = (seeds) => seeds.map((seed) => formatCount(seed)).join(t('summary.listSeparator'));

// The verdict of a repeat over seeds (`bands` as the core's combineSeedRepeats returns it, `state`
// the settings it ran with): who reached the higher final AP on how many seeds, whether that
// difference is within the seed-to-seed spread, how fast each converged, and which diverged.
export function seedVerdict(bands, state) {
  const names = { crossEntropy: modelLabel('crossEntropy', state), focal: modelLabel('focal', state) };
  const total = bands.seeds.length;
  const c = bands.comparison;
  const parts = [];
  if (c.seeds === 0) {
    parts.push(t('seeds.verdictNoComparison', { seeds: formatCount(total) }));
  } else {
    parts.push(t('seeds.verdictCounts', {
      fl: names.focal, ce: names.crossEntropy, flCount: formatCount(c.focalHigher), ceCount: formatCount(c.crossEntropyHigher), seeds: formatCount(c.seeds),
    }));
    if (c.ties > 0) parts.push(t('seeds.verdictTies', { ties: formatCount(c.ties) }));
    const d = c.difference;
    if (c.withinSpread) {
      parts.push(t('seeds.verdictWithin', {
        fl: names.focal, ce: names.crossEntropy, median: formatSigned(d.p50), low: formatSigned(d.p10), high: formatSigned(d.p90),
      }));
    } else {
      // Beyond the spread every seed-to-seed difference in the 10-90% range has one sign.
      const focalAhead = d.p10 > 0;
      parts.push(t('seeds.verdictBeyond', {
        better: focalAhead ? names.focal : names.crossEntropy,
        low: formatMetric(focalAhead ? d.p10 : -d.p90),
        high: formatMetric(focalAhead ? d.p90 : -d.p10),
        median: formatMetric(Math.abs(d.p50)),
      }));
    }
  }
  const s90 = (model) => formatSteps(bands.models[model].stepsTo90.p50);
  parts.push(t('seeds.verdictConvergence', { ce: names.crossEntropy, fl: names.focal, ceSteps: s90('crossEntropy'), flSteps: s90('focal') }));
  for (const model of MODELS) {
    const never = bands.models[model].stepsTo90.never;
    if (never > 0) parts.push(t('seeds.verdictNever', { model: names[model], count: formatCount(never), seeds: formatCount(total) }));
  }
  const diverged = MODELS.filter((model) => bands.models[model].diverged.count > 0);
  if (diverged.length === 0) parts.push(t('seeds.verdictNoneDiverged', { warmup: formatCount(bands.warmupSteps) }));
  for (const model of diverged) {
    const d = bands.models[model].diverged;
    parts.push(t('seeds.verdictDiverged', { model: names[model], count: formatCount(d.count), seeds: formatCount(total), list: formatSeedList(d.seeds) }));
  }
  return joinSentences(parts);
}

// A difference of APs with its sign, always: +0.012, −0.004.
function formatSigned(value) {
  if (value === null) return '—';
  const text = formatMetric(value);
  return value > 0 ? `+${text}` : text;
}

// The cells of the seed table for one model: final AP median and 10-90% range, steps to 90% of
// the final AP (median, range, never) and the diverged seeds.
export function seedTableRow(bands, model, state) {
  const m = bands.models[model];
  const range = (spread, format) => t('seeds.range', { low: format(spread.p10), high: format(spread.p90) });
  return [
    modelLabel(model, state),
    formatMetric(m.finalAp.p50 ?? NaN),
    range(m.finalAp, (v) => formatMetric(v ?? NaN)),
    formatSteps(m.stepsTo90.p50),
    range(m.stepsTo90, formatSteps),
    formatCount(m.stepsTo90.never),
    m.diverged.count === 0 ? formatCount(0) : t('seeds.divergedCell', { count: formatCount(m.diverged.count), list: formatSeedList(m.diverged.seeds) }),
  ];
}
