// dist/focal-loss-explorer.html is the classroom build: one file, opened from disk, with no
// server and no network. It must draw, respond and export exactly like the served page.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { after, before, test } = require('node:test');
const { DIST, launchBrowser, recordConsole } = require('./helpers/browser.js');
const { afterFrames, compareGradientChartToCore, compareLossChartToCore } = require('./helpers/page_checks.js');

let browser;
let folder;
before(async () => {
  browser = await launchBrowser();
  // Alone in an empty folder, so nothing beside it in dist/ can be what makes it work.
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-single-file-'));
  fs.copyFileSync(path.join(DIST, 'focal-loss-explorer.html'), path.join(folder, 'focal-loss-explorer.html'));
});
after(async () => {
  await browser.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

test('the single file refers to nothing outside itself', () => {
  const html = fs.readFileSync(path.join(folder, 'focal-loss-explorer.html'), 'utf8');
  assert.doesNotMatch(html, /<script[^>]*\ssrc=/i);
  assert.doesNotMatch(html, /<link[^>]*rel="stylesheet"/i);
  assert.doesNotMatch(html, /url\((?!data:)[^)]*\)/, 'every CSS url() is a data: URI');
  assert.match(html, /id="focal-core-wasm"/, 'the wasm travels inside the file');
});

test('the single file opens from file:// with no network, draws and responds', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
  const page = await context.newPage();
  const messages = recordConsole(page);
  await page.goto(pathToFileURL(path.join(folder, 'focal-loss-explorer.html')).href);
  await page.evaluate(() => window.focalExplorer.ready);
  // The panels below the fold load their code from inside the file when asked for.
  await page.evaluate(() => window.focalExplorer.drawn('compare'));

  const drawn = await page.evaluate(() =>
    ['loss', 'gradient', 'compare', 'compareGradient'].every((name) => {
      const chart = window.focalExplorer.charts[name];
      return chart.data.datasets.length > 0 && chart.data.datasets[0].data.length > 100;
    }),
  );
  assert.ok(drawn, 'every curve chart has curves');
  // The imbalance panels run their simulation and training in the single file too.
  const imbalance = await page.evaluate(async () => {
    await Promise.all(['anchors', 'training'].map((name) => window.focalExplorer.drawn(name)));
    const { anchors, training } = window.focalExplorer;
    await training.step(20);
    return { anchors: anchors.report.counts.total, steps: training.snapshot.step, history: training.snapshot.models.focal.lossHistory.length };
  });
  assert.deepEqual(imbalance, { anchors: 100000, steps: 20, history: 20 });
  await page.focus('#gamma');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), 2.3);
  await compareLossChartToCore(page);
  await compareGradientChartToCore(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#panel-gradient [data-action="csv"]')]);
  assert.equal(download.suggestedFilename(), 'focal-explorer-gradient.csv');

  const outside = requests.filter((url) => !/^(file|data|blob):/.test(url));
  assert.deepEqual(outside, [], 'no request left the machine');
  assert.deepEqual(messages, []);
  await context.close();
});
