// Checks shared by the browser tests: the charts must hold exactly what the wasm core computes
// for the current settings. The expected values are computed in the page by calling the core
// directly (core.lossBatch), independently of the panel code.
'use strict';

const assert = require('node:assert/strict');

// Two animation frames: the one the page's redraw is scheduled in has run by then.
function afterFrames(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function compareLossChartToCore(page) {
  const report = await page.evaluate(() => {
    const { core, charts, state } = window.focalExplorer;
    const sign = state.target === 'foreground' ? 1 : -1;
    const target = state.target === 'foreground' ? 1 : 0;
    let worst = 0;
    const gammas = [];
    for (const dataset of charts.loss.data.datasets) {
      gammas.push(dataset.focalGamma);
      const logits = Float64Array.from(dataset.data, (point) =>
        sign * (state.xaxis === 'pt' ? Math.log(point.x) - Math.log1p(-point.x) : point.x),
      );
      const expected = new Float64Array(logits.length);
      core.lossBatch('focal', { alpha: state.alpha, gamma: dataset.focalGamma }, logits, new Float64Array(logits.length).fill(target), expected, null, 'none');
      dataset.data.forEach((point, i) => {
        worst = Math.max(worst, Math.abs(point.y - expected[i]) / Math.max(1e-300, Math.abs(expected[i])));
      });
    }
    return { worst, gammas, expectedGammas: [...state.family, state.gamma], points: charts.loss.data.datasets[0].data.length };
  });
  assert.deepEqual(report.gammas, report.expectedGammas, 'the loss chart draws the family and the slider gamma');
  assert.ok(report.points > 100);
  assert.ok(report.worst <= 1e-12, `loss chart differs from core.lossBatch by ${report.worst} (relative)`);
}

async function compareGradientChartToCore(page) {
  const report = await page.evaluate(() => {
    const { core, charts, state } = window.focalExplorer;
    const sign = state.target === 'foreground' ? 1 : -1;
    const target = state.target === 'foreground' ? 1 : 0;
    const specs = {
      ce: ['crossEntropy', null],
      fl: ['focal', { alpha: state.alpha, gamma: state.gamma }],
      flStar: ['focalStar', { gamma: state.gamma, beta: state.beta }],
    };
    let worst = 0;
    const series = [];
    for (const dataset of charts.gradient.data.datasets) {
      series.push(dataset.focalSeries);
      const [loss, params] = specs[dataset.focalSeries];
      const logits = Float64Array.from(dataset.data, (point) => sign * point.x);
      const grad = new Float64Array(logits.length);
      core.lossBatch(loss, params, logits, new Float64Array(logits.length).fill(target), null, grad, 'none');
      dataset.data.forEach((point, i) => {
        worst = Math.max(worst, Math.abs(point.y - sign * grad[i]));
      });
    }
    return { worst, series, gamma: state.gamma };
  });
  const expected = report.gamma > 0 ? ['ce', 'fl', 'flStar'] : ['ce', 'fl'];
  assert.deepEqual(report.series, expected, 'the gradient chart draws CE, FL and (for gamma > 0) FL*');
  assert.ok(report.worst === 0, `gradient chart differs from core.lossBatch by ${report.worst}`);
}

// Scrolls a panel into view as a reader would and waits until it has drawn: a panel below the
// fold makes its controls only when it mounts (panel_host.js), then scrolls to `selector`.
async function showPanelAt(page, name, selector) {
  await page.locator(`#panel-${name}`).scrollIntoViewIfNeeded();
  await page.evaluate((panel) => window.focalExplorer.drawn(panel), name);
  await page.locator(selector).scrollIntoViewIfNeeded();
}

module.exports = { afterFrames, compareGradientChartToCore, compareLossChartToCore, showPanelAt };
