// Every setting of the explorer, in one table of typed properties (after TensorFlow Playground's
// State.PROPS). Each kind knows how to parse a value (from the URL hash, a postMessage or
// focalExplorer.set) and how to write it back; a value that does not validate is rejected with a
// description of what was expected, never coerced. Panels added later append their own rows.
import { compareSettings, lossParameter, LOSSES, numberSetting } from './core_settings.js';
import { LANGUAGES, loadStrings, STRINGS } from './i18n.js';

// The core's losses the Compare panel can draw, in legend order: all of them.
export const COMPARE_LOSSES = LOSSES.map((loss) => loss.name);

// A plain decimal or exponent number; rejects '', ' 2', '0x10', 'Infinity', '2abc'.
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw) {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && NUMBER_PATTERN.test(raw)) return Number(raw);
  return undefined;
}

function listItems(raw) {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw === '' ? [] : raw.split(',').map((item) => item.trim());
  return undefined;
}

const KINDS = {
  // `integer: true` asks for a whole number (anchor counts, seeds), never rounded for the reader.
  number: {
    parse(raw, prop) {
      const value = parseNumber(raw);
      if (value === undefined) return undefined;
      if (prop.integer && !Number.isInteger(value)) return undefined;
      const aboveMin = prop.minExclusive ? value > prop.min : value >= prop.min;
      return aboveMin && value <= prop.max ? value : undefined;
    },
    serialize: (value) => String(value),
    expected: (prop) => {
      const id = prop.integer ? 'expect.integer' : prop.minExclusive ? 'expect.rangeOpen' : 'expect.range';
      return { id, vars: { min: prop.min, max: prop.max } };
    },
  },
  // A number that may also be "auto" (null in the state): an override that is off by default.
  autoNumber: {
    parse(raw, prop) {
      if (raw === null || raw === 'auto') return null;
      const value = parseNumber(raw);
      return value !== undefined && value >= prop.min && value <= prop.max ? value : undefined;
    },
    serialize: (value) => (value === null ? 'auto' : String(value)),
    expected: (prop) => ({ id: 'expect.autoNumber', vars: { min: prop.min, max: prop.max } }),
  },
  // One of a fixed list of numbers (a learning rate from a menu); the value stays a number.
  numberChoice: {
    parse(raw, prop) {
      const value = parseNumber(raw);
      return value !== undefined && prop.choices.includes(value) ? value : undefined;
    },
    serialize: (value) => String(value),
    expected: (prop) => ({ id: 'expect.choice', vars: { choices: prop.choices.join(', ') } }),
  },
  boolean: {
    parse(raw) {
      // 1 and 0 too: a hand-written classroom link says present=1.
      if (raw === true || raw === 'true' || raw === '1') return true;
      if (raw === false || raw === 'false' || raw === '0') return false;
      return undefined;
    },
    serialize: (value) => String(value),
    expected: () => ({ id: 'expect.boolean', vars: {} }),
  },
  // alpha: a weight in [0, 1], or -1 (written "off") for no weighting, as the core's convention.
  alpha: {
    parse(raw) {
      if (raw === 'off' || raw === -1 || raw === '-1') return -1;
      const value = parseNumber(raw);
      return value !== undefined && value >= 0 && value <= 1 ? value : undefined;
    },
    serialize: (value) => (value < 0 ? 'off' : String(value)),
    expected: () => ({ id: 'expect.alpha', vars: {} }),
  },
  choice: {
    parse: (raw, prop) => (prop.choices.includes(raw) ? raw : undefined),
    serialize: (value) => value,
    expected: (prop) => ({ id: 'expect.choice', vars: { choices: prop.choices.join(', ') } }),
  },
  // A set of numbers, kept sorted and without repeats so equal sets compare and serialize equal.
  numberList: {
    parse(raw, prop) {
      const items = listItems(raw);
      if (!items || items.length < prop.minItems || items.length > prop.maxItems) return undefined;
      const values = [];
      for (const item of items) {
        const value = parseNumber(item);
        if (value === undefined || value < prop.min || value > prop.max) return undefined;
        if (!values.includes(value)) values.push(value);
      }
      return values.sort((a, b) => a - b);
    },
    serialize: (value) => value.join(','),
    expected: (prop) => ({
      id: 'expect.numberList',
      vars: { minItems: prop.minItems, maxItems: prop.maxItems, min: prop.min, max: prop.max },
    }),
  },
  // Exactly `items` numbers, in order and repeats allowed: one value per class (trainAlphas).
  numberTuple: {
    parse(raw, prop) {
      const items = listItems(raw);
      if (!items || items.length !== prop.items) return undefined;
      const values = items.map((item) => parseNumber(item));
      return values.every((value) => value !== undefined && value >= prop.min && value <= prop.max) ? values : undefined;
    },
    serialize: (value) => value.join(','),
    expected: (prop) => ({ id: 'expect.numberTuple', vars: { items: prop.items, min: prop.min, max: prop.max } }),
  },
  // A subset of known names, kept in the table's order.
  choiceList: {
    parse(raw, prop) {
      const items = listItems(raw);
      if (!items || items.some((item) => !prop.choices.includes(item))) return undefined;
      return prop.choices.filter((choice) => items.includes(choice));
    },
    serialize: (value) => value.join(','),
    expected: (prop) => ({ id: 'expect.choiceList', vars: { choices: prop.choices.join(', ') } }),
  },
};

