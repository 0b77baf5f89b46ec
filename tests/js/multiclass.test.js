// Three classes through the JS API of the built wasm module: the same numbers as the native core
// (pinned in tests/cpp/multiclass_test.cpp), the simplex map against the softmax FL binding, the
// per-class sigmoid FL against the binary one, and every bad parameter named in a RangeError.
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

function close(actual, expected, rel, message) {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= rel * scale, `${message}: got ${actual}, expected ${expected}`);
}

function interfaceKeys(name) {
  const body = declarations.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))[1];
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
}

test('the three-class API is there, its options are the registry\'s and focal_core.d.ts names them', () => {
  for (const name of ['createMulticlassRun', 'simplexGrid', 'multiclassMetrics', 'oneHotSigmoidFocalLoss', 'oneHotSigmoidFocalLossGrad']) {
    assert.equal(typeof core[name], 'function', name);
  }
  assert.deepEqual(interfaceKeys('MulticlassOptions'), core.multiclassOptions.map((o) => o.name));
  for (const option of core.multiclassOptions) assert.deepEqual(core.defaultMulticlassOptions[option.name], option.defaultValue);
  assert.deepEqual(core.defaultMulticlassOptions.alphas, [0.25, 0.25, 0.5]);
  assert.equal(core.defaultMulticlassOptions.lossForm, 'softmax');
  // The options it shares with the two-class run keep their defaults.
  for (const name of ['dataset', 'count', 'minorityFraction', 'model', 'hidden', 'optimizer', 'learningRate', 'gamma', 'priorInit']) {
    assert.deepEqual(core.defaultMulticlassOptions[name], core.defaultTrainingOptions[name], name);
  }
});

test('the wasm module gives the native core\'s numbers (pinned in tests/cpp/multiclass_test.cpp)', () => {
  const data = core.createMulticlassRun({ count: 100, seed: 42 });
  try {
    const d = data.dataset();
    // Only portable operations draw the data: equal bit for bit.
    assert.equal(d.features[0], 1.1626289193288086);
    assert.equal(d.features[1], 1.1700035421463189);
    assert.deepEqual([...d.cleanLabels.slice(0, 4)], [0, 2, 1, 1]);
    assert.equal(d.classes, 3);
  } finally {
    data.delete();
  }
  const pinned = {
    softmax: { focal0: 0.70661744977741447, focal5: -0.50662686394944878, ce0: 0.66799955811405809 },
    sigmoid: { focal0: 0.91078568944349581, focal5: -0.20059494013620152, ce0: 0.66799955811405809 },
  };
  for (const [lossForm, values] of Object.entries(pinned)) {
    const run = core.createMulticlassRun({ count: 300, seed: 7, batchSize: 64, crossEntropyAlphas: true, lossForm });
    try {
      run.step(25);
      // exp, log1p and tanh may differ in the last bit between glibc and musl; 25 steps keep that tiny.
      close(run.parameters('focal')[0], values.focal0, 1e-9, `${lossForm} focal theta[0]`);
      close(run.parameters('focal')[5], values.focal5, 1e-9, `${lossForm} focal theta[5]`);
      close(run.parameters('crossEntropy')[0], values.ce0, 1e-9, `${lossForm} CE theta[0]`);
    } finally {
      run.delete();
    }
  }
  const grid = core.simplexGrid({ resolution: 4, gamma: 2, alpha: 0.5, target: 1 });
  close(grid.loss[15], 0.62213870459307474, 1e-14, 'simplex loss');
  close(grid.flow[4], 0.12306677001448793, 1e-14, 'simplex flow');
  close(core.oneHotSigmoidFocalLoss([0.3, -1.2, 2.0], 1, [0.25, 0.4, 0.75], 2), 0.9696659571823717, 1e-14, 'one-hot sigmoid FL');
  close(core.oneHotSigmoidFocalLossGrad([0.3, -1.2, 2.0], 1, [0.25, 0.4, 0.75], 2)[2], 0.26917843261212043, 1e-14, 'its gradient');
});

test('every cell of the simplex map is softmax FL of the true class at its centroid', () => {
  for (const [gamma, alpha, target] of [[2, 0.5, 2], [0.5, -1, 0], [0, 0.25, 1]]) {
    const grid = core.simplexGrid({ resolution: 12, gamma, alpha, target });
    assert.equal(grid.cells, 144);
    assert.equal(grid.upward.reduce((a, b) => a + b, 0), (12 * 13) / 2);
    for (let cell = 0; cell < grid.cells; cell++) {
      const p = grid.probabilities.slice(3 * cell, 3 * cell + 3);
      // z = log p, as the core takes it; JS's Math.log may differ from the core's log in the last bit.
      const z = Array.from(p, Math.log);
      close(grid.loss[cell], core.softmaxFocalLoss(z, target, alpha, gamma), 1e-13, `loss of cell ${cell}`);
      const g = core.softmaxFocalLossGrad(z, target, alpha, gamma);
      for (let j = 0; j < 3; j++) close(grid.gradient[3 * cell + j], g[j], 1e-12, `gradient of cell ${cell}`);
      close(grid.flow[3 * cell] + grid.flow[3 * cell + 1] + grid.flow[3 * cell + 2] + 1, 1, 1e-15, 'the flow sums to 0');
    }
  }
});

