// The "Your model" data API (core.data) against the built wasm module, as the page calls it: header
// inspection, the streaming reader whatever the chunk boundaries, every refusal's message, the
// --json round trip, and the wasm report against the native focal-inspect tool's on the same file.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const createFocalCore = require(path.join(__dirname, '../../dist/focal_core.js'));

const fixtures = path.join(__dirname, '..', 'fixtures', 'data');
const inspectTool = path.join(__dirname, '..', '..', 'build-native', 'focal-inspect');
const noTool = fs.existsSync(inspectTool) ? false : 'no native focal-inspect (' + inspectTool + ')';

let core;
test.before(async () => {
  core = await createFocalCore();
});

const encode = (text) => new TextEncoder().encode(text);

// Reads bytes through a reader in chunks of `chunk` bytes and returns the summary's report.
function readBytes(bytes, options, chunk, params) {
  const reader = core.data.createReader(options);
  try {
    const step = chunk || bytes.length || 1;
    for (let i = 0; i < bytes.length; i += step) reader.push(bytes.subarray(i, i + step));
    const summary = reader.finish();
    try {
      return summary.report(params);
    } finally {
      summary.delete();
    }
  } finally {
    reader.delete();
  }
}

const readText = (text, options, chunk, params) => readBytes(encode(text), options, chunk, params);

// The file must be refused with a RangeError whose message contains `words`.
function refused(bytes, options, words) {
  assert.throws(() => readBytes(typeof bytes === 'string' ? encode(bytes) : bytes, options),
    (e) => e instanceof RangeError && e.message.includes(words), 'expected a RangeError mentioning ' + words);
}

// A .npy file of shape (rows, 2).
function npy(descr, values, shape) {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape || '(' + values.length / 2 + ', 2)'}, }`;
  while ((10 + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const size = descr.endsWith('4') ? 4 : 8;
  const out = new Uint8Array(10 + dict.length + values.length * size);
  out.set([0x93, ...encode('NUMPY'), 1, 0, dict.length & 0xff, dict.length >> 8]);
  out.set(encode(dict), 10);
  const view = new DataView(out.buffer, 10 + dict.length);
  values.forEach((v, i) => (size === 4 ? view.setFloat32(i * 4, v, true) : view.setFloat64(i * 8, v, true)));
  return out;
}

// Two reports agree: equal structure, numbers within `rel` relative (native and wasm libm may
// differ in the last bit).
function assertReportsClose(actual, expected, rel, where = 'report') {
  if (typeof expected === 'number') {
    const scale = Math.max(Math.abs(expected), 1e-300);
    assert.ok(Math.abs(actual - expected) <= rel * scale + 1e-15, `${where}: got ${actual}, expected ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    assert.equal(actual, expected, where);
    return;
  }
  assert.equal(typeof actual, 'object', where);
  assert.deepEqual(Object.keys(actual), Object.keys(expected), where);
  for (const key of Object.keys(expected)) assertReportsClose(actual[key], expected[key], rel, `${where}.${key}`);
}

test('exposes core.data with the core\'s constants', () => {
  for (const name of ['inspectHeader', 'createReader', 'summaryFromJson']) assert.equal(typeof core.data[name], 'function', name);
  assert.deepEqual(core.data.defaultReportParams, { gamma: 2, alpha: 0.25, easyThreshold: 0.9 });
  assert.equal(core.data.defaultReaderOptions.maxDecisions, 10000000);
  assert.deepEqual([...core.data.sweepGammas], [0, 0.5, 1, 2, 3, 5]);
  assert.deepEqual([...core.data.cdfGammas], [0, 0.5, 1, 2]);
});

