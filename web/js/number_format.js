// Numbers as the page's language writes them: significant digits without trailing zeros, counts
// in full with the language's grouping, powers of ten with superscripts, and a true minus sign.
// i18n.js sets the locale whenever the page switches language.
let locale = 'en';

export function useNumberLocale(lang) {
  locale = lang;
}

const formatters = new Map();

// Numbers as the current language writes them; `digits` significant digits, no trailing zeros.
export function formatNumber(value, digits = 4) {
  const key = `${locale}|${digits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumSignificantDigits: digits });
    formatters.set(key, format);
  }
  const text = value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6) ? formatScientific(value, digits) : format.format(value);
  return withMinusSign(text);
}

// Counts (anchors, points, steps) in full with the language's grouping: 1,000,000, never 10⁶.
export function formatCount(value) {
  const key = `${locale}|count`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    formatters.set(key, format);
  }
  return withMinusSign(format.format(value));
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
