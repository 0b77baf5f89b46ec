// The page's settings that mirror the core's registry (cpp/core/registry.cpp): their ranges and
// defaults come from web/js/generated/core_registry.js, which web/build.mjs writes from the built
// wasm module, so no range or default of the core is written again here. What stays here is the
// page's own: the URL names, and where a slider offers less than the core accepts.
import { ANCHOR_OPTIONS, LOSSES, MULTICLASS_OPTIONS, TRAINING_OPTIONS } from './generated/core_registry.js';

export { LOSSES };

const byName = (entries) => new Map(entries.map((entry) => [entry.name, entry]));
const LOSS_BY_NAME = byName(LOSSES);
const ANCHOR_BY_NAME = byName(ANCHOR_OPTIONS);
const TRAINING_BY_NAME = byName(TRAINING_OPTIONS);
const MULTICLASS_BY_NAME = byName(MULTICLASS_OPTIONS);

function entryOf(table, what, name) {
  const entry = table.get(name);
  if (!entry) throw new Error(`the core's registry has no ${what} ${name}`);
  return entry;
}

export function lossParameter(loss, parameter) {
  const found = entryOf(LOSS_BY_NAME, 'loss', loss).parameters.find((p) => p.name === parameter);
  if (!found) throw new Error(`the core's loss ${loss} has no parameter ${parameter}`);
  return found;
}
export const anchorOption = (name) => entryOf(ANCHOR_BY_NAME, 'anchor option', name);
export const trainingOption = (name) => entryOf(TRAINING_BY_NAME, 'training option', name);
export const multiclassOption = (name) => entryOf(MULTICLASS_BY_NAME, 'three-class option', name);

// A state row (state.js) for a numeric registry entry; `page` narrows or adds what the page wants
// (a smaller slider range, its own default), and is the only place such a choice is written.
export function numberSetting(name, entry, page = {}) {
  const row = { name, kind: 'number', min: entry.min, max: entry.max, default: entry.defaultValue };
  if (entry.minExclusive) row.minExclusive = true;
  if (entry.integer) row.integer = true;
  return { ...row, ...page };
}

export function choiceSetting(name, entry, page = {}) {
  return { name, kind: 'choice', choices: entry.choices, default: entry.defaultValue, ...page };
}

// URL names of the compare panel's loss parameters, short because they go into shared links.
export const COMPARE_PARAMETER_KEYS = {
  alphaCrossEntropy: { alpha: 'aceAlpha' },
  focal: { alpha: 'flAlpha', gamma: 'flGamma' },
  focalStar: { gamma: 'flsGamma', beta: 'flsBeta' },
  qualityFocal: { qualityBeta: 'qflBeta' },
  varifocal: { alpha: 'vflAlpha', gamma: 'vflGamma' },
  asymmetric: { gammaPos: 'aslGammaPos', gammaNeg: 'aslGammaNeg', margin: 'aslMargin' },
  polyOne: { epsilon: 'polyEpsilon' },
  polyOneFocal: { alpha: 'pflAlpha', gamma: 'pflGamma', epsilon: 'pflEpsilon' },
};

// The foreground target of a soft-target loss is a setting of the page, not a parameter.
export const SOFT_TARGET_KEYS = { qualityFocal: 'qflTarget', varifocal: 'vflTarget' };

export function compareParameterKey(loss, parameter) {
  const key = (COMPARE_PARAMETER_KEYS[loss] || {})[parameter];
  if (!key) throw new Error(`no URL name for ${loss}.${parameter}: add it to COMPARE_PARAMETER_KEYS`);
  return key;
}

// Every loss's parameter rows, in the core's order, each soft target after its loss's parameters.
export function compareSettings() {
  const rows = [];
  for (const loss of LOSSES) {
    for (const parameter of loss.parameters) rows.push(numberSetting(compareParameterKey(loss.name, parameter.name), parameter));
    if (loss.softTargets) {
      rows.push({ name: SOFT_TARGET_KEYS[loss.name], kind: 'number', min: 0, max: 1, default: 1 });
    }
  }
  return rows;
}
