// Each panel exports a PNG of its charts, a CSV of exactly the plotted series, and the
// settings as JSON, as real downloads.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs/promises');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const { parseCsv } = require('./helpers/audits.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await fs.readFile(await file.path()) };
}

// What the charts of a panel plot, as the CSV should hold it: x, then each series.
function plottedTable(page, panel) {
  return page.evaluate((panelName) => {
    const { charts } = window.focalExplorer;
    const names = panelName === 'compare' ? ['compare', 'compareGradient'] : [panelName];
    const datasets = names.flatMap((name) => charts[name].data.datasets);
    const labels = names.flatMap((name) => charts[name].data.datasets.map((d) => d.label));
    const rows = datasets[0].data.map((point, i) => [point.x, ...datasets.map((d) => d.data[i].y)]);
    return { labels, rows };
  }, panel);
}

for (const panel of ['loss', 'gradient', 'compare']) {
  test(`the ${panel} CSV holds exactly the plotted series`, async () => {
    const context = await env.browser.newContext({ acceptDownloads: true });
    const { page, messages } = await openExplorer(context, env.url('/index.html#gamma=1.7&alpha=0.3&compare=focal,varifocal,asymmetric'));
    const file = await download(page, `#panel-${panel} [data-action="csv"]`);
    assert.equal(file.name, `focal-explorer-${panel}.csv`);
    const [header, ...rows] = parseCsv(file.bytes.toString('utf8'));
    const plotted = await plottedTable(page, panel);

    assert.equal(header.length, plotted.labels.length + 1);
    plotted.labels.forEach((label, i) => assert.ok(header[i + 1].includes(label), `column ${i + 1} names ${label}`));
    assert.equal(rows.length, plotted.rows.length);
    rows.forEach((row, r) => {
      // === rather than deepEqual: the CSV writes -0 as 0, which is the same number to a reader.
      const same = row.length === plotted.rows[r].length && row.every((field, i) => Number(field) === plotted.rows[r][i]);
      assert.ok(same, `row ${r}: ${row} against ${plotted.rows[r]}`);
    });
    assert.deepEqual(messages, []);
    await context.close();
  });
}

test('the PNG is an image of the panel\'s charts and the JSON is the state', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#gamma=3'));

  const png = await download(page, '#panel-compare [data-action="png"]');
  assert.equal(png.name, 'focal-explorer-compare.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const size = { width: png.bytes.readUInt32BE(16), height: png.bytes.readUInt32BE(20) };
  const canvases = await page.evaluate(() =>
    ['chart-compare', 'chart-compare-gradient'].map((id) => {
      const canvas = document.getElementById(id);
      return { width: canvas.width, height: canvas.height };
    }),
  );
  assert.equal(size.width, Math.max(...canvases.map((c) => c.width)));
  assert.equal(size.height, canvases[0].height + canvases[1].height, 'both compare charts, stacked');

  const json = await download(page, '#panel-loss [data-action="json"]');
  assert.equal(json.name, 'focal-explorer-state.json');
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.deepEqual(JSON.parse(json.bytes.toString('utf8')), state);
  assert.equal(state.gamma, 3);
  assert.deepEqual(messages, []);
  await context.close();
});

test('compare series name the values they were computed with', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const { page, messages } = await openExplorer(context, env.url('/index.html#target=background&compare=qualityFocal,varifocal&qflTarget=0.6'));
  await page.evaluate(() => window.focalExplorer.drawn('compare'));
  const report = await page.evaluate(() => {
    const { core, charts } = window.focalExplorer;
    const qfl = charts.compare.data.datasets.find((d) => d.focalLoss === 'qualityFocal');
    // A background example: the core gets x = -x_t and target 0.
    const logits = Float64Array.from(qfl.data, (p) => -p.x);
    const expected = new Float64Array(logits.length);
    core.lossBatch('qualityFocal', { qualityBeta: 2 }, logits, new Float64Array(logits.length), expected, null, 'none');
    return { labels: charts.compare.data.datasets.map((d) => d.label), same: qfl.data.every((p, i) => p.y === expected[i]) };
  });
  assert.deepEqual(report.labels, ['QFL (β = 2, y = 0)', 'VFL (α = 0.75, γ = 2, q = 0)']);
  assert.ok(report.same, 'the background QFL curve is the core\'s QFL with target 0');
  assert.deepEqual(messages, []);
  await context.close();
});
