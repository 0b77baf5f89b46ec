// Embedding: ?embed=<panel> shows one panel, the Embed button hands out a working <iframe>,
// and a parent page can drive the frame over postMessage and hear its state back.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, recordConsole, setUp } = require('./helpers/browser.js');
const { afterFrames, compareGradientChartToCore, compareLossChartToCore } = require('./helpers/page_checks.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function visiblePanels(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-panel]')].filter((section) => section.checkVisibility()).map((section) => section.dataset.panel),
  );
}

test('?embed=gradient shows the gradient panel alone, filling the frame', async () => {
  const context = await env.browser.newContext({ viewport: { width: 640, height: 520 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html?embed=gradient#gamma=3'));
  assert.deepEqual(await visiblePanels(page), ['gradient']);
  for (const chrome of ['.page-header', '.intro', '.page-footer', '.panel-tools', '#panel-gradient .panel-text']) {
    assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is hidden`);
  }
  assert.deepEqual(await page.evaluate(() => Object.keys(window.focalExplorer.charts)), ['gradient']);
  await compareGradientChartToCore(page);
  // The panel fills the frame: nothing scrolls, and a taller frame means a taller chart.
  const measure = () =>
    page.evaluate(() => ({
      chart: document.getElementById('chart-gradient').getBoundingClientRect().height,
      overflow: document.documentElement.scrollHeight - window.innerHeight,
    }));
  const small = await measure();
  assert.ok(small.chart >= 200, `the chart keeps a usable height (${small.chart}px)`);
  assert.ok(small.overflow <= 1, `the panel fits the frame (${small.overflow}px too tall)`);
  await page.setViewportSize({ width: 640, height: 800 });
  await afterFrames(page);
  const tall = await measure();
  assert.ok(tall.chart >= small.chart + 250, `the chart grows with the frame (${small.chart}px -> ${tall.chart}px)`);
  assert.ok(tall.overflow <= 1);
  const link = await page.locator('.open-full').getAttribute('href');
  assert.match(link, /\/index\.html#lang=en&gamma=3$/, 'a link opens the whole explorer with the same settings');
  assert.deepEqual(messages, []);
  await context.close();
});

test('an unknown embed name shows the whole page with a notice', async () => {
  const context = await env.browser.newContext();
  const { page, messages } = await openExplorer(context, env.url('/index.html?embed=%3Cb%3Enope%3C%2Fb%3E'));
  assert.deepEqual(await visiblePanels(page), ['loss', 'gradient', 'anchors', 'data', 'training', 'compare']);
  assert.match(await page.locator('#notice-list').textContent(), /“<b>nope<\/b>” is not a panel that can be embedded/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the Embed button gives a copyable iframe for the current state and panel', async () => {
  const context = await env.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.evaluate(() => window.focalExplorer.set({ gamma: 3, yscale: 'log' }));
  await page.click('#panel-loss [data-action="embed"]');
  assert.equal(await page.locator('#embed-dialog').isVisible(), true);
  const snippet = await page.inputValue('#embed-snippet');
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/index\.html\?embed=loss#lang=en&amp;gamma=3&amp;yscale=log" title="Focal Loss Explorer: Loss"/);

  await page.click('#embed-copy');
  await page.waitForFunction(() => document.getElementById('embed-status').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  await page.click('#embed-close');
  assert.equal(await page.locator('#embed-dialog').isVisible(), false);

  // The snippet works: a page holding it shows the loss panel with those settings.
  const host = await context.newPage();
  const hostMessages = recordConsole(host);
  await host.goto(env.url('/examples/embed.html'));
  await host.evaluate((html) => {
    document.body.insertAdjacentHTML('beforeend', html);
  }, snippet);
  const frame = await (await host.locator('iframe[title="Focal Loss Explorer: Loss"]').elementHandle()).contentFrame();
  await frame.waitForFunction(() => window.focalExplorer && document.documentElement.classList.contains('ready'));
  const framed = await frame.evaluate(() => ({ state: window.focalExplorer.state, charts: Object.keys(window.focalExplorer.charts) }));
  assert.equal(framed.state.gamma, 3);
  assert.equal(framed.state.yscale, 'log');
  assert.deepEqual(framed.charts, ['loss']);
  assert.deepEqual(messages, []);
  assert.deepEqual(hostMessages, []);
  await context.close();
});

test('examples/embed.html drives the frame with postMessage and hears its state back', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const messages = recordConsole(page);
  await page.goto(env.url('/examples/embed.html'));
  // The frame announces itself once drawn; the example then shows the frame's state.
  await page.waitForFunction(() => document.getElementById('reported').textContent.includes('"gamma"'));
  const frame = page.frame({ url: /embed=loss/ });

  await page.click('.step:nth-of-type(4) button');
  await page.waitForFunction(() => document.getElementById('reported').textContent.includes('"gamma":5'));
  const state = await frame.evaluate(() => window.focalExplorer.state);
  assert.equal(state.gamma, 5);
  assert.equal(state.xaxis, 'logit');
  assert.equal(state.yscale, 'log');
  assert.deepEqual(JSON.parse(await page.locator('#reported').textContent()), {
    gamma: 5,
    alpha: -1,
    pt: state.pt,
    xaxis: 'logit',
    yscale: 'log',
  });
  await afterFrames(frame);
  await compareLossChartToCore(frame);

  // A parent sending a bad value: the good one applies, the frame says why, and still answers.
  const reply = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const frameWindow = document.getElementById('explorer').contentWindow;
        window.addEventListener('message', function listen(event) {
          if (event.source === frameWindow && event.data.type === 'focal-explorer:state' && event.data.state.beta === 2) {
            window.removeEventListener('message', listen);
            resolve(event.data.state);
          }
        });
        frameWindow.postMessage({ type: 'focal-explorer:set', state: { gamma: '<i>x</i>', beta: 2 } }, '*');
      }),
  );
  assert.equal(reply.gamma, 5);
  assert.equal(reply.beta, 2);
  assert.match(await frame.locator('#notice').textContent(), /sent by the embedding page[\s\S]*gamma = “<i>x<\/i>”/);

  // focal-explorer:get answers without changing anything.
  const answered = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const frameWindow = document.getElementById('explorer').contentWindow;
        window.addEventListener('message', function listen(event) {
          if (event.source === frameWindow && event.data.type === 'focal-explorer:state') {
            window.removeEventListener('message', listen);
            resolve(event.data.state);
          }
        });
        frameWindow.postMessage({ type: 'focal-explorer:get' }, '*');
      }),
  );
  assert.equal(answered.beta, 2);
  assert.deepEqual(messages, []);
  await context.close();
});
