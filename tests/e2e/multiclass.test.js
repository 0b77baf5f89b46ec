// Three classes in the training panel: a link with trainClasses=3 reproduces the run (what the
// page shows equals a direct core call with the same settings), the simplex map is the core's
// grid for the current γ, the sigmoid switch changes the FL model's loss, and a bad trainAlphas
// is reported and ignored.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const path = require('node:path');
const { ROOT } = require('./helpers/browser.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function open(hash, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await env.browser.newContext({ viewport, ...options });
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  await page.evaluate(() => window.focalExplorer.drawn('training'));
  return { context, page, messages };
}

// What the cards show (text), and an independent run of the core with the link's settings,
// written out here rather than taken from the page's own mapping.
function readAndRecompute(page, steps) {
  return page.evaluate(async (k) => {
    const { core, state, training } = window.focalExplorer;
    await training.step(k);
    const cards = {};
    for (const model of ['crossEntropy', 'focal']) {
      const card = document.getElementById(`regions-${model}`).closest('.model-card');
      cards[model] = {
        confusion: [...card.querySelectorAll('.confusion--three tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
        perClass: [...card.querySelectorAll('.class-metrics tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
        title: card.querySelector('.model-title').textContent,
      };
    }
    const run = core.createMulticlassRun({
      dataset: state.trainData,
      count: state.trainPoints,
      minorityFraction: state.trainMinority,
      labelNoise: state.trainNoise,
      seed: state.trainSeed,
      model: state.trainModel,
      hidden: state.trainHidden,
      optimizer: state.trainOptimizer,
      learningRate: state.trainRate,
      batchSize: state.trainBatch,
      gamma: state.gamma,
      alphas: state.trainAlphas,
      crossEntropyAlphas: state.trainCeAlpha,
      lossForm: state.trainMultiLoss,
      priorInit: state.trainPrior,
    });
    run.step(k);
    const direct = run.snapshot({ gridSize: 48 });
    run.delete();
    const digits = (value) => value.toLocaleString('en', { maximumSignificantDigits: 3 });
    const expected = {};
    for (const model of ['crossEntropy', 'focal']) {
      const m = direct.models[model];
      expected[model] = {
        confusion: m.confusion.map((row) => row.map((count) => count.toLocaleString('en'))),
        perClass: [0, 1, 2].map((c) => [m.recall[c], m.precision[c], m.averagePrecision[c]].map(digits)),
      };
    }
    const page = training.snapshot;
    return {
      cards,
      expected,
      steps: training.steps,
      sameGrid: ['crossEntropy', 'focal'].every((model) =>
        page.models[model].gridClass.every((c, i) => c === direct.models[model].gridClass[i]) &&
        page.models[model].gridProbability.every((p, i) => p === direct.models[model].gridProbability[i])),
      sameLoss: ['crossEntropy', 'focal'].map((model) => [page.models[model].loss, direct.models[model].loss]),
      verdict: document.getElementById('train-verdict').textContent,
      shown: {
        three: document.getElementById('train-three').checkVisibility(),
        two: document.getElementById('train-models').checkVisibility(),
        threshold: document.getElementById('train-threshold').checkVisibility(),
      },
    };
  }, steps);
}

test('a link with trainClasses=3 reproduces the run: the cards show a direct core call\'s numbers', async () => {
  const { context, page, messages } = await open('#trainClasses=3&trainData=ring&trainPoints=1000&trainMinority=0.1&trainSeed=11&trainAlphas=0.2,0.3,0.6&gamma=1.5');
  const seen = await readAndRecompute(page, 150);
  assert.equal(seen.steps, 150);
  assert.deepEqual(seen.shown, { three: true, two: false, threshold: false });
  for (const model of ['crossEntropy', 'focal']) {
    assert.deepEqual(seen.cards[model].confusion, seen.expected[model].confusion, `${model} confusion matrix`);
    assert.deepEqual(seen.cards[model].perClass, seen.expected[model].perClass, `${model} recall, precision, AP`);
  }
  assert.ok(seen.sameGrid, 'the decision regions are the direct run\'s');
  for (const [drawn, direct] of seen.sameLoss) assert.equal(drawn, direct);
  assert.match(seen.cards.focal.title, /softmax FL \(γ = 1\.5, α = 0\.2, 0\.3, 0\.6\)/);
  assert.match(seen.verdict, /rare class 3/);
  assert.doesNotMatch(seen.verdict, /NaN|undefined/);
  // The state went into the address: a reload of it is the same run.
  await page.waitForFunction(() => window.location.hash.includes('trainClasses=3'));
  assert.match(await page.evaluate(() => window.location.hash), /trainAlphas=0\.2,0\.3,0\.6/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the simplex map is the core\'s grid for the current γ and α_c, and changes with γ', async () => {
  const { context, page, messages } = await open('#trainSimplexClass=2&trainAlphas=0.25,0.4,0.5');
  const compare = () =>
    page.evaluate(() => {
      const { charts, core, state } = window.focalExplorer;
      const drawn = charts.simplex.$focalSimplex;
      const target = 1;
      const fl = core.simplexGrid({ resolution: drawn.fl.resolution, gamma: state.gamma, alpha: state.trainAlphas[target], target });
      const ce = core.simplexGrid({ resolution: drawn.ce.resolution, gamma: 0, alpha: -1, target });
      const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
      const flSeries = charts.simplex.data.datasets.find((d) => d.focalMap === 'fl');
      return {
        target: drawn.target,
        gamma: drawn.gamma,
        flLoss: same(drawn.fl.loss, fl.loss) && same(drawn.fl.flow, fl.flow) && same(drawn.fl.probabilities, fl.probabilities),
        ceLoss: same(drawn.ce.loss, ce.loss),
        // The CSV's series: the loss against p_c, one point per distinct p_c, taken from one of its
        // cells (the cells of a row differ only by the rounding of log p in their other classes).
        series: flSeries.data.length === 2 * fl.resolution - 1 &&
          Array.from(fl.loss).every((loss, cell) =>
            flSeries.data.some((point) => point.x === fl.probabilities[3 * cell + target] && Math.abs(point.y - loss) <= 1e-12 * loss)),
        firstLoss: drawn.fl.loss[0],
        caption: document.getElementById('simplex-caption').textContent,
        label: flSeries.label,
      };
    });
  const before = await compare();
  assert.deepEqual([before.target, before.gamma, before.flLoss, before.ceLoss, before.series], [1, 2, true, true, true]);
  assert.match(before.label, /α₂ = 0\.4/);
  await page.evaluate(() => window.focalExplorer.set({ gamma: 4 }));
  const after = await compare();
  assert.deepEqual([after.gamma, after.flLoss, after.ceLoss, after.series], [4, true, true, true]);
  assert.notEqual(after.firstLoss, before.firstLoss, 'a new gamma, a new map');
  assert.notEqual(after.caption, before.caption);
  assert.match(after.caption, /p₂ = /);
  // α_c scales the map of its class.
  await page.evaluate(() => window.focalExplorer.set({ trainAlphas: [0.25, 0.8, 0.5] }));
  const scaled = await page.evaluate(() => window.focalExplorer.charts.simplex.$focalSimplex.fl.loss[0]);
  assert.ok(Math.abs(scaled / after.firstLoss - 2) < 1e-12, `${scaled} is twice ${after.firstLoss}`);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the sigmoid switch changes the FL model\'s loss, not the CE model\'s', async () => {
  const { context, page, messages } = await open('#trainClasses=3&trainPoints=500');
  const losses = () =>
    page.evaluate(async () => {
      await window.focalExplorer.training.step(40);
      const { models } = window.focalExplorer.training.snapshot;
      return { ce: models.crossEntropy.loss, fl: models.focal.loss, form: window.focalExplorer.training.options.lossForm };
    });
  const softmax = await losses();
  await page.click('label[for="trainMultiLoss-sigmoid"]');
  await page.evaluate(() => window.focalExplorer.set({}));
  const sigmoid = await losses();
  assert.equal(softmax.form, 'softmax');
  assert.equal(sigmoid.form, 'sigmoid');
  assert.notEqual(sigmoid.fl, softmax.fl);
  assert.equal(sigmoid.ce, softmax.ce);
  assert.match(await page.locator('#regions-focal').evaluate((c) => c.closest('.model-card').querySelector('.model-title').textContent), /sigmoid FL/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a bad trainAlphas in the address is reported and ignored', async () => {
  const { context, page, messages } = await open('#trainClasses=3&trainAlphas=0.2,1.5,0.3&gamma=3');
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.deepEqual(state.trainAlphas, [0.25, 0.25, 0.5], 'the default alphas stay');
  assert.equal(state.gamma, 3, 'the good settings beside it still apply');
  assert.equal(state.trainClasses, '3');
  assert.equal(await page.locator('#notice').isVisible(), true);
  const items = await page.locator('#notice-list li').allTextContents();
  assert.equal(items.length, 1, items.join(' | '));
  assert.ok(items[0].includes('trainAlphas') && items[0].includes('0.2,1.5,0.3') && items[0].includes('3 numbers from 0 to 1'), items[0]);
  for (const bad of ['0.2,0.3', 'a,b,c', '0.1,0.2,0.3,0.4']) {
    await assert.rejects(page.evaluate((value) => window.focalExplorer.set({ trainAlphas: value }), bad), /trainAlphas/);
  }
  // A box of the control refuses what the address would and changes nothing.
  await page.fill('#train-alpha-2', '2');
  assert.equal(await page.locator('#train-alpha-2').getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await page.evaluate(() => window.focalExplorer.state)).trainAlphas, [0.25, 0.25, 0.5]);
  await page.fill('#train-alpha-2', '0.75');
  await page.evaluate(() => window.focalExplorer.set({}));
  assert.deepEqual((await page.evaluate(() => window.focalExplorer.state)).trainAlphas, [0.25, 0.75, 0.5]);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the three-class view has no axe violations, and its canvases are named and described', async () => {
  const { context, page, messages } = await open('#trainClasses=3', { width: 390, height: 844 }, { bypassCSP: true });
  await page.evaluate(() => window.focalExplorer.training.step(30));
  await page.waitForFunction(() =>
    ['regions-crossEntropy', 'regions-focal', 'chart-simplex'].every((id) => {
      const summary = document.getElementById(`${id}-summary`);
      return summary && /\d/.test(summary.textContent);
    }),
  );
  const described = await page.evaluate(() =>
    ['regions-crossEntropy', 'regions-focal', 'chart-simplex'].map((id) => {
      const canvas = document.getElementById(id);
      return { label: canvas.getAttribute('aria-label'), summary: document.getElementById(canvas.getAttribute('aria-describedby')).textContent };
    }),
  );
  for (const { label, summary } of described) {
    assert.ok(label && label.length > 20, label);
    assert.ok(summary.length > 20 && !/NaN|undefined/.test(summary), summary);
  }
  const recall = await page.locator('#regions-focal').evaluate((c) => c.closest('.model-card').querySelector('.class-metrics tbody tr:nth-child(3) td').textContent);
  assert.ok(described[1].summary.includes(`class 3 ${recall}`), `${described[1].summary} / card: ${recall}`);
  // axe-core on the training panel (tests/e2e/a11y.test.js audits the whole page).
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run({ include: [['#panel-training']] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(messages, []);
  await context.close();
});
