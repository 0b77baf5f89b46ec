// The page as a reader meets it: it loads clean, the sliders move the curves, and the curves
// are the core's numbers.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const { axeViolations } = require('./helpers/audits.js');
const { afterFrames, compareLossChartToCore, compareGradientChartToCore } = require('./helpers/page_checks.js');

const PANELS = ['loss', 'gradient', 'anchors', 'data', 'training', 'compare'];

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

test('the page loads, draws every panel and logs no errors or warnings', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.evaluate((names) => Promise.all(names.map((name) => window.focalExplorer.drawn(name))), PANELS);
  const summary = await page.evaluate(() => {
    const charts = window.focalExplorer.charts;
    return Object.fromEntries(
      Object.entries(charts).map(([name, chart]) => [
        name,
        // The "Your model" charts exist once a file is read (docs/api.md).
        chart === undefined ? null : chart.data.datasets.map((dataset) => ({
          points: dataset.data.length,
          // The histogram leaves an empty bin without a bar (null): a gap, not a bad value.
          finite: dataset.data.every((point) => Number.isFinite(point.x) && (Number.isFinite(point.y) || (name === 'trainHistogram' && point.y === null))),
        })),
      ]),
    );
  });
  assert.deepEqual(Object.keys(summary).sort(), [
    'anchorCdfNegatives', 'anchorCdfPositives', 'anchorFactor', 'anchorInit', 'anchorShares',
    'compare', 'compareGradient', 'dataCalibration', 'dataCdfNegatives', 'dataCdfPositives', 'dataShares', 'dataSweep',
    'gradient', 'loss', 'simplex', 'trainHistogram', 'trainLoss', 'trainMetrics', 'trainPr', 'trainReliability', 'trainSeeds',
  ]);
  for (const name of ['dataShares', 'dataSweep', 'dataCdfPositives', 'dataCdfNegatives', 'dataCalibration']) {
    assert.equal(summary[name], null, `${name} waits for a file`);
    delete summary[name];
  }
  // The seed bands are drawn by a repeat run, which none has asked for yet.
  assert.deepEqual(summary.trainSeeds, []);
  delete summary.trainSeeds;
  // Curves on a grid have hundreds of points; bars one per category; the training loss
  // history is empty before the first step.
  const minimum = { anchorShares: 6, anchorInit: 3, anchorFactor: 41, anchorCdfPositives: 200, anchorCdfNegatives: 200, trainLoss: 0, trainPr: 2, trainMetrics: 4,
    trainReliability: 1, trainHistogram: 15, simplex: 71 };
  for (const [name, datasets] of Object.entries(summary)) {
    assert.ok(datasets.length > 0, `${name} has datasets`);
    for (const dataset of datasets) {
      assert.ok(dataset.points >= (minimum[name] ?? 101), `${name} has its points (${dataset.points})`);
      assert.ok(dataset.finite, `${name} values are finite`);
    }
  }
  assert.equal(await page.locator('#status').isVisible(), false, 'the loading message is gone');
  // The readout states the paper's headline number for the default settings.
  assert.match(await page.locator('#readout-sentence').textContent(), /pₜ = 0\.9 and γ = 2, focal loss is 100× smaller/);
  assert.match(await page.locator('#gradient-caption').textContent(), /−1\.129 at pₜ ≈ 0\.058/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('the formulas are drawn in KaTeX\'s fonts, and those fonts hold every character drawn', async () => {
  // web/build.mjs cuts the fonts down to the characters of the formulas; a character it missed
  // would fall back to another font. Drawn in a font stack ending in monospace, then in one
  // ending in serif, a character the KaTeX face holds measures the same; a missing one does not.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  // Every panel, so that every formula on the page is in the document and measured.
  await page.evaluate((names) => Promise.all(names.map((name) => window.focalExplorer.drawn(name))), PANELS);
  const report = await page.evaluate(async () => {
    await document.fonts.ready;
    const used = new Map(); // "style weight family" -> characters
    for (const root of document.querySelectorAll('.katex-html')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const style = getComputedStyle(node.parentElement);
        const family = style.fontFamily.split(',')[0].trim().replace(/"/g, '');
        const key = `${style.fontStyle} ${style.fontWeight} ${family}`;
        used.set(key, (used.get(key) || '') + node.textContent.replace(/\u200b/g, ''));
      }
    }
    const context2d = document.createElement('canvas').getContext('2d');
    const width = (font, text) => {
      context2d.font = font;
      return context2d.measureText(text).width;
    };
    const faces = [...document.fonts].map((face) => ({ key: `${face.style} ${face.weight} ${face.family.replace(/"/g, '')}`, status: face.status }));
    const missing = [];
    for (const [key, text] of used) {
      const [style, weight, family] = key.split(' ');
      for (const character of new Set(text)) {
        if (!character.trim()) continue;
        const font = (fallback) => `${style} ${weight} 40px "${family}", ${fallback}`;
        if (width(font('monospace'), character) !== width(font('serif'), character)) missing.push(`${character} in ${key}`);
      }
    }
    return { used: [...used.keys()], faces, missing };
  });
  assert.ok(report.used.some((key) => key.endsWith('KaTeX_Main')) && report.used.some((key) => key.endsWith('KaTeX_Math')), report.used.join(', '));
  for (const key of report.used) {
    const face = report.faces.find((candidate) => candidate.key === key);
    assert.ok(face, `an @font-face for ${key}`);
    assert.equal(face.status, 'loaded', `${key} loaded`);
  }
  assert.deepEqual(report.missing, [], 'characters the KaTeX fonts lack');
  assert.deepEqual(messages, []);
  await context.close();
});

test('ready means the panels in view have drawn; the others draw as they come near or when asked', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fetched = [];
  context.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  // A panel's canvases become labelled images when its charts are made.
  const drawn = () => page.evaluate((names) => names.filter((name) => document.querySelector(`#panel-${name} canvas[role="img"]`)), PANELS);
  assert.deepEqual(await drawn(), ['loss'], 'at the top of a 1280 x 800 page only the loss panel is in view');
  // The first view loads the losses' module, not the whole core or the code of the panels below.
  assert.ok(fetched.includes('/focal_view.wasm'));
  assert.deepEqual(fetched.filter((name) => /focal_core|_panel-/.test(name)), []);
  // The navigation follows the page, whatever order the panels' code registered in.
  const nav = await page.evaluate(() => [...document.querySelectorAll('#panel-nav-list a')].map((link) => link.getAttribute('href')));
  assert.deepEqual(nav, PANELS.map((name) => `#panel-${name}`));
  const early = await page.evaluate(() => {
    try {
      return window.focalExplorer.charts.compare;
    } catch (error) {
      return error.message;
    }
  });
  assert.equal(early, "the compare panel has not loaded yet: await focalExplorer.drawn('compare') first");
  const loss = await page.evaluate(() => document.getElementById('chart-loss').getAttribute('aria-label'));
  assert.match(loss, /γ = 0, 0\.5, 1, 2, 5/);
  // Scrolling brings a panel near: it draws without a script asking.
  await page.locator('#panel-anchors').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#panel-anchors canvas[role="img"]') && !document.querySelector('#panel-anchors[data-pending]'));
  // drawn() draws a panel that is still far away, and says which names it knows.
  await page.evaluate(() => window.focalExplorer.drawn('compare'));
  assert.ok(await page.locator('#compare-focal').isChecked());
  const rejected = await page.evaluate(() => window.focalExplorer.drawn('nope').then(() => 'resolved', (error) => `${error.name}: ${error.message}`));
  assert.match(rejected, /^RangeError: focalExplorer.drawn: "nope" is not a panel of this page/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('moving #gamma by keyboard, typing and dragging redraws loss and gradient with the core values', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));

  // Keyboard: five steps of 0.1 from the default 2.
  await page.focus('#gamma');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), 2.5);
  assert.equal(await page.inputValue('#gamma-number'), '2.5', 'the number box follows the slider');
  await compareLossChartToCore(page);
  await compareGradientChartToCore(page);

  // Typing into the number box: fill() sends an input event.
  await page.fill('#gamma-number', '3.7');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), 3.7);
  await compareLossChartToCore(page);
  await compareGradientChartToCore(page);

  // Dragging with the mouse towards the right end of the track.
  const box = await page.locator('#gamma').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.2, y);
  await page.mouse.down();
  for (const fraction of [0.4, 0.6, 0.8, 0.9]) await page.mouse.move(box.x + box.width * fraction, y, { steps: 4 });
  await page.mouse.up();
  await afterFrames(page);
  const dragged = await page.evaluate(() => window.focalExplorer.state.gamma);
  assert.ok(dragged > 7, `dragging right raised gamma (got ${dragged})`);
  await compareLossChartToCore(page);
  await compareGradientChartToCore(page);

  // The p_t axis draws the same curves on the logit axis.
  await page.click('label[for="xaxis-logit"]');
  await afterFrames(page);
  await compareLossChartToCore(page);
  assert.deepEqual(messages, []);
  await context.close();
});

