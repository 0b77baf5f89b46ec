// dist/focal_view.js, the losses-only module the page's first view draws with (CMakeLists.txt),
// must give exactly the whole core's numbers, or the first view and the panels below it would
// disagree.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const distDir = path.join(__dirname, '..', '..', 'dist');
const createFocalCore = require(path.join(distDir, 'focal_core.js'));
const createFocalView = require(path.join(distDir, 'focal_view.js'));

let core;
let view;
test.before(async () => {
  [core, view] = await Promise.all([createFocalCore(), createFocalView()]);
});

test('every loss and gradient of the view module equals the whole core\'s, bit for bit', () => {
  const n = 801;
  const logits = Float64Array.from({ length: n }, (_, i) => -20 + (40 * i) / (n - 1));
  assert.deepEqual(view.losses, core.losses, 'the same registry');
  for (const loss of core.losses) {
    const params = Object.fromEntries(loss.parameters.map((parameter) => [parameter.name, parameter.defaultValue]));
    for (const target of [0, 1]) {
      const targets = new Float64Array(n).fill(target);
      const expected = { loss: new Float64Array(n), grad: new Float64Array(n) };
      const got = { loss: new Float64Array(n), grad: new Float64Array(n) };
      const total = core.lossBatch(loss.name, params, logits, targets, expected.loss, expected.grad, 'none');
      assert.deepEqual(view.lossBatch(loss.name, params, logits, targets, got.loss, got.grad, 'none'), total, loss.name);
      assert.deepEqual(got, expected, `${loss.name}, target ${target}`);
    }
  }
  assert.equal(view.modulatingFactor(0.3, 1, 2), core.modulatingFactor(0.3, 1, 2));
  assert.deepEqual(view.evaluateLoss('focal', { alpha: 0.25, gamma: 2 }, 2.2, 1), core.evaluateLoss('focal', { alpha: 0.25, gamma: 2 }, 2.2, 1));
});

test('the view module leaves out what only the panels below the fold need', () => {
  for (const name of ['simulateAnchors', 'createTrainingRun', 'createMulticlassRun', 'data']) {
    assert.equal(typeof core[name] === 'undefined', false, `the whole core has ${name}`);
    assert.equal(view[name], undefined, `the view module has no ${name}`);
  }
});
