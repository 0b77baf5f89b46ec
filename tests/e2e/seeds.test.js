// Repeat over seeds, calibration and FLSD-53 in the training panel. The bands the page draws must
// be what the core computes for the same settings (here recomputed in the page by a direct,
// single-thread core call), Cancel must stop a repeat cleanly, the reliability diagram must be
// the core's calibration of the live models, and the FL model's gamma must survive a shared link.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { after, before, test } = require('node:test');
const { DIST, openExplorer, recordConsole, setUp } = require('./helpers/browser.js');
const { afterFrames } = require('./helpers/page_checks.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function open(hash = '') {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const opened = await openExplorer(context, env.url(`/${hash}`));
  await opened.page.evaluate(() => document.getElementById('panel-training').scrollIntoView());
  await opened.page.evaluate(() => window.focalExplorer.drawn('training'));
  return { context, ...opened };
}

test('a repeat over seeds draws bands equal to a direct core call, and the verdict counts seeds', async () => {
  // 500 points keep the in-page recomputation short.
  const { context, page, messages } = await open('#trainPoints=500&trainThreshold=0.3');
  const report = await page.evaluate(async () => {
    const { core, charts, training, state } = window.focalExplorer;
    const bands = await training.repeat({ seeds: 6, steps: 150 });
    // The same repeat on the page's own thread, straight from the core.
    const direct = core.repeatOverSeeds(training.options, { seeds: 6, steps: 150, checkpoints: 100, threshold: state.trainThreshold });
    const chart = charts.trainSeeds;
    const problems = [];
    for (const model of ['crossEntropy', 'focal']) {
      for (const percentile of ['p10', 'p50', 'p90']) {
        const dataset = chart.data.datasets.find((d) => d.focalModel === model && d.focalPercentile === percentile);
        const expected = direct.steps.map((x, k) => ({ x, y: direct.models[model].ap[percentile][k] })).filter((p) => p.y !== null);
        if (JSON.stringify(dataset.data) !== JSON.stringify(expected)) problems.push(`${model} ${percentile}`);
      }
    }
    return {
      same: JSON.stringify(bands) === JSON.stringify(direct),
      problems,
      shape: { steps: bands.steps.length, seeds: bands.seeds, keys: Object.keys(bands.models.focal).sort() },
      verdict: document.getElementById('seed-verdict').textContent,
      progressHidden: document.getElementById('seed-progress').hidden,
      resultHidden: document.getElementById('seed-result').hidden,
      rows: [...document.querySelectorAll('#seed-table-body tr')].map((row) => row.cells.length),
      finalAp: bands.models.focal.finalAp.perSeed.length,
    };
  });
  assert.ok(report.same, 'focalExplorer.training.repeat resolves with what core.repeatOverSeeds gives');
  assert.deepEqual(report.problems, [], 'the chart draws the core\'s AP bands');
  assert.equal(report.shape.steps, 101, '100 checkpoints after step 0');
  assert.deepEqual(report.shape.seeds, [1, 2, 3, 4, 5, 6], 'seed i is the panel seed + i');
  assert.deepEqual(report.shape.keys, ['ap', 'diverged', 'finalAp', 'loss', 'recall', 'stepsTo90']);
  assert.equal(report.finalAp, 6);
  assert.match(report.verdict, /\d+ of \d+ seeds/);
  assert.ok(report.progressHidden && !report.resultHidden);
  assert.deepEqual(report.rows, [7, 7]);

  // Switching the metric redraws from the same bands: recall and the loss on a log axis.
  const switched = await page.evaluate(async () => {
    const { charts, training } = window.focalExplorer;
    await window.focalExplorer.set({ trainSeedMetric: 'loss' });
    const chart = charts.trainSeeds;
    const median = chart.data.datasets.find((d) => d.focalModel === 'crossEntropy' && d.focalPercentile === 'p50');
    return { type: chart.options.scales.y.type, last: median.data[median.data.length - 1].y, steps: training.steps };
  });
  assert.equal(switched.type, 'logarithmic');
  assert.ok(switched.last > 0);
  assert.deepEqual(messages, []);
  await context.close();
});