test('alpha, the class and beta reach the curves', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.check('#alpha-on');
  await page.fill('#alpha-number', '0.4');
  await page.click('label[for="target-background"]');
  await page.fill('#beta-number', '-1.5');
  await afterFrames(page);
  const state = await page.evaluate(() => window.focalExplorer.state);
  assert.equal(state.alpha, 0.4);
  assert.equal(state.target, 'background');
  assert.equal(state.beta, -1.5);
  await compareLossChartToCore(page);
  await compareGradientChartToCore(page);
  // The readout now shows the class weight of a background example, 1 - alpha.
  assert.equal(await page.locator('#readout-alpha-row').isVisible(), true);
  assert.equal(await page.locator('#readout-alpha').textContent(), '0.6');
  await page.uncheck('#alpha-on');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.state.alpha), -1);
  assert.equal(await page.isDisabled('#alpha'), true, 'the alpha slider is disabled while alpha is off');
  assert.deepEqual(messages, []);
  await context.close();
});

test('hovering the loss chart moves the readout and its cursor; a click pins it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html#xaxis=logit'));
  // Centred, so the sticky settings bar does not cover the chart.
  await page.locator('#chart-loss').evaluate((canvas) => canvas.scrollIntoView({ block: 'center' }));
  const box = await page.locator('#chart-loss').boundingBox();
  const pointAt = (xt) =>
    page.evaluate((value) => {
      const chart = window.focalExplorer.charts.loss;
      const rect = chart.canvas.getBoundingClientRect();
      return { x: rect.left + chart.scales.x.getPixelForValue(value), y: rect.top + (chart.chartArea.top + chart.chartArea.bottom) / 2 };
    }, xt);

  // Hover at x_t = 0, i.e. p_t = 0.5, where FL with gamma = 2 is 4x smaller (to a pixel's precision).
  const middle = await pointAt(0);
  await page.mouse.move(middle.x, middle.y);
  await page.waitForFunction(() => !document.getElementById('readout-sentence').textContent.includes('pₜ = 0.9 '));
  const sentence = await page.locator('#readout-sentence').textContent();
  const [, hoveredPt, ratio] = sentence.match(/At pₜ = (0\.\d+) and γ = 2, focal loss is ([\d.]+)× smaller/);
  assert.ok(Math.abs(Number(hoveredPt) - 0.5) < 0.02, sentence);
  assert.ok(Math.abs(Number(ratio) - 1 / (1 - Number(hoveredPt)) ** 2) < 0.01 * Number(ratio), sentence);
  // The dashed cursor line is drawn where the pointer is, and no longer at the pinned p_t = 0.9:
  // count dark pixels in the empty top band of the plot, in a column at each place.
  const darkPixels = await page.evaluate(() => {
    const chart = window.focalExplorer.charts.loss;
    const scale = chart.canvas.width / chart.canvas.getBoundingClientRect().width;
    const top = Math.round((chart.chartArea.top + 5) * scale);
    const rows = Math.round(60 * scale);
    // One read of the band (more would make Chromium suggest willReadFrequently in the console).
    const band = chart.canvas.getContext('2d').getImageData(0, top, chart.canvas.width, rows);
    const count = (xt) => {
      const x = Math.round(chart.scales.x.getPixelForValue(xt) * scale);
      let dark = 0;
      for (let row = 0; row < rows; row++) {
        for (let column = x - 1; column <= x + 1; column++) {
          const i = (row * band.width + column) * 4;
          if (band.data[i] < 180 && band.data[i + 1] < 180 && band.data[i + 2] < 180) dark += 1;
        }
      }
      return dark;
    };
    return { hovered: count(chart.$focalCursorX), pinned: count(Math.log(0.9) - Math.log1p(-0.9)), cursor: chart.$focalCursorX };
  });
  assert.ok(Math.abs(darkPixels.cursor) < 0.1, `the cursor follows the pointer (x_t = ${darkPixels.cursor})`);
  assert.ok(darkPixels.hovered > 10, `a cursor line is drawn under the pointer (${darkPixels.hovered} dark pixels)`);
  assert.equal(darkPixels.pinned, 0, 'and not at the pinned p_t');
  assert.equal(await page.evaluate(() => window.focalExplorer.state.pt), 0.9, 'hovering does not change the setting');

  // Leaving the chart returns to the pinned p_t; clicking pins a new one.
  await page.mouse.move(box.x - 40, box.y - 40);
  await page.waitForFunction(() => document.getElementById('readout-sentence').textContent.includes('pₜ = 0.9 '));
  const right = await pointAt(Math.log(0.968) - Math.log1p(-0.968));
  await page.mouse.click(right.x, right.y);
  await afterFrames(page);
  const pinned = await page.evaluate(() => window.focalExplorer.state.pt);
  assert.ok(Math.abs(pinned - 0.968) <= 0.002, `clicked near p_t = 0.968, pinned ${pinned}`);
  // The address follows within a quarter of a second (it is rewritten at most that often).
  await page.waitForFunction(() => /pt=0\.96/.test(window.location.hash));
  assert.deepEqual(messages, []);
  await context.close();
});

