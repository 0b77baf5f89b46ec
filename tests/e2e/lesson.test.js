// The guided lesson, hidden controls, the classroom link and the gamma sweep, as a teacher uses
// them: deep links to each step, the keys a presentation clicker sends, Escape, Reset step, a link
// that hides controls, the dialog that builds such a link, and a sweep that respects reduced motion.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { pathToFileURL } = require('node:url');
const { openExplorer, ROOT, setUp } = require('./helpers/browser.js');
const { axeViolations } = require('./helpers/audits.js');
const { afterFrames } = require('./helpers/page_checks.js');

let env;
let LESSON_STEPS;
let STRINGS_EN;
let STRINGS_ZH;
before(async () => {
  env = await setUp();
  const webJs = (file) => pathToFileURL(path.join(ROOT, 'web', 'js', file)).href;
  ({ LESSON_STEPS } = await import(webJs('lesson_steps.js')));
  STRINGS_EN = (await import(webJs('strings_en.js'))).EN;
  STRINGS_ZH = (await import(webJs('strings_zh_cn.js'))).ZH;
});
after(async () => {
  await env.close();
});

// Reduced motion keeps the sweep of the gamma step still, so every step's settings can be read.
async function open(hash, { width = 1280, height = 800, reducedMotion = 'reduce', bypassCSP = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, reducedMotion, bypassCSP });
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  return { context, page, messages };
}

function lessonView(page) {
  return page.evaluate(() => {
    const focus = document.querySelector('.lesson-focus');
    const box = focus && focus.getBoundingClientRect();
    return {
      step: window.focalExplorer.story.step,
      state: window.focalExplorer.state,
      barHidden: document.getElementById('lesson').hidden,
      progress: document.getElementById('lesson-progress').textContent,
      title: document.getElementById('lesson-title').textContent,
      body: document.getElementById('lesson-body').textContent,
      focusPanel: focus && focus.closest('[data-panel]') ? focus.closest('[data-panel]').dataset.panel : null,
      focusInView: Boolean(box) && box.bottom > 0 && box.top < window.innerHeight,
      hash: window.location.hash,
    };
  });
}

