// Properties of the page's settings parser (web/js/state.js): whatever arrives through the URL
// hash, a postMessage or focalExplorer.set, parsing never throws and never lets an out-of-range
// value into the state, and every valid state survives the trip through the URL.
//
// Generators and range checks are written per kind and read each row's own fields (min, max,
// choices, ...), never a setting's name, so rows added by panels or changed ranges are covered
// without touching this file. A row of a kind this file does not know fails the first test.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const fc = require('fast-check');

const webJs = path.join(__dirname, '..', '..', 'web', 'js');
const moduleUrl = (file) => pathToFileURL(path.join(webJs, file)).href;

let state;
test.before(async () => {
  // Panels register their own rows when imported; load every module that does, so their rows
  // are checked too (they import in Node: Chart.js and the DOM are only touched when mounted).
  const registering = fs.readdirSync(webJs)
    .filter((file) => file.endsWith('.js') && file !== 'state.js')
    .filter((file) => /\bregisterProps\(/.test(fs.readFileSync(path.join(webJs, file), 'utf8')));
  for (const file of registering) await import(moduleUrl(file));
  state = await import(moduleUrl('state.js'));
});

const RUNS = { numRuns: 4000 };

const inRange = (value, prop) => Number.isFinite(value) && (prop.minExclusive ? value > prop.min : value >= prop.min) && value <= prop.max;

// Per kind: the values a row accepts (valid) and an arbitrary value of the state (arbitrary).
// Both follow web/js/state.js's KINDS; each reads the row's own description.
const KIND_RULES = {
  number: {
    valid: (value, prop) => typeof value === 'number' && inRange(value, prop) && (!prop.integer || Number.isInteger(value)),
    arbitrary(prop) {
      if (prop.integer) {
        const lo = BigInt(Math.ceil(prop.minExclusive ? prop.min + 1e-9 : prop.min));
        return fc.bigInt({ min: lo, max: BigInt(Math.floor(prop.max)) }).map(Number);
      }
      const inside = fc.double({ min: prop.min, max: prop.max, minExcluded: Boolean(prop.minExclusive), noNaN: true });
      const ends = prop.minExclusive ? [prop.max] : [prop.min, prop.max];
      return fc.oneof(inside, fc.constantFrom(...ends));
    },
  },
  autoNumber: {
    valid: (value, prop) => value === null || (typeof value === 'number' && inRange(value, prop)),
    arbitrary: (prop) => fc.oneof(fc.constant(null), fc.double({ min: prop.min, max: prop.max, noNaN: true }), fc.constantFrom(prop.min, prop.max)),
  },
  numberChoice: {
    valid: (value, prop) => typeof value === 'number' && prop.choices.includes(value),
    arbitrary: (prop) => fc.constantFrom(...prop.choices),
  },
  boolean: {
    valid: (value) => typeof value === 'boolean',
    arbitrary: () => fc.boolean(),
  },
  // The kind itself carries the range: a weight in [0, 1], or -1 for "off".
  alpha: {
    valid: (value) => value === -1 || (typeof value === 'number' && value >= 0 && value <= 1),
    arbitrary: () => fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1, noNaN: true })),
  },
  choice: {
    valid: (value, prop) => typeof value === 'string' && prop.choices.includes(value),
    arbitrary: (prop) => fc.constantFrom(...prop.choices),
  },
  // The state keeps a set of numbers sorted and without repeats.
  numberList: {
    valid: (value, prop) => Array.isArray(value) && value.length >= prop.minItems && value.length <= prop.maxItems &&
      value.every((item, i) => typeof item === 'number' && inRange(item, prop) && (i === 0 || value[i - 1] < item)),
    arbitrary: (prop) => fc.uniqueArray(fc.oneof(fc.double({ min: prop.min, max: prop.max, noNaN: true }), fc.constantFrom(prop.min, prop.max)), {
      minLength: prop.minItems,
      maxLength: prop.maxItems,
      comparator: 'SameValueZero',
    }).map((items) => items.sort((a, b) => a - b)),
  },
  // Exactly `items` numbers, in order, repeats allowed (one per class).
  numberTuple: {
    valid: (value, prop) => Array.isArray(value) && value.length === prop.items && value.every((item) => typeof item === 'number' && inRange(item, prop)),
    arbitrary: (prop) => fc.array(fc.oneof(fc.double({ min: prop.min, max: prop.max, noNaN: true }), fc.constantFrom(prop.min, prop.max)), {
      minLength: prop.items,
      maxLength: prop.items,
    }),
  },
  // A subset of the choices, in the table's order.
  choiceList: {
    valid: (value, prop) => Array.isArray(value) &&
      value.every((item, i) => prop.choices.includes(item) && (i === 0 || prop.choices.indexOf(value[i - 1]) < prop.choices.indexOf(item))),
    arbitrary: (prop) => fc.subarray(prop.choices),
  },
};

