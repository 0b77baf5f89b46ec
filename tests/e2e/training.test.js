// The training panel: two models, CE and FL, trained side by side by the core. What it draws must
// be the run's snapshot, the buttons must start and stop it cleanly, and a shared link must
// reproduce a run exactly.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const { afterFrames, showPanelAt } = require('./helpers/page_checks.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

// Everything the panel shows, read back from the page: the last snapshot, the charts, the cards.
// It waits for the worker's answers first, as a script reading the panel should.
function readPanel(page) {
  return page.evaluate(async () => {
    await window.focalExplorer.drawn('training');
    const { charts, training } = window.focalExplorer;
    const snap = training.snapshot;
    const models = ['crossEntropy', 'focal'];
    const problems = [];
    const same = (what, got, expected) => {
      if (!(got === expected || (Number.isNaN(got) && Number.isNaN(expected)))) problems.push(`${what}: drawn ${got}, snapshot ${expected}`);
    };
    for (const name of ['trainLoss', 'trainPr', 'trainMetrics']) same(`${name} step`, charts[name].$focalStep, snap.step);
    for (const model of models) {
      const m = snap.models[model];
      const loss = charts.trainLoss.data.datasets.find((d) => d.focalModel === model);
      same(`${model} loss points`, loss.data.length, m.lossHistory.length);
      loss.data.forEach((point, i) => {
        same(`${model} loss x ${i}`, point.x, (i + 1) * m.historyStride);
        same(`${model} loss y ${i}`, point.y, m.lossHistory[i]);
      });
      const pr = charts.trainPr.data.datasets.find((d) => d.focalModel === model);
      same(`${model} PR points`, pr.data.length, m.prCurve.recall.length);
      pr.data.forEach((point, i) => {
        same(`${model} recall ${i}`, point.x, m.prCurve.recall[i]);
        same(`${model} precision ${i}`, point.y, m.prCurve.precision[i]);
      });
      const bars = charts.trainMetrics.data.datasets.find((d) => d.focalModel === model);
      ['precision', 'recall', 'f1', 'averagePrecision'].forEach((metric, i) => same(`${model} ${metric} bar`, bars.data[i].x, m[metric]));
      for (const [name, value] of Object.entries(m.confusion)) {
        same(`${model} ${name}`, document.querySelector(`#boundary-${model}`).closest('.model-card').querySelector(`.cm-${name}`).textContent, value.toLocaleString('en'));
      }
    }
    const noSkill = charts.trainPr.data.datasets.find((d) => d.focalModel === 'noSkill');
    same('no-skill line', noSkill.data[0].y, snap.noSkillAveragePrecision);
    return {
      problems: problems.slice(0, 10),
      step: snap.step,
      steps: training.steps,
      playing: training.playing,
      counter: document.getElementById('train-steps').textContent,
      verdict: document.getElementById('train-verdict').textContent,
      snapshot: {
        step: snap.step,
        models: Object.fromEntries(
          models.map((model) => {
            const m = snap.models[model];
            return [model, {
              loss: m.loss,
              crossEntropy: m.crossEntropy,
              confusion: m.confusion,
              precision: m.precision,
              recall: m.recall,
              f1: m.f1,
              averagePrecision: m.averagePrecision,
              lossHistory: Array.from(m.lossHistory),
              recallCurve: Array.from(m.prCurve.recall),
              grid: Array.from(m.grid),
            }];
          }),
        ),
      },
    };
  });
}

