// Sentences a teacher projects must be exactly true at the settings where they once were only
// true in part: each test opens the page there and checks the sentence against the core.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function open(hash, panel) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  await page.evaluate((name) => window.focalExplorer.drawn(name), panel);
  return { context, page, messages };
}

// The steepest dFL/dx_t for target y over a fine grid of logits in [from, to], from the core.
async function coreSteepest(page, { alpha, gamma, y, from = -10, to = 10 }) {
  return page.evaluate(({ alpha, gamma, y, from, to }) => {
    const core = window.focalExplorer.core;
    let best = { x: from, grad: Infinity };
    for (let i = 0; i <= 200000; i++) {
      const xt = from + ((to - from) * i) / 200000;
      // x_t is the logit signed towards the target: x = x_t for y = 1, -x_t for y = 0.
      const x = y === 1 ? xt : -xt;
      const grad = core.evaluateLoss('focal', { alpha, gamma }, x, y).grad * (y === 1 ? 1 : -1);
      if (grad < best.grad) best = { x: xt, grad };
    }
    return best;
  }, { alpha, gamma, y, from, to });
}

const text = (page, selector) => page.locator(selector).textContent();
const numbersIn = (sentence) => (sentence.replace(/−/g, '-').match(/-?\d+(\.\d+)?/g) || []).map(Number);

test('with alpha = 0.25 the gradient explanation says its numbers are for alpha off, and the caption gives the current minimum', async () => {
  for (const target of ['foreground', 'background']) {
    const { context, page, messages } = await open(`#alpha=0.25&gamma=2&target=${target}`, 'gradient');
    const explain2 = await text(page, '[data-i18n="panel.gradient.explain2"]');
    const explain3 = await text(page, '[data-i18n="panel.gradient.explain3"]');
    assert.match(explain2, /α off/);
    assert.match(explain3, /with α off/);
    // The quoted alpha-off values, and the alpha_t beyond which FL passes -1, agree with the core.
    const atZero = await page.evaluate(() => window.focalExplorer.core.evaluateLoss('focal', { alpha: -1, gamma: 2 }, 0, 1).grad);
    assert.ok(explain2.includes(`−${Math.abs(atZero).toFixed(3)}`), `${explain2} quotes ${atZero}`);
    const off = await coreSteepest(page, { alpha: -1, gamma: 2, y: 1 });
    assert.ok(explain3.includes(`−${Math.abs(off.grad).toFixed(3)}`), `${explain3} quotes ${off.grad}`);
    assert.ok(explain3.includes(`αₜ > ${(1 / Math.abs(off.grad)).toFixed(3)}`), `${explain3} quotes alpha_t > 1/${off.grad}`);

    // The caption under the chart gives the minimum for alpha = 0.25 and this target: -0.282 for
    // a foreground example (alpha_t = 0.25), -0.847 for a background one (alpha_t = 0.75).
    const y = target === 'foreground' ? 1 : 0;
    const now = await coreSteepest(page, { alpha: 0.25, gamma: 2, y });
    const caption = await text(page, '#gradient-caption');
    assert.ok(Math.abs(now.grad) < 1, 'with alpha = 0.25 FL never passes -1 at gamma = 2');
    assert.match(caption, /\|xₜ\| ≤ 10/);
    assert.doesNotMatch(caption, /−1\.129/);
    assert.deepEqual(messages, []);
    await context.close();
  }
});

test('gamma = 0.1: the gradient caption claims "below 1" only for the plotted range, where the core agrees', async () => {
  const { context, page, messages } = await open('#gamma=0.1&alpha=-1', 'gradient');
  const caption = await text(page, '#gradient-caption');
  assert.match(caption, /across the plotted range \(\|xₜ\| ≤ 10\)/);
  assert.doesNotMatch(caption, /never pushes/);
  const inside = await coreSteepest(page, { alpha: -1, gamma: 0.1, y: 1 });
  assert.ok(inside.grad > -1, `inside the plot the core's steepest is ${inside.grad}`);
  // Outside it (x_t below about -11) the gradient does pass -1, which is why "never" was wrong.
  const outside = await coreSteepest(page, { alpha: -1, gamma: 0.1, y: 1, from: -40, to: -10 });
  assert.ok(outside.grad < -1, `beyond the plot the core's steepest is ${outside.grad}`);
  assert.deepEqual(messages, []);
  await context.close();
});

