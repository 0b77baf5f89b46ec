// Properties of the public JS API of dist/focal_core.js (docs/api.md, cpp/bindings/focal_core.d.ts):
// for any arguments at all, a call either returns finite numbers or throws a TypeError or
// RangeError that names the offending parameter, and a call that throws leaves the caller's
// output arrays as they were. And the gradient the core returns is the derivative of its loss.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fc = require('fast-check');

const createFocalCore = require(path.join(__dirname, '..', '..', 'dist', 'focal_core.js'));

let core;
test.before(async () => {
  core = await createFocalCore();
});

const RUNS = { numRuns: 6000 };
const REDUCTIONS = ['none', 'sum', 'mean', 'positives'];
const SENTINEL = 42.5;

// Numbers a caller might pass: ordinary ones, the edges of float64, and non-finite values.
const edgeNumber = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 2, Number.MAX_VALUE, -Number.MAX_VALUE,
  Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 1e-300, 1e300, 2 ** 53, 2 ** 32, 1 - 2 ** -53);
const anyNumber = fc.oneof(edgeNumber, fc.double(), fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: -2, max: 3 }));
const wrongType = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(null, undefined, true, false, '1', '0.25', [], {}, [1], 1n, Symbol('x')),
  fc.object({ maxDepth: 1 }),
);
// Mostly plausible values, so the calls often get past validation and the result is checked.
function numberArgument(plausible) {
  return fc.oneof({ arbitrary: plausible, weight: 12 }, { arbitrary: anyNumber, weight: 3 });
}
// An element of an array: a bad one now and then, so that most arrays are valid as a whole.
function arrayElement(plausible) {
  return fc.oneof({ arbitrary: plausible, weight: 30 }, { arbitrary: anyNumber, weight: 1 });
}
function argument(plausible) {
  return fc.oneof({ arbitrary: numberArgument(plausible), weight: 19 }, { arbitrary: wrongType, weight: 1 });
}
const logit = fc.oneof(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -800, max: 800, noNaN: true }));
const binaryTarget = fc.constantFrom(0, 1);
// Soft targets only count for QFL and VFL; the other losses take 0 or 1.
const softTarget = fc.oneof({ arbitrary: binaryTarget, weight: 4 }, { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 });
const alpha = fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1, noNaN: true }));
const gamma = fc.oneof(fc.constantFrom(0, 0.5, 1, 2, 5), fc.double({ min: 0, max: 10, noNaN: true }));