test('inspectHeader reports format, columns and candidates', () => {
  const csv = core.data.inspectHeader(fs.readFileSync(path.join(fixtures, 'scores.csv')));
  assert.deepEqual(csv, {
    format: 'csv', delimiter: ',', columns: ['image', 'label', 'logit'], label: 'label', score: 'logit',
    labelCandidates: ['label'], scoreCandidates: ['logit'], ambiguous: false, wide: null, scoresAreLogitsByName: true,
  });
  const tsv = core.data.inspectHeader(encode('\uFEFFtarget\tprob\tscore\r\n1\t0.5\t0.2\r\n'));
  assert.equal(tsv.format, 'tsv');
  assert.equal(tsv.delimiter, '\t');
  assert.equal(tsv.label, 'target');
  assert.equal(tsv.score, null);
  assert.deepEqual(tsv.scoreCandidates, ['prob', 'score']);
  assert.equal(tsv.ambiguous, true);
  assert.equal(tsv.scoresAreLogitsByName, false);
  const wide = core.data.inspectHeader(fs.readFileSync(path.join(fixtures, 'wide.csv')));
  assert.deepEqual(wide.wide, { classColumn: 'class', scoreColumns: ['logit_0', 'logit_1', 'logit_2'] });
  const n = core.data.inspectHeader(npy('<f4', [0, 0.5, 1, 0.25]));
  assert.equal(n.format, 'npy');
  assert.deepEqual(n.npy, { dtype: 'float32', rows: 2 });
  assert.equal(core.data.inspectHeader(encode('  {"format": "focal-inspect"')).format, 'json');
  assert.throws(() => core.data.inspectHeader(encode('')), { name: 'RangeError', message: 'The file is empty.' });
  assert.throws(() => core.data.inspectHeader(encode('label score\n')), /unknown delimiter/);
  assert.throws(() => core.data.inspectHeader('label,score'), { name: 'TypeError', message: /bytes must be a Uint8Array/ });
});

test('the report is the same whatever the chunk boundaries', () => {
  let csv = '\uFEFF"id","label","score"\r\n';
  for (let i = 0; i < 400; i++) {
    csv += `"row ${i}, ""quoted""\nacross lines",${i % 7 === 0 ? 1 : 0},${((i * 37) % 100) / 100}\r\n`;
    if (i % 90 === 5) csv += '\r\n9,9,9\r\n';
  }
  const bytes = encode(csv);
  const whole = readBytes(bytes, {});
  assert.equal(whole.rows, 400);
  assert.equal(whole.skippedCount, 5);
  assert.equal(whole.scoresAre, 'probabilities');
  for (const chunk of [1, 2, 3, 5, 17, 4096]) assert.deepEqual(readBytes(bytes, {}, chunk), whole, 'chunk ' + chunk);
  const f64 = npy('<f8', [0, -2, 1, 3.5, 0, 0.25, 1, 0.75, 0, -1]);
  const npyWhole = readBytes(f64, { format: 'npy' });
  for (const chunk of [1, 7, 16]) assert.deepEqual(readBytes(f64, { format: 'npy' }, chunk), npyWhole);
});

test('bad rows are skipped and listed with their line and reason', () => {
  const r = readText('label,score\n0,0.5\n2,0.5\n1,abc\n1,NaN\n1,-Infinity\n1\n1,0.75\n');
  assert.equal(r.rows, 2);
  assert.equal(r.skippedCount, 5);
  assert.deepEqual(r.skipped, [
    { line: 3, reason: 'label "2" is not 0 or 1' },
    { line: 4, reason: 'score "abc" is not a number' },
    { line: 5, reason: 'score "NaN" is not finite' },
    { line: 6, reason: 'score "-Infinity" is not finite' },
    { line: 7, reason: 'has 1 field, the header has 2' },
  ]);
  const wide = readBytes(fs.readFileSync(path.join(fixtures, 'wide.csv')), { wide: true });
  assert.deepEqual(wide.skipped, [{ line: 51, reason: 'class 7 is not a class index in -1..2' }]);
  assert.equal(wide.decisions, 3 * wide.rows);
});

test('files bad as a whole are refused with one sentence', () => {
  refused('', {}, 'The file is empty.');
  refused('0,0.5\n1,0.25\n', {}, 'The first line holds numbers, not column names; add a header row such as label,score.');
  refused('label score\n0 0.5\n', {}, 'unknown delimiter');
  refused('a,b\n0,0.5\n', {}, 'No column is named like a label (label, target, y, gt); choose the label column.');
  refused('label,prob,score\n0,0.5,0.5\n', {}, 'Several columns could be the score (prob, score); choose one.');
  refused('label,score\n', {}, 'The file has a header row but no data rows.');
  refused('label,score\n7,0.5\n', {}, 'None of the 1 rows could be read; the first, on line 2: label "7" is not 0 or 1.');
  refused('label,score\n0,0.1\n0,0.2\n0,0.3\n', { maxDecisions: 2 }, 'The file holds more than 2 decisions, the most this reader takes (maxDecisions).');
  const good = npy('<f8', [0, 0.5, 1, 0.25]);
  refused(good.subarray(0, good.length - 4), { format: 'npy' }, 'The .npy file is truncated');
  refused(npy('<i8', [0, 0, 0, 0]), { format: 'npy' }, "holds '<i8' values; only float32 and float64 are read");
  refused(npy('<f8', [0, 0.5, 1], '(3,)'), { format: 'npy' }, 'shape (3,), not (N, 2)');
  refused('{"format":"focal-inspect"}', { format: 'json' }, 'The report file is malformed');
  // BOM, CRLF and quotes are no problem at all.
  assert.equal(readText('\uFEFF"label","score"\r\n"1","0.5"\r\n').rows, 1);
  // A reader that refused its file keeps refusing it.
  const reader = core.data.createReader({ maxDecisions: 1 });
  assert.throws(() => reader.push(encode('label,score\n0,0.1\n0,0.2\n')), RangeError);
  assert.throws(() => reader.finish(), /more than 1 decisions/);
  reader.delete();
});

