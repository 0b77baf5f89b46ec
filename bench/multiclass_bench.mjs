// Speed of the three-class training run against the two-class one, in wasm under Node, at the
// panel's defaults (MLP with 12 tanh units, 2,000 points, full-batch Adam): one training step
// (both models) and one snapshot as the page takes it (two-class 64 x 64 grid, three-class
// 48 x 48). Each figure is the best of several rounds, so other work on the machine shows less.
// Run: node bench/multiclass_bench.mjs [path to focal_core.js]. Speed is never asserted.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ROUNDS = 8;
const STEPS = 30;

function best(action) {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    action();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

export async function benchmark(corePath = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../dist/focal_core.js')) {
  const core = await require(corePath)();
  const runs = {
    twoClass: { run: core.createTrainingRun(), grid: 64 },
    threeClassSoftmax: { run: core.createMulticlassRun(), grid: 48 },
    threeClassSigmoid: { run: core.createMulticlassRun({ lossForm: 'sigmoid' }), grid: 48 },
  };
  const results = {};
  for (const [name, { run, grid }] of Object.entries(runs)) {
    results[name] = {
      stepMs: best(() => run.step(STEPS)) / STEPS,
      snapshotMs: best(() => run.snapshot({ gridSize: grid })),
    };
    run.delete();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await benchmark(process.argv[2] && path.resolve(process.argv[2]));
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(18)} step ${r.stepMs.toFixed(3)} ms   snapshot ${r.snapshotMs.toFixed(3)} ms`);
  }
}
