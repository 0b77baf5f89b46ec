// Every visible string comes from one table keyed by id; Simplified Chinese is complete, and
// switching to it leaves no English in the page's chrome or its charts.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { after, before, test } = require('node:test');
const { ROOT, openExplorer, setUp } = require('./helpers/browser.js');
const { afterFrames } = require('./helpers/page_checks.js');

// Latin-script words that may stay in a Chinese page: loss and file-format abbreviations, maths
// (log, ln, max, dL/dx), names of people, venues and technologies.
const ALLOWED_LATIN = new Set([
  'CE', 'FL', 'QFL', 'VFL', 'ASL', 'Poly', 'FLSD', 'AP', 'PNG', 'CSV', 'JSON', 'WebAssembly', 'arXiv',
  'log', 'ln', 'max', 'dL', 'dx', 'dCE', 'dFL', 'Lin', 'Goyal', 'Girshick', 'He', 'Dollár', 'ICCV', 'Li',
  'Zhang', 'Ridnik', 'Leng', 'Mukhoti', 'RetinaNet', 'Adam',
  // "Your model": file formats, the column names the reader looks for, tools and code words.
  'TSV', 'npy', 'json', 'focal', 'inspect', 'logit', 'label', 'target', 'gt', 'score', 'prob', 'probability',
  'pred', 'confidence', 'NumPy', 'PyTorch', 'Python', 'float', 'Web', 'Worker', 'ECE',
]);

// Strings that read the same in both languages on purpose (symbols, loss names, formulas).
const SAME_IN_BOTH = new Set([
  'readout.ratio', 'series.gradCe', 'series.family', 'series.compareBare', 'series.param', 'csv.gradColumn',
  'notice.dismissSymbol', 'page.paperTitle',
  // The imbalance panels: CE, Adam and the 1 : N ratio read the same in both languages.
  'csv.y', 'anchors.ratioPrefix', 'anchors.lossCe', 'train.modelCe', 'train.optimizerAdam',
  // A reliability bin as "mean p → observed rate".
  'summary.dataCalibrationPart', 'summary.reliabilityPoint',
  // Names: FLSD-53, AP, and a model's name beside its ECE.
  'train.focalFlsd53', 'train.modelFlsd', 'seeds.metricAp', 'calib.ecePart',
]);

function englishWords(texts) {
  const words = new Set();
  for (const text of texts) {
    // Subscript letters (the t of pₜ) are maths, not words.
    const plain = text.replace(/[\u2090-\u209c]/g, ' ');
    for (const word of plain.match(/\p{Script=Latin}{2,}/gu) || []) if (!ALLOWED_LATIN.has(word)) words.add(word);
  }
  return [...words];
}

let env;
let STRINGS;
let SHARED_KEYS;
before(async () => {
  env = await setUp();
  const i18n = await import(pathToFileURL(path.join(ROOT, 'web/js/i18n.js')).href);
  // Every table but English loads on demand; load them all to compare.
  await Promise.all(i18n.LANGUAGES.map(i18n.loadStrings));
  STRINGS = i18n.STRINGS;
  // Strings written once for every language (strings_shared.js) read the same in both.
  SHARED_KEYS = Object.keys((await import(pathToFileURL(path.join(ROOT, 'web/js/strings_shared.js')).href)).SHARED);
});
after(async () => {
  await env.close();
});

test('the English and Simplified Chinese tables are complete and really translated', () => {
  const english = STRINGS.en;
  const chinese = STRINGS['zh-CN'];
  assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort(), 'same keys');
  for (const [key, text] of Object.entries(chinese)) {
    assert.ok(typeof text === 'string' && text.trim() !== '', `zh-CN ${key} is empty`);
    const placeholders = (s) => (s.match(/\{\w+\}/g) || []).sort();
    assert.deepEqual(placeholders(text), placeholders(english[key]), `zh-CN ${key} keeps the placeholders`);
    if (!SHARED_KEYS.includes(key) && !SAME_IN_BOTH.has(key)) assert.notEqual(text, english[key], `zh-CN ${key} is translated`);
  }
});

test('web/index.html holds no visible text of its own: every string comes from the table', () => {
  const source = require('node:fs').readFileSync(path.join(ROOT, 'web/index.html'), 'utf8');
  const text = source
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .trim();
  assert.equal(text, '', 'text found outside the string table');
  for (const [, key] of source.matchAll(/data-i18n(?:-aria-label|-title)?="([^"]+)"/g)) {
    assert.ok(key in STRINGS.en, `index.html names a missing string ${key}`);
  }
});

