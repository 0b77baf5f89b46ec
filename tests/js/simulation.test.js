// The imbalance panels' JS API against the built wasm module: the anchor simulator, the
// side-by-side training run and the classification metrics, as the page will call them.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const createFocalCore = require(path.join(__dirname, '../../dist/focal_core.js'));

// Written by tests/tools/dump_simulation_values.cpp from the native build, when the build has it.
const nativeValuesPath = process.env.FOCAL_SIMULATION_VALUES ||
  path.join(__dirname, '..', '..', 'build-native', 'simulation_values.json');
const native = fs.existsSync(nativeValuesPath) ? JSON.parse(fs.readFileSync(nativeValuesPath, 'utf8')) : null;
const noNative = native ? false : 'no native simulation values (' + nativeValuesPath + ')';

let core;
test.before(async () => {
  core = await createFocalCore();
});

function close(actual, expected, rel, message) {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= rel * scale, `${message}: got ${actual}, expected ${expected}`);
}

const groups = ['easyNegatives', 'hardNegatives', 'positives'];
const small = { count: 20000, foregroundFraction: 0.01, hardNegativeFraction: 0.05, seed: 7 };

test('exposes the simulation API', () => {
  for (const name of ['simulateAnchors', 'sampleAnchorLogits', 'anchorDistributions', 'createTrainingRun',
    'classificationMetrics', 'calibration']) {
    assert.equal(typeof core[name], 'function', name);
  }
  assert.deepEqual([...core.anchorGroups], groups);
  assert.equal(core.defaultAnchorOptions.count, 100000);
  assert.equal(core.defaultTrainingOptions.dataset, 'cluster');
});

test('simulateAnchors: the asked group sizes, and shares that sum to 1', () => {
  const r = core.simulateAnchors(small);
  assert.deepEqual(r.counts, { easyNegatives: 18810, hardNegatives: 990, positives: 200, negatives: 19800, total: 20000 });
  for (const loss of ['crossEntropy', 'alphaCrossEntropy', 'focal']) {
    const l = r.losses[loss];
    close(groups.reduce((s, g) => s + l.shares[g], 0), 1, 1e-12, loss + ' loss shares');
    close(groups.reduce((s, g) => s + l.gradientShares[g], 0), 1, 1e-12, loss + ' gradient shares');
    close(groups.reduce((s, g) => s + l.sums[g], 0), l.total, 1e-12, loss + ' sums');
  }
});

test('simulateAnchors is deterministic per seed, also after other calls', () => {
  const first = core.simulateAnchors(small);
  core.simulateAnchors({ count: 5000, gamma: 0.7, seed: 3 });
  assert.deepEqual(core.simulateAnchors(small), first);
  const other = core.simulateAnchors(Object.assign({}, small, { seed: 8 }));
  assert.notEqual(other.losses.crossEntropy.total, first.losses.crossEntropy.total);
});

test('a seed gives the same logits as the native build, to the last bit', () => {
  // The same values are pinned in tests/cpp/simulation_test.cpp against the native build.
  const l = core.sampleAnchorLogits({ count: 1000, foregroundFraction: 0.01, hardNegativeFraction: 0.1, seed: 42 });
  assert.equal(l.easyNegatives.length, 891);
  assert.equal(l.hardNegatives.length, 99);
  assert.equal(l.positives.length, 10);
  assert.equal(l.easyNegatives[0], -9.925831233919773);
  assert.equal(l.easyNegatives[890], -0.88395890205072902);
  assert.equal(l.hardNegatives[0], -4.7851630089113533);
  assert.equal(l.positives[9], 2.9007747293157271);
  for (const g of groups) {
    for (let i = 1; i < l[g].length; i++) assert.ok(l[g][i - 1] <= l[g][i], g + ' sorted');
  }
});

