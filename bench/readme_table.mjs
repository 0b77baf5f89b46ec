// Writes the figures of bench/results.json into README.md's performance table, so the table is
// never copied by hand. bench/run.mjs calls it after a full run; `node bench/readme_table.mjs`
// redoes it from the last results.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const HEADER = '| figure | size | median | vs | goal |';

export function formatNumber(value) {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

// A cell may not hold a bare "|".
const cell = (text) => String(text).replaceAll('|', '\\|');

export function tableLines(rows) {
  const lines = [HEADER, '| --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x vs ${r.versus}`;
    const goal = r.goal === undefined ? '' : `${r.met ? 'met' : '**not met**'}: ${r.goal}`;
    lines.push(`| ${cell(`${r.group}: ${r.name}`)} | ${cell(r.size)} | ${cell(`${formatNumber(r.value)} ${r.unit}`)} | ${cell(ratio)} | ${cell(goal)} |`);
  }
  return lines;
}

export function writeReadmeTable(results, readmePath = path.join(root, 'README.md')) {
  const lines = fs.readFileSync(readmePath, 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  if (start < 0) throw new Error(`README.md has no line "${HEADER}" to put the table at`);
  let end = start;
  while (end < lines.length && lines[end].startsWith('|')) end += 1;
  lines.splice(start, end - start, ...tableLines(results.rows));
  fs.writeFileSync(readmePath, lines.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeReadmeTable(JSON.parse(fs.readFileSync(path.join(root, 'bench', 'results.json'), 'utf8')));
  console.log('README.md: performance table written from bench/results.json');
}