test('a burst of slider events costs one redraw per affected chart', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page } = await openExplorer(context, env.url('/index.html'));
  const counts = await page.evaluate(async () => {
    // Every panel drawn, those below the fold too (their charts can be read once loaded).
    await Promise.all(['anchors', 'data', 'training', 'compare'].map((name) => window.focalExplorer.drawn(name)));
    const counts = {};
    for (const [name, chart] of Object.entries(window.focalExplorer.charts)) {
      if (!chart) continue; // the "Your model" charts exist once a file is read
      counts[name] = 0;
      // Every redraw ends in render(), whether Chart.js's full update or charts.js's redraw() of
      // the points alone led there.
      const render = chart.render.bind(chart);
      chart.render = () => {
        counts[name] += 1;
        return render();
      };
    }
    const slider = document.getElementById('gamma');
    for (let i = 0; i < 30; i++) {
      slider.value = String(1 + i / 10);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // A panel below the fold redraws when it is seen or, as here, when a script reads its chart.
    void window.focalExplorer.charts.gradient;
    return counts;
  });
  assert.equal(counts.loss, 1, 'loss chart redrawn once');
  assert.equal(counts.gradient, 1, 'gradient chart redrawn once, on screen or when read');
  assert.equal(counts.compare, 0, 'the compare panel does not read gamma');
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), 3.9);
  await compareLossChartToCore(page);
  await compareGradientChartToCore(page);
  await context.close();
});

