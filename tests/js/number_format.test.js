// The page's numbers (web/js/number_format.js) are written without Intl, to spare the first view
// the browser's first Intl.NumberFormat; they must read exactly as Intl writes them in both of
// the page's languages, roundings, carries, groupings and signs included.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const fc = require('fast-check');

const LANGUAGES = ['en', 'zh-CN'];
let format;
test.before(async () => {
  format = await import(pathToFileURL(path.join(__dirname, '..', '..', 'web', 'js', 'number_format.js')).href);
});

const minus = (text) => text.replace(/^-/, '\u2212');
const intlSignificant = (lang, digits, value) => minus(new Intl.NumberFormat(lang, { maximumSignificantDigits: digits }).format(value));
const intlCount = (lang, value) => minus(new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value));

// Decimals between 1e-4 and 1e6 (formatNumber writes the rest as powers of ten), with the
// shortest forms that sit exactly on a rounding tie (0.125, 1.005, 9.995) well represented.
const decimal = fc.oneof(
  fc.double({ min: 1e-4, max: 999999, noNaN: true }),
  fc.tuple(fc.integer({ min: 1, max: 999999 }), fc.integer({ min: 0, max: 9 })).map(([n, shift]) => n / 10 ** shift),
  fc.integer({ min: 1, max: 999 }).map((n) => n + 0.5),
).filter((value) => value >= 1e-4 && value < 1e6).chain((value) => fc.constantFrom(value, -value));

test('significant digits read as Intl writes them, in both languages', () => {
  for (const lang of LANGUAGES) {
    format.useNumberLocale(lang);
    fc.assert(fc.property(decimal, fc.integer({ min: 1, max: 8 }), (value, digits) => {
      assert.equal(format.formatNumber(value, digits), intlSignificant(lang, digits, value), `${value} to ${digits} digits`);
    }), { numRuns: 5000 });
  }
  format.useNumberLocale('en');
});

test('counts read as Intl writes them, ties and grouping included', () => {
  const count = fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: -999, max: 999 }).map((n) => n + 0.5));
  for (const lang of LANGUAGES) {
    format.useNumberLocale(lang);
    fc.assert(fc.property(count, (value) => {
      assert.equal(format.formatCount(value), intlCount(lang, value), String(value));
    }), { numRuns: 5000 });
  }
  format.useNumberLocale('en');
});

test('the cases a reader sees most: carries, zeros, signs and what is not a number', () => {
  const cases = [[9.995, 3], [0.125, 2], [1.005, 3], [999999, 3], [0.00015, 1], [-0.5, 1], [0, 4], [-0, 4], [1234.5, 4], [0.1 + 0.2, 4]];
  for (const [value, digits] of cases) assert.equal(format.formatNumber(value, digits), intlSignificant('en', digits, value), `${value}`);
  for (const value of [0.5, 1.5, 2.5, -0.4, 1e6, 1234567.5, NaN, Infinity, -Infinity]) assert.equal(format.formatCount(value), intlCount('en', value), `${value}`);
  assert.equal(format.formatNumber(NaN), intlSignificant('en', 4, NaN));
  assert.equal(format.formatNumber(1234.5678), '1,235');
  assert.equal(format.formatNumber(-0.000123, 3), '\u22120.000123');
  assert.equal(format.formatNumber(-0.0000123, 3), '\u22121.23 × 10⁻⁵');
});
