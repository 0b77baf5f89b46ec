// The anchors panel: one image's anchors under CE, alpha-CE and FL. Every bar, curve and number
// must be what core.simulateAnchors returns for the settings, and every control must reach it.
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

// Calls the core directly with options built here from the state (not with the panel's own
// options), then compares every chart of the panel with the report. Returns what it compared.
// The panel draws bars (a) at once and its other charts over the next frames: the check waits
// until it has drawn them by itself (the section's data-pending attribute is gone).
async function compareAnchorsToCore(page) {
  await page.evaluate(() => window.focalExplorer.drawn('anchors'));
  await page.waitForSelector('#panel-anchors:not([data-pending])', { state: 'attached' });
  return page.evaluate(() => {
    const { core, charts, state } = window.focalExplorer;
    const figure = [0, 0.5, 1, 2];
    const override = (mean, std) => {
      const o = {};
      if (state[mean] !== null) o.mean = state[mean];
      if (state[std] !== null) o.std = state[std];
      return Object.keys(o).length ? o : null;
    };
    const report = core.simulateAnchors({
      count: state.anchorCount,
      foregroundFraction: 1 / state.anchorRatio,
      hardNegativeFraction: state.anchorHardFraction,
      seed: state.anchorSeed,
      detectorQuality: state.anchorQuality,
      easyNegatives: override('anchorEasyMean', 'anchorEasyStd'),
      hardNegatives: override('anchorHardMean', 'anchorHardStd'),
      positives: override('anchorPosMean', 'anchorPosStd'),
      gamma: state.gamma,
      alpha: state.alpha,
      cdfGammas: figure.includes(state.gamma) ? figure : [...figure, state.gamma],
    });
    const problems = [];
    const same = (what, got, expected) => {
      if (got !== expected) problems.push(`${what}: chart ${got}, core ${expected}`);
    };
    // (a) shares: rows are [loss, loss | gradient], one dataset per group.
    const shares = charts.anchorShares;
    for (const dataset of shares.data.datasets) {
      shares.$focalRows.forEach(([loss, kind], row) => {
        const breakdown = report.losses[loss];
        const expected = (kind === 'loss' ? breakdown.shares : breakdown.gradientShares)[dataset.focalGroup];
        const point = dataset.data.find((p) => p.y === row);
        same(`shares ${loss} ${kind} ${dataset.focalGroup}`, point.x, expected);
      });
    }
    // (b) Figure 4, both sides, one curve per gamma.
    for (const [name, side] of [['anchorCdfPositives', 'positives'], ['anchorCdfNegatives', 'negatives']]) {
      const cdf = report.cdf[side];
      const gammas = charts[name].data.datasets.map((d) => d.focalGamma);
      same(`${name} gammas`, gammas.join(), report.cdf.gammas.join());
      charts[name].data.datasets.forEach((dataset, g) => {
        same(`${name} points`, dataset.data.length, cdf.fraction.length);
        dataset.data.forEach((point, j) => {
          same(`${name} x ${j}`, point.x, cdf.fraction[j]);
          same(`${name} γ ${gammas[g]} y ${j}`, point.y, cdf.curves[g][j]);
        });
      });
    }
    // (c) the histogram: the "below" bar, then the bins.
    for (const dataset of charts.anchorFactor.data.datasets) {
      const group = dataset.focalGroup;
      const expected = [report.modulatingFactor.below[group], ...report.modulatingFactor.counts[group]];
      same(`factor bars ${group}`, dataset.data.length, expected.length);
      dataset.data.forEach((point, i) => same(`factor ${group} ${i}`, point.y, expected[i]));
    }
    // (d) the first iteration's total loss, bias 0 and prior bias.
    const losses = ['crossEntropy', 'alphaCrossEntropy', 'focal'];
    for (const dataset of charts.anchorInit.data.datasets) {
      dataset.data.forEach((point) => same(`init ${dataset.focalStart}`, point.x, report.initialisation[dataset.focalStart][losses[point.y]].total));
    }
    return {
      problems: problems.slice(0, 10),
      counts: report.counts,
      cdfReadout: document.getElementById('anchor-cdf-readout').textContent,
      countsText: document.getElementById('anchor-counts').textContent,
      initText: document.getElementById('anchor-init-caption').textContent,
      hardest: { positives: report.cdf.positives.hardestShare, negatives: report.cdf.negatives.hardestShare, gammas: report.cdf.gammas },
      easyShares: { ce: report.losses.crossEntropy.shares.easyNegatives, fl: report.losses.focal.shares.easyNegatives },
      ratio: report.initialisation.negativeLossRatio,
    };
  });
}