test('per-class sigmoid FL is one binary FL per class against the one-hot target', () => {
  const alphas = [0.25, 0.5, 0.75];
  for (const logits of [[0.2, -3, 1.5], [8, -8, 0]]) {
    for (let target = 0; target < 3; target++) {
      let sum = 0;
      const grad = core.oneHotSigmoidFocalLossGrad(logits, target, alphas, 2);
      for (let k = 0; k < 3; k++) {
        const y = k === target ? 1 : 0;
        sum += core.sigmoidFocalLoss(logits[k], y, alphas[k], 2);
        assert.equal(grad[k], core.sigmoidFocalLossGrad(logits[k], y, alphas[k], 2));
      }
      close(core.oneHotSigmoidFocalLoss(logits, target, alphas, 2), sum, 1e-15, `${logits} ${target}`);
    }
  }
});

test('per-class metrics: the confusion matrix, precision, recall and one-vs-rest AP', () => {
  const scores = [0.7, 0.2, 0.1, 0.5, 0.1, 0.4, 0.1, 0.8, 0.1, 0.2, 0.3, 0.5, 0.4, 0.4, 0.2];
  const m = core.multiclassMetrics(scores, [0, 2, 1, 2, 1]);
  assert.deepEqual(m.confusion, [[1, 0, 0], [1, 1, 0], [1, 0, 1]]);
  assert.deepEqual(m.recall, [1, 0.5, 0.5]);
  assert.deepEqual(m.precision, [1 / 3, 1, 1]);
  assert.deepEqual(m.averagePrecision, [1, 1, 1]);
  assert.equal(m.accuracy, 0.6);
});

test('a three-class run is deterministic however its steps are split, and its snapshot has the documented shape', () => {
  const options = { count: 400, batchSize: 50, seed: 3, lossForm: 'sigmoid' };
  const a = core.createMulticlassRun(options);
  const b = core.createMulticlassRun(options);
  try {
    a.step(12);
    b.step(5);
    b.step(7);
    assert.deepEqual(a.parameters('focal'), b.parameters('focal'));
    assert.deepEqual(a.parameters('crossEntropy'), b.parameters('crossEntropy'));
    const s = a.snapshot({ gridSize: 8 });
    assert.equal(s.step, 12);
    assert.equal(s.classCounts.reduce((x, y) => x + y, 0), 400);
    assert.equal(s.classCounts[2], 20);
    for (const name of core.multiclassModels) {
      const m = s.models[name];
      assert.equal(m.gridClass.length, 64);
      assert.ok(m.gridClass.every((k) => k <= 2));
      assert.equal(m.confusion.flat().reduce((x, y) => x + y, 0), 400);
      assert.equal(m.lossHistory.length, 12);
      assert.ok(Number.isFinite(m.loss) && m.averagePrecision.every(Number.isFinite));
    }
    // The sigmoid switch changes the FL model's loss, not the CE model.
    const softmax = core.createMulticlassRun({ ...options, lossForm: 'softmax' });
    softmax.step(12);
    const t = softmax.snapshot({ gridSize: 0 });
    assert.notEqual(t.models.focal.loss, s.models.focal.loss);
    assert.equal(t.models.crossEntropy.loss, s.models.crossEntropy.loss);
    softmax.delete();
  } finally {
    a.delete();
    b.delete();
  }
});

test('bad three-class parameters throw errors that name them', () => {
  const range = (call, pattern) => assert.throws(call, (e) => e instanceof RangeError && pattern.test(e.message), String(pattern));
  range(() => core.createMulticlassRun({ alphas: [0.2, 2, 0.3] }), /alphas\[1\] must be in \[0, 1\], got 2/);
  range(() => core.createMulticlassRun({ alphas: [0.5, 0.5] }), /alphas must be a list of 3 weights.*got a list of 2/);
  range(() => core.createMulticlassRun({ lossForm: 'tanh' }), /lossForm must be one of softmax, sigmoid, got 'tanh'/);
  range(() => core.createMulticlassRun({ minorityFraction: 0.7 }), /minorityFraction.*0\.7/);
  range(() => core.createMulticlassRun({ gamma: -1 }), /gamma.*-1/);
  range(() => core.createMulticlassRun({ alpha: 0.25 }), /unknown key "alpha"/);
  assert.throws(() => core.createMulticlassRun({ alphas: 'a' }), (e) => e instanceof TypeError && /alphas/.test(e.message));
  assert.throws(() => core.createMulticlassRun({ crossEntropyAlphas: 1 }), (e) => e instanceof TypeError && /crossEntropyAlphas/.test(e.message));
  range(() => core.simplexGrid({ resolution: 0 }), /resolution must be a whole number in \[1, 256\], got 0/);
  range(() => core.simplexGrid({ target: 3 }), /target.*got 3/);
  range(() => core.simplexGrid({ alpha: 1.5 }), /alpha.*1\.5/);
  range(() => core.oneHotSigmoidFocalLoss([1, 2, 3], 3, [0.2, 0.2, 0.2], 2), /target must be a class index in \[0, 2\], got 3/);
  range(() => core.oneHotSigmoidFocalLoss([1, 2, 3], 0, [0.2, 0.2], 2), /alphas must have one weight per logit/);
  range(() => core.oneHotSigmoidFocalLoss([1, NaN, 3], 0, [0.2, 0.2, 0.2], 2), /logits\[1\] must be a finite number, got NaN/);
  range(() => core.multiclassMetrics([0.5, 0.3, 0.2, 0.1, 0.8, 0.1], [0, 1]), /labels.*no sample of class 2/);
  range(() => core.multiclassMetrics([0.5, 0.3, 0.2], [0, 1]), /probabilities must hold 3 scores per label/);
  const run = core.createMulticlassRun({ count: 50 });
  try {
    range(() => run.step(1.5), /k must be a whole number.*got 1\.5/);
    range(() => run.snapshot({ gridSize: 513 }), /gridSize.*513/);
    range(() => run.parameters('reference'), /model must be one of crossEntropy, focal/);
  } finally {
    run.delete();
  }
  assert.throws(() => run.steps, /deleted/);
});
