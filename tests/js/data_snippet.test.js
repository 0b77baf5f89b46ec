// The "Your model" panel shows Python that writes a .npy from a detector's validation loop
// (NPY_SNIPPET, web/js/data_text.js). These tests run exactly those lines with PyTorch around a
// stand-in detector (tests/fixtures/web-data/run_npy_snippet.py) and read the file back: the
// shape and dtype the panel documents, the right rows, and the core's reader taking it as the
// page would. Skipped where Debian's python3-torch is not installed.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.join(__dirname, '..', '..');
const PYTHON = '/usr/bin/python3';
const createFocalCore = require(path.join(ROOT, 'dist/focal_core.js'));

function hasTorch() {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy, torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const noTorch = hasTorch() ? false : `${PYTHON} cannot import numpy and torch`;

let snippet;
let written;
let expected;
let folder;
test.before(async () => {
  ({ NPY_SNIPPET: snippet } = await import(pathToFileURL(path.join(ROOT, 'web/js/data_text.js')).href));
  if (noTorch) return;
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-npy-snippet-'));
  expected = JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'tests/fixtures/web-data/run_npy_snippet.py'), folder], { input: snippet, encoding: 'utf8' }));
  written = fs.readFileSync(path.join(folder, 'preds.npy'));
});
test.after(() => {
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

// The .npy header (format 1.0): magic, version, header length, then a Python dict literal.
function npyHeader(bytes) {
  assert.equal(bytes.subarray(0, 6).toString('latin1'), '\x93NUMPY');
  const length = bytes.readUInt16LE(8);
  return { dict: bytes.subarray(10, 10 + length).toString('latin1'), dataOffset: 10 + length };
}

test('the recipe is short lines of Python that end in np.save', () => {
  const lines = snippet.split('\n');
  assert.ok(lines.every((line) => line.length <= 44), 'every line fits the side column');
  assert.equal(lines.at(-1), "np.save('preds.npy', pairs)");
});

test('the recipe writes float32 pairs [target, logit] of every anchor and class, ignored anchors left out', { skip: noTorch }, () => {
  const { dict, dataOffset } = npyHeader(written);
  assert.match(dict, /'descr': '<f4'/);
  assert.match(dict, /'fortran_order': False/);
  const rows = expected.targets.length;
  assert.match(dict, new RegExp(`'shape': \\(${rows}, 2\\)`));
  assert.ok(rows > 1000, `${rows} rows`);
  const values = new Float32Array(written.buffer.slice(written.byteOffset + dataOffset, written.byteOffset + written.length));
  assert.equal(values.length, rows * 2);
  for (let i = 0; i < rows; i++) {
    assert.equal(values[2 * i], expected.targets[i], `target of row ${i}`);
    assert.equal(values[2 * i + 1], Math.fround(expected.logits[i]), `logit of row ${i}`);
  }
  assert.ok(!expected.targets.includes(-1));
});

test('the core reads the file the recipe writes as the panel does, and the committed fixture is that file', { skip: noTorch }, async (t) => {
  // tests/e2e/data.test.js loads the committed copy; it must be what the recipe writes today.
  assert.ok(written.equals(fs.readFileSync(path.join(ROOT, 'tests/fixtures/web-data/preds.npy'))),
    'tests/fixtures/web-data/preds.npy is out of date: rerun the command in run_npy_snippet.py');
  const core = await createFocalCore();
  if (!core.data) return t.skip('the built core has no core.data');
  const header = core.data.inspectHeader(new Uint8Array(written.subarray(0, 65536)));
  assert.equal(header.format, 'npy');
  assert.deepEqual(header.npy, { dtype: 'float32', rows: expected.targets.length });
  const reader = core.data.createReader({ format: 'npy' });
  reader.push(new Uint8Array(written));
  const summary = reader.finish();
  reader.delete();
  try {
    const report = summary.report();
    assert.equal(report.rows, expected.targets.length);
    assert.equal(report.positives, expected.targets.filter((target) => target === 1).length);
    assert.equal(report.skippedCount, 0);
    // The logits run from about -10 to 3: outside [0, 1], so read as logits without being told.
    assert.equal(report.scoresAre, 'logits');
  } finally {
    summary.delete();
  }
});