export const PROPS = [
  { name: 'lang', kind: 'choice', choices: LANGUAGES, default: 'en' },
  numberSetting('gamma', lossParameter('focal', 'gamma')),
  // Off to start with: Figure 1 draws focal loss without alpha.
  { name: 'alpha', kind: 'alpha', default: -1 },
  numberSetting('beta', lossParameter('focalStar', 'beta')),
  { name: 'target', kind: 'choice', choices: ['foreground', 'background'], default: 'foreground' },
  // Loss panel
  { name: 'family', kind: 'numberList', min: lossParameter('focal', 'gamma').min, max: lossParameter('focal', 'gamma').max, minItems: 1, maxItems: 8, default: [0, 0.5, 1, 2, 5] },
  { name: 'xaxis', kind: 'choice', choices: ['pt', 'logit'], default: 'pt' },
  { name: 'yscale', kind: 'choice', choices: ['linear', 'log'], default: 'linear' },
  { name: 'pt', kind: 'number', min: 0.001, max: 0.999, default: 0.9 },
  // Compare panel: which losses, and each loss's own parameters (the core's defaults).
  { name: 'compare', kind: 'choiceList', choices: COMPARE_LOSSES, default: ['crossEntropy', 'focal', 'focalStar', 'polyOne', 'flsd53'] },
  ...compareSettings(),
];

const PROPS_BY_NAME = new Map(PROPS.map((prop) => [prop.name, prop]));

// Panels added later bring their own settings; they register them before the page starts.
export function registerProps(rows) {
  for (const row of rows) {
    if (PROPS_BY_NAME.has(row.name)) throw new Error(`setting ${row.name} registered twice`);
    if (!KINDS[row.kind]) throw new Error(`setting ${row.name} has unknown kind ${row.kind}`);
    PROPS.push(row);
    PROPS_BY_NAME.set(row.name, row);
  }
}

export function propNamed(name) {
  return PROPS_BY_NAME.get(name);
}

export function defaultState(overrides = {}) {
  const state = {};
  for (const prop of PROPS) state[prop.name] = copyValue(prop.name in overrides ? overrides[prop.name] : prop.default);
  return state;
}

function copyValue(value) {
  return Array.isArray(value) ? value.slice() : value;
}