// While a slider moves one curve, the curves that did not move are drawn from a bitmap
// (web/js/chart_layers.js). After a drag, each chart must look as it does on a page opened at the
// final settings, which draws every curve afresh: a stale bitmap would leave a curve where it was.
test('after a drag, each chart shows the picture a page opened at the same settings draws', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  const drags = [
    // gamma moves the loss chart's top curve over the unmoved family; beta moves the gradient
    // chart's middle curve (FL*) between CE and FL; the compare panel's gamma moves its focal loss.
    { panel: 'loss', chart: 'loss', control: '#gamma', values: [2.2, 2.6, 3.1, 0.7] },
    { panel: 'gradient', chart: 'gradient', control: '#beta', values: [0.5, 1.5, -2] },
    { panel: 'compare', chart: 'compare', control: '#compare-flGamma', values: [1, 3, 4.5] },
  ];
  for (const drag of drags) {
    await page.evaluate((name) => window.focalExplorer.drawn(name), drag.panel);
    await page.locator(drag.control).scrollIntoViewIfNeeded();
    for (const value of drag.values) {
      await page.locator(drag.control).evaluate((input, v) => {
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
      await afterFrames(page);
    }
  }
  // The address holds the settings once they have been still for a moment.
  await page.waitForFunction(() => window.location.hash.includes('beta=-2'));
  await page.waitForTimeout(700);
  const hash = await page.evaluate(() => window.location.hash);
  const settings = await page.evaluate(() => window.focalExplorer.state);
  const pictures = await page.evaluate((names) => names.map((name) => window.focalExplorer.charts[name].canvas.toDataURL()), drags.map((d) => d.chart));

  const fresh = await openExplorer(context, env.url(`/index.html${hash}`));
  assert.deepEqual(await fresh.page.evaluate(() => window.focalExplorer.state), settings, 'the fresh page has the same settings');
  for (const [i, drag] of drags.entries()) {
    await fresh.page.evaluate((name) => window.focalExplorer.drawn(name), drag.panel);
    const differing = await fresh.page.evaluate(async ({ name, picture }) => {
      const canvas = window.focalExplorer.charts[name].canvas;
      const image = new Image();
      image.src = picture;
      await image.decode();
      if (image.width !== canvas.width || image.height !== canvas.height) return -1;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      copy.getContext('2d').drawImage(image, 0, 0);
      const a = copy.getContext('2d').getImageData(0, 0, copy.width, copy.height).data;
      const b = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      // Edges composited from a bitmap may round a level or two differently; a curve in the
      // wrong place differs by far more, over hundreds of pixels.
      let count = 0;
      for (let p = 0; p < a.length; p += 4) {
        if (Math.max(Math.abs(a[p] - b[p]), Math.abs(a[p + 1] - b[p + 1]), Math.abs(a[p + 2] - b[p + 2])) > 24) count++;
      }
      return count;
    }, { name: drag.chart, picture: pictures[i] });
    assert.ok(differing >= 0, `${drag.chart}: the fresh page's chart has the same size`);
    assert.ok(differing <= 20, `${drag.chart}: ${differing} pixels differ from a fresh draw at the same settings`);
  }
  assert.deepEqual(messages, []);
  assert.deepEqual(fresh.messages, []);
  await context.close();
});

test('the family box, the axes and the compare checkboxes change what is drawn', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  // The compare panel is far below the fold: it builds its legend (the checkboxes) when drawn.
  await page.evaluate(() => window.focalExplorer.drawn('compare'));
  await page.fill('#family', '0, 1, 3');
  await afterFrames(page);
  const gammas = await page.evaluate(() => window.focalExplorer.charts.loss.data.datasets.map((d) => d.focalGamma));
  assert.deepEqual(gammas, [0, 1, 3, 2], 'three family curves and the slider curve');
  await page.fill('#family', '0, 1, eleven');
  assert.equal(await page.locator('#family-error').isVisible(), true, 'a bad family is explained');
  assert.deepEqual(await page.evaluate(() => window.focalExplorer.state.family), [0, 1, 3], 'and not applied');

  await page.click('label[for="yscale-log"]');
  await afterFrames(page);
  assert.equal(await page.evaluate(() => window.focalExplorer.charts.loss.options.scales.y.type), 'logarithmic');

  await page.check('#compare-asymmetric');
  await page.uncheck('#compare-polyOne');
  await page.fill('#compare-aslGammaNeg', '2');
  await afterFrames(page);
  const compare = await page.evaluate(() => {
    const { core, charts, state } = window.focalExplorer;
    const lossChart = charts.compare;
    const asl = lossChart.data.datasets.find((d) => d.focalLoss === 'asymmetric');
    const logits = Float64Array.from(asl.data, (p) => p.x);
    const out = new Float64Array(logits.length);
    core.lossBatch('asymmetric', { gammaPos: 0, gammaNeg: 2, margin: 0.05 }, logits, new Float64Array(logits.length).fill(1), out, null, 'none');
    return {
      shown: lossChart.data.datasets.map((d) => d.focalLoss),
      state: state.compare,
      same: asl.data.every((p, i) => p.y === out[i]),
    };
  });
  assert.deepEqual(compare.shown, ['crossEntropy', 'focal', 'focalStar', 'asymmetric', 'flsd53']);
  assert.deepEqual(compare.state, compare.shown);
  assert.ok(compare.same, 'the ASL curve is the core\'s ASL with the edited gamma-');
  assert.deepEqual(messages, []);
  await context.close();
});