test('switching to 简体中文 translates every visible string, chart labels included', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#alpha=0.25&compare=crossEntropy,alphaCrossEntropy,focal,focalStar,qualityFocal,varifocal,asymmetric,polyOne,flsd53'));
  // A trained run, so the training panel shows its sentences about the two models too.
  await page.evaluate(() => window.focalExplorer.drawn('training').then(() => window.focalExplorer.training.step(200)));
  await page.selectOption('#lang', 'zh-CN');
  await afterFrames(page);
  await page.waitForFunction(() => window.location.hash.includes('lang=zh-CN'));
  // Every panel is drawn (even those never scrolled to) and off-screen ones catch up on the
  // language too: set({}) waits for every drawn panel.
  await page.evaluate(() => Promise.all(['loss', 'gradient', 'anchors', 'data', 'training', 'compare'].map((name) => window.focalExplorer.drawn(name))));
  await page.evaluate(() => window.focalExplorer.set({}));
  await page.click('#panel-anchors summary');

  const seen = await page.evaluate(() => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      // Typeset maths, code, the cited English title and the language menu (names of languages
      // are written in their own language) are meant to stay as they are.
      if (element.closest('.katex, pre, code, cite[lang="en"], #lang, script, style')) continue;
      if (!element.checkVisibility() || node.textContent.trim() === '') continue;
      texts.push(node.textContent);
    }
    for (const element of document.querySelectorAll('[aria-label], [title]')) {
      if (element.checkVisibility()) texts.push(element.getAttribute('aria-label') || '', element.getAttribute('title') || '');
    }
    const chartTexts = [];
    // The "Your model" charts exist once a file is read.
    for (const chart of Object.values(window.focalExplorer.charts).filter(Boolean)) {
      chartTexts.push(chart.options.scales.x.title.text, chart.options.scales.y.title.text);
      for (const dataset of chart.data.datasets) chartTexts.push(dataset.label);
    }
    return {
      texts,
      chartTexts,
      lang: document.documentElement.lang,
      title: document.title,
      caption: document.getElementById('gradient-caption').textContent,
    };
  });
  assert.equal(seen.lang, 'zh-CN');
  assert.equal(seen.title, '焦点损失探索器');
  assert.ok(seen.texts.length > 100, 'the page has text to check');
  assert.deepEqual(englishWords(seen.texts), [], 'English left in the page');
  assert.deepEqual(englishWords(seen.chartTexts), [], 'English left in the charts');
  assert.match(seen.caption, /焦点损失|梯度/);

  // The choice is part of the state: a reload keeps Chinese, and switching back restores English.
  await page.reload();
  await page.evaluate(() => window.focalExplorer.ready);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.lang), 'zh-CN');
  assert.equal(await page.locator('#loss-title').textContent(), STRINGS['zh-CN']['panel.loss.title']);
  await page.selectOption('#lang', 'en');
  await afterFrames(page);
  assert.equal(await page.locator('#loss-title').textContent(), STRINGS.en['panel.loss.title']);
  assert.equal(await page.evaluate(() => window.focalExplorer.charts.loss.options.scales.y.title.text), 'loss');
  assert.deepEqual(messages, []);
  await context.close();
});

test('the Chinese strings are fetched only when a reader picks Chinese, and a script waits for them', async () => {
  const context = await env.browser.newContext();
  const fetched = [];
  context.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.evaluate(() => document.fonts.ready);
  assert.ok(!fetched.includes('/strings_zh_cn.js'), 'an English visit does not download the Chinese strings');

  // set() resolves once the table has arrived and the page is drawn in Chinese.
  const seen = await page.evaluate(async () => {
    const state = await window.focalExplorer.set({ lang: 'zh-CN', gamma: 3 });
    return { state, lang: document.documentElement.lang, title: document.title, heading: document.querySelector('#loss-title').textContent };
  });
  assert.equal(seen.state.lang, 'zh-CN');
  assert.equal(seen.state.gamma, 3);
  assert.equal(seen.lang, 'zh-CN');
  assert.equal(seen.title, STRINGS['zh-CN']['page.title']);
  assert.equal(seen.heading, STRINGS['zh-CN']['panel.loss.title']);
  assert.equal(fetched.filter((pathname) => pathname === '/strings_zh_cn.js').length, 1);
  assert.deepEqual(messages, []);
  await context.close();
});
