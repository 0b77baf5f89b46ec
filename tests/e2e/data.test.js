// The "Your model" panel: a reader's own detector scores, read in a worker and shown as the
// anchors panel shows a simulated detector. Every number on it must be the core's report for the
// file (a direct core.data call in the page, made here, independently of the panel), follow the
// sliders live, and survive bad input and Cancel without ever showing half a report.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { after, before, test } = require('node:test');
const { axeViolations } = require('./helpers/audits.js');
const { DIST, ROOT, launchBrowser, openExplorer, recordConsole, setUp } = require('./helpers/browser.js');
const { afterFrames } = require('./helpers/page_checks.js');

const SAMPLE = path.join(ROOT, 'web/samples/detector_sample.csv');
const NPY = path.join(ROOT, 'tests/fixtures/web-data/preds.npy');
const INSPECT = path.join(ROOT, 'build-native/focal-inspect');

let env;
let folder;
before(async () => {
  env = await setUp();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-data-e2e-'));
});
after(async () => {
  await env.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

// A detector-like CSV of `rows` rows, the same for a seed: easy negatives, hard negatives, ~1%
// positives (mulberry32 + Box-Muller, so the test needs no data file of its own).
function detectorCsv(rows, seed = 1) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const lines = ['label,logit'];
  for (let i = 0; i < rows; i++) {
    const u = uniform();
    if (u < 0.01) lines.push(`1,${(1 + 2 * normal()).toFixed(3)}`);
    else if (u < 0.06) lines.push(`0,${(-1.5 + normal()).toFixed(3)}`);
    else lines.push(`0,${(-6 + 1.3 * normal()).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

function writeFile(name, content) {
  const file = path.join(folder, name);
  fs.writeFileSync(file, content);
  return file;
}

async function openPanel(context, url = '/index.html') {
  const opened = await openExplorer(context, env.url(url));
  await opened.page.evaluate(() => window.focalExplorer.drawn('data'));
  await opened.page.locator('#panel-data').scrollIntoViewIfNeeded();
  return opened;
}

// Waits until the panel shows `name` (or says why not) and returns what it shows.
async function settled(page, name) {
  await page.waitForFunction(
    (expected) => {
      const status = document.getElementById('data-status').textContent;
      const error = document.getElementById('data-error');
      return document.getElementById('data-progress').hidden && (status.includes(expected) || !error.hidden);
    },
    name,
    { timeout: 60000 },
  );
  return page.evaluate(() => ({
    error: document.getElementById('data-error').hidden ? null : document.getElementById('data-error').textContent,
    status: document.getElementById('data-status').textContent,
    resultsShown: !document.getElementById('data-results').hidden,
    report: window.focalExplorer.data.report,
  }));
}

// The core's report for `bytes` (base64) read in one piece, straight from focalExplorer.core.data
// with the page's settings: what the panel must show.
function coreReport(page, base64, readerOptions) {
  return page.evaluate(
    ({ base64: data, options }) => {
      const { core, state } = window.focalExplorer;
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const params = { gamma: state.gamma, alpha: state.alpha, easyThreshold: state.dataEasy };
      let summary;
      if (options.format === 'json') summary = core.data.summaryFromJson(new TextDecoder().decode(bytes));
      else {
        const reader = core.data.createReader(options);
        reader.push(bytes);
        summary = reader.finish();
        reader.delete();
      }
      try {
        return summary.report(params);
      } finally {
        summary.delete();
      }
    },
    { base64, options: readerOptions },
  );
}

const b64 = (content) => Buffer.from(content).toString('base64');

// Equal numbers everywhere (the page's summary comes from the worker's JSON, which keeps every
// double exactly), the same shape and strings: returns the first differences.
function differences(got, expected, where = 'report', found = []) {
  if (found.length >= 10) return found;
  if (typeof expected === 'number') {
    if (typeof got !== 'number' || !(got === expected || Math.abs(got - expected) <= 1e-12 * Math.max(1, Math.abs(expected)))) found.push(`${where}: ${got} vs ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) found.push(`${where}: length ${got && got.length} vs ${expected.length}`);
    else expected.forEach((item, i) => differences(got[i], item, `${where}[${i}]`, found));
  } else if (expected && typeof expected === 'object') {
    for (const key of Object.keys(expected)) differences(got ? got[key] : undefined, expected[key], `${where}.${key}`, found);
  } else if (got !== expected) found.push(`${where}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
  return found;
}

// Every drawn number against a report: the shares bars, the sweep, Figure 4 and the
// reliability diagram's points.
function chartProblems(page, report) {
  return page.evaluate((expected) => {
    const { charts } = window.focalExplorer;
    const problems = [];
    const same = (what, got, want) => {
      if (got !== want) problems.push(`${what}: chart ${got}, report ${want}`);
    };
    const shares = charts.dataShares;
    for (const dataset of shares.data.datasets) {
      shares.$focalRows.forEach(([loss, kind], row) => {
        const point = dataset.data.find((p) => p.y === row);
        same(`shares ${loss} ${kind} ${dataset.focalGroup}`, point.x, expected.shares[loss][kind][dataset.focalGroup]);
      });
    }
    for (const dataset of charts.dataSweep.data.datasets) {
      expected.gammaSweep.forEach((row, i) => {
        same(`sweep x ${i}`, dataset.data[i].x, row.gamma);
        same(`sweep ${dataset.focalSeries} ${i}`, dataset.data[i].y, row[dataset.focalSeries]);
      });
    }
    for (const [name, side] of [['dataCdfPositives', 'positives'], ['dataCdfNegatives', 'negatives']]) {
      const datasets = charts[name].data.datasets;
      same(`${name} gammas`, datasets.map((d) => d.focalGamma).join(), expected.cdf.gammas.join());
      datasets.forEach((dataset, g) => {
        same(`${name} points`, dataset.data.length, expected.cdf[side][g].length);
        dataset.data.forEach((point, j) => {
          same(`${name} x ${j}`, point.x, expected.cdf.fractions[j]);
          same(`${name} γ ${dataset.focalGamma} y ${j}`, point.y, expected.cdf[side][g][j]);
        });
      });
    }
    const calibration = charts.dataCalibration;
    const observed = calibration.data.datasets.find((d) => d.focalSeries === 'observed');
    const used = expected.calibration.bins.map((bin, b) => (bin.count > 0 ? b : -1)).filter((b) => b >= 0);
    same('calibration bins', calibration.$focalBins.join(), used.join());
    observed.data.forEach((point, i) => {
      same(`calibration x ${i}`, point.x, expected.calibration.bins[used[i]].meanProbability);
      same(`calibration y ${i}`, point.y, expected.calibration.bins[used[i]].positiveRate);
    });
    return problems.slice(0, 10);
  }, report);
}

// What the panel draws, to check that a failed read changed none of it.
function drawnSnapshot(page) {
  return page.evaluate(() => {
    const charts = window.focalExplorer.charts;
    return {
      report: JSON.stringify(window.focalExplorer.data.report),
      charts: JSON.stringify(['dataShares', 'dataSweep', 'dataCdfPositives', 'dataCdfNegatives', 'dataCalibration'].map((name) => charts[name] && charts[name].data.datasets.map((d) => d.data))),
      summary: document.getElementById('data-summary')?.textContent ?? null,
      canvases: document.querySelectorAll('#panel-data canvas').length,
      resultsShown: !document.getElementById('data-results').hidden,
    };
  });
}

async function setFile(page, file) {
  await page.setInputFiles('#data-file', file);
}

const percent = (share) => `${new Intl.NumberFormat('en', { maximumSignificantDigits: 3 }).format(share * 100)}%`;

test('the sample loads in one click, and every chart is the core\'s report for the sample file', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  assert.equal(await page.locator('#panel-data canvas').count(), 0, 'nothing drawn before a file is read');
  assert.equal(await page.locator('#panel-data [data-action="png"]').isDisabled(), true);
  await page.click('#data-sample');
  const shown = await settled(page, 'detector_sample.csv');
  assert.equal(shown.error, null);
  assert.equal(shown.status, 'Showing detector_sample.csv.');
  const expected = await coreReport(page, b64(fs.readFileSync(SAMPLE)), { format: 'csv' });
  assert.deepEqual(differences(shown.report, expected), []);
  assert.deepEqual(await chartProblems(page, shown.report), []);
  assert.equal(shown.report.rows, 20000);
  assert.equal(shown.report.positives, 200);
  assert.equal(shown.report.scoresAre, 'logits');
  const text = await page.evaluate(() => ({
    summary: document.getElementById('data-summary').textContent,
    prior: document.getElementById('data-prior').textContent,
    shares: document.getElementById('data-shares-caption').textContent,
    sweepRows: [...document.querySelectorAll('#data-sweep-table tr')].map((row) => [...row.cells].map((cell) => cell.textContent)),
    calibrationRows: document.querySelectorAll('#data-calibration-table tr').length,
  }));
  assert.match(text.summary, /^detector_sample\.csv: 20,000 rows, 200 of them positive\. The scores were read as logits: the column’s name says so\.$/);
  assert.match(text.prior, /π = 0\.01 \(1%\)\. .* b = −log\(\(1 − π\)\/π\) = −4\.595\.$/);
  assert.ok(text.shares.includes(`Under CE they carry ${percent(expected.shares.crossEntropy.loss.easyNegatives)} of the loss`), text.shares);
  assert.deepEqual(text.sweepRows.map((row) => row[0]), ['0', '0.5', '1', '2', '3', '5']);
  assert.equal(text.sweepRows[3][1], percent(expected.gammaSweep[3].easyNegativeShare));
  assert.equal(text.calibrationRows, 15);
  // The sample shows the paper's point: FL takes most of the easy negatives' share away.
  assert.ok(expected.shares.focal.loss.easyNegatives < expected.shares.crossEntropy.loss.easyNegatives / 2);
  assert.equal(await page.locator('#panel-data [data-action="png"]').isDisabled(), false);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a CSV from the file input, a dropped file and pasted text give the core\'s report; gamma, alpha and the threshold redraw it live', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  const csv = detectorCsv(30000, 7);
  await setFile(page, writeFile('model_a.csv', csv));
  let shown = await settled(page, 'model_a.csv');
  assert.equal(shown.error, null);
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(csv), { format: 'csv' })), []);
  assert.equal(shown.report.rows, 30000);

  // gamma from the settings bar, by keyboard: the worker holding the data sends the report for
  // each new gamma and the panel draws it by itself. Waited for on the page alone (reading
  // focalExplorer would make the panel compute the report itself, on the page's core).
  const before = shown.report.shares.focal.loss.easyNegatives;
  await page.evaluate(() => performance.clearMeasures('data: shares drawn'));
  await page.focus('#gamma');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() =>
    document.getElementById('data-shares-caption').textContent.includes('FL (γ = 2.5)') && !document.getElementById('panel-data').hasAttribute('data-pending'),
  );
  assert.ok(await page.evaluate(() => performance.getEntriesByName('data: shares drawn').length > 0), 'drawn from the worker\'s reports');
  assert.equal(await page.evaluate(() => window.focalExplorer.state.gamma), 2.5);
  let live = await page.evaluate(() => window.focalExplorer.data.report);
  let expected = await coreReport(page, b64(csv), { format: 'csv' });
  assert.deepEqual(differences(live, expected), []);
  assert.deepEqual(await chartProblems(page, live), []);
  assert.ok(live.shares.focal.loss.easyNegatives < before, 'a larger gamma takes more of the easy negatives\' share away');
  assert.ok((await page.evaluate(() => window.focalExplorer.charts.dataShares.data.labels)).includes('FL (γ = 2.5): loss'));

  // alpha on and the easy threshold moved: alpha-CE and the groups follow.
  await page.check('#alpha-on');
  await page.fill('#alpha-number', '0.25');
  await page.fill('#data-easy-number', '0.99');
  await afterFrames(page);
  live = await page.evaluate(() => window.focalExplorer.data.report);
  expected = await coreReport(page, b64(csv), { format: 'csv' });
  assert.equal(live.easyThreshold, 0.99);
  assert.deepEqual(differences(live, expected), []);
  assert.deepEqual(await chartProblems(page, live), []);
  await page.waitForFunction(() => /dataEasy=0\.99/.test(window.location.hash));

  // A file dropped on the panel.
  const dropped = detectorCsv(2000, 11).replace('label,logit', 'target\tscore').replace(/,/g, '\t');
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.tsv'));
    const panel = document.getElementById('panel-data');
    panel.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, dropped);
  shown = await settled(page, 'dropped.tsv');
  assert.equal(shown.error, null);
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(dropped), { format: 'csv' })), []);

  // Pasted text: probabilities this time, decided by the values.
  const pasted = 'label,prob\n0,0.02\n0,0.1\n0,0.6\n1,0.7\n1,0.95\n0,0.01\n';
  await page.click('#panel-data .data-paste summary');
  await page.fill('#data-paste-text', pasted);
  await page.click('#data-paste-read');
  shown = await settled(page, 'the pasted text');
  assert.equal(shown.error, null);
  assert.equal(shown.report.rows, 6);
  assert.equal(shown.report.scoresAre, 'probabilities');
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(pasted), { format: 'csv' })), []);
  // The switch: the same text read as logits is another report, the core's for that choice.
  // The radio is drawn by its label (a segmented control), which is what a reader clicks.
  await page.click('label[for="data-scores-logits"]');
  await page.waitForFunction(() => window.focalExplorer.data.report.scoresAre === 'logits');
  shown = await settled(page, 'the pasted text');
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(pasted), { format: 'csv', scoresAre: 'logits' })), []);
  assert.deepEqual(messages, []);
  await context.close();
});

test('an ambiguous header asks for its columns; a wide table is read per class with its background', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  const ambiguous = 'target,label,score,prob\n0,1,-3,0.2\n1,0,2,0.9\n0,0,-1,0.4\n1,1,4,0.7\n';
  await setFile(page, writeFile('ambiguous.csv', ambiguous));
  await page.waitForFunction(() => !document.getElementById('data-columns').hidden);
  assert.match(await page.locator('#data-columns-note').textContent(), /does not say which column is the label and which the score/);
  assert.equal(await page.evaluate(() => window.focalExplorer.data.report), null, 'nothing is read before the columns are picked');
  assert.equal(await page.locator('#panel-data canvas').count(), 0);
  await page.selectOption('#data-label', 'label');
  await page.selectOption('#data-score', 'prob');
  await page.click('#data-read');
  let shown = await settled(page, 'ambiguous.csv');
  assert.equal(shown.error, null);
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(ambiguous), { format: 'csv', label: 'label', score: 'prob' })), []);
  assert.equal(shown.report.positives, 2);

  // A script must name them: the same file rejects with the candidates.
  const rejected = await page.evaluate((text) => window.focalExplorer.data.load(text).then(() => 'resolved', (error) => `${error.name}: ${error.message}`), ambiguous);
  assert.match(rejected, /^RangeError: The header of the pasted text does not say which column is the label and which the score \(label candidates: .*\); name them in the options/);
  const scripted = await page.evaluate((text) => window.focalExplorer.data.load(text, { label: 'target', score: 'score', name: 'scripted.csv' }), ambiguous);
  assert.deepEqual(differences(scripted, await coreReport(page, b64(ambiguous), { format: 'csv', label: 'target', score: 'score' })), []);

  // Wide: one score column per class and the class of each row; "bg" named as background.
  const wide = 'cls,cat,dog,bg\n0,2.5,-3,-1\n1,-2,1.5,-2\n2,-4,-4,3\n-1,-5,-6,2\n1,0.5,3,-3\n';
  await setFile(page, writeFile('wide.csv', wide));
  shown = await settled(page, 'wide.csv');
  assert.equal(shown.error, null);
  assert.equal(await page.locator('#data-background-field').isVisible(), true);
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(wide), { format: 'csv', label: 'cls', wide: true })), []);
  await page.selectOption('#data-background', 'bg');
  await page.click('#data-read');
  await page.waitForFunction((before) => JSON.stringify(window.focalExplorer.data.report) !== before, JSON.stringify(shown.report));
  shown = await settled(page, 'wide.csv');
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(wide), { format: 'csv', label: 'cls', wide: true, background: 'bg' })), []);
  assert.deepEqual(messages, []);
  await context.close();
});

// Bad input, each case with the sentence a reader sees. `file` is its content (or a path).
const BAD_INPUTS = [
  { name: 'empty.csv', content: '', message: /^empty\.csv is empty\.$/ },
  { name: 'no_header.csv', content: '0,-3.2\n1,2.5\n', message: /^no_header\.csv could not be read: .*header/i },
  { name: 'pipes.csv', content: 'label|logit\n0|-3\n1|2\n', message: /^pipes\.csv could not be read: .*delimiter/i },
  { name: 'words.csv', content: 'label,logit\n0,high\n1,low\n', message: /^words\.csv could not be read: / },
  { name: 'infinite.csv', content: 'label,logit\n0,nan\n1,inf\n0,-inf\n', message: /^infinite\.csv could not be read: / },
  { name: 'labels.csv', content: 'label,logit\n2,-3\n-1,1\n0.5,2\n', message: /^labels\.csv could not be read: / },
  { name: 'truncated.npy', content: () => fs.readFileSync(NPY).subarray(0, 2000), message: /^truncated\.npy could not be read: / },
  {
    name: 'int32.npy',
    content: () => {
      const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }";
      const padded = header.padEnd(118, ' ') + '\n';
      return Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from([padded.length & 255, padded.length >> 8]), Buffer.from(padded, 'latin1'), Buffer.alloc(16)]);
    },
    message: /^int32\.npy could not be read: .*(dtype|float)/i,
  },
];

test('each bad input gets its own sentence, and what was shown before stays whole', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  const seen = [];
  // On an empty panel: the message, and still nothing drawn.
  const [first, ...others] = BAD_INPUTS;
  await setFile(page, writeFile(first.name, first.content));
  let shown = await settled(page, first.name);
  assert.match(shown.error, first.message);
  assert.equal(shown.resultsShown, false);
  assert.equal(await page.locator('#panel-data canvas').count(), 0);

  // With the sample shown: every bad file leaves it exactly as it was.
  await page.click('#data-sample');
  await settled(page, 'detector_sample.csv');
  const drawn = await drawnSnapshot(page);
  for (const bad of others) {
    const content = typeof bad.content === 'function' ? bad.content() : bad.content;
    await setFile(page, writeFile(bad.name, content));
    shown = await settled(page, bad.name);
    seen.push(shown.error);
    assert.ok(shown.error !== null, `${bad.name}: no message`);
    assert.match(shown.error, bad.message);
    assert.deepEqual(await drawnSnapshot(page), drawn, `${bad.name} changed what was shown`);
  }
  // Each case its own sentence.
  assert.equal(new Set(seen).size, seen.length, seen.join('\n'));

  // Over the limit, refused by its size before a byte is read (a sparse file: no disk used).
  const huge = path.join(folder, 'huge.csv');
  const fd = fs.openSync(huge, 'w');
  fs.ftruncateSync(fd, 700_000_000);
  fs.closeSync(fd);
  await setFile(page, huge);
  shown = await settled(page, 'huge.csv');
  assert.equal(shown.error, 'huge.csv is 700 MB; the page reads files up to 640 MB (10 million decisions at up to 64 bytes each). The native focal-inspect reads files of any size and writes a report this panel opens.');
  assert.deepEqual(await drawnSnapshot(page), drawn);

  // A file with some bad rows is read; the bad rows are counted and listed with line and reason.
  const rows = ['label,logit', '0,-3', '1,2', '0,abc', '2,-1', '0,', '1,nan', '0,-4.5'];
  await setFile(page, writeFile('some_bad.csv', `${rows.join('\r\n')}\r\n`));
  shown = await settled(page, 'some_bad.csv');
  assert.equal(shown.error, null);
  assert.equal(shown.report.rows, 3);
  assert.equal(shown.report.skippedCount, 4);
  assert.deepEqual(shown.report.skipped.map((row) => row.line), [4, 5, 6, 7]);
  const listed = await page.evaluate(() => ({
    caption: document.getElementById('data-skipped-caption').textContent,
    rows: [...document.querySelectorAll('#data-skipped-table tr')].map((row) => [...row.cells].map((cell) => cell.textContent)),
    summary: document.getElementById('data-summary').textContent,
  }));
  assert.equal(listed.caption, '4 rows skipped:');
  assert.deepEqual(listed.rows.map((row) => row[0]), ['4', '5', '6', '7']);
  assert.ok(listed.rows.every((row) => row[1].length > 5), JSON.stringify(listed.rows));
  assert.match(listed.summary, /4 rows were skipped \(listed below\)\./);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a million-row file loads with a progress bar; Cancel ends a load and leaves nothing drawn; a new load works', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const messages = recordConsole(page);
  // Every main-thread task over 50 ms, from the start.
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(env.url('/index.html'));
  await page.evaluate(() => window.focalExplorer.ready);
  await page.evaluate(() => window.focalExplorer.drawn('data'));
  await page.locator('#panel-data').scrollIntoViewIfNeeded();
  const big = writeFile('million.csv', detectorCsv(1_000_000, 3));
  // Playwright hands a file to the page by building it there, which is itself a long task; the
  // file is handed over once, to an input of the test's own, before anything is timed, and each
  // load below puts it into #data-file as a chosen file does (its change event).
  await page.evaluate(() => {
    const staged = document.createElement('input');
    staged.type = 'file';
    staged.id = 'staged-file';
    staged.hidden = true;
    document.body.append(staged);
  });
  await page.setInputFiles('#staged-file', big);
  const choose = () =>
    page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(document.getElementById('staged-file').files[0]);
      const input = document.getElementById('data-file');
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  await page.waitForTimeout(500);

  // Cancel as soon as the bar has moved.
  await choose();
  await page.waitForFunction(() => {
    const bar = document.getElementById('data-progress-bar');
    return !document.getElementById('data-progress').hidden && bar.hasAttribute('value') && bar.value > 0;
  });
  await page.click('#data-cancel');
  let shown = await settled(page, 'cancelled');
  assert.equal(shown.status, 'Reading cancelled; nothing is shown.');
  assert.equal(shown.error, null);
  assert.equal(shown.report, null);
  assert.equal(shown.resultsShown, false);
  assert.equal(await page.locator('#panel-data canvas').count(), 0);

  // The whole file, timed by the page's own clock; the longest main-thread task meanwhile.
  const start = await page.evaluate(() => performance.now());
  await choose();
  await page.waitForFunction(() => !document.getElementById('data-progress').hidden);
  shown = await settled(page, 'million.csv');
  const timing = await page.evaluate((from) => {
    const during = window.longTasks.filter((task) => task.start >= from);
    return { seconds: (performance.now() - from) / 1000, longest: Math.max(0, ...during.map((task) => task.duration)), count: during.length };
  }, start);
  t.diagnostic(`1,000,000 rows (${(fs.statSync(big).size / 1e6).toFixed(1)} MB) read in ${timing.seconds.toFixed(2)} s; longest main-thread task ${timing.longest.toFixed(0)} ms (${timing.count} over 50 ms)`);
  assert.equal(shown.error, null);
  assert.equal(shown.report.rows, 1_000_000);
  assert.deepEqual(await chartProblems(page, shown.report), []);

  // Cancel with a report shown keeps it.
  const drawn = await drawnSnapshot(page);
  await choose();
  await page.waitForFunction(() => !document.getElementById('data-progress').hidden);
  assert.equal(await page.evaluate(() => window.focalExplorer.data.cancel()), true);
  shown = await settled(page, 'cancelled');
  assert.equal(shown.status, 'Reading cancelled; the panel still shows the data it showed before.');
  assert.deepEqual(await drawnSnapshot(page), drawn);
  // ... and the next load starts a new worker and works.
  await page.click('#data-sample');
  shown = await settled(page, 'detector_sample.csv');
  assert.equal(shown.report.rows, 20000);
  assert.deepEqual(messages, []);
  await context.close();
});

test('reading a file makes no network request', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  // The panel's two workers (one holds the data shown, the other reads the next file; they swap
  // after each read) each fetch their script (core_worker.js) and the core's glue once, when they
  // start. Two first reads start both. From then on every request of the page and its workers
  // is counted, the page's own files included: reading files must make none.
  for (let i = 0; i < 2; i++) await page.evaluate(() => window.focalExplorer.data.load('label,logit\n0,-2\n1,1\n'));
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  context.on('request', (request) => requests.push(request.url()));
  const csv = detectorCsv(50000, 5);
  await setFile(page, writeFile('private.csv', csv));
  const shown = await settled(page, 'private.csv');
  assert.equal(shown.error, null);
  await setFile(page, NPY);
  const npy = await settled(page, 'preds.npy');
  assert.equal(npy.error, null);
  assert.deepEqual(requests, []);
  // The policy keeps it so: connect-src allows the page's own origin only.
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(policy, /connect-src 'self'/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a .npy written by the panel\'s PyTorch recipe opens', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  await setFile(page, NPY);
  const shown = await settled(page, 'preds.npy');
  assert.equal(shown.error, null);
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(fs.readFileSync(NPY)), { format: 'npy' })), []);
  assert.equal(shown.report.rows, 1350);
  assert.equal(await page.locator('#data-columns').isVisible(), false, 'a .npy has no columns to pick');
  assert.match(await page.locator('#data-npy-code').textContent(), /pairs = pairs\.astype\(np\.float32\)\nnp\.save\('preds\.npy', pairs\)$/);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a focal-inspect --json report opens and follows the page\'s gamma', { skip: fs.existsSync(INSPECT) ? false : `no ${INSPECT}` }, async () => {
  const json = path.join(folder, 'sample_report.json');
  execFileSync(INSPECT, ['--json', json, SAMPLE], { stdio: 'ignore' });
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPanel(context);
  await setFile(page, json);
  let shown = await settled(page, 'sample_report.json');
  assert.equal(shown.error, null);
  const bytes = b64(fs.readFileSync(json));
  assert.deepEqual(differences(shown.report, await coreReport(page, bytes, { format: 'json' })), []);
  // The same numbers as reading the CSV itself.
  assert.deepEqual(differences(shown.report, await coreReport(page, b64(fs.readFileSync(SAMPLE)), { format: 'csv' })), []);
  assert.equal(await page.locator('#data-scores').isVisible(), false, 'a report has no scores to switch');
  assert.match(await page.locator('#data-summary').textContent(), /Read from a focal-inspect report/);
  await page.evaluate(() => window.focalExplorer.set({ gamma: 0.5 }));
  shown = { report: await page.evaluate(() => window.focalExplorer.data.report) };
  assert.deepEqual(differences(shown.report, await coreReport(page, bytes, { format: 'json' })), []);
  assert.deepEqual(await chartProblems(page, shown.report), []);
  assert.deepEqual(messages, []);
  await context.close();
});

test('every chart has a summary to read and the panel passes axe, on a desktop and on a phone in Chinese', async () => {
  for (const [viewport, hash] of [[{ width: 1280, height: 800 }, ''], [{ width: 390, height: 844 }, '#lang=zh-CN']]) {
    const context = await env.browser.newContext({ viewport, bypassCSP: true });
    const { page, messages } = await openPanel(context, `/index.html${hash}`);
    await page.click('#data-sample');
    await settled(page, 'detector_sample.csv');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#panel-data canvas')].every((canvas) => {
        const summary = document.getElementById(canvas.getAttribute('aria-describedby') || '');
        return summary && /\d/.test(summary.textContent);
      }),
    );
    const summaries = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('#panel-data canvas')].map((canvas) => [canvas.id, document.getElementById(canvas.getAttribute('aria-describedby')).textContent])),
    );
    assert.deepEqual(Object.keys(summaries), ['chart-data-shares', 'chart-data-sweep', 'chart-data-cdf-positives', 'chart-data-cdf-negatives', 'chart-data-calibration']);
    if (!hash) {
      const report = await page.evaluate(() => window.focalExplorer.data.report);
      assert.ok(summaries['chart-data-sweep'].includes(`γ = 2 ${percent(report.gammaSweep[3].easyNegativeShare)}`), summaries['chart-data-sweep']);
      assert.match(summaries['chart-data-calibration'], /non-empty bins/);
    }
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('#panel-data details')) details.open = true;
    });
    assert.deepEqual(await axeViolations(page), [], `${viewport.width}px ${hash}`);
    assert.deepEqual(messages, []);
    await context.close();
  }
});

test('?embed=data shows the panel alone, and the single file reads the sample with no network', async () => {
  const context = await env.browser.newContext({ viewport: { width: 640, height: 900 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html?embed=data#gamma=1'));
  const view = await page.evaluate(() => ({
    panels: [...document.querySelectorAll('[data-panel]')].filter((s) => s.checkVisibility()).map((s) => s.dataset.panel),
    charts: Object.keys(window.focalExplorer.charts),
    controls: [...document.querySelectorAll('#controls [data-setting]')].filter((c) => c.checkVisibility()).map((c) => c.dataset.setting),
  }));
  assert.deepEqual(view.panels, ['data']);
  assert.deepEqual(view.charts, ['dataShares', 'dataSweep', 'dataCdfPositives', 'dataCdfNegatives', 'dataCalibration']);
  assert.deepEqual(view.controls, ['gamma', 'alpha']);
  await page.click('#data-sample');
  const shown = await settled(page, 'detector_sample.csv');
  assert.equal(shown.error, null);
  assert.deepEqual(await chartProblems(page, shown.report), []);
  assert.deepEqual(messages, []);
  await context.close();

  // The single file, alone in a folder, from file://.
  const single = path.join(folder, 'focal-loss-explorer.html');
  fs.copyFileSync(path.join(DIST, 'focal-loss-explorer.html'), single);
  const browser = await launchBrowser();
  try {
    const offline = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const requests = [];
    offline.on('request', (request) => requests.push(request.url()));
    await offline.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
    const filePage = await offline.newPage();
    const fileMessages = recordConsole(filePage);
    await filePage.goto(pathToFileURL(single).href);
    await filePage.evaluate(() => window.focalExplorer.ready);
    await filePage.evaluate(() => window.focalExplorer.drawn('data'));
    await filePage.locator('#panel-data').scrollIntoViewIfNeeded();
    await filePage.click('#data-sample');
    const fromFile = await settled(filePage, 'detector_sample.csv');
    assert.equal(fromFile.error, null);
    assert.deepEqual(differences(fromFile.report, await coreReport(filePage, b64(fs.readFileSync(SAMPLE)), { format: 'csv' })), []);
    await setFile(filePage, NPY);
    assert.equal((await settled(filePage, 'preds.npy')).error, null);
    assert.deepEqual(requests.filter((url) => !/^(file|data|blob):/.test(url)), []);
    assert.deepEqual(fileMessages, []);
    await offline.close();
  } finally {
    await browser.close();
  }
});