test('no serious accessibility violations (axe-core) on desktop, on a phone in Chinese, embedded', async () => {
  const views = [
    { width: 1280, height: 800, path: '/index.html' },
    { width: 390, height: 844, path: '/index.html#lang=zh-CN' },
    { width: 640, height: 560, path: '/index.html?embed=compare' },
  ];
  for (const view of views) {
    // axe is injected as a script, which the page's CSP would rightly refuse.
    const context = await env.browser.newContext({ viewport: { width: view.width, height: view.height }, bypassCSP: true });
    const { page } = await openExplorer(context, env.url(view.path));
    const violations = await axeViolations(page, { impacts: ['serious', 'critical'] });
    assert.deepEqual(violations, [], `${view.width}px ${view.path}`);
    await context.close();
  }
});

test('when the WebAssembly core cannot load, the page says so instead of staying blank', async () => {
  const context = await env.browser.newContext();
  // The first view's module (the losses) and the whole core alike.
  await context.route('**/focal_{view,core}.wasm', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(env.url('/index.html'));
  const outcome = await page.evaluate(() => window.focalExplorer.ready.then(() => 'ready', (error) => `rejected: ${error.message}`));
  assert.match(outcome, /^rejected: /);
  const status = page.locator('#status');
  assert.equal(await status.isVisible(), true);
  assert.match(await status.textContent(), /The WebAssembly core could not be loaded/);
  await context.close();
});

// The first frame holds everything below the introduction back until the page's script marks
// it started (explorer.css); a reader without scripts must still get the whole text.
test('without scripts the whole text shows; with them the settings and panels follow the first frame', async () => {
  const visibleText = (page) => page.evaluate(() => ['#controls', '#panel-loss h2', '#panel-compare h2']
    .map((selector) => document.querySelector(selector))
    .map((element) => getComputedStyle(element.closest('main > *')).contentVisibility !== 'hidden' && element.checkVisibility()));

  const plain = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const plainPage = await plain.newPage();
  await plainPage.goto(env.url('/index.html'));
  assert.deepEqual(await visibleText(plainPage), [true, true, true]);
  await plain.close();

  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page } = await openExplorer(context, env.url('/index.html'));
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-started')), true);
  assert.deepEqual(await visibleText(page), [true, true, true]);
  await context.close();
});