test('options and parameters are validated, naming the parameter and the value', () => {
  assert.throws(() => core.data.createReader({ format: 'xlsx' }), { name: 'RangeError', message: 'format must be one of csv, tsv, npy, json, got "xlsx"' });
  assert.throws(() => core.data.createReader({ scoresAre: 'odds' }), { name: 'RangeError', message: /scoresAre must be one of auto, logits, probabilities, got "odds"/ });
  assert.throws(() => core.data.createReader({ maxDecisions: 1.5 }), { name: 'RangeError', message: /maxDecisions must be a whole number.*got 1.5/ });
  assert.throws(() => core.data.createReader({ labels: 'y' }), { name: 'RangeError', message: /unknown key "labels"/ });
  assert.throws(() => core.data.createReader({ wide: 'yes' }), { name: 'TypeError', message: /wide must be a boolean/ });
  assert.throws(() => core.data.createReader({ label: 3 }), { name: 'TypeError', message: /label must be a string/ });
  assert.throws(() => readText('label,score\n0,0.5\n', { label: 'truth' }), { name: 'RangeError', message: 'label must be one of the columns label, score, got "truth"' });
  const reader = core.data.createReader();
  assert.throws(() => reader.push('text'), { name: 'TypeError', message: /chunk must be a Uint8Array/ });
  reader.push(encode('label,logit\n0,-1\n1,2\n'));
  const summary = reader.finish();
  reader.delete();
  assert.throws(() => summary.report({ gamma: -1 }), { name: 'RangeError', message: 'gamma must be a finite number >= 0, got -1' });
  assert.throws(() => summary.report({ alpha: 1.5 }), { name: 'RangeError', message: /alpha must be .*got 1.5/ });
  assert.throws(() => summary.report({ easyThreshold: 0.2 }), { name: 'RangeError', message: 'easyThreshold must be in [0.5, 0.999], got 0.2' });
  assert.throws(() => summary.report({ easyThreshold: '0.9' }), { name: 'TypeError', message: /easyThreshold must be a number/ });
  assert.throws(() => summary.report({ beta: 1 }), { name: 'RangeError', message: /unknown key "beta"/ });
  assert.throws(() => core.data.summaryFromJson(42), TypeError);
  summary.delete();
  assert.equal(summary.isDeleted(), true);
  assert.throws(() => summary.report(), /deleted/);
});

