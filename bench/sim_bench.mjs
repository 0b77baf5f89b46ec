// Speed of the imbalance panels' core in wasm under Node: the anchor simulator at a million
// anchors (a slider move that re-samples, and one that only changes gamma) and side-by-side
// training steps on 10,000 points. Prints a table; speed is measured, never asserted.
//
//   node bench/sim_bench.mjs [--smoke] [--dist path/to/dist]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const distIndex = args.indexOf('--dist');
const dist = distIndex >= 0 ? path.resolve(args[distIndex + 1]) : path.join(here, '..', 'dist');
const require = createRequire(import.meta.url);
const core = await require(path.join(dist, 'focal_core.js'))();

// Median of `repeats` timed calls, after one warm-up call.
function time(repeats, body) {
  body(-1);
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    body(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

const repeats = smoke ? 2 : 15;
const anchors = smoke ? 100000 : 1000000;
const rows = [];

// A new seed each call forces a re-sample, as the count, fraction or seed sliders do.
rows.push([`simulateAnchors, ${anchors} anchors, re-sampled`, time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 100 + i })), 'ms']);
// Same population, new gamma: what the gamma, alpha and distribution sliders cost.
core.simulateAnchors({ count: anchors, seed: 1 });
rows.push([`simulateAnchors, ${anchors} anchors, gamma changed (integer)`, time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 1, gamma: 1 + (i & 1) })), 'ms']);
rows.push([`simulateAnchors, ${anchors} anchors, gamma changed (non-integer)`, time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 1, gamma: 1.5 + 0.1 * (i & 1) })), 'ms']);
rows.push([`simulateAnchors, ${anchors} anchors, detector quality changed`, time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 1, detectorQuality: 0.4 + 0.1 * (i & 1) })), 'ms']);

const points = smoke ? 2000 : 10000;
for (const [label, options] of [
  ['MLP 12 tanh, full batch, Adam', { model: 'mlp', activation: 'tanh' }],
  ['MLP 12 relu, full batch, Adam', { model: 'mlp', activation: 'relu' }],
  ['MLP 16 tanh, full batch, Adam', { model: 'mlp', hidden: 16 }],
  ['logistic, full batch, Adam', { model: 'logistic' }],
  ['MLP 12 tanh, batch 256, SGD', { model: 'mlp', optimizer: 'sgd', batchSize: 256, learningRate: 0.3 }],
]) {
  const run = core.createTrainingRun(Object.assign({ count: points }, options));
  const steps = smoke ? 5 : 50;
  const ms = time(smoke ? 1 : 5, () => run.step(steps));
  rows.push([`training, ${points} points, ${label} (both models per step)`, (1000 * steps) / ms, 'steps/s']);
  rows.push([`snapshot, ${points} points, ${label}, 64x64 grid`, time(smoke ? 1 : 5, () => run.snapshot()), 'ms']);
  run.delete();
}

const width = Math.max(...rows.map((r) => r[0].length));
for (const [name, value, unit] of rows) console.log(name.padEnd(width), value.toFixed(1).padStart(9), unit);