function rulesOf(prop) {
  const rules = KIND_RULES[prop.kind];
  assert.ok(rules, `setting ${prop.name} has kind ${prop.kind}, which tests/js/state_properties.test.js has no rules for`);
  return rules;
}

const describeValue = (value) => fc.stringify(value);

// The state compares settings with sameValue (=== per element), so 0 and -0 are one setting.
function assertSameSetting(actual, expected, name) {
  assert.ok(state.sameValue(actual, expected), `${name}: got ${describeValue(actual)}, expected ${describeValue(expected)}`);
}

// Every value parsing let through lies within its row's rules and parses back to itself.
function assertAcceptedValuesValid(values) {
  for (const [name, value] of Object.entries(values)) {
    const prop = state.propNamed(name);
    assert.ok(prop, `accepted unknown setting ${name}`);
    assert.ok(rulesOf(prop).valid(value, prop), `${name} accepted out of range: ${describeValue(value)}`);
    const again = state.parseValue(name, value);
    assert.ok(!again.expected, `${name}: accepted ${describeValue(value)} but it does not re-validate`);
    assertSameSetting(again.value, value, name);
  }
}

// Values a URL, a message or a script might carry: numbers at the edges, wrong types, odd text.
function rawValue() {
  const numbers = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, -1, 1, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, 2 ** 32, 2 ** 32 - 1),
  );
  const texts = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    numbers.map(String),
    fc.array(numbers.map(String), { maxLength: 12 }).map((items) => items.join(',')),
    fc.constantFrom('', ' ', 'auto', 'off', 'true', 'false', 'null', '0x10', '1e999', '-1e-400', '1,', ',1', '1,,2', ' 2 ', 'Infinity', '%', '%zz', '\u0000', '\ud800'),
    fc.string({ minLength: 2000, maxLength: 20000 }),
  );
  const wrongTypes = fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withObjectString: true,
  });
  return fc.oneof(numbers, texts, fc.array(fc.oneof(numbers, texts), { maxLength: 12 }), wrongTypes, fc.constantFrom(null, undefined, true, false, [], {}));
}

function settingName() {
  return fc.oneof(
    fc.constantFrom(...state.PROPS.map((prop) => prop.name)),
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
  );
}