test('gamma = 0.12: the caption does not call the plot edge the steepest point', async () => {
  const { context, page, messages } = await open('#gamma=0.12&alpha=-1', 'gradient');
  const caption = await text(page, '#gradient-caption');
  const inside = await coreSteepest(page, { alpha: -1, gamma: 0.12, y: 1 });
  const beyond = await coreSteepest(page, { alpha: -1, gamma: 0.12, y: 1, from: -40, to: -10 });
  // The core: the steepest point in the plot is its left edge, and the true minimum lies further left.
  assert.equal(inside.x, -10);
  assert.ok(beyond.grad < inside.grad && beyond.x < -10, `true minimum ${beyond.grad} at ${beyond.x}`);
  assert.match(caption, /left edge, xₜ = −10/);
  const [quoted] = numbersIn(caption.slice(caption.indexOf('on the plot:')));
  assert.ok(Math.abs(quoted - inside.grad) <= 5e-4, `${caption} quotes ${inside.grad}`);
  assert.deepEqual(messages, []);
  await context.close();
});

test('gamma = 0 with alpha on: the modulating-factor caption says alpha-balanced cross-entropy', async () => {
  const { context, page, messages } = await open('#gamma=0&alpha=0.25', 'anchors');
  const caption = await text(page, '#anchor-factor-caption');
  assert.match(caption, /focal loss is α-balanced cross-entropy \(α = 0\.25\)/);
  // The core agrees: at gamma = 0, FL with alpha is alpha-CE, not CE.
  const losses = await page.evaluate(() => {
    const core = window.focalExplorer.core;
    return [1, 0].map((y) => ({
      fl: core.evaluateLoss('focal', { alpha: 0.25, gamma: 0 }, 0.7, y).loss,
      alphaCe: core.evaluateLoss('alphaCrossEntropy', { alpha: 0.25 }, 0.7, y).loss,
      ce: core.evaluateLoss('crossEntropy', null, 0.7, y).loss,
    }));
  });
  for (const { fl, alphaCe, ce } of losses) {
    assert.ok(Math.abs(fl - alphaCe) <= 1e-15 * alphaCe);
    assert.notEqual(fl, ce);
  }
  // With alpha off it is plain cross-entropy, and says so.
  await page.evaluate(() => window.focalExplorer.set({ alpha: -1 }));
  await page.waitForFunction(() => /focal loss is cross-entropy/.test(document.querySelector('#anchor-factor-caption').textContent));
  assert.deepEqual(messages, []);
  await context.close();
});

test('step 0 with the prior bias: exactly 0.01 for logistic regression, about 0.01 for the MLP, as the core shows', async () => {
  for (const model of ['logistic', 'mlp']) {
    const { context, page, messages } = await open(`#trainModel=${model}&trainPrior=true`, 'training');
    const verdict = await text(page, '#train-verdict');
    // A fresh run of the core with the panel's options, at step 0.
    const range = await page.evaluate(() => {
      const run = window.focalExplorer.core.createTrainingRun(window.focalExplorer.training.options);
      const grid = run.snapshot().models.focal.grid;
      run.delete();
      return { min: Math.min(...grid), max: Math.max(...grid) };
    });
    if (model === 'logistic') {
      assert.ok(Math.abs(range.min - 0.01) < 1e-12 && Math.abs(range.max - 0.01) < 1e-12, JSON.stringify(range));
      assert.match(verdict, /every point starts with minority probability 0\.01\./);
    } else {
      assert.ok(range.min < range.max, `the MLP's start is not uniform: ${JSON.stringify(range)}`);
      assert.match(verdict, /about 0\.01/);
      // Quoted to three significant digits.
      const [from, to] = numbersIn(verdict.slice(verdict.indexOf('about 0.01') + 'about 0.01'.length));
      assert.ok(Math.abs(from - range.min) <= 0.005 * range.min, `${from} is the core's ${range.min}`);
      assert.ok(Math.abs(to - range.max) <= 0.005 * range.max, `${to} is the core's ${range.max}`);
    }
    assert.deepEqual(messages, []);
    await context.close();
  }
});

test('the Chinese readout says focal loss is 1/ratio of cross-entropy, with the core\'s ratio', async () => {
  for (const alpha of [-1, 0.25]) {
    const { context, page, messages } = await open(`#lang=zh-CN&gamma=2&alpha=${alpha}&pt=0.9`, 'loss');
    const sentence = await text(page, '#readout-sentence');
    assert.doesNotMatch(sentence, /倍/);
    const ratio = await page.evaluate((a) => {
      const core = window.focalExplorer.core;
      const x = Math.log(0.9 / 0.1);
      return core.evaluateLoss('crossEntropy', null, x, 1).loss / core.evaluateLoss('focal', { alpha: a, gamma: 2 }, x, 1).loss;
    }, alpha);
    const quoted = Number(sentence.match(/是交叉熵的 1\/([\d.,]+)/)[1].replace(/,/g, ''));
    assert.ok(Math.abs(quoted - ratio) <= 0.005 * ratio, `${sentence} quotes 1/${quoted}, the core ${ratio}`);
    assert.deepEqual(messages, []);
    await context.close();
  }
});
