// The public JS API of dist/focal_core.js, as a blog author would call it from Node.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const distDir = path.join(__dirname, '..', '..', 'dist');
const createFocalCore = require(path.join(distDir, 'focal_core.js'));

// Written by the native build (tests/tools/dump_native_values.cpp) via ./build-wasm.sh.
const nativeValuesPath = process.env.FOCAL_NATIVE_VALUES || path.join(__dirname, '..', '..', 'build-native', 'native_values.json');

let core;
test.before(async () => {
  core = await createFocalCore();
});

function relativeError(actual, expected) {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

test('loads with require() and no options, exposing every public name', () => {
  for (const name of ['sigmoidFocalLoss', 'sigmoidFocalLossGrad', 'focalLossStar', 'focalLossStarGrad',
    'softmaxFocalLoss', 'softmaxFocalLossGrad', 'sigmoidFocalLossBatch', 'lossBatch', 'evaluateLoss',
    'modulatingFactor', 'priorBias', 'classBalancedWeights', 'effectiveNumber']) {
    assert.equal(typeof core[name], 'function', name);
  }
  assert.deepEqual([...core.lossNames].sort(), ['alphaCrossEntropy', 'asymmetric', 'crossEntropy', 'flsd53', 'focal',
    'focalStar', 'polyOne', 'polyOneFocal', 'qualityFocal', 'varifocal']);
});

test('returns the same numbers as the native core on the shared grid', () => {
  const native = JSON.parse(fs.readFileSync(nativeValuesPath, 'utf8'));
  assert.ok(native.binary.length > 1000, 'the native grid is populated');
  let worst = 0;
  for (const row of native.binary) {
    const got = core.evaluateLoss(row.loss, { alpha: row.alpha, gamma: row.gamma }, row.x, row.y);
    const errLoss = relativeError(got.loss, row.value);
    const errGrad = relativeError(got.grad, row.grad);
    worst = Math.max(worst, errLoss, errGrad);
    assert.ok(errLoss <= 1e-12 && errGrad <= 1e-12,
      `${row.loss} x=${row.x} y=${row.y} gamma=${row.gamma} alpha=${row.alpha}: wasm ${got.loss}/${got.grad}, native ${row.value}/${row.grad}`);
  }
  for (const row of native.softmax) {
    const loss = core.softmaxFocalLoss(row.logits, row.target, row.alpha, row.gamma);
    const grad = core.softmaxFocalLossGrad(row.logits, row.target, row.alpha, row.gamma);
    assert.ok(relativeError(loss, row.value) <= 1e-12, `softmax ${row.logits} -> ${loss} vs ${row.value}`);
    row.grad.forEach((g, j) => assert.ok(relativeError(grad[j], g) <= 1e-12 || Math.abs(grad[j] - g) < 1e-300));
  }
  test.diagnostic?.(`worst relative difference wasm vs native: ${worst.toExponential(2)}`);
});

test('the named scalar functions agree with evaluateLoss and with the paper', () => {
  const x = Math.log(9); // p_t = 0.9
  const ce = core.evaluateLoss('crossEntropy', null, x, 1).loss;
  assert.ok(relativeError(core.sigmoidFocalLoss(x, 1, -1, 2), ce / 100) < 1e-12, 'FL = CE / 100 at p_t = 0.9');
  assert.ok(relativeError(core.sigmoidFocalLossGrad(0, 1, -1, 2), -0.125 * (1 + 2 * Math.LN2)) < 1e-12);
  const star = core.evaluateLoss('focalStar', { gamma: 2, beta: 1 }, 0.7, 0);
  assert.equal(core.focalLossStar(0.7, 0, 2, 1), star.loss);
  assert.equal(core.focalLossStarGrad(0.7, 0, 2, 1), star.grad);
  assert.ok(relativeError(core.priorBias(0.01), Math.log(0.01 / 0.99)) < 1e-14);
  assert.ok(relativeError(core.modulatingFactor(x, 1, 2), 0.01) < 1e-12);
});

test('softmax focal loss with classes [0, x] equals the sigmoid form', () => {
  for (const x of [-30, -2, 0, 0.5, 3, 40]) {
    for (const gamma of [0, 0.5, 2]) {
      const loss = core.softmaxFocalLoss(new Float64Array([0, x]), 1, 0.25, gamma);
      const grad = core.softmaxFocalLossGrad([0, x], 1, 0.25, gamma);
      assert.ok(grad instanceof Float64Array && grad.length === 2);
      const sigmoid = core.evaluateLoss('focal', { alpha: 0.25, gamma }, x, 1);
      // Binary alpha_t for a positive is alpha; softmax uses alpha for every class.
      assert.ok(relativeError(loss, sigmoid.loss) < 1e-12, `loss x=${x} gamma=${gamma}`);
      assert.ok(relativeError(grad[1], sigmoid.grad) < 1e-12, `grad x=${x} gamma=${gamma}`);
    }
  }
});

test('sigmoidFocalLossBatch fills the caller\'s arrays and returns the sum', () => {
  const logits = new Float64Array([-3, -0.5, 0, 0.5, 3, 700, -700]);
  const targets = new Uint8Array([0, 1, 1, 0, 1, 0, 1]);
  const outLoss = new Float64Array(logits.length);
  const outGrad = new Float64Array(logits.length);
  const sum = core.sigmoidFocalLossBatch(logits, targets, 0.25, 2, outLoss, outGrad);
  let expectedSum = 0;
  logits.forEach((x, i) => {
    // The batch path has its own vectorised exp/log1p: equal to the scalar form within 1e-12.
    const lossAt = core.sigmoidFocalLoss(x, targets[i], 0.25, 2);
    const gradAt = core.sigmoidFocalLossGrad(x, targets[i], 0.25, 2);
    assert.ok(relativeError(outLoss[i], lossAt) < 1e-12 || Math.abs(outLoss[i] - lossAt) < 1e-300, `loss at ${x}`);
    assert.ok(relativeError(outGrad[i], gradAt) < 1e-12 || Math.abs(outGrad[i] - gradAt) < 1e-300, `grad at ${x}`);
    assert.ok(Number.isFinite(outLoss[i]) && Number.isFinite(outGrad[i]));
    expectedSum += outLoss[i];
  });
  assert.ok(relativeError(sum, expectedSum) < 1e-12);
  // Float64Array targets and plain arrays work the same way.
  assert.equal(core.sigmoidFocalLossBatch(Array.from(logits), Float64Array.from(targets), 0.25, 2), sum);
});

test('reductions scale the gradient the way a detector\'s loss does', () => {
  const logits = [2, -1, 0.3, -4];
  const targets = [1, 0, 1, 0];
  const perElement = new Float64Array(4);
  const sum = core.lossBatch('focal', { alpha: 0.25, gamma: 2 }, logits, targets, perElement, null, 'sum');
  const grads = {};
  for (const mode of ['none', 'sum', 'mean', 'positives']) {
    grads[mode] = new Float64Array(4);
    const value = core.lossBatch('focal', { alpha: 0.25, gamma: 2 }, logits, targets, null, grads[mode], mode);
    const expected = { none: sum, sum, mean: sum / 4, positives: sum / 2 }[mode];
    assert.ok(relativeError(value, expected) < 1e-14, mode);
  }
  grads.sum.forEach((g, i) => {
    assert.ok(relativeError(grads.mean[i], g / 4) < 1e-14);
    assert.ok(relativeError(grads.positives[i], g / 2) < 1e-14);
  });
});

test('bad values throw RangeError naming the parameter and the value', () => {
  const cases = [
    [() => core.sigmoidFocalLoss(0, 1, 0.25, -1), /gamma.*-1/],
    [() => core.sigmoidFocalLoss(0, 1, 0.25, NaN), /gamma.*NaN/],
    [() => core.sigmoidFocalLoss(0, 1, 1.5, 2), /alpha.*1\.5/],
    [() => core.sigmoidFocalLoss(0, 1, NaN, 2), /alpha.*NaN/],
    [() => core.sigmoidFocalLoss(0, 0.5, 0.25, 2), /y.*0\.5/],
    [() => core.sigmoidFocalLoss(0, 2, 0.25, 2), /y.*2/],
    [() => core.sigmoidFocalLoss(Infinity, 1, 0.25, 2), /x.*Infinity/],
    [() => core.focalLossStar(0, 1, 0, 1), /gamma.*0/],
    [() => core.softmaxFocalLoss([1, 2, 3], 3, 0.25, 2), /target.*3/],
    [() => core.softmaxFocalLoss([1, 2, 3], -1, 0.25, 2), /target/],
    [() => core.softmaxFocalLoss([1], 0, 0.25, 2), /logits/],
    [() => core.sigmoidFocalLossBatch([], [], 0.25, 2), /logits.*empty/],
    [() => core.sigmoidFocalLossBatch([1, 2], [1], 0.25, 2), /targets.*length/],
    [() => core.sigmoidFocalLossBatch([1, 2], [1, 0], 0.25, 2, new Float64Array(3)), /outLoss.*length/],
    [() => core.sigmoidFocalLossBatch([1, 2], [1, 3], 0.25, 2), /targets\[1\].*3/],
    [() => core.lossBatch('focal', {}, [1], [1], null, null, 'average'), /reduction.*average/],
    [() => core.lossBatch('fokal', {}, [1], [1]), /loss.*fokal/],
    [() => core.lossBatch('focal', { gama: 2 }, [1], [1]), /gama/],
    [() => core.priorBias(1), /pi.*1/],
    [() => core.classBalancedWeights([10, 0], 0.99), /counts\[1\].*0/],
    [() => core.classBalancedWeights([10, 5], 1), /beta.*1/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof RangeError && message.test(e.message), String(call));
  }
});

test('wrong types throw TypeError naming the parameter', () => {
  const cases = [
    [() => core.sigmoidFocalLoss('1', 1, 0.25, 2), /^x must be a number, got the string "1"/],
    [() => core.sigmoidFocalLossGrad(0, 1, '0.25', 2), /^alpha/],
    [() => core.focalLossStar(0, 1, 2, undefined), /^beta/],
    [() => core.softmaxFocalLoss('1,2', 0, 0.25, 2), /^logits/],
    [() => core.softmaxFocalLoss([1, 'a'], 0, 0.25, 2), /^logits\[1\]/],
    [() => core.sigmoidFocalLossBatch(new Float64Array(2), new Float64Array(2), 0.25, 2, [0, 0]), /^outLoss/],
    [() => core.lossBatch(3, {}, [1], [1]), /^loss/],
    [() => core.lossBatch('focal', { gamma: '2' }, [1], [1]), /^params\.gamma/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof TypeError && message.test(e.message), String(call));
  }
});

test('a failing batch call leaves the output arrays untouched', () => {
  const outLoss = new Float64Array(4).fill(42);
  const outGrad = new Float64Array(4).fill(42);
  assert.throws(() => core.sigmoidFocalLossBatch([0, 1, 2, 3], [1, 0, 0.5, 1], 0.25, 2, outLoss, outGrad), RangeError);
  assert.throws(() => core.sigmoidFocalLossBatch([0, 1, 2, 3], [1, 0, 0, 1], 0.25, -2, outLoss, outGrad), RangeError);
  assert.deepEqual([...outLoss, ...outGrad], new Array(8).fill(42));
});

test('the module\'s memory does not grow across 10,000 batch calls of one size', () => {
  const n = 1024;
  const logits = new Float64Array(n).map((_, i) => (i / n) * 40 - 20);
  const targets = new Uint8Array(n).map((_, i) => i % 3 === 0);
  const outLoss = new Float64Array(n);
  const outGrad = new Float64Array(n);
  core.sigmoidFocalLossBatch(logits, targets, 0.25, 2, outLoss, outGrad);
  const before = core.HEAPU8.buffer.byteLength;
  for (let i = 0; i < 10000; i++) core.sigmoidFocalLossBatch(logits, targets, 0.25, 2, outLoss, outGrad);
  for (let i = 0; i < 1000; i++) core.softmaxFocalLossGrad([1, 2, 3, 4], 2, 0.25, 2);
  assert.equal(core.HEAPU8.buffer.byteLength, before);
});

test('never NaN or Infinity for finite inputs, across the whole logit range', () => {
  const n = 2801;
  const logits = new Float64Array(n).map((_, i) => -700 + i * 0.5);
  const outLoss = new Float64Array(n);
  const outGrad = new Float64Array(n);
  for (const loss of core.lossNames) {
    for (const gamma of [0.5, 1, 2, 10]) {
      for (const y of [0, 1]) {
        core.lossBatch(loss, { gamma }, logits, new Float64Array(n).fill(y), outLoss, outGrad);
        assert.ok(outLoss.every(Number.isFinite) && outGrad.every(Number.isFinite), `${loss} gamma=${gamma} y=${y}`);
      }
    }
  }
});
