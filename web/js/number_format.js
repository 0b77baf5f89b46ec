// Numbers as the page's language writes them: significant digits without trailing zeros, counts
// in full with the language's grouping, powers of ten with superscripts, and a true minus sign.
// i18n.js sets the locale whenever the page switches language.
//
// Both languages of the page write decimals alike: digits 0-9, "." before the decimals and ","
// between thousands, as Intl.NumberFormat does for en and zh-CN. The page writes them itself, the
// way Intl rounds (half away from zero, on the shortest decimal that reads back as the same
// double): the browser's first Intl.NumberFormat took 26-39 ms on the build machine, loading its
// locale data, and the first view waited for it (bench/page_bench.mjs).
// tests/js/number_format.test.js holds both functions to Intl's output in both languages.
let locale = 'en';

export function useNumberLocale(lang) {
  locale = lang;
}

// The page's languages and how they group digits; a language written otherwise needs a row here.
const GROUPING = { en: ',', 'zh-CN': ',' };

// |value|'s shortest decimal digits and the power of ten of the first: 0.0125 -> ['125', -2].
function shortestDigits(magnitude) {
  const [mantissa, exponent] = magnitude.toExponential().split('e');
  return [mantissa.replace('.', ''), Number(exponent)];
}

// `digits` (a decimal string whose first digit stands for 10^exponent) cut to its first `keep`
// digits, half away from zero: the kept digits and the exponent of the first (a carry, 9.99 ->
// 10.0, adds one). Nothing kept (keep <= 0) leaves 0 or, rounded up, a single 1.
function roundDigits(digits, exponent, keep) {
  if (digits.length <= keep) return [digits, exponent];
  if (keep < 0) return ['0', exponent];
  const head = digits.slice(0, keep);
  if (digits[keep] < '5') return [head || '0', exponent];
  const raised = (BigInt(head || '0') + 1n).toString();
  return [raised, raised.length > keep ? exponent + 1 : exponent];
}

// Digits (first one for 10^exponent) as a plain decimal with grouped thousands.
function plainDecimal(digits, exponent) {
  const trimmed = digits.replace(/0+$/, '') || '0';
  if (trimmed === '0') return '0';
  let whole;
  let fraction;
  if (exponent < 0) {
    whole = '0';
    fraction = '0'.repeat(-exponent - 1) + trimmed;
  } else {
    whole = trimmed.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    fraction = trimmed.slice(exponent + 1);
  }
  const separator = GROUPING[locale] ?? ',';
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, separator);
  return fraction ? `${grouped}.${fraction}` : grouped;
}

function signed(value, text) {
  return value < 0 || Object.is(value, -0) ? `-${text}` : text;
}

function nonFinite(value) {
  return Number.isNaN(value) ? 'NaN' : signed(value, '∞');
}

// `value` to `digits` significant digits, no trailing zeros (Intl's maximumSignificantDigits).
function significant(value, digits) {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (value === 0) return signed(value, '0');
  const [all, exponent] = shortestDigits(Math.abs(value));
  const [kept, keptExponent] = roundDigits(all, exponent, digits);
  return signed(value, plainDecimal(kept, keptExponent));
}

// `value` rounded to a whole number (Intl's maximumFractionDigits: 0).
function whole(value) {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (value === 0) return signed(value, '0');
  const [all, exponent] = shortestDigits(Math.abs(value));
  const [kept, keptExponent] = roundDigits(all, exponent, exponent + 1);
  return signed(value, plainDecimal(kept, keptExponent));
}

// Numbers as the current language writes them; `digits` significant digits, no trailing zeros.
export function formatNumber(value, digits = 4) {
  const text = value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6) ? formatScientific(value, digits) : significant(value, digits);
  return withMinusSign(text);
}

// Counts (anchors, points, steps) in full with the language's grouping: 1,000,000, never 10⁶.
export function formatCount(value) {
  return withMinusSign(whole(value));
}

// A share (0.768) as a percentage with three significant digits: 76.8%.
export function formatPercent(share) {
  return `${formatNumber(share * 100, 3)}%`;
}

// A true minus sign (U+2212) instead of the hyphen, as in typeset maths.
function withMinusSign(text) {
  return text.replace(/^-/, '\u2212');
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

// 1.23 × 10⁻⁵ rather than 1.23e-5: readable in prose and on chart ticks.
export function formatScientific(value, digits = 3) {
  const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  const power = String(Number(exponent)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
  return trimmed === '1' ? `10${power}` : `${trimmed} × 10${power}`;
}