test('Cancel stops a repeat: the bar goes, nothing is drawn, and a new repeat runs', async () => {
  const { context, page, messages } = await open();
  // The default 20 seeds x 2,000 steps: several seconds, time enough to cancel from the button.
  await page.click('#seed-run');
  await page.waitForFunction(() => !document.getElementById('seed-progress').hidden && document.getElementById('seed-progress-bar').value > 0);
  assert.equal(await page.evaluate(() => document.getElementById('seed-run').disabled), true);
  await page.click('#seed-cancel');
  await afterFrames(page);
  const cancelled = await page.evaluate(() => ({
    progressHidden: document.getElementById('seed-progress').hidden,
    resultHidden: document.getElementById('seed-result').hidden,
    runEnabled: !document.getElementById('seed-run').disabled,
    error: document.getElementById('seed-error').hidden,
  }));
  assert.deepEqual(cancelled, { progressHidden: true, resultHidden: true, runEnabled: true, error: true });

  // From a script: cancelRepeat() and an AbortSignal both reject the pending repeat with an AbortError.
  const aborted = await page.evaluate(async () => {
    const { training } = window.focalExplorer;
    const first = training.repeat({ seeds: 20, steps: 2000 }).catch((error) => error.name);
    await new Promise((resolve) => setTimeout(resolve, 200));
    training.cancelRepeat();
    const controller = new AbortController();
    const second = training.repeat({ seeds: 20, steps: 2000, signal: controller.signal }).catch((error) => error.name);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    return { first: await first, second: await second, resultHidden: document.getElementById('seed-result').hidden };
  });
  assert.deepEqual(aborted, { first: 'AbortError', second: 'AbortError', resultHidden: true });

  const again = await page.evaluate(async () => {
    const bands = await window.focalExplorer.training.repeat({ seeds: 5, steps: 50 });
    return { seeds: bands.seeds.length, resultHidden: document.getElementById('seed-result').hidden };
  });
  assert.deepEqual(again, { seeds: 5, resultHidden: false });
  // Bad requests are refused naming the value.
  const refused = await page.evaluate(() => window.focalExplorer.training.repeat({ seeds: 3 }).catch((error) => `${error.name}: ${error.message}`));
  assert.match(refused, /RangeError: .*seeds.*3/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the reliability diagram and the ECE are the core\'s calibration of the live models', async () => {
  const { context, page, messages } = await open('#trainPoints=1000&trainFocal=flsd53');
  const report = await page.evaluate(async () => {
    const { core, charts, training, state } = window.focalExplorer;
    await training.step(120);
    // An independent run with the same settings, advanced as far.
    const run = core.createTrainingRun(training.options);
    run.step(120);
    const snap = run.snapshot({ calibrationBins: 15, threshold: state.trainThreshold, gridSize: 0 });
    run.delete();
    const problems = [];
    const models = ['crossEntropy', 'focal', 'fixedGammaFocal'];
    for (const model of models) {
      const dataset = charts.trainReliability.data.datasets.find((d) => d.focalModel === model);
      const expected = snap.models[model].calibration.bins.filter((bin) => bin.count > 0).map((bin) => ({ x: bin.meanProbability, y: bin.positiveRate }));
      if (!dataset) problems.push(`${model} missing`);
      else if (JSON.stringify(dataset.data.map(({ x, y }) => ({ x, y }))) !== JSON.stringify(expected)) problems.push(`${model} points`);
      const bars = charts.trainHistogram.data.datasets.find((d) => d.focalModel === model);
      const total = snap.models[model].calibration.bins.reduce((sum, bin) => sum + bin.count, 0);
      snap.models[model].calibration.bins.forEach((bin, b) => {
        const expectedShare = bin.count > 0 ? bin.count / total : null;
        if (bars.data[b].y !== expectedShare) problems.push(`${model} histogram bin ${b}`);
      });
    }
    return {
      problems,
      eces: models.map((model) => snap.models[model].calibration.ece),
      text: document.getElementById('train-ece').textContent,
      labels: charts.trainReliability.data.datasets.map((d) => d.label),
    };
  });
  assert.deepEqual(report.problems, []);
  for (const ece of report.eces) {
    assert.ok(Number.isFinite(ece));
    assert.ok(report.text.includes(ece.toPrecision(3).replace(/0+$/, '').replace(/\.$/, '')), `${report.text} shows ECE ${ece}`);
  }
  assert.ok(report.labels.includes('FLSD-53'), report.labels.join(', '));
  assert.deepEqual(messages, []);
  await context.close();
});

test('FLSD-53 as the FL model\'s gamma round-trips through the URL', async () => {
  const { context, page, messages } = await open('#trainFocal=flsd53');
  const shown = await page.evaluate(async () => {
    // drawn() mounts the panel if needed and waits for its worker's answers.
    await window.focalExplorer.drawn('training');
    const { options, snapshot } = window.focalExplorer.training;
    return {
      state: window.focalExplorer.state.trainFocal,
      checked: document.getElementById('trainFocal-flsd53').checked,
      option: options.focalGamma,
      reference: Boolean(snapshot.models.fixedGammaFocal),
      title: document.querySelector('#boundary-focal').closest('.model-card').querySelector('.model-title').textContent,
    };
  });
  assert.deepEqual(shown, { state: 'flsd53', checked: true, option: 'flsd53', reference: true, title: 'FLSD-53' });
  // Back to the fixed gamma from the control, and to FLSD-53 again: the address follows.
  await page.click('label[for="trainFocal-fixed"]');
  await page.waitForFunction(() => !window.location.hash.includes('trainFocal'));
  assert.equal(await page.evaluate(() => window.focalExplorer.drawn('training').then(() => window.focalExplorer.training.snapshot.models.fixedGammaFocal)), undefined);
  await page.evaluate(() => window.focalExplorer.set({ trainFocal: 'flsd53' }));
  await page.waitForFunction(() => window.location.hash.includes('trainFocal=flsd53'));
  const hash = await page.evaluate(() => window.location.hash);
  await context.close();

  const reopened = await open(hash);
  assert.equal(await reopened.page.evaluate(() => window.focalExplorer.state.trainFocal), 'flsd53');
  await reopened.context.close();
  // A value the core does not offer is refused and named, the default kept.
  const bad = await open('#trainFocal=adaptive');
  const refused = await bad.page.evaluate(() => ({ state: window.focalExplorer.state.trainFocal, notice: document.body.textContent.includes('adaptive') }));
  assert.deepEqual(refused, { state: 'fixed', notice: true });
  await bad.context.close();
  assert.deepEqual(messages, []);
});

test('the single file runs a repeat over seeds on its Blob workers', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-seeds-single-'));
  try {
    fs.copyFileSync(path.join(DIST, 'focal-loss-explorer.html'), path.join(folder, 'focal-loss-explorer.html'));
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
    const page = await context.newPage();
    const messages = recordConsole(page);
    await page.goto(`${pathToFileURL(path.join(folder, 'focal-loss-explorer.html')).href}#trainPoints=500`);
    await page.evaluate(() => window.focalExplorer.ready);
    await page.evaluate(() => window.focalExplorer.drawn('training'));
    const result = await page.evaluate(async () => {
      const { core, training, state } = window.focalExplorer;
      const bands = await training.repeat({ seeds: 5, steps: 40 });
      const direct = core.repeatOverSeeds(training.options, { seeds: 5, steps: 40, checkpoints: 100, threshold: state.trainThreshold });
      return JSON.stringify(bands) === JSON.stringify(direct);
    });
    assert.ok(result, 'the single file\'s workers give the same bands');
    assert.deepEqual(messages, []);
    await context.close();
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