// Pieces of a hash: names and values percent-encoded or not, with stray separators and escapes.
function hashText() {
  // encodeURIComponent throws on a lone surrogate; such text then goes in as it is.
  const encode = (text) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const encodedPiece = fc.tuple(settingName(), rawValue().map((raw) => (typeof raw === 'string' ? raw : describeValue(raw))))
    .chain(([key, value]) => fc.constantFrom(
      `${key}=${value}`,
      `${encode(key)}=${encode(value)}`,
      `${encode(key)}=${encode(value).replace(/%2C/g, ',')}`,
      key,
      `${key}=`,
      `=${value}`,
      `${key}=${value}=${value}`,
    ));
  const piece = fc.oneof(encodedPiece, fc.constantFrom('%', '%E0%A4%A', '%FF', '%C0%80', '%2', '&', '=', '#', '%00=%00'), fc.string());
  // Pieces a real link holds, some cut short or with a character added, among the noise.
  const allNames = state.PROPS.map((prop) => prop.name);
  const linkPiece = (text) => fc.oneof(
    { arbitrary: fc.constant(text), weight: 4 },
    { arbitrary: fc.nat(text.length).map((end) => text.slice(0, end)), weight: 1 },
    { arbitrary: fc.tuple(fc.nat(text.length), fc.string({ minLength: 1, maxLength: 2 })).map(([at, extra]) => text.slice(0, at) + extra + text.slice(at)), weight: 1 },
  );
  const linkPieces = validState()
    .chain((valid) => fc.subarray(state.serializeHash(state.defaultState(valid), state.defaultState(), allNames).split('&')))
    .chain((pieces) => fc.tuple(...pieces.map(linkPiece)));
  const mixed = fc.tuple(linkPieces, fc.array(piece, { maxLength: 4 }))
    .chain(([good, noise]) => fc.shuffledSubarray([...good, ...noise], { minLength: good.length + noise.length }));
  return fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.array(piece, { maxLength: 10 }).chain((pieces) => fc.constantFrom('#', '', '##').map((lead) => lead + pieces.join('&'))),
    { arbitrary: mixed.map((pieces) => `#${pieces.join('&')}`), weight: 3 },
  );
}

function validState() {
  const shape = {};
  for (const prop of state.PROPS) shape[prop.name] = rulesOf(prop).arbitrary(prop);
  return fc.record(shape);
}

test('every row has a kind with rules here, and its default is valid and parses to itself', () => {
  assert.ok(state.PROPS.length > 0);
  const defaults = state.defaultState();
  for (const prop of state.PROPS) {
    assert.ok(rulesOf(prop).valid(defaults[prop.name], prop), `default of ${prop.name}: ${describeValue(defaults[prop.name])}`);
    const parsed = state.parseValue(prop.name, prop.default);
    assert.ok(!parsed.expected, `default of ${prop.name} does not validate`);
    assertSameSetting(parsed.value, prop.default, prop.name);
  }
});

test('parseHash never throws on any string and lets through only valid values', () => {
  fc.assert(fc.property(hashText(), (hash) => {
    const { values, problems } = state.parseHash(hash);
    assert.ok(Array.isArray(problems));
    for (const problem of problems) assert.equal(typeof problem.reason, 'string');
    assertAcceptedValuesValid(values);
  }), RUNS);
});

test('validatePatch never throws on any keys and values, and sorts each key into values or problems', () => {
  const patch = fc.dictionary(settingName(), rawValue(), { maxKeys: 8 });
  fc.assert(fc.property(patch, (raw) => {
    const { values, problems } = state.validatePatch(raw);
    assertAcceptedValuesValid(values);
    const keys = Object.keys(raw);
    const rejected = problems.map((problem) => problem.key);
    assert.deepEqual([...Object.keys(values), ...rejected].sort(), keys.sort());
    for (const problem of problems) {
      assert.ok(problem.reason === 'unknownKey' || problem.reason === 'badValue', problem.reason);
      if (problem.reason === 'badValue') {
        assert.equal(typeof problem.value, 'string');
        assert.ok(problem.value.length <= 61, 'the notice shows at most 60 characters of a bad value');
      }
    }
  }), {
    ...RUNS,
    // Once threw "Cannot convert object to primitive value" while describing the bad value.
    examples: [[{ gamma: [Object.create(null), 0n] }], [{ alpha: Object.create(null) }]],
  });
});

