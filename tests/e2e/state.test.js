// Settings live in the URL hash: they survive a reload or a shared link, and whatever a link
// carries is validated, shown back as text at most, and never run.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const { afterFrames, compareLossChartToCore } = require('./helpers/page_checks.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

// A value other than the default for every setting of the table.
const EVERY_SETTING = {
  lang: 'zh-CN',
  gamma: 3.3,
  alpha: 0.4,
  beta: -2.5,
  target: 'background',
  family: [0, 0.25, 4],
  xaxis: 'logit',
  yscale: 'log',
  pt: 0.968,
  compare: ['alphaCrossEntropy', 'qualityFocal', 'varifocal', 'asymmetric'],
  aceAlpha: 0.75,
  flAlpha: 0.5,
  flGamma: 1,
  flsGamma: 4,
  flsBeta: 0,
  qflBeta: 1.5,
  qflTarget: 0.7,
  vflAlpha: 0.5,
  vflGamma: 3,
  vflTarget: 0.6,
  aslGammaPos: 1,
  aslGammaNeg: 3,
  aslMargin: 0.1,
  polyEpsilon: 2,
  pflAlpha: 0.5,
  pflGamma: 3,
  pflEpsilon: 0.5,
  anchorCount: 250000,
  anchorRatio: 500,
  anchorQuality: 0.7,
  anchorSeed: 42,
  anchorHardFraction: 0.02,
  anchorEasyMean: -5,
  anchorEasyStd: 1.2,
  anchorHardMean: -1,
  anchorHardStd: 0.8,
  anchorPosMean: 1.5,
  anchorPosStd: 2,
  trainData: 'ring',
  trainPoints: 1000,
  trainMinority: 0.1,
  trainNoise: 0.05,
  trainModel: 'logistic',
  trainHidden: 10,
  trainOptimizer: 'sgd',
  trainRate: 0.1,
  trainBatch: 64,
  trainPrior: false,
  trainCeAlpha: true,
  trainSeed: 7,
  trainThreshold: 0.3,
  trainFocal: 'flsd53',
  trainSeedCount: 8,
  trainSeedSteps: 1000,
  trainSeedMetric: 'recall',
  trainClasses: '3',
  trainMultiLoss: 'sigmoid',
  trainAlphas: [0.3, 0.3, 0.6],
  trainSimplexClass: '1',
  dataEasy: 0.8,
  code: 'cpp',
  reduction: 'positives',
  theme: 'dark',
  present: true,
  hide: ['beta', 'anchorSeed'],
  // The step's own settings (gamma, alpha, target, ...) are all named above, so they win.
  story: 3,
};

test('every setting round-trips through the URL hash', async () => {
  const context = await env.browser.newContext();
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  const keys = await page.evaluate(() => Object.keys(window.focalExplorer.state));
  assert.deepEqual([...keys].sort(), Object.keys(EVERY_SETTING).sort(), 'the test covers every setting');

  const applied = await page.evaluate((settings) => window.focalExplorer.set(settings), EVERY_SETTING);
  assert.deepEqual(applied, EVERY_SETTING);
  const hash = await page.evaluate(() => window.location.hash);
  for (const key of Object.keys(EVERY_SETTING)) assert.match(hash, new RegExp(`[#&]${key}=`), `${key} is in the hash`);

  // A fresh tab opened on that address shows the same settings, and draws them.
  const reopened = await openExplorer(context, env.url(`/index.html${hash}`));
  // Panels below the fold bind and show their controls when they draw.
  await reopened.page.evaluate(() => Promise.all(['gradient', 'anchors', 'training', 'compare'].map((name) => window.focalExplorer.drawn(name))));
  assert.deepEqual(await reopened.page.evaluate(() => window.focalExplorer.state), EVERY_SETTING);
  assert.equal(await reopened.page.inputValue('#gamma-number'), '3.3');
  assert.equal(await reopened.page.isChecked('#target-background'), true);
  assert.equal(await reopened.page.inputValue('#family'), '0, 0.25, 4');
  assert.equal(await reopened.page.isChecked('#compare-varifocal'), true);
  assert.equal(await reopened.page.inputValue('#compare-vflTarget'), '0.6');
  assert.equal(await reopened.page.inputValue('#anchor-count-number'), '250000');
  assert.equal(await reopened.page.inputValue('#anchor-mean-positives'), '1.5');
  assert.equal(await reopened.page.isChecked('#trainData-ring'), true);
  assert.equal(await reopened.page.inputValue('#train-rate-select'), '0.1');
  assert.equal(await reopened.page.isChecked('#train-prior'), false);
  assert.equal(await reopened.page.isDisabled('#train-hidden'), true, 'hidden units mean nothing to a logistic model');
  assert.equal(await reopened.page.locator('#notice').isVisible(), false, 'a good link raises no notice');
  await compareLossChartToCore(reopened.page);
  assert.deepEqual(messages, []);
  assert.deepEqual(reopened.messages, []);
  await context.close();
});