test('every step has its own link that opens it, applies its settings and highlights its panel', async () => {
  const { context, page, messages } = await open('');
  for (const [index, step] of LESSON_STEPS.entries()) {
    const number = index + 1;
    // A new link in the same tab (the address edited by hand) as well as a fresh load.
    await page.goto(env.url(`/index.html#story=${number}`));
    await page.waitForFunction(() => window.focalExplorer !== undefined);
    await page.evaluate(() => window.focalExplorer.ready);
    await page.waitForFunction((n) => document.getElementById('lesson-progress').textContent.startsWith(`Step ${n} `), number);
    const view = await lessonView(page);
    assert.equal(view.step, number, step.id);
    assert.equal(view.barHidden, false);
    assert.equal(view.progress, `Step ${number} of ${LESSON_STEPS.length}`);
    assert.equal(view.title, STRINGS_EN[`lesson.${step.id}.title`]);
    assert.doesNotMatch(view.body, /\{|NaN|undefined/, `${step.id}: every placeholder filled`);
    for (const [key, value] of Object.entries(step.patch)) assert.deepEqual(view.state[key], value, `${step.id}: ${key}`);
    assert.equal(view.focusPanel, step.panel, `${step.id}: the highlighted part is in its panel`);
    assert.equal(view.focusInView, true, `${step.id}: the highlighted part is on screen`);
  }
  assert.deepEqual(messages, []);
  await context.close();
});

test('numbers a step quotes are the core’s: the easy negatives’ share and the 100× at pₜ = 0.9', async () => {
  const { context, page } = await open('#story=2');
  const { body, share } = await page.evaluate(() => ({
    body: document.getElementById('lesson-body').textContent,
    share: window.focalExplorer.anchors.report.losses.crossEntropy.shares.easyNegatives,
  }));
  assert.ok(body.includes(`${Number((share * 100).toPrecision(3))}%`), `${body} quotes ${share}`);
  await page.evaluate(() => window.focalExplorer.story.go(4));
  const ratio = await page.evaluate(() => {
    const core = window.focalExplorer.core;
    const x = Math.log(0.9 / 0.1);
    return core.evaluateLoss('crossEntropy', null, x, 1).loss / core.evaluateLoss('focal', { alpha: -1, gamma: 2 }, x, 1).loss;
  });
  assert.ok(Math.abs(ratio - 100) < 1e-9);
  assert.match((await lessonView(page)).body, /gets 100 times less loss/);
  await context.close();
});

test('arrow keys and clicker keys move through the lesson; Escape leaves it and keeps the settings', async () => {
  const { context, page, messages } = await open('#story=1');
  const stepAfter = async (key) => {
    await page.keyboard.press(key);
    // The bar shows the step the state names once that step has drawn.
    await page.waitForFunction(() => {
      const step = window.focalExplorer.story.step;
      const bar = document.getElementById('lesson');
      return step === null ? bar.hidden : !bar.hidden && document.getElementById('lesson-progress').textContent.startsWith(`Step ${step} `);
    });
    return page.evaluate(() => window.focalExplorer.story.step);
  };
  await page.focus('#lesson-next');
  assert.equal(await stepAfter('ArrowRight'), 2);
  assert.equal(await stepAfter('PageDown'), 3);
  assert.equal(await stepAfter('PageDown'), 4);
  assert.equal(await stepAfter('ArrowLeft'), 3);
  assert.equal(await stepAfter('PageUp'), 2);
  // An arrow key on a slider moves the slider, not the lesson.
  await page.focus('#gamma');
  assert.equal(await stepAfter('ArrowRight'), 2);
  const gamma = await page.evaluate(() => window.focalExplorer.state.gamma);
  assert.equal(gamma, 2.1);
  await page.focus('#lesson-next');
  assert.equal(await stepAfter('Escape'), null);
  const view = await lessonView(page);
  assert.equal(view.barHidden, true);
  assert.equal(view.state.gamma, 2.1, 'leaving the lesson keeps the settings');
  assert.equal(await page.locator('.lesson-focus').count(), 0);
  await page.evaluate(() => window.focalExplorer.set({}));
  assert.doesNotMatch(await page.evaluate(() => window.location.hash), /story=/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('focalExplorer.story: go resolves once the step is applied and drawn, Reset step restores it', async () => {
  const { context, page } = await open('');
  const api = await page.evaluate(() => {
    const story = window.focalExplorer.story;
    return { count: story.steps.length, ids: story.steps.map((step) => step.id), step: story.step };
  });
  assert.equal(api.count, LESSON_STEPS.length);
  assert.deepEqual(api.ids, LESSON_STEPS.map((step) => step.id));
  assert.equal(api.step, null, 'closed at start');
  const afterGo = await page.evaluate(async () => {
    await window.focalExplorer.story.go(3);
    const chart = window.focalExplorer.charts.loss;
    return { step: window.focalExplorer.story.step, alpha: window.focalExplorer.state.alpha, target: window.focalExplorer.state.target, drawnAlpha: chart.data.datasets.length > 0 };
  });
  assert.deepEqual(afterGo, { step: 3, alpha: 0.75, target: 'background', drawnAlpha: true });
  const error = await page.evaluate(() => window.focalExplorer.story.go(0).then(() => 'resolved', (e) => `${e.name}: ${e.message}`));
  assert.match(error, /^RangeError: .*step.*1 to 9.*got 0/);
  // The reader leaves the path, then comes back to it.
  await page.fill('#gamma-number', '4');
  await page.locator('#alpha-on').uncheck();
  await afterFrames(page);
  await page.click('#lesson-reset');
  await page.waitForFunction(() => window.focalExplorer.state.gamma === 0);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.alpha), 0.75);
  assert.equal(await page.evaluate(() => window.focalExplorer.story.step), 3, 'Reset step stays on the step');
  await page.evaluate(() => window.focalExplorer.story.next());
  assert.equal(await page.evaluate(() => window.focalExplorer.story.step), 4);
  await page.evaluate(() => window.focalExplorer.story.prev());
  assert.equal(await page.evaluate(() => window.focalExplorer.story.step), 3);
  await page.evaluate(() => window.focalExplorer.story.close());
  assert.equal(await page.evaluate(() => window.focalExplorer.story.step), null);
  await context.close();
});

test('hide= removes exactly the named controls, from view and from the accessibility tree', async () => {
  const { context, page, messages } = await open('#hide=alpha,beta,family,anchorQuality');
  await page.evaluate(async () => {
    for (const name of ['loss', 'anchors']) await window.focalExplorer.drawn(name);
  });
  const boxes = await page.evaluate(() =>
    // Boxes inside a closed <details> or a view not shown are out of view anyway; there the
    // class must say it.
    [...document.querySelectorAll('[data-setting]')].map((box) => ({
      setting: box.dataset.setting,
      shown: box.closest('details:not([open]), [hidden]') ? !box.classList.contains('setting-hidden') : box.checkVisibility(),
    })),
  );
  const hidden = new Set(['alpha', 'beta', 'family', 'anchorQuality']);
  assert.ok(boxes.length > 15, 'the controls of the drawn panels are marked');
  for (const box of boxes) {
    if (box.setting === 'compare' || box.setting.startsWith('cmp') || box.setting.startsWith('train')) continue; // panels not drawn here
    assert.equal(box.shown, !hidden.has(box.setting), `${box.setting} shown: ${box.shown}`);
  }
  for (const role of [{ role: 'slider', name: /α|alpha/i }, { role: 'switch', name: /α-balancing/ }, { role: 'textbox', name: /family|γ values/i }]) {
    assert.equal(await page.getByRole(role.role, { name: role.name }).count(), 0, `${role.role} ${role.name} not in the accessibility tree`);
  }
  assert.equal(await page.getByRole('slider', { name: /γ, focusing/ }).count(), 1, 'gamma stays');
  // Settings shown again when the link no longer names them.
  await page.evaluate(() => window.focalExplorer.set({ hide: [] }));
  assert.equal(await page.locator('#alpha-on').isVisible(), true);
  assert.deepEqual(messages, []);
  await context.close();

  const bad = await open('#hide=alpha,nonsense');
  const notice = await bad.page.locator('#notice').textContent();
  assert.match(notice, /hide/);
  assert.match(notice, /nonsense/);
  assert.equal(await bad.page.locator('#alpha-on').isVisible(), true, 'a bad list hides nothing');
  await bad.context.close();
});

test('the classroom link dialog builds a link that opens the page as chosen, and copies it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, messages } = await openExplorer(context, env.url('/index.html#gamma=3'));
  await page.click('#classroom-open');
  await page.locator('#classroom-hide-beta').check();
  await page.locator('#classroom-hide-family').check();
  await page.selectOption('#classroom-step', '4');
  await page.selectOption('#classroom-theme', 'dark');
  await page.locator('#classroom-present').check();
  const link = await page.inputValue('#classroom-link');
  await page.click('#classroom-copy');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.click('#classroom-close');

  const opened = await openExplorer(context, link);
  const state = await opened.page.evaluate(() => window.focalExplorer.state);
  assert.deepEqual(state.hide, ['beta', 'family']);
  assert.equal(state.story, 4);
  assert.equal(state.theme, 'dark');
  assert.equal(state.present, true);
  assert.equal(state.gamma, 2, 'the step’s own gamma, not the teacher’s 3 of the moment');
  assert.equal(await opened.page.locator('#beta').isVisible(), false);
  assert.equal(await opened.page.evaluate(() => window.focalExplorer.story.step), 4);
  assert.deepEqual(messages, []);
  assert.deepEqual(opened.messages, []);
  await context.close();
});

test('the gamma sweep moves gamma through the state, and under reduced motion never starts by itself', async () => {
  const still = await open('#story=5', { reducedMotion: 'reduce' });
  await still.page.waitForTimeout(600);
  assert.equal(await still.page.evaluate(() => window.focalExplorer.state.gamma), 2);
  assert.equal(await still.page.locator('#panel-loss .sweep-button').getAttribute('aria-pressed'), 'false');
  // The reader may still start it.
  await still.page.click('#panel-loss .sweep-button');
  await still.page.waitForFunction(() => window.focalExplorer.state.gamma !== 2);
  await still.page.click('#panel-loss .sweep-button');
  await still.context.close();

  const moving = await open('#story=5', { reducedMotion: 'no-preference' });
  assert.equal(await moving.page.locator('#panel-gradient .sweep-button').getAttribute('aria-pressed'), 'true');
  const seen = new Set();
  for (let i = 0; i < 10; i++) {
    await moving.page.waitForTimeout(150);
    seen.add(await moving.page.evaluate(() => window.focalExplorer.state.gamma));
  }
  assert.ok(seen.size >= 3, `gamma moved: ${[...seen].join(', ')}`);
  for (const gamma of seen) assert.ok(gamma >= 0 && gamma <= 5);
  // The address follows the sweep.
  await moving.page.waitForFunction(() => /gamma=/.test(window.location.hash));
  // The reader's own move of gamma stops it.
  await moving.page.fill('#gamma-number', '1.5');
  await afterFrames(moving.page);
  await moving.page.waitForTimeout(300);
  assert.equal(await moving.page.evaluate(() => window.focalExplorer.state.gamma), 1.5);
  assert.equal(await moving.page.locator('#panel-loss .sweep-button').getAttribute('aria-pressed'), 'false');
  await moving.context.close();
});

// The gradient panel's body (and so its sweep button) is made when the panel mounts.
test('a panel that mounts while the sweep plays shows it playing, and its button stops it', async () => {
  const { context, page } = await open('', { reducedMotion: 'no-preference' });
  await page.click('#panel-loss .sweep-button');
  await page.waitForFunction(() => window.focalExplorer.state.gamma !== 2);
  await page.locator('#panel-gradient').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.focalExplorer.drawn('gradient'));
  const button = page.locator('#panel-gradient .sweep-button');
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  assert.equal(await button.textContent(), await page.locator('#panel-loss .sweep-button').textContent());
  await button.click();
  assert.equal(await page.locator('#panel-loss .sweep-button').getAttribute('aria-pressed'), 'false');
  const gamma = await page.evaluate(() => window.focalExplorer.state.gamma);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), gamma);
  await context.close();
});