test('the anchor report matches the native build', { skip: noNative }, () => {
  for (const c of native.anchors) {
    const r = core.simulateAnchors(c.options);
    const what = JSON.stringify(c.options);
    assert.deepEqual([r.counts.easyNegatives, r.counts.hardNegatives, r.counts.positives], c.counts, what);
    for (const loss of ['crossEntropy', 'alphaCrossEntropy', 'focal']) {
      close(r.losses[loss].total, c[loss].total, 1e-12, `${what} ${loss} total`);
      groups.forEach((g, i) => {
        close(r.losses[loss].sums[g], c[loss].sums[i], 1e-12, `${what} ${loss} ${g}`);
        close(r.losses[loss].gradientSums[g], c[loss].gradientSums[i], 1e-12, `${what} ${loss} gradient ${g}`);
      });
    }
    for (const side of ['positives', 'negatives']) {
      const expected = side === 'positives' ? c.positiveCurves : c.negativeCurves;
      const flat = r.cdf[side].curves.flatMap((curve) => Array.from(curve));
      assert.equal(flat.length, expected.length);
      flat.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) <= 1e-12, `${what} ${side} curve point ${j}`));
      const hardest = side === 'positives' ? c.positiveHardestShare : c.negativeHardestShare;
      r.cdf[side].hardestShare.forEach((v, j) => close(v, hardest[j], 1e-12, `${what} ${side} hardest share`));
    }
    groups.forEach((g, i) => assert.deepEqual(Array.from(r.modulatingFactor.counts[g]), c.histogramCounts[i], `${what} ${g}`));
  }
});

test('cumulative loss curves are monotone and end at 1; readouts are shares', () => {
  const r = core.simulateAnchors(Object.assign({}, small, { cdfGammas: [0, 1, 2, 5], cdfPoints: 50 }));
  assert.deepEqual(r.cdf.gammas, [0, 1, 2, 5]);
  for (const side of ['positives', 'negatives']) {
    const s = r.cdf[side];
    assert.equal(s.fraction.length, 50);
    assert.equal(s.curves.length, 4);
    assert.equal(s.fraction[0], 0);
    assert.equal(s.fraction[49], 1);
    for (const curve of s.curves) {
      assert.ok(curve instanceof Float64Array);
      assert.equal(curve[0], 0);
      assert.equal(curve[49], 1);
      for (let j = 1; j < 50; j++) assert.ok(curve[j] >= curve[j - 1], side + ' monotone');
    }
    for (const share of s.hardestShare) assert.ok(share >= 0.2 && share <= 1, side + ' hardest 20% carry at least 20%');
  }
});

test('with gamma = 2 easy negatives stop dominating the loss and the gradient', () => {
  const r = core.simulateAnchors({ gamma: 2, alpha: 0.25 });
  const ce = r.losses.crossEntropy;
  const fl = r.losses.focal;
  assert.ok(ce.shares.easyNegatives > 0.5 && ce.gradientShares.easyNegatives > 0.5);
  assert.ok(fl.shares.easyNegatives < 0.5 * ce.shares.easyNegatives);
  assert.ok(fl.gradientShares.easyNegatives < 0.5 * ce.gradientShares.easyNegatives);
});

test('prior initialisation: about 69x less loss per negative anchor', () => {
  const r = core.simulateAnchors();
  const init = r.initialisation;
  assert.equal(init.pi, 0.01);
  close(init.priorBias.bias, core.priorBias(0.01), 1e-15, 'bias');
  assert.equal(init.zeroBias.bias, 0);
  close(init.negativeLossRatio, Math.LN2 / -Math.log1p(-0.01), 1e-12, 'ratio');
  close(init.zeroBias.crossEntropy.backgroundShare, 0.999, 1e-12, 'background share at bias 0');
  assert.ok(init.priorBias.crossEntropy.backgroundShare < 0.7);
  assert.equal(typeof init.priorBias.focal.gradientBackgroundShare, 'number');
});

test('explicit distributions override the detectorQuality mapping, one field at a time', () => {
  const base = core.anchorDistributions(0.5);
  assert.deepEqual(base.positives, { mean: 1, std: 1.5 });
  const r = core.simulateAnchors({ count: 2000, positives: { mean: 3 } });
  assert.deepEqual(r.distributions.positives, { mean: 3, std: 1.5 });
  assert.deepEqual(r.distributions.easyNegatives, base.easyNegatives);
  const logits = core.sampleAnchorLogits({ count: 2000, detectorQuality: 1, hardNegatives: { std: 0 } });
  assert.ok(logits.hardNegatives.every((x) => x === -2));
});

