// What a reader who does not see the charts, or does not use a mouse, gets: a text summary of
// every chart built from its numbers, each panel's data as a table, a visible focus ring on every
// control in both themes, and no axe-core violations in any of the page's views.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs/promises');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');
const { axeViolations: axeOn, parseCsv } = require('./helpers/audits.js');

const PANELS = ['loss', 'gradient', 'anchors', 'training', 'compare'];

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

async function open(hash, { viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const context = await env.browser.newContext({ viewport, ...options });
  const { page, messages } = await openExplorer(context, env.url(`/index.html${hash}`));
  return { context, page, messages };
}

// Every panel of the page mounted and drawn.
function drawAll(page) {
  return page.evaluate(async (names) => {
    // An embedded page has one panel: drawn() refuses the others.
    for (const name of names) if (!document.getElementById(`panel-${name}`).hidden) await window.focalExplorer.drawn(name);
  }, PANELS);
}

// The text a canvas's aria-describedby points to.
function description(page, selector) {
  return page.evaluate((css) => {
    const canvas = document.querySelector(css);
    const ids = (canvas.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    return ids.map((id) => (document.getElementById(id) || { textContent: '' }).textContent).join(' ');
  }, selector);
}

// The ratio a sentence quotes as "<ratio>× smaller" (English) or "的 1/<ratio>" (Chinese).
function quotedRatio(sentence) {
  const match = sentence.match(/([\d,.]+)× smaller/) || sentence.match(/的 1\/([\d,.]+)/);
  assert.ok(match, `no ratio in ${sentence}`);
  return Number(match[1].replace(/,/g, ''));
}

function coreRatio(page, gamma) {
  return page.evaluate((g) => {
    const { core, state } = window.focalExplorer;
    const x = Math.log(0.9 / 0.1);
    const ce = state.alpha >= 0 ? core.evaluateLoss('alphaCrossEntropy', { alpha: state.alpha }, x, 1).loss : core.evaluateLoss('crossEntropy', null, x, 1).loss;
    return ce / core.evaluateLoss('focal', { alpha: state.alpha, gamma: g }, x, 1).loss;
  }, gamma);
}

test('the loss chart is summarised with the core\'s CE/FL ratio at pt = 0.9, and the summary follows gamma and the language', async () => {
  const { context, page, messages } = await open('#gamma=2');
  await page.evaluate(() => window.focalExplorer.drawn('loss'));
  await page.waitForFunction(() => /× smaller/.test(document.getElementById('chart-loss-summary')?.textContent || ''));
  const summary = await description(page, '#chart-loss');
  assert.match(summary, /At pₜ = 0\.9, an easy example, focal loss with γ = 2/);
  const ratio2 = await coreRatio(page, 2);
  assert.ok(Math.abs(quotedRatio(summary) - ratio2) <= 0.005 * ratio2, `${summary} quotes the core's ${ratio2}`);

  await page.evaluate(() => window.focalExplorer.set({ gamma: 3 }));
  await page.waitForFunction((before) => document.getElementById('chart-loss-summary').textContent !== before, summary);
  const after3 = await description(page, '#chart-loss');
  assert.match(after3, /γ = 3/);
  const ratio3 = await coreRatio(page, 3);
  assert.ok(Math.abs(quotedRatio(after3) - ratio3) <= 0.005 * ratio3, `${after3} quotes the core's ${ratio3}`);

  await page.evaluate(() => window.focalExplorer.set({ lang: 'zh-CN' }));
  await page.waitForFunction(() => /焦点损失/.test(document.getElementById('chart-loss-summary').textContent));
  const chinese = await description(page, '#chart-loss');
  assert.ok(Math.abs(quotedRatio(chinese) - ratio3) <= 0.005 * ratio3, `${chinese} quotes the core's ${ratio3}`);
  assert.deepEqual(messages, []);
  await context.close();
});

test('every canvas on the page has an accessible name and a description a screen reader reads', async () => {
  const { context, page, messages } = await open('');
  await drawAll(page);
  await page.evaluate(() => window.focalExplorer.training.step(50));
  await page.waitForFunction(() =>
    [...document.querySelectorAll('canvas')].every((canvas) => {
      const summary = document.getElementById(canvas.getAttribute('aria-describedby') || '');
      return summary && summary.textContent.trim().length > 0;
    }),
  );
  // The description as Chromium's accessibility tree gives it to assistive technology.
  const session = await context.newCDPSession(page);
  const { root } = await session.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'canvas' });
  assert.ok(nodeIds.length >= 14, `${nodeIds.length} canvases`);
  for (const nodeId of nodeIds) {
    const { nodes } = await session.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const node = nodes[0];
    const name = node.name ? node.name.value : '';
    const described = (node.properties || []).find((property) => property.name === 'describedby');
    const text = node.description ? node.description.value : '';
    assert.equal(node.role.value, 'image', `${name}: role`);
    assert.ok(name.length > 0, 'every chart has a name');
    assert.ok(described && text.length > 20, `${name}: description "${text}"`);
    // Numbers in it, not just words: the summary reads the chart's data.
    assert.match(text, /\d/, `${name}: ${text}`);
  }
  // The decision surfaces are described with the metrics the model card shows.
  const boundary = await description(page, '#boundary-focal');
  const recall = await page.locator('#train-models .model-card:nth-child(2) .model-metrics div:nth-child(2) dd').textContent();
  assert.ok(boundary.includes(`recall ${recall}`), `${boundary} / card: ${recall}`);
  assert.deepEqual(messages, []);
  await context.close();
});