test('an unknown name in the hash is reported as such, whatever the name', () => {
  const unknownName = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'))
    .filter((name) => !state.propNamed(name) && name.length > 0 && !/[\ud800-\udfff]/.test(name));
  fc.assert(fc.property(unknownName, fc.string().filter((text) => !/[\ud800-\udfff]/.test(text)), (name, value) => {
    const { values, problems } = state.parseHash(`#${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    assert.deepEqual(values, {});
    assert.deepEqual(problems, [{ reason: 'unknownKey', key: name }]);
  }), { ...RUNS, examples: [['__proto__', '1']] });
});

test('parseValue accepts exactly the values within the row\'s rules, for raw values of any type', () => {
  const pair = fc.tuple(fc.constantFrom(...state.PROPS), rawValue());
  fc.assert(fc.property(pair, ([prop, raw]) => {
    const result = state.parseValue(prop.name, raw);
    if (result.expected) {
      assert.equal(typeof result.expected.id, 'string');
      // A value of the state's own type that the rules allow must not be rejected.
      assert.ok(!(typeof raw !== 'string' && rulesOf(prop).valid(raw, prop) && !Array.isArray(raw)), `${prop.name} rejected valid ${describeValue(raw)}`);
    } else {
      assertAcceptedValuesValid({ [prop.name]: result.value });
    }
  }), RUNS);
});

test('a valid state round-trips through the URL hash exactly', () => {
  fc.assert(fc.property(validState(), (generated) => {
    const defaults = state.defaultState();
    const current = state.defaultState(generated);
    assertAcceptedValuesValid(current);
    const hash = state.serializeHash(current, defaults);
    const { values, problems } = state.parseHash(`#${hash}`);
    assert.deepEqual(problems, [], `#${hash}`);
    for (const prop of state.PROPS) {
      const differs = !state.sameValue(current[prop.name], defaults[prop.name]);
      assert.equal(prop.name in values, differs, `${prop.name} in #${hash}`);
      if (differs) assertSameSetting(values[prop.name], current[prop.name], prop.name);
    }
    // Every setting written out, defaults included, reads back the same too.
    const everything = state.serializeHash(current, defaults, state.PROPS.map((prop) => prop.name));
    const full = state.parseHash(everything);
    assert.deepEqual(full.problems, [], everything);
    for (const prop of state.PROPS) assertSameSetting(full.values[prop.name], current[prop.name], prop.name);
  }), { numRuns: 500 });
});

test('defaultState copies lists, so changing one state never changes another or the defaults', () => {
  fc.assert(fc.property(validState(), (generated) => {
    const first = state.defaultState(generated);
    const second = state.defaultState(generated);
    for (const prop of state.PROPS) {
      if (Array.isArray(first[prop.name])) {
        first[prop.name].push(NaN);
        assert.ok(!second[prop.name].includes(NaN), `${prop.name}: a second state changed`);
        assert.ok(!generated[prop.name].includes(NaN), `${prop.name}: the overrides changed`);
        assert.ok(!state.defaultState()[prop.name].includes(NaN), `${prop.name}: the default changed`);
      }
    }
  }), { numRuns: 200 });
});

test('createStore.apply reports exactly the changed settings, once, and never mutates a handed-out state', () => {
  const steps = fc.array(validState().chain((whole) => fc.subarray(Object.keys(whole)).map((keys) => Object.fromEntries(keys.map((key) => [key, whole[key]])))), {
    minLength: 1,
    maxLength: 6,
  });
  fc.assert(fc.property(steps, (patches) => {
    const store = state.createStore(state.defaultState());
    const calls = [];
    store.subscribe((changed, source) => calls.push({ changed, source }));
    for (const patch of patches) {
      const before = store.state;
      const beforeCopy = store.snapshot();
      const expected = Object.keys(patch).filter((key) => !state.sameValue(before[key], patch[key]));
      const callsBefore = calls.length;
      const changed = store.apply(patch, 'test');
      assert.deepEqual(changed, expected);
      assert.equal(calls.length - callsBefore, expected.length ? 1 : 0);
      if (expected.length) assert.deepEqual(calls.at(-1), { changed: expected, source: 'test' });
      for (const key of Object.keys(before)) assertSameSetting(before[key], beforeCopy[key], key);
      for (const key of Object.keys(patch)) assertSameSetting(store.state[key], patch[key], key);
      const snapshot = store.snapshot();
      for (const value of Object.values(snapshot)) if (Array.isArray(value)) value.push(NaN);
      for (const value of Object.values(store.state)) if (Array.isArray(value)) assert.ok(!value.includes(NaN));
    }
  }), { numRuns: 300 });
});