const percent = (share) => `${new Intl.NumberFormat('en', { maximumSignificantDigits: 3 }).format(share * 100)}%`;

test('the anchors panel draws the core\'s report and says what it shows', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  const result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  assert.equal(result.counts.total, 100000);
  assert.equal(result.counts.positives, 100, '1 in 1000 anchors is foreground by default');
  assert.equal(result.countsText, '100,000 anchors: 100 positives, 999 hard negatives, 98,901 easy negatives.');
  // The paper's argument, on the default population: FL takes the easy negatives' share down.
  assert.ok(result.easyShares.ce > 0.5 && result.easyShares.fl < result.easyShares.ce / 2, JSON.stringify(result.easyShares));
  // The readout quotes the core's hardest-20% shares for gamma 0 and the slider's gamma (2).
  const { positives, negatives, gammas } = result.hardest;
  const g0 = gammas.indexOf(0);
  const g2 = gammas.indexOf(2);
  assert.equal(
    result.cdfReadout,
    `The hardest 20% of positives carry ${percent(positives[g0])} of the positive loss under CE (γ = 0) and ${percent(positives[g2])} under γ = 2. ` +
      `The hardest 20% of negatives carry ${percent(negatives[g0])} of the negative loss under CE and ${percent(negatives[g2])} under γ = 2.`,
  );
  // The prior initialisation: about 69x less loss per negative anchor.
  assert.ok(Math.abs(result.ratio - 69) < 0.1, `ratio ${result.ratio}`);
  assert.match(result.initText, /−ln\(1 − π\) = 0\.01005 instead of ln 2 = 0\.6931: 69× less/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the anchors controls change the data to the core\'s values, live on screen', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await showPanelAt(page, 'anchors', '#anchor-count');

  // Dragging the (logarithmic) count slider to the right end: 2,000,000 anchors.
  const box = await page.locator('#anchor-count').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.6, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 3 });
  await page.mouse.move(box.x + box.width + 20, y, { steps: 3 });
  await page.mouse.up();
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.anchorCount), 2000000);
  let result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  assert.equal(result.counts.total, 2000000);

  // Typing an exact count and a ratio; keys on the quality slider; gamma from the settings bar.
  await page.fill('#anchor-count-number', '1000000');
  await page.fill('#anchor-ratio-number', '250');
  await page.focus('#anchor-quality');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await page.fill('#gamma-number', '1.3');
  await afterFrames(page);
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.equal(state.anchorCount, 1000000);
  assert.equal(state.anchorRatio, 250);
  assert.equal(state.anchorQuality, 0.45);
  result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  assert.deepEqual([result.counts.total, result.counts.positives], [1000000, 4000]);
  assert.deepEqual(result.hardest.gammas, [0, 0.5, 1, 2, 1.3], 'the slider\'s gamma joins the Figure 4 curves');
  assert.match(result.countsText, /^1,000,000 anchors: 4,000 positives/);

  // The advanced view: an override for one group, then back to the detector quality.
  await page.click('#panel-anchors summary');
  assert.equal(await page.inputValue('#anchor-mean-positives'), '0.8', 'an "auto" box shows the quality\'s value (-1 + 4 x 0.45)');
  await page.fill('#anchor-mean-positives', '2.5');
  await page.fill('#anchor-hard-fraction', '0.05');
  await afterFrames(page);
  result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  assert.equal(await page.evaluate(() => window.focalExplorer.anchors.report.distributions.positives.mean), 2.5);
  await page.waitForFunction(() => /anchorPosMean=2\.5/.test(window.location.hash));
  await page.click('#anchor-auto');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.anchorPosMean), null);
  assert.equal(await page.inputValue('#anchor-mean-positives'), '0.8');

  // Alpha on: the alpha-CE bars now differ from CE's, and the caption says by how much.
  await page.check('#alpha-on');
  await page.fill('#alpha-number', '0.25');
  await afterFrames(page);
  result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  assert.match(await page.locator('#anchor-shares-caption').textContent(), /α-CE with α = 0\.25 changes the positives’ share to /);

  // A new seed is a new population, and it is written into the link.
  const seed = await page.evaluate(() => window.focalExplorer.state.anchorSeed);
  await page.click('#anchor-reseed');
  await afterFrames(page);
  const reseeded = await page.evaluate(() => window.focalExplorer.state.anchorSeed);
  assert.notEqual(reseeded, seed);
  result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  await page.waitForFunction((value) => window.location.hash.includes(`anchorSeed=${value}`), reseeded);
  assert.deepEqual(messages, []);
  await context.close();
});