export function sameValue(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

// Checks one value; returns {value} or {expected: {id, vars}} for the notice.
export function parseValue(name, raw) {
  const prop = PROPS_BY_NAME.get(name);
  const kind = KINDS[prop.kind];
  const value = kind.parse(raw, prop);
  return value === undefined ? { expected: kind.expected(prop) } : { value };
}

// Validates a patch of settings. Unknown keys and bad values become problems; the rest is kept.
export function validatePatch(patch) {
  const values = {};
  const problems = [];
  for (const [key, raw] of Object.entries(patch)) {
    if (!PROPS_BY_NAME.has(key)) {
      problems.push({ reason: 'unknownKey', key });
      continue;
    }
    const result = parseValue(key, raw);
    if (result.expected) problems.push({ reason: 'badValue', key, value: describeRaw(raw), expected: result.expected });
    else values[key] = result.value;
  }
  return { values, problems };
}

// The offending value as short plain text for the notice (it is shown via textContent only).
function describeRaw(raw) {
  let text;
  try {
    text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  } catch {
    text = undefined;
  }
  // String() throws too for an object without a prototype (and so without toString).
  if (text === undefined) {
    try {
      text = String(raw);
    } catch {
      text = Object.prototype.toString.call(raw);
    }
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// "#gamma=2&alpha=off" -> {values, problems}. Later keys win over earlier ones.
export function parseHash(hash) {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  // No prototype, so that a piece named __proto__ is kept (and reported) like any unknown name.
  const raw = Object.create(null);
  const problems = [];
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const split = piece.indexOf('=');
    const encodedKey = split < 0 ? piece : piece.slice(0, split);
    const encodedValue = split < 0 ? '' : piece.slice(split + 1);
    let key;
    let value;
    try {
      key = decodeURIComponent(encodedKey);
      value = decodeURIComponent(encodedValue);
    } catch {
      problems.push({ reason: 'badEncoding', value: describeRaw(piece) });
      continue;
    }
    raw[key] = value;
  }
  const checked = validatePatch(raw);
  return { values: checked.values, problems: problems.concat(checked.problems) };
}

// Only settings that differ from the defaults go into the hash, so shared links stay short.
export function serializeHash(state, defaults, alwaysInclude = []) {
  const parts = [];
  for (const prop of PROPS) {
    const value = state[prop.name];
    if (!alwaysInclude.includes(prop.name) && sameValue(value, defaults[prop.name])) continue;
    const text = KINDS[prop.kind].serialize(value);
    parts.push(`${prop.name}=${encodeURIComponent(text).replace(/%2C/g, ',')}`);
  }
  return parts.join('&');
}

// The single source of truth for settings. apply() returns the names that changed and tells the
// subscribers; the state object is replaced, never mutated, so a copy handed out stays valid.
export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  return {
    get state() {
      return state;
    },
    snapshot() {
      const copy = {};
      for (const [key, value] of Object.entries(state)) copy[key] = copyValue(value);
      return copy;
    },
    apply(values, source) {
      const changed = Object.keys(values).filter((key) => !sameValue(state[key], values[key]));
      if (changed.length === 0) return changed;
      const next = { ...state };
      for (const key of changed) next[key] = copyValue(values[key]);
      state = next;
      for (const listener of listeners) listener(changed, source);
      return changed;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// The store, with a change of language held back until that language's table has arrived, so
// the page never shows a language it cannot write (a panel would draw its text in the old one).
// Values applied meanwhile wait behind it, in order; settled() resolves once all have applied.
export function loadingLanguages(store) {
  let queue = null;
  const apply = (values, source) => {
    if (!queue && !('lang' in values && !STRINGS[values.lang])) return store.apply(values, source);
    const run = () =>
      loadStrings(values.lang || 'en').then(
        () => store.apply(values, source),
        (error) => {
          console.error(`i18n: the ${values.lang} strings did not load: ${error.message}`);
          const others = { ...values };
          delete others.lang;
          return store.apply(others, source);
        },
      );
    // A listener that throws must not stop the values queued after it.
    const mine = (queue || Promise.resolve()).catch(() => {}).then(run);
    queue = mine;
    const done = () => {
      if (queue === mine) queue = null;
    };
    mine.then(done, done);
    return [];
  };
  return {
    get state() {
      return store.state;
    },
    snapshot: () => store.snapshot(),
    subscribe: (listener) => store.subscribe(listener),
    apply,
    settled: () => (queue ? queue.then(() => {}, () => {}) : Promise.resolve()),
  };
}