// The values as the API takes an array: a typed array of one of several types or a plain array,
// sometimes with a wrong-typed element slipped in, or not an array at all.
function asNumericArray(values) {
  const wholeOrZero = (v) => (Number.isFinite(v) ? v : 0);
  return fc.oneof(
    { arbitrary: fc.constant(values).map((items) => Float64Array.from(items)), weight: 6 },
    { arbitrary: fc.constant(values).map((items) => items.slice()), weight: 6 },
    { arbitrary: fc.constant(values).map((items) => Float32Array.from(items)), weight: 1 },
    { arbitrary: fc.constant(values).map((items) => Int32Array.from(items, wholeOrZero)), weight: 1 },
    { arbitrary: fc.constant(values).map((items) => Uint8Array.from(items, wholeOrZero)), weight: 1 },
    { arbitrary: fc.tuple(fc.nat(values.length), wrongType).map(([at, bad]) => [...values.slice(0, at), bad, ...values.slice(at)]), weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  );
}
function numericArray(element, { minLength = 0, maxLength = 8 } = {}) {
  return fc.array(element, { minLength, maxLength }).chain(asNumericArray);
}
// Logits and targets, mostly of one length so that most calls get past the length check.
function batchArrays(logitElement, targetElement, { minLength = 0 } = {}) {
  const paired = fc.array(fc.tuple(logitElement, targetElement), { minLength, maxLength: 8 })
    .chain((pairs) => fc.tuple(asNumericArray(pairs.map((pair) => pair[0])), asNumericArray(pairs.map((pair) => pair[1]))));
  return fc.oneof({ arbitrary: paired, weight: 9 }, { arbitrary: fc.tuple(numericArray(logitElement), numericArray(targetElement)), weight: 1 });
}

// An output array: null/undefined, a Float64Array of the expected length (the common case), of
// another length, or of the wrong type. Filled with a sentinel to see whether a throw wrote to it.
function outputArray() {
  return fc.oneof(
    { arbitrary: fc.constantFrom(null, undefined), weight: 2 },
    { arbitrary: fc.constant('same length'), weight: 8 },
    { arbitrary: fc.nat(9).map((n) => new Float64Array(n).fill(SENTINEL)), weight: 1 },
    { arbitrary: fc.constantFrom([SENTINEL], new Float32Array(1).fill(SENTINEL), 'out'), weight: 1 },
  );
}
const materialize = (out, length) => (out === 'same length' ? new Float64Array(Math.max(0, length | 0)).fill(SENTINEL) : out);
const lengthOf = (value) => (value && typeof value.length === 'number' ? value.length : 0);

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The message must start with one of the call's parameter names, as `x must be ...`,
// `logits[3] must be ...` or `params.gamma must be ...` do.
function namesAParameter(message, names) {
  return names.some((name) => new RegExp(`^(params\\.)?${escapeRegExp(name)}(\\[\\d+\\])?\\b`).test(message));
}

// Runs one call; returns its result, or undefined after checking that what it threw is a
// TypeError or RangeError naming one of `names` and that no output array changed.
function checkCall(call, names, outputs = []) {
  const before = outputs.map((out) => (out && typeof out === 'object' ? Array.from(out) : undefined));
  let result;
  try {
    result = call();
  } catch (error) {
    assert.ok(error instanceof TypeError || error instanceof RangeError, `threw ${error && error.name}: ${error && error.message}`);
    assert.ok(namesAParameter(error.message, names), `the message names none of ${names.join(', ')}: ${error.message}`);
    outputs.forEach((out, i) => {
      if (before[i]) assert.deepEqual(Array.from(out), before[i], `output ${i} changed by a call that threw ${error.message}`);
    });
    return undefined;
  }
  return { result };
}

// The core's arithmetic overflows on its own (not only where the true result does) once inputs
// pass about 1e307 or FL*'s gamma is subnormal; those calls are pinned by the todo tests at the
// end. Elsewhere a result that is not finite is a failure.
const CORE_RANGE = 1e300;
function withinCoreRange(value) {
  if (typeof value === 'number') return !Number.isFinite(value) || value === 0 || (Math.abs(value) >= 1 / CORE_RANGE && Math.abs(value) <= CORE_RANGE);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.prototype.every.call(value, withinCoreRange);
  if (value && typeof value === 'object') return Object.values(value).every(withinCoreRange);
  return true;
}

function assertFiniteNumber(value, what) {
  assert.ok(typeof value === 'number' && Number.isFinite(value), `${what} is ${value}`);
}
function assertFiniteArray(array, what) {
  array.forEach((value, i) => assertFiniteNumber(value, `${what}[${i}]`));
}

// Every loss parameter name the API knows, for the messages of params checks and of the core.
function lossParamNames() {
  return Object.keys(core.defaultLossParams);
}

function lossParamsArgument() {
  const value = fc.oneof({ arbitrary: fc.double({ min: -1, max: 10, noNaN: true }), weight: 6 }, { arbitrary: anyNumber, weight: 3 }, { arbitrary: wrongType, weight: 1 });
  const known = fc.dictionary(fc.constantFrom(...lossParamNames()), value, { maxKeys: 4 });
  return fc.oneof(
    { arbitrary: known, weight: 8 },
    { arbitrary: fc.constantFrom(null, undefined, {}), weight: 2 },
    { arbitrary: fc.tuple(known, fc.constantFrom('gama', 'alfa', 'toString', '__proto__x')).map(([params, typo]) => ({ ...params, [typo]: 1 })), weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  );
}

test('the scalar functions return a finite number or throw an error naming the parameter', () => {
  const scalarCalls = fc.oneof(
    fc.tuple(fc.constant('sigmoidFocalLoss'), argument(logit), argument(binaryTarget), argument(alpha), argument(gamma)),
    fc.tuple(fc.constant('sigmoidFocalLossGrad'), argument(logit), argument(binaryTarget), argument(alpha), argument(gamma)),
    fc.tuple(fc.constant('modulatingFactor'), argument(logit), argument(binaryTarget), argument(gamma)),
    fc.tuple(fc.constant('priorBias'), argument(fc.double({ min: 0, max: 1, noNaN: true }))),
  );
  const parameters = {
    sigmoidFocalLoss: ['x', 'y', 'alpha', 'gamma'],
    sigmoidFocalLossGrad: ['x', 'y', 'alpha', 'gamma'],
    modulatingFactor: ['x', 'y', 'gamma'],
    priorBias: ['pi'],
  };
  fc.assert(fc.property(scalarCalls, ([name, ...args]) => {
    const outcome = checkCall(() => core[name](...args), parameters[name]);
    if (outcome && withinCoreRange(args)) assertFiniteNumber(outcome.result, name);
  }), RUNS);
});

test('evaluateLoss returns a finite loss and gradient for every loss, or throws an error naming the parameter', () => {
  const call = fc.tuple(
    fc.oneof({ arbitrary: fc.constantFrom(...core.lossNames), weight: 9 }, { arbitrary: argument(fc.constantFrom('fokal', '', 'Focal')), weight: 1 }),
    lossParamsArgument(),
    argument(logit),
    argument(softTarget),
  );
  fc.assert(fc.property(call, ([loss, params, x, y]) => {
    // The core names varifocal's target q (the paper's IoU score); see the todo test below.
    const names = ['loss', 'params', 'x', 'y', ...lossParamNames(), ...(loss === 'varifocal' ? ['q'] : [])];
    const outcome = checkCall(() => core.evaluateLoss(loss, params, x, y), names);
    if (!outcome || !withinCoreRange([params, x, y])) return;
    assertFiniteNumber(outcome.result.loss, `${loss} loss`);
    assertFiniteNumber(outcome.result.grad, `${loss} grad`);
  }), RUNS);
});

test('lossBatch returns finite numbers for every loss and reduction, or throws naming the parameter and leaves the outputs alone', () => {
  const call = fc.tuple(
    fc.oneof({ arbitrary: fc.constantFrom(...core.lossNames), weight: 9 }, { arbitrary: wrongType, weight: 1 }),
    lossParamsArgument(),
    batchArrays(arrayElement(logit), arrayElement(softTarget)),
    outputArray(),
    outputArray(),
    fc.oneof({ arbitrary: fc.constantFrom(...REDUCTIONS, undefined), weight: 9 }, { arbitrary: argument(fc.constant('average')), weight: 1 }),
  );
  fc.assert(fc.property(call, ([loss, params, [logits, targets], outLossSpec, outGradSpec, reduction]) => {
    const n = lengthOf(logits);
    const outLoss = materialize(outLossSpec, n);
    const outGrad = materialize(outGradSpec, n);
    const outcome = checkCall(() => core.lossBatch(loss, params, logits, targets, outLoss, outGrad, reduction),
      ['loss', 'params', 'logits', 'targets', 'outLoss', 'outGrad', 'reduction', ...lossParamNames()], [outLoss, outGrad]);
    if (!outcome || !withinCoreRange([params, logits])) return;
    assertFiniteNumber(outcome.result, `${loss} ${reduction}`);
    if (outLoss) assertFiniteArray(outLoss, 'outLoss');
    if (outGrad) assertFiniteArray(outGrad, 'outGrad');
  }), RUNS);
});

test('sigmoidFocalLossBatch returns finite numbers or throws naming the parameter and leaves the outputs alone', () => {
  const call = fc.tuple(
    batchArrays(arrayElement(logit), arrayElement(binaryTarget), { minLength: 1 }),
    argument(alpha),
    argument(gamma),
    outputArray(),
    outputArray(),
  );
  fc.assert(fc.property(call, ([[logits, targets], a, g, outLossSpec, outGradSpec]) => {
    const n = lengthOf(logits);
    const outLoss = materialize(outLossSpec, n);
    const outGrad = materialize(outGradSpec, n);
    const outcome = checkCall(() => core.sigmoidFocalLossBatch(logits, targets, a, g, outLoss, outGrad),
      ['logits', 'targets', 'alpha', 'gamma', 'outLoss', 'outGrad'], [outLoss, outGrad]);
    if (!outcome || !withinCoreRange([logits, a, g])) return;
    assertFiniteNumber(outcome.result, 'sum');
    if (outLoss) assertFiniteArray(outLoss, 'outLoss');
    if (outGrad) assertFiniteArray(outGrad, 'outGrad');
  }), RUNS);
});

test('softmaxFocalLoss and its gradient return finite numbers or throw naming the parameter', () => {
  const call = fc.tuple(
    fc.constantFrom('softmaxFocalLoss', 'softmaxFocalLossGrad'),
    fc.array(arrayElement(logit), { maxLength: 8 }).chain((values) => fc.tuple(asNumericArray(values), argument(fc.nat(Math.max(0, values.length - 1))))),
    argument(alpha),
    argument(gamma),
  );
  fc.assert(fc.property(call, ([name, [logits, target], a, g]) => {
    const outcome = checkCall(() => core[name](logits, target, a, g), ['logits', 'target', 'alpha', 'gamma']);
    if (!outcome || !withinCoreRange([logits, a, g])) return;
    if (name === 'softmaxFocalLoss') {
      assertFiniteNumber(outcome.result, name);
    } else {
      assert.ok(outcome.result instanceof Float64Array && outcome.result.length === lengthOf(logits), 'one gradient per logit');
      assertFiniteArray(outcome.result, name);
    }
  }), RUNS);
});

// Central difference (L(x + h) - L(x - h)) / 2h: truncation error ~ h^2 L''' and rounding
// error ~ eps L / h; with h = 1e-5 both stay far below the tolerance for |x| <= 20.
test('the focal loss gradient agrees with a central finite difference of the loss', () => {
  const h = 1e-5;
  const point = fc.tuple(fc.double({ min: -20, max: 20, noNaN: true }), binaryTarget, alpha, fc.double({ min: 0, max: 5, noNaN: true }));
  fc.assert(fc.property(point, ([x, y, a, g]) => {
    const params = { alpha: a, gamma: g };
    const { grad } = core.evaluateLoss('focal', params, x, y);
    const numeric = (core.evaluateLoss('focal', params, x + h, y).loss - core.evaluateLoss('focal', params, x - h, y).loss) / (2 * h);
    assert.ok(Math.abs(grad - numeric) <= 1e-6 * Math.abs(grad) + 1e-8, `grad ${grad}, finite difference ${numeric}`);
    assert.equal(core.sigmoidFocalLossGrad(x, y, a, g), grad);
  }), { numRuns: 10000 });
});

// Known failures of the core, each the smallest input the properties above found. They are todo
// tests: reported, not failing the run, until cpp/ is fixed; then the todo marks can go.
test('FL* stays finite where its true value is finite', { todo: 'gamma * x + beta overflows before softplus' }, () => {
  assertFiniteNumber(core.evaluateLoss('focalStar', null, -Number.MAX_VALUE, 1).loss, 'FL*(x = -MAX_VALUE, y = 1)');
  assertFiniteNumber(core.evaluateLoss('focalStar', null, 8.98846567431158e307, 0).loss, 'FL*(x = 9e307, y = 0)');
});

test('softmaxFocalLoss stays finite for logits that differ by more than MAX_VALUE', { todo: 'log-softmax overflows; alpha = 0 then gives 0 * -Infinity = NaN' }, () => {
  assertFiniteNumber(core.softmaxFocalLoss([-1e308, 1e308], 0, 0.25, 0), 'loss with alpha 0.25');
  assertFiniteNumber(core.softmaxFocalLoss([-9.9792015476736e291, Number.MAX_VALUE], 0, 0, 0), 'loss with alpha 0');
});

test('evaluateLoss names varifocal\'s target y, the parameter the caller passed', { todo: 'the core calls it q' }, () => {
  assert.throws(() => core.evaluateLoss('varifocal', null, 0, 2), (error) => error instanceof RangeError && /^y\b/.test(error.message));
});

test('a numeric array of BigInts is refused with a TypeError naming the parameter', { todo: 'HEAPF64.set throws "Cannot mix BigInt and other types"' }, () => {
  assert.throws(() => core.lossBatch('focal', null, new BigInt64Array(2), [1, 1]), (error) => error instanceof TypeError && /^logits\b/.test(error.message));
});

// Its own module: the failure this pins leaves the module's heap corrupted.
test('a batch too large for memory throws naming the parameter, and later calls still work', { todo: 'scratch() keeps a failed size, so later calls write at address 0' }, async () => {
  const fresh = await createFocalCore();
  const huge = new Uint8Array(2 ** 26);
  let message = '';
  assert.throws(() => fresh.lossBatch('focal', null, huge, huge), (error) => {
    message = error.message;
    return error instanceof RangeError;
  });
  const one = fresh.evaluateLoss('focal', null, 0.5, 1).loss;
  const n = 100000;
  const total = fresh.lossBatch('focal', null, new Float64Array(n).fill(0.5), new Float64Array(n).fill(1));
  assert.ok(Math.abs(total - n * one) <= 1e-9 * n * one, `sum ${total}, expected ${n * one}`);
  assert.equal(fresh.evaluateLoss('focal', null, 0.5, 1).loss, one);
  assert.match(message, /^logits\b/);
});

// Its own module too. The 163,840th call the core rejects throws a raw WebAssembly.Exception, and
// later calls fail with "memory access out of bounds": 5 MB of stack / 163,840 = 32 bytes left
// behind per rejected call. The properties above found it when run 45,000 times in one module.
test('the module keeps working after many rejected calls', { todo: 'a RangeError raised inside the wasm leaks stack' }, async () => {
  const fresh = await createFocalCore();
  for (let i = 0; i < 200000; i++) {
    assert.throws(() => fresh.sigmoidFocalLoss(0, 1, 0.25, -1), RangeError, `rejected call ${i}`);
  }
  assert.equal(fresh.sigmoidFocalLoss(0, 1, 0.25, 2), core.sigmoidFocalLoss(0, 1, 0.25, 2));
});