test('an anchors change made off screen is drawn once the panel is in view', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  // At the top of the page the anchors panel is out of view; gamma moves from the settings bar.
  await page.focus('#gamma');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await afterFrames(page);
  await page.locator('#panel-anchors').scrollIntoViewIfNeeded();
  // Its charts can be read once its code has loaded, which scrolling near it starts.
  await page.waitForFunction(() => {
    try {
      return window.focalExplorer.charts.anchorShares.data.labels.includes('FL (γ = 2.3): loss');
    } catch {
      return false;
    }
  });
  const result = await compareAnchorsToCore(page);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the anchors CSV holds every plotted value, and ?embed=anchors shows the panel alone', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 900, height: 900 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#anchorCount=20000&gamma=1'));
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#panel-anchors [data-action="csv"]')]);
  assert.equal(file.suggestedFilename(), 'focal-explorer-anchors.csv');
  const lines = (await require('node:fs/promises').readFile(await file.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines[0], 'chart,series,x,y');
  const expected = await page.evaluate(() => {
    const rows = [];
    for (const name of ['anchorShares', 'anchorCdfPositives', 'anchorCdfNegatives', 'anchorFactor', 'anchorInit']) {
      const chart = window.focalExplorer.charts[name];
      for (const dataset of chart.data.datasets) {
        for (const point of dataset.data) {
          const horizontal = chart.options.indexAxis === 'y';
          if (chart.config.type === 'bar') rows.push([name, dataset.label, chart.data.labels[horizontal ? point.y : point.x], horizontal ? point.x : point.y]);
          else rows.push([name, dataset.label, point.x, point.y]);
        }
      }
    }
    return rows;
  });
  assert.equal(lines.length - 1, expected.length);
  // Spot checks that the numbers are written exactly (shortest round-trip text).
  for (const index of [0, 7, expected.length >> 1, expected.length - 1]) {
    const row = expected[index];
    assert.ok(lines[index + 1].endsWith(`,${String(row[3])}`), `${lines[index + 1]} ends with ${row[3]}`);
  }

  const embedded = await openExplorer(context, env.url('/index.html?embed=anchors#gamma=1'));
  const view = await embedded.page.evaluate(() => ({
    panels: [...document.querySelectorAll('[data-panel]')].filter((s) => s.checkVisibility()).map((s) => s.dataset.panel),
    charts: Object.keys(window.focalExplorer.charts),
    controls: [...document.querySelectorAll('#controls [data-setting]')].filter((c) => c.checkVisibility()).map((c) => c.dataset.setting),
    total: window.focalExplorer.anchors.report.counts.total,
  }));
  assert.deepEqual(view.panels, ['anchors']);
  assert.deepEqual(view.charts, ['anchorShares', 'anchorCdfPositives', 'anchorCdfNegatives', 'anchorFactor', 'anchorInit']);
  assert.deepEqual(view.controls, ['gamma', 'alpha'], 'only the shared settings the panel reads');
  assert.equal(view.total, 100000);
  assert.deepEqual(await compareAnchorsToCore(embedded.page).then((r) => r.problems), []);
  assert.deepEqual(messages, []);
  assert.deepEqual(embedded.messages, []);
  await context.close();
});