async function downloadCsv(page, panel) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#panel-${panel} [data-action="csv"]`)]);
  return parseCsv((await fs.readFile(await file.path())).toString('utf8'));
}

// The table as shown: header texts, and per row each cell's exact value (data-value) or text.
function shownTable(page, panel) {
  return page.evaluate((name) => {
    const table = document.querySelector(`#panel-${name} details.data-table table`);
    return {
      caption: table.caption.textContent,
      columns: [...table.tHead.rows[0].cells].map((cell) => cell.textContent),
      rows: [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.dataset.value ?? cell.textContent)),
      visible: table.checkVisibility(),
    };
  }, panel);
}

function assertSameAsCsv(shown, csv, label) {
  const [header, ...rows] = csv;
  assert.deepEqual(shown.columns, header, `${label}: columns`);
  assert.ok(shown.rows.length > 0 && shown.rows.length <= rows.length, `${label}: ${shown.rows.length} rows`);
  shown.rows.forEach((row, r) => assert.deepEqual(row, rows[r], `${label}: row ${r}`));
  if (shown.rows.length < rows.length) assert.match(shown.caption, new RegExp(`The first ${shown.rows.length} of ${rows.length.toLocaleString('en')} rows`));
}

test('"Show the data as a table" shows what the CSV export saves, and follows the settings while open', async () => {
  const { context, page, messages } = await open('#gamma=2', { acceptDownloads: true });
  await drawAll(page);
  for (const panel of PANELS) {
    const toggle = page.locator(`#panel-${panel} details.data-table > summary`);
    assert.equal(await page.locator(`#panel-${panel} details.data-table tbody tr`).count(), 0, `${panel}: nothing built while closed`);
    await toggle.scrollIntoViewIfNeeded();
    // By keyboard, as the disclosure is meant to be used.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.querySelectorAll(`#panel-${name} details.data-table tbody tr`).length > 0, panel);
    const shown = await shownTable(page, panel);
    assert.equal(shown.visible, true, `${panel}: the table is shown`);
    assertSameAsCsv(shown, await downloadCsv(page, panel), panel);
  }
  // The first table's first row reads as a number a person reads: CE at p_t = 0.004 is 5.52146.
  const firstCells = await page.locator('#panel-loss details.data-table tbody tr:first-child td').allTextContents();
  assert.equal(firstCells[0], '0.004');
  assert.match(firstCells[1], /^5\.521\d*$/);

  // Open tables follow a change of the settings.
  await page.locator('#panel-loss').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.focalExplorer.set({ gamma: 3 }));
  await page.waitForFunction(() => [...document.querySelectorAll('#panel-loss details.data-table th')].some((cell) => cell.textContent.includes('γ = 3')));
  assertSameAsCsv(await shownTable(page, 'loss'), await downloadCsv(page, 'loss'), 'loss after gamma = 3');
  assert.deepEqual(messages, []);
  await context.close();
});

