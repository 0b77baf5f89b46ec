// The loss panel's Code view: a link opens it, it follows the sliders, and Copy copies exactly
// what is shown. That the code itself computes the core's values is checked by
// tests/code/check_snippets.mjs, which runs it.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { pathToFileURL } = require('node:url');
const { openExplorer, ROOT, setUp } = require('./helpers/browser.js');
const { afterFrames } = require('./helpers/page_checks.js');

let env;
let snippet;
before(async () => {
  env = await setUp();
  ({ snippet } = await import(pathToFileURL(path.join(ROOT, 'web/js/code_snippets.js')).href));
});
after(async () => {
  await env.close();
});

async function open(hash) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  await page.evaluate(() => window.focalExplorer.drawn('loss'));
  return { context, page, messages };
}

const shownCode = (page) => page.locator('#code-text').textContent();

test('a link with code=pytorch opens the Code tab on the PyTorch module', async () => {
  const { context, page, messages } = await open('#code=pytorch&gamma=0.5&alpha=0.75&reduction=positives');
  assert.equal(await page.locator('#loss-tab-code').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#loss-view-code').isVisible(), true);
  assert.equal(await page.locator('#chart-loss').isVisible(), false);
  const code = await shownCode(page);
  assert.equal(code, snippet('pytorch', { gamma: 0.5, alpha: 0.75, reduction: 'positives' }));
  assert.match(code, /SigmoidFocalLoss\(gamma=0\.5, alpha=0\.75, reduction="positives"\)/);
  assert.match(code, /F\.logsigmoid/);
  // In logit space: no statement forms 1 - sigmoid(x) (its comment may name it).
  const statements = code.split('\n').map((line) => line.replace(/#.*$/, '')).join('\n');
  assert.doesNotMatch(statements, /1 - (torch\.)?sigmoid\(/);
  assert.equal(await page.locator('#code-pytorch').isChecked(), true);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the code follows the sliders, the language and the reduction, and the Chart tab comes back', async () => {
  const { context, page, messages } = await open('');
  await page.click('#loss-tab-code');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.code), 'pytorch');
  await page.fill('#gamma-number', '3.5');
  await page.locator('#alpha-on').check();
  await page.fill('#alpha-number', '0.4');
  await afterFrames(page);
  assert.match(await shownCode(page), /SigmoidFocalLoss\(gamma=3\.5, alpha=0\.4, reduction="mean"\)/);
  await page.click('label[for="code-torchvision"]');
  await page.click('label[for="reduction-sum"]');
  await afterFrames(page);
  const tv = await shownCode(page);
  assert.equal(tv, snippet('torchvision', { gamma: 3.5, alpha: 0.4, reduction: 'sum' }));
  assert.match(tv, /sigmoid_focal_loss\(logits, targets, alpha=0\.4, gamma=3\.5, reduction="sum"\)/);
  await page.locator('#alpha-on').uncheck();
  await afterFrames(page);
  assert.match(await shownCode(page), /alpha=-1, gamma=3\.5/, 'alpha off is torchvision’s -1');
  await page.click('label[for="code-cpp"]');
  await afterFrames(page);
  assert.match(await shownCode(page), /params\.gamma = 3\.5;[\s\S]*Reduction::Sum/);
  // The address follows (it is rewritten at most four times a second).
  await page.waitForFunction(() => /code=cpp/.test(window.location.hash));
  await page.click('#loss-tab-chart');
  await afterFrames(page);
  assert.equal(await page.locator('#chart-loss').isVisible(), true);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.code), 'off');
  assert.deepEqual(messages, []);
  await context.close();
});

test('Copy puts exactly the shown code on the clipboard', async () => {
  const { context, page } = await open('#code=js&gamma=2&alpha=0.25');
  await page.click('#code-copy');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await shownCode(page));
  assert.match(copied, /core\.lossBatch\('focal', \{ gamma: 2, alpha: 0\.25 \}/);
  assert.equal(await page.locator('.code-status').textContent(), 'Copied.');
  await context.close();
});

test('the four questions are answered in both languages', async () => {
  const { context, page } = await open('#code=pytorch&lang=zh-CN');
  const answers = await page.locator('.code-questions dd').allTextContents();
  assert.equal(answers.length, 4);
  for (const answer of answers) assert.ok(answer.length > 20 && /[\u4e00-\u9fff]/.test(answer), answer);
  await context.close();
});
