// The words of the training panel: each model's name for the current settings, and the verdict
// that says what the two runs show right now. Every comparison is made on the snapshot's numbers
// at run time: nothing here assumes which loss does better.
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';

// The two models of a run, in the order the panel shows them.
export const MODELS = ['crossEntropy', 'focal'];

// Two models' numbers closer than this are reported as equal rather than one beating the other.
const TIE = 0.005;

export function modelLabel(model, state) {
  const alpha = formatNumber(state.alpha);
  if (model === 'crossEntropy') return state.trainCeAlpha && state.alpha >= 0 ? t('train.modelAce', { alpha }) : t('train.modelCe');
  const gamma = formatNumber(state.gamma);
  return state.alpha >= 0 ? t('train.modelFlAlpha', { gamma, alpha }) : t('train.modelFl', { gamma });
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