test('the modulating-factor histogram counts every anchor once', () => {
  const r = core.simulateAnchors(Object.assign({}, small, { histogramBins: 30 }));
  const h = r.modulatingFactor;
  assert.equal(h.bins, 30);
  assert.equal(h.log10Edges.length, 31);
  for (const g of groups) {
    const total = h.counts[g].reduce((s, c) => s + c, h.below[g]);
    assert.equal(total, r.counts[g]);
  }
});

test('bad options: TypeError for a wrong type, RangeError for a bad value, both naming it', () => {
  assert.throws(() => core.simulateAnchors({ count: '5' }), { name: 'TypeError', message: /count/ });
  assert.throws(() => core.simulateAnchors({ count: 1.5 }), { name: 'RangeError', message: /count.*1\.5/ });
  assert.throws(() => core.simulateAnchors({ foregroundFraction: 0.9 }), { name: 'RangeError', message: /foregroundFraction.*0\.9/ });
  assert.throws(() => core.simulateAnchors({ bogus: 1 }), { name: 'RangeError', message: /bogus/ });
  assert.throws(() => core.simulateAnchors('fast'), { name: 'TypeError', message: /options/ });
  assert.throws(() => core.simulateAnchors({ positives: { mean: 'x' } }), { name: 'TypeError', message: /positives\.mean/ });
  assert.throws(() => core.simulateAnchors({ positives: { width: 1 } }), { name: 'RangeError', message: /width/ });
  assert.throws(() => core.simulateAnchors({ easyNegatives: { std: -1 } }), { name: 'RangeError', message: /easyNegatives\.std.*-1/ });
  assert.throws(() => core.simulateAnchors({ cdfGammas: 'x' }), { name: 'TypeError', message: /cdfGammas/ });
  assert.throws(() => core.simulateAnchors({ cdfGammas: [0, -1] }), { name: 'RangeError', message: /cdfGammas\[1\].*-1/ });
  assert.throws(() => core.simulateAnchors({ seed: -2 }), { name: 'RangeError', message: /seed.*-2/ });
  assert.throws(() => core.anchorDistributions(2), { name: 'RangeError', message: /detectorQuality.*2/ });
  assert.throws(() => core.anchorDistributions('good'), { name: 'TypeError', message: /detectorQuality/ });

  assert.throws(() => core.createTrainingRun({ model: 'cnn' }), { name: 'RangeError', message: /model.*cnn/ });
  assert.throws(() => core.createTrainingRun({ dataset: 'spiral' }), { name: 'RangeError', message: /dataset.*spiral/ });
  assert.throws(() => core.createTrainingRun({ learningRate: '0.1' }), { name: 'TypeError', message: /learningRate/ });
  assert.throws(() => core.createTrainingRun({ priorInit: 1 }), { name: 'TypeError', message: /priorInit/ });
  assert.throws(() => core.createTrainingRun({ hidden: 100 }), { name: 'RangeError', message: /hidden.*100/ });
  assert.throws(() => core.createTrainingRun({ minorityFraction: 0.7 }), { name: 'RangeError', message: /minorityFraction.*0\.7/ });
  const run = core.createTrainingRun({ count: 200 });
  try {
    assert.throws(() => run.step('3'), { name: 'TypeError', message: /k/ });
    assert.throws(() => run.step(1.5), { name: 'RangeError', message: /k.*1\.5/ });
    assert.throws(() => run.snapshot({ threshold: 2 }), { name: 'RangeError', message: /threshold.*2/ });
    assert.throws(() => run.snapshot({ gridSize: 1000 }), { name: 'RangeError', message: /gridSize.*1000/ });
    assert.throws(() => run.parameters('ohem'), { name: 'RangeError', message: /model/ });
  } finally {
    run.delete();
  }

  assert.throws(() => core.classificationMetrics([0.5, 0.2], [2, 0]), { name: 'RangeError', message: /labels\[0\].*2/ });
  assert.throws(() => core.classificationMetrics([0.5], [1, 0]), { name: 'RangeError', message: /labels/ });
  assert.throws(() => core.classificationMetrics('scores', [1]), { name: 'TypeError', message: /scores/ });
});