test('the report\'s numbers hold together', () => {
  const r = readBytes(fs.readFileSync(path.join(fixtures, 'scores.csv')), {}, 0, { gamma: 2, alpha: 0.25, easyThreshold: 0.9 });
  assert.equal(r.rows, 600);
  assert.equal(r.skippedCount, 3);
  for (const loss of ['crossEntropy', 'alphaCrossEntropy', 'focal']) {
    for (const kind of ['loss', 'gradient']) {
      const s = r.shares[loss][kind];
      assert.ok(Math.abs(s.easyNegatives + s.hardNegatives + s.positives - 1) < 1e-12, loss + ' ' + kind);
    }
  }
  assert.deepEqual(r.gammaSweep.map((p) => p.gamma), [0, 0.5, 1, 2, 3, 5]);
  // FL shifts the loss away from the easy negatives as gamma grows (the paper's Figure 4).
  for (let i = 1; i < r.gammaSweep.length; i++) assert.ok(r.gammaSweep[i].easyNegativeShare <= r.gammaSweep[i - 1].easyNegativeShare);
  assert.equal(r.cdf.fractions.length, 101);
  for (const curve of [...r.cdf.positives, ...r.cdf.negatives]) {
    assert.equal(curve[0], 0);
    assert.equal(curve[100], 1);
  }
  assert.equal(r.calibration.bins.length, 15);
  assert.equal(r.calibration.bins.reduce((n, b) => n + b.count, 0), r.decisions);
  assert.equal(r.prior.pi, r.positives / r.decisions);
  assert.ok(Math.abs(r.prior.bias - core.priorBias(r.prior.pi)) < 1e-15);
  // The CE shares equal a direct core call summed over the same file's decisions, to the
  // histogram's documented accuracy (docs/numerics.md, "Data reports").
  const lines = fs.readFileSync(path.join(fixtures, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
  let easy = 0, hard = 0, positives = 0;
  for (const line of lines) {
    const [, y, x] = line.split(',');
    const label = Number(y), logit = Number(x);
    if ((label !== 0 && label !== 1) || x === '' || !Number.isFinite(logit)) continue;
    const loss = core.evaluateLoss('crossEntropy', null, logit, label).loss;
    if (label === 1) positives += loss;
    else if (logit < r.easyLogit) easy += loss;
    else hard += loss;
  }
  const total = easy + hard + positives;
  assert.ok(Math.abs(r.shares.crossEntropy.loss.easyNegatives - easy / total) < 1e-7);
  assert.ok(Math.abs(r.shares.crossEntropy.loss.positives - positives / total) < 1e-7);
});

test('probabilities: clamped at 0 and 1, and the switch to logits', () => {
  const r = readText('label,prob\n0,0\n1,1\n0,0.25\n1,0.5\n');
  assert.equal(r.scoresAre, 'probabilities');
  assert.equal(r.scoresAreSource, 'default');
  assert.equal(r.clamped, 2);
  const logits = readText('label,prob\n0,0\n1,1\n0,0.25\n1,1.5\n');
  assert.equal(logits.scoresAre, 'logits');
  assert.equal(logits.scoresAreSource, 'values');
  assert.equal(logits.clamped, 0);
  const forced = readText('label,prob\n0,0.2\n1,0.9\n', { scoresAre: 'logits' });
  assert.equal(forced.scoresAreSource, 'option');
});

test('toJson and summaryFromJson round-trip to the same report', () => {
  const bytes = fs.readFileSync(path.join(fixtures, 'scores.csv'));
  const reader = core.data.createReader();
  reader.push(bytes);
  const summary = reader.finish();
  reader.delete();
  const params = { gamma: 1.5, alpha: 0.4, easyThreshold: 0.8 };
  const text = summary.toJson(params);
  const doc = JSON.parse(text);
  assert.equal(doc.format, 'focal-inspect');
  assert.equal(doc.version, 1);
  assert.deepEqual(doc.params, params);
  assert.deepEqual(doc.report, summary.report(params));
  const back = core.data.summaryFromJson(text);
  for (const p of [params, { gamma: 0 }, { gamma: 5, alpha: -1, easyThreshold: 0.999 }]) {
    assert.deepEqual(back.report(p), summary.report(p));
  }
  assert.equal(back.toJson(params), text);
  back.delete();
  summary.delete();
  assert.throws(() => core.data.summaryFromJson(text.slice(0, 200)), { name: 'RangeError', message: /^The report file is malformed: / });
  assert.throws(() => core.data.summaryFromJson(text.replace('"version":1', '"version":9')), /version is 9/);
});

test('the wasm report equals the native focal-inspect --json on the same file', { skip: noTool }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-data-'));
  try {
    for (const [file, args, options] of [
      ['scores.csv', ['--gamma', '3', '--alpha', '0.5', '--easy', '0.95'], {}],
      ['wide.csv', ['--gamma', '2'], { wide: true }],
    ]) {
      const out = path.join(dir, file + '.json');
      execFileSync(inspectTool, [...args, '--json', out, path.join(fixtures, file)], { stdio: 'ignore' });
      const native = JSON.parse(fs.readFileSync(out, 'utf8'));
      const wasm = readBytes(fs.readFileSync(path.join(fixtures, file)), options, 4096, native.params);
      assertReportsClose(wasm, native.report, 1e-12, file);
      // And the page can load the tool's summary and recompute it with its own sliders.
      const loaded = core.data.summaryFromJson(fs.readFileSync(out, 'utf8'));
      assertReportsClose(loaded.report({ gamma: 0.5 }), readBytes(fs.readFileSync(path.join(fixtures, file)), options, 0, { gamma: 0.5 }), 1e-12, file + ' reloaded');
      loaded.delete();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