// The focus ring of the focused element: its own outline or box-shadow, or, for the segmented
// radio buttons whose input is visually hidden, the outline of the label that shows them.
function focusRing(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    window.tabSeen ??= new WeakSet();
    const again = window.tabSeen.has(element);
    window.tabSeen.add(element);
    const ringed = element.matches('.segments input') ? element.nextElementSibling : element;
    const style = getComputedStyle(ringed);
    const width = parseFloat(style.outlineWidth);
    const hasOutline = style.outlineStyle !== 'none' && width >= 1 && !/rgba\(.*, 0\)$/.test(style.outlineColor);
    const hasShadow = style.boxShadow !== 'none';
    // The colour around the ring: the first opaque background behind the element.
    let behind = 'rgb(255, 255, 255)';
    for (let node = ringed.parentElement; node; node = node.parentElement) {
      const background = getComputedStyle(node).backgroundColor;
      if (background !== 'transparent' && !/rgba\(.*, 0\)$/.test(background)) {
        behind = background;
        break;
      }
    }
    const box = ringed.getBoundingClientRect();
    // Scrolled into view and not under the sticky settings bar: the middle of what shows the
    // focus is the topmost thing there.
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const covered = !top || !(ringed.contains(top) || top.contains(ringed) || [...(element.labels || [])].some((label) => label.contains(top)));
    return {
      covered,
      again,
      what: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}`.slice(0, 80),
      hasOutline,
      hasShadow,
      color: style.outlineColor,
      behind,
      seen: box.width > 0 && box.height > 0,
    };
  });
}

// WCAG relative luminance contrast of two rgb() colours.
function contrast(a, b) {
  const lum = (color) => {
    const [r, g, b2] = color.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Forward and back (the sticky settings bar is above what Shift+Tab reaches), and with a lesson
// open (its card covers the bottom of the window, where Tab brings the next control).
const WALKS = [
  { theme: 'light', key: 'Tab', hash: '' },
  { theme: 'dark', key: 'Tab', hash: '' },
  { theme: 'light', key: 'Shift+Tab', hash: '' },
  { theme: 'dark', key: 'Tab', hash: '&story=2', lesson: true },
];

for (const { theme, key, hash, lesson } of WALKS) {
  test(`${key} reaches every control with a visible focus ring (${theme} theme${lesson ? ', lesson open' : ''})`, async () => {
    const { context, page, messages } = await open(`#theme=${theme}${hash}`);
    await drawAll(page);
    // The tables' boxes are tab stops once open.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details.data-table')) details.open = true;
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    const seen = [];
    const problems = [];
    let stops = 0;
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press(key);
      const ring = await focusRing(page);
      if (ring === null) continue;
      if (ring.again) break;
      seen.push(ring.what);
      stops += 1;
      if (!ring.seen) problems.push(`${ring.what}: focused but not on screen`);
      else if (ring.covered) problems.push(`${ring.what}: focused but covered`);
      else if (!ring.hasOutline && !ring.hasShadow) problems.push(`${ring.what}: no focus ring`);
      else if (ring.hasOutline && contrast(ring.color, ring.behind) < 3) problems.push(`${ring.what}: ring ${ring.color} on ${ring.behind}`);
    }
    assert.ok(stops > 60, `${stops} tab stops`);
    assert.ok(stops < 400, 'Tab came back round to the start');
    // The controls of every panel were reached, the tables' boxes included.
    for (const id of ['gamma', 'family', 'cursor-pt', 'anchor-count', 'train-play', 'compare-focal']) {
      assert.ok(seen.some((what) => what.includes(`#${id}.`)), `#${id} was reached by Tab`);
    }
    assert.equal(seen.filter((what) => what.includes('data-table-scroll')).length, 5, 'each table can be scrolled by keyboard');
    assert.deepEqual(problems, []);
    assert.deepEqual(messages, []);
    await context.close();
  });
}

// axe-core over one view of the page, every panel drawn; `tables` opens the data tables first.
async function axeViolations(view, { tables = false } = {}) {
  const context = await env.browser.newContext({ viewport: view.viewport || { width: 1280, height: 800 }, bypassCSP: true });
  const { page } = await openExplorer(context, env.url(view.path));
  await drawAll(page);
  if (tables) {
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details.data-table')) details.open = true;
    });
    await page.waitForFunction(() => [...document.querySelectorAll('details.data-table')].every((d) => d.closest('[hidden]') || d.querySelector('tbody tr')));
  }
  const violations = await axeOn(page);
  await context.close();
  return violations;
}

const AXE_VIEWS = [
  { name: 'the default page with its data tables open', path: '/index.html', tables: true },
  { name: 'Chinese, on a phone', path: '/index.html#lang=zh-CN', viewport: { width: 390, height: 844 } },
  { name: 'the loss panel embedded', path: '/index.html?embed=loss', viewport: { width: 640, height: 760 } },
  { name: 'the training panel embedded', path: '/index.html?embed=training', viewport: { width: 640, height: 760 } },
  { name: 'presenter mode', path: '/index.html#present=1', viewport: { width: 1920, height: 1080 } },
  { name: 'the dark theme', path: '/index.html#theme=dark' },
  { name: 'the light theme', path: '/index.html#theme=light' },
];

for (const view of AXE_VIEWS) {
  test(`no axe-core violations of any impact: ${view.name}`, async () => {
    assert.deepEqual(await axeViolations(view, view), [], view.path);
  });
}