test('every lesson string exists in both languages, and the lesson speaks Chinese', async () => {
  for (const step of LESSON_STEPS) {
    for (const part of ['title', 'body']) {
      const key = `lesson.${step.id}.${part}`;
      assert.ok(STRINGS_EN[key], `en ${key}`);
      assert.ok(STRINGS_ZH[key], `zh-CN ${key}`);
      const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      assert.deepEqual(holes(STRINGS_ZH[key]), holes(STRINGS_EN[key]), `${key}: same placeholders`);
    }
  }
  const { context, page } = await open('#story=4&lang=zh-CN');
  const view = await lessonView(page);
  assert.equal(view.title, STRINGS_ZH['lesson.factor.title']);
  assert.equal(view.progress, `第 4 步，共 ${LESSON_STEPS.length} 步`);
  assert.match(view.body, /1\/100/);
  await context.close();
});

test('no accessibility violations (axe-core) on any step of the lesson', async () => {
  const { context, page } = await open('#story=1', { bypassCSP: true });
  for (let number = 1; number <= LESSON_STEPS.length; number++) {
    await page.evaluate((n) => window.focalExplorer.story.go(n), number);
    assert.deepEqual(await axeViolations(page), [], `step ${number}`);
  }
  await context.close();
});

test('an embedded panel shows no lesson, even when its link names a step', async () => {
  const { context, page, messages } = await open('');
  await page.goto(env.url('/index.html?embed=loss#story=3'));
  await page.waitForFunction(() => window.focalExplorer !== undefined);
  await page.evaluate(() => window.focalExplorer.ready);
  assert.equal(await page.locator('#lesson').isVisible(), false);
  assert.match(await page.evaluate(() => window.focalExplorer.story.go(2).then(() => 'resolved', (e) => e.message)), /whole page/);
  assert.deepEqual(messages, []);
  await context.close();
});
