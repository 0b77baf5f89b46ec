// Every visible string of the explorer, keyed by id, one table per language (strings_en.js,
// strings_zh_cn.js; strings_shared.js joins each). Markup names a key with data-i18n (text),
// data-i18n-aria-label or data-i18n-title; chart and panel code calls t().
// Strings are plain text and always land in the page through textContent or attributes, never
// as HTML. "{name}" placeholders are filled by t(key, {name: value}).
//
// Maths inside prose uses Unicode (p_t as "pₜ", gamma as "γ"); the typeset formulas are KaTeX,
// rendered at build time from formulas.js and shared by every language.
import { useNumberLocale } from './number_format.js';
import { EN } from './strings_en.js';
import { SHARED } from './strings_shared.js';

export const LANGUAGES = ['en', 'zh-CN'];

// English is always here. Other tables arrive on demand through loadStrings(): web/build.mjs
// ships each as a small file of its own (fetched only when a reader picks that language) and
// bundles them into the single-file build. A table is complete once loaded, SHARED included.
const LOADERS = {
  'zh-CN': () => import('./strings_zh_cn.js').then((module) => module.ZH),
};

export const STRINGS = { en: { ...SHARED, ...EN } };

const loading = new Map();

// Resolves with the language's table, loading it the first time.
export function loadStrings(lang) {
  if (!LANGUAGES.includes(lang)) return Promise.reject(new RangeError(`unknown language ${JSON.stringify(lang)}`));
  if (STRINGS[lang]) return Promise.resolve(STRINGS[lang]);
  if (!loading.has(lang)) {
    const table = LOADERS[lang]().then((strings) => (STRINGS[lang] = { ...SHARED, ...strings }));
    // A failed load may be tried again (the reader picks the language once more).
    table.catch(() => loading.delete(lang));
    loading.set(lang, table);
  }
  return loading.get(lang);
}

let current = 'en';

// The table must be loaded (loadStrings) before the page switches to it.
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) throw new RangeError(`unknown language ${JSON.stringify(lang)}`);
  if (!STRINGS[lang]) throw new Error(`i18n: the ${lang} strings are not loaded`);
  current = lang;
  useNumberLocale(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

// The browser's preferred language decides the default; anything Chinese gets zh-CN.
export function detectLanguage(preferred) {
  for (const tag of preferred || []) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

// Sentences built from several strings: English puts a space between them, Chinese does not
// (its full stop carries its own spacing).
const SENTENCE_SEPARATOR = { en: ' ', 'zh-CN': '' };

export function joinSentences(sentences) {
  return sentences.join(SENTENCE_SEPARATOR[current]);
}

export function t(key, vars) {
  return translate(current, key, vars);
}

// One string in a given language (scripts get English errors whatever the page shows).
export function translate(lang, key, vars) {
  let text = STRINGS[lang][key];
  if (text === undefined) {
    // A missing key is a bug the tests catch through this warning; show the key meanwhile.
    console.warn(`i18n: no string ${key} in ${lang}`);
    return key;
  }
  if (vars) text = text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
  return text;
}

// Fills every data-i18n* element under root from the current table.
export function applyTranslations(root) {
  // Only text that differs is written: the build fills in the English text, and rewriting an
  // element's text, even with the same words, makes the browser lay it out again (at start that
  // re-laid out the whole page, about 1,300 layout objects, before the panels could draw).
  for (const element of root.querySelectorAll('[data-i18n]')) {
    const text = t(element.dataset.i18n);
    if (element.textContent !== text) element.textContent = text;
  }
  for (const element of root.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  }
  for (const element of root.querySelectorAll('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle);
}