test('both trainers lower their own loss and beat the no-skill average precision', () => {
  const run = core.createTrainingRun();
  try {
    const start = run.snapshot({ gridSize: 0 });
    assert.equal(run.step(300), 300);
    const end = run.snapshot({ gridSize: 0 });
    assert.equal(end.noSkillAveragePrecision, 0.05);
    for (const name of ['crossEntropy', 'focal']) {
      assert.equal(end.models[name].diverged, false);
      assert.ok(end.models[name].loss < start.models[name].loss, name + ' lowers its loss');
      assert.ok(end.models[name].averagePrecision > end.noSkillAveragePrecision, name + ' beats no skill');
    }
  } finally {
    run.delete();
  }
});

test('a training run is deterministic per seed, and reset() replays it', () => {
  const options = { count: 1000, batchSize: 64, optimizer: 'sgd', learningRate: 0.3, momentum: 0.9, seed: 5 };
  const a = core.createTrainingRun(options);
  const b = core.createTrainingRun(options);
  try {
    a.step(40);
    b.step(15);
    b.step(25);
    assert.deepEqual(a.snapshot(), b.snapshot());
    const before = a.parameters('focal');
    a.reset();
    assert.equal(a.steps, 0);
    a.step(40);
    assert.deepEqual(a.parameters('focal'), before);
  } finally {
    a.delete();
    b.delete();
  }
});

test('training matches the native build', { skip: noNative }, () => {
  for (const c of native.training) {
    const run = core.createTrainingRun(c.options);
    try {
      run.step(c.steps);
      const s = run.snapshot();
      for (const name of ['crossEntropy', 'focal']) {
        const what = `${JSON.stringify(c.options)} ${name}`;
        // tanh, exp and log1p may differ in the last bit between glibc and musl; a few dozen steps
        // keep that far below 1e-9.
        close(s.models[name].loss, c[name].loss, 1e-9, what + ' loss');
        close(s.models[name].averagePrecision, c[name].averagePrecision, 1e-9, what + ' AP');
        const p = run.parameters(name);
        c[name].parameters.forEach((v, k) => assert.ok(Math.abs(p[k] - v) <= 1e-9 * (1 + Math.abs(v)), `${what} theta[${k}]`));
      }
    } finally {
      run.delete();
    }
  }
});

test('snapshot and dataset shapes', () => {
  const run = core.createTrainingRun({ dataset: 'moons', count: 500, seed: 42 });
  try {
    run.step(3);
    const s = run.snapshot({ gridSize: 16, curvePoints: 20, threshold: 0.3 });
    assert.equal(s.step, 3);
    assert.equal(s.gridSize, 16);
    assert.equal(s.threshold, 0.3);
    for (const name of ['crossEntropy', 'focal']) {
      const m = s.models[name];
      assert.ok(m.grid instanceof Float64Array && m.grid.length === 256);
      assert.ok(m.grid.every((p) => p >= 0 && p <= 1));
      assert.equal(m.lossHistory.length, 3);
      assert.equal(m.historyStride, 1);
      const cm = m.confusion;
      assert.equal(cm.truePositives + cm.falsePositives + cm.trueNegatives + cm.falseNegatives, 500);
      assert.ok(m.prCurve.recall.length <= 20 && m.prCurve.recall.length === m.prCurve.precision.length);
      assert.equal(m.prCurve.recall[m.prCurve.recall.length - 1], 1);
    }
    const d = run.dataset();
    assert.equal(d.count, 500);
    assert.equal(d.features.length, 1000);
    assert.equal(d.cleanLabels.reduce((a, b) => a + b, 0), 25);
    assert.ok(d.bounds.minX < d.bounds.maxX && d.bounds.minY < d.bounds.maxY);
    assert.equal(run.snapshot({ gridSize: 0 }).models.focal.grid.length, 0);
  } finally {
    run.delete();
  }
  // The same first point as tests/cpp/training_test.cpp pins natively.
  const pinned = core.createTrainingRun({ count: 100, seed: 42 });
  assert.equal(pinned.dataset().features[0], 1.1626289193288086);
  assert.equal(pinned.dataset().features[1], 1.1700035421463189);
  pinned.delete();
});