test('both models are drawn from the run\'s snapshot, decision surfaces included', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  let panel = await readPanel(page);
  assert.deepEqual(panel.problems, []);
  assert.equal(panel.step, 0);
  assert.match(panel.verdict, /^Step 0: both models start from the same weights, with the output bias at the prior π = 0\.01/);

  // gamma moved while the panel is off screen: a script that steps the run right away steps
  // the run for the new gamma (the panel catches up first), and it starts again from step 0.
  await page.evaluate(() => window.focalExplorer.training.step(5));
  await page.focus('#gamma');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const moved = await page.evaluate(async () => {
    await window.focalExplorer.drawn('training');
    return [window.focalExplorer.training.options.gamma, window.focalExplorer.training.steps];
  });
  assert.deepEqual(moved, [1.9, 0]);
  await page.keyboard.press('ArrowRight');
  await afterFrames(page);

  await showPanelAt(page, 'training', '#train-models');
  await page.evaluate(() => window.focalExplorer.training.step(300));
  panel = await readPanel(page);
  assert.deepEqual(panel.problems, []);
  assert.equal(panel.counter, 'step 300');
  // The sentence compares the two runs' own numbers; which model is ahead is not assumed.
  const { crossEntropy: ce, focal: fl } = panel.snapshot.models;
  const ap = (value) => new Intl.NumberFormat('en', { maximumSignificantDigits: 3 }).format(value);
  if (Math.abs(fl.averagePrecision - ce.averagePrecision) < 0.005) assert.match(panel.verdict, /about equally well/);
  else {
    const better = fl.averagePrecision > ce.averagePrecision ? 'FL \\(γ = 2\\)' : 'CE';
    assert.match(panel.verdict, new RegExp(`At step 300, ${better} ranks the minority better: AP ${ap(ce.averagePrecision)} for CE against ${ap(fl.averagePrecision)} for FL`));
  }

  // The heatmap is the core's grid: where the model says minority the surface is orange, where
  // it says majority blue. Sample the canvas at the cells with the highest and lowest probability.
  const colours = await page.evaluate(() => {
    const snap = window.focalExplorer.training.snapshot;
    const canvas = document.getElementById('boundary-crossEntropy');
    const grid = snap.models.crossEntropy.grid;
    const n = snap.gridSize;
    let high = 0;
    let low = 0;
    for (let i = 0; i < grid.length; i++) {
      if (grid[i] > grid[high]) high = i;
      if (grid[i] < grid[low]) low = i;
    }
    const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const at = (cell) => {
      const x = Math.floor((((cell % n) + 0.5) / n) * canvas.width);
      const y = Math.floor(((Math.floor(cell / n) + 0.5) / n) * canvas.height);
      const i = 4 * (y * canvas.width + x);
      return [image.data[i], image.data[i + 1], image.data[i + 2]];
    };
    return { high: at(high), low: at(low), pHigh: grid[high], pLow: grid[low], threshold: snap.threshold };
  });
  assert.ok(colours.pHigh >= colours.threshold && colours.pLow < colours.threshold, JSON.stringify(colours));
  assert.ok(colours.high[0] > colours.high[2], `orange where minority is predicted: ${colours.high}`);
  assert.ok(colours.low[2] > colours.low[0], `blue where majority is predicted: ${colours.low}`);

  // The threshold changes the confusion matrices and F1, not the run.
  await page.fill('#train-threshold-number', '0.1');
  await afterFrames(page);
  panel = await readPanel(page);
  assert.deepEqual(panel.problems, []);
  assert.equal(panel.steps, 300);
  assert.match(panel.verdict, /At threshold 0\.1/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('Play, Pause, Step and Reset start and stop the run cleanly', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#trainPoints=500'));
  await showPanelAt(page, 'training', '#train-models');
  for (let i = 0; i < 3; i++) await page.click('#train-step');
  assert.equal((await readPanel(page)).counter, 'step 3');

  await page.click('#train-play');
  assert.equal(await page.getAttribute('#train-play', 'aria-pressed'), 'true');
  assert.equal(await page.textContent('#train-play'), 'Pause');
  await page.waitForFunction(() => window.focalExplorer.training.steps >= 40);
  await page.click('#train-play');
  const paused = await readPanel(page);
  assert.equal(paused.playing, false);
  assert.equal(await page.textContent('#train-play'), 'Play');
  // No frame that was already scheduled steps on after the pause, and the pause shows one
  // consistent snapshot in every chart.
  for (let i = 0; i < 3; i++) await afterFrames(page);
  const later = await readPanel(page);
  assert.equal(later.steps, paused.steps);
  assert.deepEqual(later.problems, []);

  // Step while playing pauses, then steps once.
  await page.click('#train-play');
  await page.waitForFunction((from) => window.focalExplorer.training.steps > from, paused.steps);
  await page.click('#train-step');
  const stepped = await page.evaluate(() => window.focalExplorer.drawn('training').then(() => window.focalExplorer.training.steps));
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.training.steps), stepped);
  assert.equal(await page.evaluate(() => window.focalExplorer.training.playing), false);

  // Reset while playing: back to step 0, stopped, the same as a fresh start.
  await page.click('#train-play');
  await page.waitForFunction((from) => window.focalExplorer.training.steps > from + 5, stepped);
  await page.click('#train-reset');
  for (let i = 0; i < 2; i++) await afterFrames(page);
  const reset = await readPanel(page);
  assert.deepEqual(reset.problems, []);
  assert.equal(reset.steps, 0);
  assert.equal(reset.playing, false);
  assert.equal(reset.snapshot.models.focal.lossHistory.length, 0);

  // A setting changed while playing starts a new run from step 0 and keeps playing.
  await page.click('#train-play');
  // (The worker trains about a thousand steps a second here: the old run gets well ahead first.)
  await page.waitForFunction(() => window.focalExplorer.training.steps > 1500);
  await page.click('label[for="trainData-moons"]');
  await page.waitForFunction(() => window.focalExplorer.training.options.dataset === 'moons');
  const restarted = await page.evaluate(() => ({ steps: window.focalExplorer.training.steps, playing: window.focalExplorer.training.playing }));
  assert.equal(restarted.playing, true);
  assert.ok(restarted.steps < 500, `the moons run started from 0 (now at ${restarted.steps})`);
  await page.click('#train-play');
  assert.deepEqual(messages, []);
  await context.close();
});

