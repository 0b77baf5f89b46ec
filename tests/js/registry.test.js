// The core's registry against what is written about it by hand: focal_core.d.ts names the same
// losses, parameters and options as core.losses, core.anchorOptions and core.trainingOptions,
// and every default lies in its own range.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const createFocalCore = require(path.join(root, 'dist', 'focal_core.js'));
const declarations = fs.readFileSync(path.join(root, 'cpp', 'bindings', 'focal_core.d.ts'), 'utf8');

let core;
test.before(async () => {
  core = await createFocalCore();
});

// The member names of `export interface Name { ... }` (its first declaration).
function interfaceKeys(name) {
  const body = declarations.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))[1];
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
}

test('focal_core.d.ts names exactly the registry\'s losses and parameters', () => {
  const union = declarations.match(/export type LossName =([\s\S]*?);/)[1];
  assert.deepEqual([...union.matchAll(/'(\w+)'/g)].map((m) => m[1]), core.losses.map((loss) => loss.name));
  const parameters = new Set(core.losses.flatMap((loss) => loss.parameters.map((p) => p.name)));
  assert.deepEqual(interfaceKeys('LossParams').sort(), [...parameters].sort());
});

test('focal_core.d.ts names exactly the registry\'s anchor and training options', () => {
  assert.deepEqual(interfaceKeys('AnchorOptions'), core.anchorOptions.map((o) => o.name));
  assert.deepEqual(interfaceKeys('TrainingOptions').sort(), core.trainingOptions.map((o) => o.name).sort());
});

test('every default lies in its own range, and the defaults objects are the registry\'s', () => {
  const inRange = (r, v) =>
    (r.allowsOff && v < 0) ||
    ((r.minExclusive ? v > r.min : v >= r.min) && (r.maxExclusive ? v < r.max : v <= r.max) && (!r.integer || Number.isInteger(v)));
  for (const loss of core.losses) {
    for (const p of loss.parameters) assert.ok(inRange(p, p.defaultValue), `${loss.name}.${p.name}`);
  }
  for (const option of [...core.anchorOptions, ...core.trainingOptions]) {
    if (option.kind === 'number') assert.ok(inRange(option, option.defaultValue), option.name);
    if (option.kind === 'choice') assert.ok(option.choices.includes(option.defaultValue), option.name);
    if (option.kind === 'numberList') assert.ok(option.defaultValue.every((v) => inRange(option, v)), option.name);
  }
  for (const option of core.anchorOptions) assert.deepEqual(core.defaultAnchorOptions[option.name], option.defaultValue);
  for (const option of core.trainingOptions) assert.deepEqual(core.defaultTrainingOptions[option.name], option.defaultValue);
  // A loss called without a parameter takes that loss's default: VFL's alpha is its paper's 0.75.
  const varifocal = core.losses.find((loss) => loss.name === 'varifocal');
  const alpha = varifocal.parameters.find((p) => p.name === 'alpha').defaultValue;
  assert.equal(core.evaluateLoss('varifocal', null, 0.3, 0).loss, core.evaluateLoss('varifocal', { alpha }, 0.3, 0).loss);
});
