// Themes, presenter mode and print: what a teacher sees on a dark projector, in large type, and
// on paper. Each test opens the page as a reader would (a link, the system's colour scheme, the
// header's controls) and looks at the page and at the charts' own pixels.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const { axeViolations } = require('./helpers/audits.js');

const PANELS = ['loss', 'gradient', 'anchors', 'data', 'training', 'compare'];

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function open(hash, { colorScheme = 'light', width = 1280, height = 800, bypassCSP = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, colorScheme, bypassCSP });
  // The colour of a canvas's pixel (1, 1), copied out through a canvas of the test's own so the
  // charts' canvases are never read back (Chromium warns about repeated readbacks).
  await context.addInitScript(() => {
    window.themeTestPixel = (canvas) => {
      const probe = document.createElement('canvas');
      probe.width = 1;
      probe.height = 1;
      const context2d = probe.getContext('2d', { willReadFrequently: true });
      context2d.drawImage(canvas, 1, 1, 1, 1, 0, 0, 1, 1);
      const pixel = context2d.getImageData(0, 0, 1, 1).data;
      return [pixel[0], pixel[1], pixel[2]];
    };
  });
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  return { context, page, messages };
}

// Relative luminance (WCAG) of a CSS colour (#rrggbb, rgb(), rgba()) or an [r, g, b] triple.
function luminance(color) {
  let rgb = color;
  if (typeof color === 'string' && color.startsWith('#')) rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  else if (typeof color === 'string') rgb = color.match(/[\d.]+/g).slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

// Every chart of every panel, drawn; for each, the colour of a pixel in its top-left corner (the
// chart's background, outside the plot area and the legend).
async function chartCorners(page) {
  for (const name of PANELS) await page.evaluate((panel) => window.focalExplorer.drawn(panel), name);
  return page.evaluate(() => {
    const corners = {};
    for (const [name, chart] of Object.entries(window.focalExplorer.charts)) {
      if (!chart) continue; // the "Your model" charts exist once a file is read
      corners[name] = window.themeTestPixel(chart.canvas);
    }
    return corners;
  });
}

function assertAllDark(corners, what) {
  assert.ok(Object.keys(corners).length >= 10, `${what}: all charts were read`);
  for (const [name, rgb] of Object.entries(corners)) assert.ok(luminance(rgb) < 0.05, `${what}: chart ${name} background ${rgb} is dark`);
}

test('#theme=dark, and the system asking for dark with theme=auto, give a dark page and dark charts', async () => {
  const { context, page, messages } = await open('#theme=dark');
  assert.ok(luminance(await bodyBackground(page)) < 0.05, 'the page background is dark');
  assert.ok(luminance(await page.evaluate(() => getComputedStyle(document.body).color)) > 0.6, 'the text is light');
  assertAllDark(await chartCorners(page), '#theme=dark');
  assert.equal(await page.locator('#theme').inputValue(), 'dark', 'the theme menu shows the link’s theme');
  assert.deepEqual(messages, []);
  await context.close();

  const auto = await open('', { colorScheme: 'dark' });
  assert.equal(await auto.page.evaluate(() => window.focalExplorer.state.theme), 'auto');
  assert.ok(luminance(await bodyBackground(auto.page)) < 0.05, 'auto follows a dark system');
  assertAllDark(await chartCorners(auto.page), 'auto on a dark system');
  // The system switching to light while the page is open: the page and its charts follow.
  await auto.page.emulateMedia({ colorScheme: 'light' });
  await auto.page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.ok(luminance(await bodyBackground(auto.page)) > 0.8, 'auto follows the system back to light');
  for (const [name, rgb] of Object.entries(await chartCorners(auto.page))) assert.ok(luminance(rgb) > 0.9, `chart ${name} is light again`);
  assert.deepEqual(auto.messages, []);
  await auto.context.close();
});

test('the theme menu writes the setting and restyles the drawn charts in place', async () => {
  const { context, page, messages } = await open('');
  await page.evaluate(() => window.focalExplorer.drawn('gradient'));
  const look = () =>
    page.evaluate(() => {
      const chart = window.focalExplorer.charts.gradient;
      return {
        corner: window.themeTestPixel(chart.canvas),
        tick: chart.scales.x.options.ticks.color,
        legend: chart.legend.legendItems[0].fontColor,
        ce: chart.getDatasetMeta(0).dataset.options.borderColor,
      };
    });
  // A mark on the window and on the chart object: gone if the page reloaded or the chart was rebuilt.
  await page.evaluate(() => {
    window.themeTestMark = true;
    window.focalExplorer.charts.gradient.$themeTestMark = true;
  });
  const light = await look();
  await page.selectOption('#theme', 'dark');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.equal(await page.evaluate(() => window.focalExplorer.state.theme), 'dark', 'the menu wrote the setting');
  const dark = await look();
  assert.ok(luminance(light.corner) > 0.9 && luminance(dark.corner) < 0.05, `background ${light.corner} -> ${dark.corner}`);
  assert.ok(luminance(dark.tick) > luminance(light.tick), `tick labels ${light.tick} -> ${dark.tick}`);
  assert.ok(luminance(dark.legend) > 0.5 && luminance(light.legend) < 0.1, `legend text ${light.legend} -> ${dark.legend}`);
  assert.ok(luminance(dark.ce) > 0.5 && luminance(light.ce) < 0.1, `the CE curve ${light.ce} -> ${dark.ce}`);
  assert.equal(
    await page.evaluate(() => window.themeTestMark === true && window.focalExplorer.charts.gradient.$themeTestMark === true),
    true,
    'no reload, the same chart',
  );
  // The address follows the settings (after its throttle).
  await page.waitForFunction(() => window.location.hash.includes('theme=dark'));
  await page.selectOption('#theme', 'light');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.ok(luminance((await look()).corner) > 0.9, 'and back');
  assert.deepEqual(messages, []);
  await context.close();
});

async function presenterLook(page) {
  for (const name of ['loss', 'gradient']) await page.evaluate((panel) => window.focalExplorer.drawn(panel), name);
  return page.evaluate(() => {
    const { charts } = window.focalExplorer;
    const widths = (chart) => chart.data.datasets.map((d, i) => chart.getDatasetMeta(i).dataset.options.borderWidth);
    const panel = document.getElementById('panel-loss').getBoundingClientRect();
    return {
      rootFont: parseFloat(getComputedStyle(document.documentElement).fontSize),
      bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
      lossWidths: widths(charts.loss),
      gradientWidths: widths(charts.gradient),
      tickFont: charts.loss.scales.x._resolveTickFontOptions(0).size,
      // Legends and axis titles take Chart.js's default font.
      defaultFont: charts.loss.constructor.defaults.font.size,
      panelHeight: panel.height,
      viewport: window.innerHeight,
      pressed: document.getElementById('present-toggle').getAttribute('aria-pressed'),
    };
  });
}

test('#present=1: large type, thick curves, scaled chart text, each panel a screen high', async () => {
  const normal = await open('');
  const base = await presenterLook(normal.page);
  assert.equal(base.pressed, 'false');
  await normal.context.close();

  const { context, page, messages } = await open('#present=1');
  const look = await presenterLook(page);
  assert.ok(look.rootFont >= 1.6 * base.rootFont, `root font ${base.rootFont} -> ${look.rootFont}`);
  assert.ok(look.bodyFont >= 1.6 * base.bodyFont, `body font ${base.bodyFont} -> ${look.bodyFont}`);
  for (const width of [...look.lossWidths, ...look.gradientWidths]) assert.ok(width >= 3, `curve width ${width}`);
  assert.ok(look.lossWidths.length >= 5 && look.gradientWidths.length >= 2);
  assert.ok(look.tickFont >= 1.6 * base.tickFont, `tick font ${base.tickFont} -> ${look.tickFont}`);
  assert.ok(look.defaultFont >= 1.6 * base.defaultFont, `legend and title font ${base.defaultFont} -> ${look.defaultFont}`);
  assert.ok(look.panelHeight >= look.viewport, `a panel (${look.panelHeight}px) fills the screen (${look.viewport}px)`);
  assert.equal(look.pressed, 'true', 'the presenter button shows it is on');

  // The button turns it off, in place: the setting, the type and the curves follow.
  await page.click('#present-toggle');
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-present'));
  assert.equal(await page.evaluate(() => window.focalExplorer.state.present), false);
  const off = await presenterLook(page);
  assert.equal(off.pressed, 'false');
  assert.equal(off.rootFont, base.rootFont);
  assert.deepEqual(off.lossWidths, base.lossWidths);
  assert.equal(off.tickFont, base.tickFont);
  assert.deepEqual(messages, []);
  await context.close();
});

test('printing: no controls, the charts in light colours even in the dark theme, one panel alone from its Print button', async () => {
  const { context, page, messages } = await open('#theme=dark');
  await chartCorners(page);
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['#controls', '#lang', '#theme', '#present-toggle', '.panel-nav', '#panel-loss .panel-tools', '#panel-loss .panel-controls', '#panel-training .transport']) {
    assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is not printed`);
  }
  for (const canvas of ['#chart-loss', '#chart-gradient']) assert.equal(await page.locator(canvas).isVisible(), true, `${canvas} is printed`);
  assert.ok(luminance(await bodyBackground(page)) > 0.95, 'white paper');
  assert.ok(luminance(await page.evaluate(() => getComputedStyle(document.querySelector('.panel-text')).color)) < 0.01, 'black text');

  // The browser announces printing: the charts switch to the light palette, and back after.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  for (const [name, rgb] of Object.entries(await chartCorners(page))) assert.ok(luminance(rgb) > 0.9, `chart ${name} prints light`);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assertAllDark(await chartCorners(page), 'after printing');

  // A panel's Print button prints that panel alone (the print dialog itself is stubbed out).
  await page.evaluate(() => {
    window.print = () => {
      window.printedPanel = document.documentElement.dataset.printPanel;
    };
  });
  await page.emulateMedia({ media: 'screen' });
  await page.click('#panel-gradient [data-action="print"]');
  assert.equal(await page.evaluate(() => window.printedPanel), 'gradient');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#chart-gradient').isVisible(), true, 'the gradient panel prints');
  for (const other of ['#panel-loss', '#panel-compare', '.page-header']) assert.equal(await page.locator(other).isVisible(), false, `${other} does not`);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.locator('#panel-loss').isVisible(), true, 'after printing, a later print has every panel again');
  assert.deepEqual(messages, []);
  await context.close();
});

test('no serious accessibility violations (axe-core) in the dark theme and in presenter mode', async () => {
  for (const hash of ['#theme=dark', '#present=1', '#present=1&theme=dark&lang=zh-CN']) {
    const { context, page } = await open(hash, { bypassCSP: true });
    for (const name of PANELS) await page.evaluate((panel) => window.focalExplorer.drawn(panel), name);
    const violations = await axeViolations(page, { impacts: ['serious', 'critical'] });
    assert.deepEqual(violations, [], hash);
    await context.close();
  }
});