test('a slider dragged while playing: the run follows its last position and equals the core there', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#trainPoints=1000'));
  await showPanelAt(page, 'training', '#train-models');
  await page.click('#train-play');
  // Forty positions, one per frame, while the worker trains: each new position opens a new run,
  // and the ones a newer position overtakes before the worker gets to them are dropped.
  const last = await page.evaluate(async () => {
    const slider = document.getElementById('train-minority');
    for (let i = 0; i < 40; i++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      slider.value = (0.05 + 0.005 * i).toFixed(3);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return Number(slider.value); // as the slider's step rounds it
  });
  await page.waitForFunction((fraction) => window.focalExplorer.training.options.minorityFraction === fraction, last);
  await page.evaluate(() => window.focalExplorer.training.pause());
  const panel = await readPanel(page);
  assert.deepEqual(panel.problems, []);
  // The page shows exactly what a run of the core with those settings gives at that step.
  const direct = await page.evaluate((steps) => {
    const run = window.focalExplorer.core.createTrainingRun(window.focalExplorer.training.options);
    if (steps > 0) run.step(steps);
    const snap = run.snapshot({ threshold: 0.5, gridSize: 64, curvePoints: 100 });
    run.delete();
    return Array.from(snap.models.focal.lossHistory);
  }, panel.steps);
  assert.deepEqual(direct, panel.snapshot.models.focal.lossHistory);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a shared link reproduces a run exactly: same settings, same seed, same step, same numbers', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const settings = '#gamma=1.5&alpha=0.25&trainData=moons&trainMinority=0.1&trainNoise=0.05&trainSeed=5&trainOptimizer=sgd&trainRate=0.3&trainBatch=64&trainCeAlpha=true&trainThreshold=0.3';
  const first = await openExplorer(context, env.url(`/index.html${settings}`));
  await showPanelAt(first.page, 'training', '#train-models');
  // Trained by playing, so the steps come in whatever chunks the frames gave.
  await first.page.click('#train-play');
  await first.page.waitForFunction(() => window.focalExplorer.training.steps >= 120);
  await first.page.click('#train-play');
  const original = await readPanel(first.page);
  assert.deepEqual(original.problems, []);
  const link = await first.page.evaluate(() => window.location.href);
  for (const setting of settings.slice(1).split('&')) assert.ok(link.includes(setting), `${setting} is in the link ${link}`);

  // Someone opens the link and steps to the same count, in different chunks.
  const second = await openExplorer(context, link);
  const options = await second.page.evaluate(async (steps) => {
    await window.focalExplorer.drawn('training');
    const training = window.focalExplorer.training;
    await training.step(1);
    await training.step(steps - 1);
    return training.options;
  }, original.steps);
  const copy = await readPanel(second.page);
  assert.deepEqual(copy.problems, []);
  assert.equal(copy.steps, original.steps);
  assert.deepEqual(copy.snapshot, original.snapshot);

  // And both equal a run made here, straight from the core, from the settings in the link.
  assert.deepEqual(options, {
    dataset: 'moons',
    count: 2000,
    minorityFraction: 0.1,
    labelNoise: 0.05,
    seed: 5,
    model: 'mlp',
    hidden: 12,
    activation: 'tanh',
    optimizer: 'sgd',
    learningRate: 0.3,
    momentum: 0,
    batchSize: 64,
    crossEntropyAlpha: 0.25,
    gamma: 1.5,
    alpha: 0.25,
    focalGamma: 'fixed',
    priorInit: true,
    priorPi: 0.01,
    normalization: 'mean',
  });
  const direct = await second.page.evaluate(
    ({ steps, options }) => {
      const run = window.focalExplorer.core.createTrainingRun(options);
      run.step(steps);
      const snap = run.snapshot({ threshold: 0.3, gridSize: 64, curvePoints: 100 });
      run.delete();
      return { lossHistory: Array.from(snap.models.focal.lossHistory), ap: snap.models.crossEntropy.averagePrecision, confusion: snap.models.focal.confusion };
    },
    { steps: original.steps, options },
  );
  assert.deepEqual(direct.lossHistory, original.snapshot.models.focal.lossHistory);
  assert.equal(direct.ap, original.snapshot.models.crossEntropy.averagePrecision);
  assert.deepEqual(direct.confusion, original.snapshot.models.focal.confusion);
  assert.deepEqual(first.messages, []);
  assert.deepEqual(second.messages, []);
  await context.close();
});

