// What the "Your model" panel decides about an input before the core reads it: whether its size
// is within the page's limit, and which columns to read given what the header says
// (core.data.inspectHeader, cpp/bindings/focal_core.d.ts) and what the reader or a script chose.
// Pure functions, so tests/js/data_input.test.js checks them without a browser.

// The page reads at least this many binary decisions (rows, or rows x classes for a wide table);
// the core's reader refuses a file beyond it while reading (maxDecisions).
export const MAX_DECISIONS = 10_000_000;

// The size limit, checked before a byte is read. It must let through every file of up to
// MAX_DECISIONS decisions as common tools write them. The widest such row seen is NumPy's
// np.savetxt default ('%.18e'): "0.000000000000000000e+00,-3.123456789012345678e+00\n" is 51
// bytes for one decision; pandas' to_csv adds an index column (about 8 bytes at 10 million).
// 64 bytes per decision covers both, so the limit is 640 MB. A .npy of float64 pairs needs 16
// bytes per decision (160 MB), far inside it. A longer file is refused at once, with a pointer to
// the native focal-inspect, which streams files of any size.
export const BYTES_PER_DECISION = 64;
export const MAX_FILE_BYTES = MAX_DECISIONS * BYTES_PER_DECISION;
// A focal-inspect --json report holds a histogram of fixed size (a few megabytes at most,
// whatever the data); anything much bigger is not one, and is read as a whole text.
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

// A problem with the size of `blob` ({reason, ...}) or null. `format` is known after the header.
export function sizeProblem(size, format = null) {
  if (size === 0) return { reason: 'empty' };
  if (size > MAX_FILE_BYTES) return { reason: 'tooBig', size, limit: MAX_FILE_BYTES };
  if (format === 'json' && size > MAX_JSON_BYTES) return { reason: 'jsonTooBig', size, limit: MAX_JSON_BYTES };
  return null;
}

// The reader's choices the page or a script can make. `given` may name any of them; the rest
// follow the header. Returns {choice, pick}: choice is complete when pick is null; otherwise
// pick says what the reader must choose ('label' | 'score' | 'both') before the file is read.
//   choice: {format, wide, label, score, classColumn, background, scoresAre}
export function columnChoice(header, given = {}) {
  const choice = {
    format: header.format,
    // A header that looks wide is read wide, unless the reader asked for one score column.
    wide: header.wide !== null && given.wide !== false && given.score === undefined,
    label: null,
    score: null,
    background: given.background ?? null,
    scoresAre: given.scoresAre ?? 'auto',
  };
  if (header.format === 'json') return { choice: { format: 'json', wide: false, label: null, score: null, background: null, scoresAre: 'auto' }, pick: null };
  if (header.format === 'npy') return { choice: { ...choice, wide: false }, pick: null };
  if (choice.wide) {
    choice.label = given.label ?? header.wide.classColumn;
    return { choice, pick: null };
  }
  // A name the reader gave wins; otherwise the header's only candidate (null when it is ambiguous
  // or has none).
  choice.label = given.label ?? header.label;
  choice.score = given.score ?? header.score;
  const missing = [choice.label === null && 'label', choice.score === null && 'score'].filter(Boolean);
  const pick = missing.length === 2 ? 'both' : missing[0] ?? null;
  return { choice, pick };
}

// Best guesses to preselect in the column pickers while the reader decides.
export function suggestedColumns(header) {
  const first = (candidates, fallback) => candidates[0] ?? fallback;
  const label = header.label ?? first(header.labelCandidates, header.columns[0] ?? null);
  const others = header.columns.filter((name) => name !== label);
  const score = header.score ?? first(header.scoreCandidates.filter((name) => name !== label), others[0] ?? null);
  return { label, score };
}

// The core's reader options for a complete choice (DataReaderOptions in focal_core.d.ts).
export function readerOptions(choice, maxDecisions = MAX_DECISIONS) {
  if (choice.format === 'json') return { format: 'json' };
  const options = { format: choice.format, scoresAre: choice.scoresAre, maxDecisions };
  if (choice.format === 'npy') return options;
  options.label = choice.label;
  if (choice.wide) {
    options.wide = true;
    if (choice.background !== null) options.background = choice.background;
  } else {
    options.score = choice.score;
  }
  return options;
}

// Options a script may pass to focalExplorer.data.load, checked before anything is read.
const SCRIPT_OPTIONS = ['label', 'score', 'scoresAre', 'wide', 'background', 'name'];

export function checkScriptOptions(options) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('focalExplorer.data.load: options must be an object, e.g. {score: "logit"}');
  }
  for (const key of Object.keys(options)) {
    if (!SCRIPT_OPTIONS.includes(key)) throw new RangeError(`focalExplorer.data.load: unknown option "${key}" (known: ${SCRIPT_OPTIONS.join(', ')})`);
  }
  for (const key of ['label', 'score', 'background', 'name']) {
    if (options[key] !== undefined && typeof options[key] !== 'string') {
      throw new RangeError(`focalExplorer.data.load: ${key} must be a column name (a string), got ${String(options[key])}`);
    }
  }
  if (options.scoresAre !== undefined && !['auto', 'logits', 'probabilities'].includes(options.scoresAre)) {
    throw new RangeError(`focalExplorer.data.load: scoresAre must be "auto", "logits" or "probabilities", got ${String(options.scoresAre)}`);
  }
  if (options.wide !== undefined && typeof options.wide !== 'boolean') {
    throw new RangeError(`focalExplorer.data.load: wide must be true or false, got ${String(options.wide)}`);
  }
  return options;
}
