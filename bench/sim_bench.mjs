// Speed of the imbalance panels' core in wasm under Node: the anchor simulator at a million
// anchors (a slider move that re-samples, and one that only changes gamma) and side-by-side
// training steps on 10,000 points. bench/run.mjs calls benchmark(); speed is never asserted.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

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

export async function benchmark({ smoke, root }) {
  const core = await require(path.join(root, 'dist', 'focal_core.js'))();
  const repeats = smoke ? 1 : 15;
  const anchors = smoke ? 20000 : 1000000;
  const rows = [];
  // The core's share of a slider move. The 33 ms goal is for the whole move, drawing included,
  // so it is judged on the page's anchors row (page_bench.mjs), not on these.
  const anchorRow = (name, ms) => ({ group: 'simulation', name, size: `${anchors} anchors`, value: ms, unit: 'ms' });

  // A new seed each call forces a re-sample, as the count, fraction or seed sliders do.
  rows.push(anchorRow('simulateAnchors, re-sampled', time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 100 + i }))));
  // Same population, new gamma: what the gamma, alpha and distribution sliders cost.
  core.simulateAnchors({ count: anchors, seed: 1 });
  rows.push(anchorRow('simulateAnchors, gamma changed (integer)',
    time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 1, gamma: 1 + (i & 1) }))));
  rows.push(anchorRow('simulateAnchors, gamma changed (non-integer)',
    time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 1, gamma: 1.5 + 0.1 * (i & 1) }))));
  rows.push(anchorRow('simulateAnchors, detector quality changed',
    time(repeats, (i) => core.simulateAnchors({ count: anchors, seed: 1, detectorQuality: 0.4 + 0.1 * (i & 1) }))));

  const points = smoke ? 500 : 10000;
  for (const [label, options] of [
    ['MLP 12 tanh, full batch, Adam', { model: 'mlp', activation: 'tanh' }],
    ['MLP 12 relu, full batch, Adam', { model: 'mlp', activation: 'relu' }],
    ['MLP 16 tanh, full batch, Adam', { model: 'mlp', hidden: 16 }],
    ['logistic, full batch, Adam', { model: 'logistic' }],
    ['MLP 12 tanh, batch 256, SGD', { model: 'mlp', optimizer: 'sgd', batchSize: 256, learningRate: 0.3 }],
  ]) {
    const run = core.createTrainingRun(Object.assign({ count: points }, options));
    const steps = smoke ? 2 : 50;
    const ms = time(smoke ? 1 : 5, () => run.step(steps));
    const stepsPerSecond = (1000 * steps) / ms;
    rows.push({ group: 'training', name: `${label}, both models per step`, size: `${points} points`, value: stepsPerSecond,
      unit: 'steps/s', goal: 'at least 60 steps/s per model', met: stepsPerSecond >= 60 });
    rows.push({ group: 'training', name: `snapshot, ${label}, 64x64 grid`, size: `${points} points`,
      value: time(smoke ? 1 : 5, () => run.snapshot()), unit: 'ms' });
    run.delete();
  }
  return rows;
}