test('the training controls reach the run, and the export and embed work', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.locator('#panel-training').scrollIntoViewIfNeeded();
  await page.click('label[for="trainData-ring"]');
  await page.click('label[for="trainModel-logistic"]');
  await page.click('label[for="trainOptimizer-sgd"]');
  await page.selectOption('#train-points', '1000');
  await page.selectOption('#train-rate-select', '0.3');
  await page.selectOption('#train-batch', '32');
  await page.fill('#train-minority-number', '0.2');
  await page.focus('#train-noise');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.uncheck('#train-prior');
  await page.fill('#train-seed', '11');
  await page.evaluate(() => window.focalExplorer.drawn('training'));
  assert.equal(await page.isDisabled('#train-hidden'), true);
  assert.equal(await page.isDisabled('#train-ce-alpha'), true, 'α-balancing CE needs α on');
  const options = await page.evaluate(() => window.focalExplorer.training.options);
  assert.deepEqual(
    { dataset: options.dataset, model: options.model, optimizer: options.optimizer, count: options.count, learningRate: options.learningRate, batchSize: options.batchSize, minorityFraction: options.minorityFraction, labelNoise: options.labelNoise, priorInit: options.priorInit, seed: options.seed },
    { dataset: 'ring', model: 'logistic', optimizer: 'sgd', count: 1000, learningRate: 0.3, batchSize: 32, minorityFraction: 0.2, labelNoise: 0.03, priorInit: false, seed: 11 },
  );
  const dataset = await page.evaluate(() => {
    const run = window.focalExplorer.core.createTrainingRun(window.focalExplorer.training.options);
    const data = run.dataset();
    run.delete();
    return { count: data.count, minority: data.minorityCount, flipped: data.labels.filter((label, i) => label !== data.cleanLabels[i]).length };
  });
  assert.deepEqual([dataset.count, dataset.minority], [1000, 200]);
  assert.ok(dataset.flipped > 0, 'label noise flipped some training labels');
  await page.evaluate(() => window.focalExplorer.training.step(50));
  const panel = await readPanel(page);
  assert.deepEqual(panel.problems, []);
  assert.equal(await page.textContent('#boundary-crossEntropy >> xpath=ancestor::figure//figcaption'), 'CE');

  // The CSV: every plotted point, then both confusion matrices.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#panel-training [data-action="csv"]')]);
  assert.equal(file.suggestedFilename(), 'focal-explorer-training.csv');
  const lines = (await require('node:fs/promises').readFile(await file.path(), 'utf8')).trim().split('\r\n');
  // Every chart of the panel, whatever it holds (the calibration charts, the simplex...).
  const plotted = await page.evaluate(() =>
    Object.keys(window.focalExplorer.charts)
      .filter((name) => name.startsWith('train') || name === 'simplex')
      .map((name) => window.focalExplorer.charts[name])
      .filter((chart) => chart && chart.canvas.closest('#panel-training'))
      .reduce((sum, chart) => sum + chart.data.datasets.reduce((n, d) => n + d.data.length, 0), 0),
  );
  assert.equal(lines[0], 'chart,series,x,y');
  assert.equal(lines.length - 1, plotted + 8);
  assert.ok(lines.includes(`confusion,CE,truePositives,${panel.snapshot.models.crossEntropy.confusion.truePositives}`));
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#panel-training [data-action="png"]')]);
  assert.equal(png.suggestedFilename(), 'focal-explorer-training.png');

  const embedded = await openExplorer(context, env.url('/index.html?embed=training#trainData=moons'));
  const view = await embedded.page.evaluate(() => ({
    panels: [...document.querySelectorAll('[data-panel]')].filter((s) => s.checkVisibility()).map((s) => s.dataset.panel),
    charts: Object.keys(window.focalExplorer.charts),
    dataset: window.focalExplorer.training.options.dataset,
  }));
  assert.deepEqual(view, {
    panels: ['training'],
    charts: ['trainLoss', 'trainPr', 'trainMetrics', 'trainReliability', 'trainHistogram', 'trainSeeds', 'simplex'],
    dataset: 'moons',
  });
  await embedded.page.click('#train-step');
  assert.equal((await readPanel(embedded.page)).counter, 'step 1');
  assert.deepEqual(messages, []);
  assert.deepEqual(embedded.messages, []);
  await context.close();
});