test('classificationMetrics, by hand', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
  const labels = new Float64Array([1, 0, 1, 1, 0, 0, 1, 0]);
  const m = core.classificationMetrics(scores, labels, { threshold: 0.5 });
  assert.deepEqual(m.confusion, { truePositives: 3, falsePositives: 2, trueNegatives: 2, falseNegatives: 1 });
  close(m.precision, 0.6, 1e-15, 'precision');
  close(m.recall, 0.75, 1e-15, 'recall');
  close(m.f1, 2 / 3, 1e-15, 'F1');
  close(m.averagePrecision, 251 / 336, 1e-15, 'AP');
  assert.equal(m.prCurve.recall.length, 8);
});

test('calibration: a reliability diagram and its ECE, by hand', () => {
  // Bins of 0.25: [0.1 (0), 0.2 (1)], empty, [0.5 (1), 0.6 (0), 0.7 (1)], [0.9 (1), 1.0 (1)].
  const c = core.calibration([0.1, 0.2, 0.5, 0.6, 0.7, 0.9, 1.0], new Float64Array([0, 1, 1, 0, 1, 1, 1]), { bins: 4 });
  assert.deepEqual(c.bins.map((bin) => bin.count), [2, 0, 3, 2]);
  close(c.bins[0].meanProbability, 0.15, 1e-14, 'mean p, bin 0');
  close(c.bins[2].positiveRate, 2 / 3, 1e-15, 'rate, bin 2');
  assert.deepEqual(c.bins[1], { count: 0, meanProbability: 0, positiveRate: 0 });
  close(c.ece, 1 / 7, 1e-13, 'ECE');
  assert.equal(core.calibration([0.5], [1]).bins.length, 15, '15 bins unless told');
  assert.throws(() => core.calibration([0.5, 1.5], [1, 0]), { name: 'RangeError', message: /probabilities\[1\].*1\.5/ });
  assert.throws(() => core.calibration([0.5], [1], { bins: 0 }), { name: 'RangeError', message: /bins.*0/ });
  assert.throws(() => core.calibration([0.5], [1, 0]), { name: 'RangeError', message: /labels/ });
});

test('a training snapshot gives each model’s reliability diagram on a held-out sample when asked', () => {
  const run = core.createTrainingRun({ count: 400, minorityFraction: 0.1, seed: 5 });
  run.step(100);
  assert.deepEqual(run.snapshot().models.focal.calibration, { bins: [], ece: 0 }, 'none unless asked');
  const snap = run.snapshot({ calibrationBins: 10, gridSize: 0 });
  for (const model of ['crossEntropy', 'focal']) {
    const { bins, ece } = snap.models[model].calibration;
    assert.equal(bins.length, 10);
    assert.equal(bins.reduce((total, bin) => total + bin.count, 0), 400, 'every held-out point in a bin');
    assert.ok(ece >= 0 && ece <= 1, `${model} ECE ${ece}`);
  }
  assert.throws(() => run.snapshot({ calibrationBins: 101 }), { name: 'RangeError', message: /calibrationBins.*101/ });
  run.delete();
});

test('delete() frees a run; using it afterwards throws, deleting twice does not', () => {
  const run = core.createTrainingRun({ count: 100 });
  assert.equal(run.isDeleted(), false);
  run.delete();
  assert.equal(run.isDeleted(), true);
  assert.throws(() => run.step(1), /deleted/);
  assert.doesNotThrow(() => run.delete());
});

test('memory does not grow across 1,000 repeated calls of the same size', () => {
  const anchors = { count: 20000, seed: 3 };
  const metricsScores = Float64Array.from({ length: 2000 }, (_, i) => (i * 7919) % 2000 / 2000);
  const metricsLabels = Float64Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const warm = () => {
    core.simulateAnchors(anchors);
    core.sampleAnchorLogits(anchors);
    core.classificationMetrics(metricsScores, metricsLabels);
    const run = core.createTrainingRun({ count: 300 });
    run.step(2);
    run.snapshot({ gridSize: 32 });
    run.dataset();
    run.delete();
  };
  warm();
  const before = core.HEAPU8.buffer.byteLength;
  for (let i = 0; i < 1000; i++) warm();
  assert.equal(core.HEAPU8.buffer.byteLength, before);
});
