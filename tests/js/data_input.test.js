// The "Your model" panel's decisions before the core reads a file (web/js/data_input.js): the
// size limit, which columns to read, and the reader options they become; and that the page's
// easy-negative setting has the range the core accepts.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const createFocalCore = require(path.join(__dirname, '../../dist/focal_core.js'));
const webJs = (file) => pathToFileURL(path.join(__dirname, '..', '..', 'web', 'js', file)).href;

let input;
let core;
test.before(async () => {
  input = await import(webJs('data_input.js'));
  core = await createFocalCore();
});

const header = (fields) => ({
  format: 'csv',
  delimiter: ',',
  columns: ['label', 'logit'],
  label: 'label',
  score: 'logit',
  labelCandidates: ['label'],
  scoreCandidates: ['logit'],
  ambiguous: false,
  wide: null,
  scoresAreLogitsByName: true,
  ...fields,
});

test('the size limit lets 10 million decisions through in the widest common CSV, and no more than that', () => {
  const { MAX_DECISIONS, MAX_FILE_BYTES, sizeProblem } = input;
  assert.equal(MAX_DECISIONS, 10_000_000);
  // np.savetxt's default format ('%.18e'), two columns: the widest row of a common tool.
  const savetxtRow = '0.000000000000000000e+00,-3.123456789012345678e+00\n';
  assert.equal(savetxtRow.length, 51);
  assert.ok(MAX_DECISIONS * (savetxtRow.length + 8) <= MAX_FILE_BYTES, 'with a pandas index column too');
  // A .npy of float64 pairs with its header.
  assert.ok(MAX_DECISIONS * 16 + 128 <= MAX_FILE_BYTES);
  assert.equal(sizeProblem(MAX_FILE_BYTES), null);
  assert.deepEqual(sizeProblem(MAX_FILE_BYTES + 1), { reason: 'tooBig', size: MAX_FILE_BYTES + 1, limit: MAX_FILE_BYTES });
  assert.deepEqual(sizeProblem(0), { reason: 'empty' });
  assert.equal(sizeProblem(50e6, 'csv'), null);
  assert.equal(sizeProblem(50e6, 'json').reason, 'jsonTooBig');
});

test('a header with one label and one score column is read as it is; the reader may override', () => {
  const { columnChoice, readerOptions } = input;
  const plain = columnChoice(header());
  assert.equal(plain.pick, null);
  assert.deepEqual(readerOptions(plain.choice), { format: 'csv', scoresAre: 'auto', maxDecisions: 10_000_000, label: 'label', score: 'logit' });
  const chosen = columnChoice(header({ columns: ['label', 'logit', 'prob'], scoreCandidates: ['logit', 'prob'], score: null, ambiguous: true }), { score: 'prob', scoresAre: 'probabilities' });
  assert.equal(chosen.pick, null);
  assert.equal(readerOptions(chosen.choice).score, 'prob');
  assert.equal(readerOptions(chosen.choice).scoresAre, 'probabilities');
});

test('an ambiguous header asks for the columns it cannot tell; the pickers start from its candidates', () => {
  const { columnChoice, suggestedColumns } = input;
  const ambiguous = header({ columns: ['y', 'target', 'score', 'prob'], label: null, score: null, labelCandidates: ['y', 'target'], scoreCandidates: ['score', 'prob'], ambiguous: true });
  assert.equal(columnChoice(ambiguous).pick, 'both');
  assert.equal(columnChoice(ambiguous, { label: 'target' }).pick, 'score');
  assert.equal(columnChoice(ambiguous, { label: 'target', score: 'prob' }).pick, null);
  assert.deepEqual(suggestedColumns(ambiguous), { label: 'y', score: 'score' });
  // No candidate at all: the first column and the next.
  assert.deepEqual(suggestedColumns(header({ columns: ['a', 'b', 'c'], label: null, score: null, labelCandidates: [], scoreCandidates: [] })), { label: 'a', score: 'b' });
});

test('a wide header is read wide with its class column, unless the reader names one score column', () => {
  const { columnChoice, readerOptions } = input;
  const wide = header({ columns: ['cls', 'cat', 'dog', 'bg'], label: null, score: null, labelCandidates: [], scoreCandidates: [], wide: { classColumn: 'cls', scoreColumns: ['cat', 'dog', 'bg'] } });
  const asWide = columnChoice(wide, { background: 'bg' });
  assert.equal(asWide.pick, null);
  assert.deepEqual(readerOptions(asWide.choice), { format: 'csv', scoresAre: 'auto', maxDecisions: 10_000_000, label: 'cls', wide: true, background: 'bg' });
  const asLong = columnChoice(wide, { label: 'cls', score: 'dog' });
  assert.equal(asLong.choice.wide, false);
  assert.equal(readerOptions(asLong.choice).score, 'dog');
});

test('.npy and .json need no columns', () => {
  const { columnChoice, readerOptions } = input;
  const npy = columnChoice(header({ format: 'npy', delimiter: null, columns: ['target', 'score'] }));
  assert.deepEqual(readerOptions(npy.choice), { format: 'npy', scoresAre: 'auto', maxDecisions: 10_000_000 });
  assert.deepEqual(readerOptions(columnChoice(header({ format: 'json', columns: [] })).choice), { format: 'json' });
});

test('a script\'s options are checked before anything is read', () => {
  const { checkScriptOptions } = input;
  assert.deepEqual(checkScriptOptions(undefined), {});
  assert.throws(() => checkScriptOptions('logit'), TypeError);
  assert.throws(() => checkScriptOptions({ column: 'x' }), /unknown option "column"/);
  assert.throws(() => checkScriptOptions({ scoresAre: 'odds' }), /scoresAre must be "auto", "logits" or "probabilities", got odds/);
  assert.throws(() => checkScriptOptions({ label: 3 }), /label must be a column name/);
  assert.throws(() => checkScriptOptions({ wide: 'yes' }), /wide must be true or false/);
  assert.deepEqual(checkScriptOptions({ label: 'y', score: 'p', scoresAre: 'logits' }), { label: 'y', score: 'p', scoresAre: 'logits' });
});

test('the page\'s easy-negative setting has the range and default the core accepts', async (t) => {
  if (!core.data) return t.skip('the built core has no core.data');
  const { propNamed } = await import(webJs('state.js'));
  await import(webJs('data_panel.js'));
  const prop = propNamed('dataEasy');
  assert.equal(prop.default, core.data.defaultReportParams.easyThreshold);
  const summary = core.data.createReader({ format: 'csv' });
  summary.push(new TextEncoder().encode('label,logit\n0,-3\n1,2\n'));
  const data = summary.finish();
  summary.delete();
  try {
    for (const easyThreshold of [prop.min, prop.default, prop.max]) assert.equal(data.report({ easyThreshold }).easyThreshold, easyThreshold);
    for (const easyThreshold of [prop.min - 0.001, prop.max + 0.0005]) assert.throws(() => data.report({ easyThreshold }), RangeError);
  } finally {
    data.delete();
  }
});
