// The "Your model" panel's words: what was read, the prior it implies, the messages of bad
// input, and the Python that writes a .npy the panel reads. Numbers come from the report
// (summary.report(), cpp/bindings/focal_core.d.ts); this module only writes them out.
import { joinSentences, t, translate } from './i18n.js';
import { formatCount, formatNumber, formatPercent } from './number_format.js';

// What a detector's validation loop adds to write a file the panel reads: float32 pairs
// [target, logit], one row per (anchor, class) decision, ignored anchors (-1) left out. Lines
// stay within 44 characters, so the recipe fits the panel's side column without scrolling.
// tests/js/data_snippet.test.js runs exactly these lines with PyTorch (a stand-in model and
// loader) and reads the file with the core, so what the page shows is known to work.
export const NPY_SNIPPET = [
  'ts, xs = [], []',
  'with torch.no_grad():',
  '    for images, targets in val_loader:',
  '        xs.append(model(images).float())',
  '        ts.append(targets)',
  't = torch.cat(ts).flatten().cpu().numpy()',
  'x = torch.cat(xs).flatten().cpu().numpy()',
  'keep = t >= 0  # -1 marks ignored anchors',
  'pairs = np.stack([t[keep], x[keep]], 1)',
  'pairs = pairs.astype(np.float32)',
  "np.save('preds.npy', pairs)",
].join('\n');

// Bytes as a reader says them: 640 MB, 1.2 GB (decimal units, as file managers show sizes).
export function formatBytes(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value, 3)} ${units[unit]}`;
}

// A page-side problem ({reason, ...} from data_input.js) as an error: the message in English for
// scripts, the key and values kept so the panel shows it in the page's language.
export function problemError(problem, name) {
  const key = `data.error.${problem.reason}`;
  const vars = { name, ...describeProblem(problem) };
  const error = new RangeError(translate('en', key, vars));
  error.focalText = { key, vars };
  return error;
}

function describeProblem(problem) {
  const vars = {};
  if (problem.size !== undefined) vars.size = formatBytes(problem.size);
  if (problem.limit !== undefined) vars.limit = formatBytes(problem.limit);
  if (problem.labels) vars.labels = problem.labels.join(', ') || '—';
  if (problem.scores) vars.scores = problem.scores.join(', ') || '—';
  return vars;
}

// The message the panel shows for a failed read: the page's own sentence when it has one,
// otherwise the core's sentence after the file's name.
export function errorText(error, name) {
  if (error.focalText) return t(error.focalText.key, error.focalText.vars);
  return t('data.error.core', { name, message: error.message });
}

// "20,000 rows: 20,000 decisions, 200 positives. 3 rows skipped." and the like.
export function summaryText(name, report, isJson) {
  const parts = [
    t(report.decisions === report.rows ? 'data.summaryRows' : 'data.summaryWide', {
      name,
      rows: formatCount(report.rows),
      decisions: formatCount(report.decisions),
      positives: formatCount(report.positives),
    }),
  ];
  if (report.clamped > 0) parts.push(t('data.summaryClamped', { clamped: formatCount(report.clamped) }));
  if (report.skippedCount > 0) parts.push(t('data.summarySkipped', { skipped: formatCount(report.skippedCount) }));
  parts.push(t(`data.scores.${report.scoresAre}.${report.scoresAreSource}`));
  if (isJson) parts.push(t('data.summaryJson'));
  return joinSentences(parts);
}

// pi and the prior bias b = -log((1 - pi) / pi) the paper initialises the last layer with.
export function priorText(report) {
  const { pi, bias } = report.prior;
  if (bias === null) return t('data.priorNone', { pi: formatPercent(pi) });
  return t('data.prior', { pi: formatNumber(pi, 4), percent: formatPercent(pi), bias: formatNumber(bias, 4) });
}

export function skippedCaption(report) {
  const listed = report.skipped.length;
  return t(listed < report.skippedCount ? 'data.skippedSome' : 'data.skippedAll', {
    count: formatCount(report.skippedCount),
    listed: formatCount(listed),
  });
}