test('the hash follows the controls and a hand-edited hash is applied', async () => {
  const context = await env.browser.newContext();
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.focus('#gamma');
  await page.keyboard.press('ArrowLeft');
  await page.click('label[for="yscale-log"]');
  await page.waitForFunction(() => window.location.hash.includes('gamma=1.9') && window.location.hash.includes('yscale=log'));

  await page.evaluate(() => {
    window.location.hash = '#gamma=4&xaxis=logit';
  });
  await page.waitForFunction(() => window.focalExplorer.state.gamma === 4);
  await afterFrames(page);
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.equal(state.xaxis, 'logit');
  assert.equal(state.yscale, 'linear', 'a setting missing from an edited hash returns to its default');
  assert.equal(await page.inputValue('#gamma-number'), '4');
  await compareLossChartToCore(page);
  assert.deepEqual(messages, []);
  await context.close();
});

test('bad values in the hash fall back to defaults with a dismissible notice', async () => {
  const context = await env.browser.newContext();
  const hash = '#gamma=abc&alpha=2&family=1,,2&xaxis=sideways&pt=0&beta=1e3&bogus=1&yscale=log&%E0%A4%A=1';
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.equal(state.gamma, 2);
  assert.equal(state.alpha, -1);
  assert.deepEqual(state.family, [0, 0.5, 1, 2, 5]);
  assert.equal(state.xaxis, 'pt');
  assert.equal(state.pt, 0.9);
  assert.equal(state.beta, 1);
  assert.equal(state.yscale, 'log', 'the good setting next to the bad ones still applies');

  const notice = page.locator('#notice');
  assert.equal(await notice.isVisible(), true);
  const items = await page.locator('#notice-list li').allTextContents();
  assert.equal(items.length, 8, items.join(' | '));
  assert.ok(items.some((item) => item.includes('gamma = “abc”') && item.includes('a number from 0 to 10')));
  assert.ok(items.some((item) => item.includes('“bogus” is not a setting')));
  assert.ok(items.some((item) => item.includes('could not be decoded')));

  // The notice follows a language switch, then goes away when dismissed.
  // (The Chinese strings arrive on demand, so the switch takes a moment.)
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await page.locator('#notice-heading').textContent(), /链接中的部分设置无效/);
  await page.click('#notice-dismiss');
  assert.equal(await notice.isVisible(), false);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the imbalance panels\' settings are checked like the others', async () => {
  const context = await env.browser.newContext();
  const hash = '#anchorCount=1500.5&anchorRatio=5&anchorEasyMean=auto&anchorPosStd=-1&anchorSeed=9&trainPrior=yes&trainRate=0.2&trainPoints=2000&trainHidden=20&trainData=spiral';
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.equal(state.anchorSeed, 9, 'a good setting beside bad ones applies');
  assert.equal(state.anchorEasyMean, null, '"auto" is the override switched off');
  assert.equal(state.anchorCount, 100000);
  assert.equal(state.trainPrior, true);
  const items = await page.locator('#notice-list li').allTextContents();
  assert.equal(items.length, 7, items.join(' | '));
  for (const expected of [
    'anchorCount = “1500.5”: expected a whole number from 1000 to 2000000',
    'anchorRatio = “5”: expected a whole number from 10 to 10000',
    'anchorPosStd = “-1”: expected “auto” or a number from 0 to 10',
    'trainPrior = “yes”: expected true or false',
    'trainRate = “0.2”: expected one of 0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1',
    'trainHidden = “20”: expected a whole number from 8 to 16',
    'trainData = “spiral”: expected one of cluster, ring, moons',
  ]) {
    assert.ok(items.some((item) => item.startsWith(expected)), `notice names ${expected}`);
  }
  const rejected = await page.evaluate(() =>
    window.focalExplorer.set({ trainSeed: 1.5 }).then(
      () => 'resolved',
      (error) => error.message,
    ),
  );
  assert.match(rejected, /trainSeed must be a whole number from 0 to 4294967295, got 1\.5/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('markup in the hash is shown as text and never run', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  const attack = [
    `gamma=${encodeURIComponent('<img src=x onerror="window.__injected=1;alert(1)">')}`,
    `lang=${encodeURIComponent('<script>window.__injected=2</script>')}`,
    `${encodeURIComponent('<svg onload=alert(3)>')}=1`,
    'family=<b>1</b>',
  ].join('&');
  await page.goto(env.url(`/index.html#${attack}`));
  await page.evaluate(() => window.focalExplorer.ready);
  await afterFrames(page);
  const report = await page.evaluate(() => ({
    injected: window.__injected,
    elements: document.querySelectorAll('#notice img, #notice script, #notice svg, #notice b, main img').length,
    text: document.getElementById('notice').textContent,
    gamma: window.focalExplorer.state.gamma,
  }));
  assert.equal(report.injected, undefined);
  assert.equal(report.elements, 0, 'no element was created from the link');
  assert.equal(dialogs.length, 0);
  assert.ok(report.text.includes('<img src=x onerror="window.__injected=1;alert(1)">'), 'the bad value is shown literally');
  assert.ok(report.text.includes('<svg onload=alert(3)>'));
  assert.equal(report.gamma, 2);
  await context.close();
});

test('focalExplorer.set validates and resolves after the redraw', async () => {
  const context = await env.browser.newContext();
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  const rejected = await page.evaluate(() =>
    window.focalExplorer.set({ gamma: 11, beta: 0 }).then(
      () => 'resolved',
      (error) => `${error.name}: ${error.message}`,
    ),
  );
  assert.match(rejected, /^RangeError: .*gamma must be a number from 0 to 10, got 11/);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.beta), 1, 'a rejected patch changes nothing');

  // Strings parse like the URL does; the charts hold the new values when set() resolves.
  const label = await page.evaluate(async () => {
    await window.focalExplorer.set({ gamma: '0.5', family: '1,2' });
    return window.focalExplorer.charts.loss.data.datasets.map((d) => d.label);
  });
  assert.deepEqual(label, ['γ = 1', 'γ = 2', 'γ = 0.5 (slider)']);
  await compareLossChartToCore(page);
  assert.deepEqual(messages, []);
  await context.close();
});

test('links to sections of the page are not read as settings', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#gamma=3'));
  // The skip link and the panel links point at ids; the settings must survive them.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.click('.panel-nav a >> nth=1');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), 3);
  await page.waitForFunction(() => window.location.hash === '#gamma=3');
  assert.equal(await page.locator('#notice').isVisible(), false);

  const direct = await openExplorer(context, env.url('/index.html#panel-compare'));
  assert.equal(await direct.page.locator('#notice').isVisible(), false, 'a shared section link raises no notice');
  assert.equal(await direct.page.evaluate(() => window.focalExplorer.state.gamma), 2);
  const top = await direct.page.locator('#panel-compare').evaluate((section) => section.getBoundingClientRect().top);
  assert.ok(top < 400, `the browser went to the section (top at ${top}px)`);
  assert.deepEqual(messages, []);
  assert.deepEqual(direct.messages, []);
  await context.close();
});
