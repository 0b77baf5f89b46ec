// The "Your model" data reader: native focal-inspect throughput on a CSV and a .npy file, its peak
// memory on a big file (the summary is fixed-size, so memory must not grow with the rows), and the
// wasm reader the page uses, on the same CSV. Files are generated under the system's temp
// directory and removed afterwards.
//
// Floors (docs/numerics.md, "Data reports"): >= 3M CSV rows/s and >= 20M .npy decisions/s natively,
// peak RSS < 64 MB on a 20M-row CSV.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// A seeded stream of (label, logit) rows: 5% positives, logits around -4 and +1 (like a detector's
// anchors), written in 1 MiB blocks so that 20M rows never sit in memory.
function writeCsv(file, rows) {
  const fd = fs.openSync(file, 'w');
  let state = 0x9e3779b9;
  const uniform = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 4294967296;
  };
  let block = 'label,logit\n';
  for (let i = 0; i < rows; i++) {
    const positive = uniform() < 0.05;
    const x = (positive ? 1 : -4) + 2 * (uniform() + uniform() + uniform() - 1.5);
    block += (positive ? '1,' : '0,') + x.toFixed(6) + '\n';
    if (block.length > 1 << 20) {
      fs.writeSync(fd, block);
      block = '';
    }
  }
  fs.writeSync(fd, block);
  fs.closeSync(fd);
}

function writeNpy(file, decisions) {
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${decisions}, 2), }`;
  while ((10 + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const header = Buffer.alloc(10);
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = 1;
  header.writeUInt16LE(dict.length, 8);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, Buffer.concat([header, Buffer.from(dict, 'latin1')]));
  const rowsPerBlock = 1 << 17;
  const block = new Float32Array(2 * rowsPerBlock);
  for (let start = 0; start < decisions; start += rowsPerBlock) {
    const n = Math.min(rowsPerBlock, decisions - start);
    for (let i = 0; i < n; i++) {
      const positive = (start + i) % 20 === 0;
      block[2 * i] = positive ? 1 : 0;
      block[2 * i + 1] = (positive ? 1 : -4) + Math.sin(start + i);
    }
    fs.writeSync(fd, new Uint8Array(block.buffer, 0, 8 * n));
  }
  fs.closeSync(fd);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// focal-inspect on the file, median over runs: wall seconds, CPU seconds (user + system, from GNU
// time when present) and peak RSS in MiB. On this shared 2-core machine the wall clock also
// measures the other processes; the CPU time is the tool's own.
function inspect(tool, file, runs) {
  const wall = [], cpu = [], rss = [];
  for (let r = 0; r < runs; r++) {
    if (fs.existsSync('/usr/bin/time')) {
      const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', tool, file], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      const [e, u, s, m] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
      wall.push(e);
      cpu.push(u + s);
      rss.push(m / 1024);
    } else {
      const start = process.hrtime.bigint();
      execFileSync(tool, [file], { stdio: 'ignore' });
      wall.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return { wall: median(wall), cpu: cpu.length ? median(cpu) : null, rss: rss.length ? Math.max(...rss) : null };
}

export async function benchmark({ smoke, runs, root }) {
  const tool = path.join(root, 'build-native', 'focal-inspect');
  if (!fs.existsSync(tool)) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-data-bench-'));
  const rows = [];
  try {
    const csvRows = smoke ? 20000 : 20000000;
    const npyDecisions = smoke ? 50000 : 20000000;
    const repeats = smoke ? 1 : Math.min(runs, 3);
    const csv = path.join(dir, 'scores.csv');
    const npy = path.join(dir, 'scores.npy');
    writeCsv(csv, csvRows);
    writeNpy(npy, npyDecisions);

    const c = inspect(tool, csv, repeats);
    const n = inspect(tool, npy, repeats);
    // GNU time counts in hundredths: a smoke run may read 0.
    const toolSeconds = (t) => Math.max(t.cpu ?? t.wall, 0.01);
    const csvRate = csvRows / toolSeconds(c) / 1e6;
    const npyRate = npyDecisions / toolSeconds(n) / 1e6;
    const clock = c.cpu === null ? 'wall clock' : 'per CPU second';
    rows.push(
      { group: 'data', name: `focal-inspect, CSV label,logit (whole run: read, report, print), ${clock}`, size: `${csvRows} rows`,
        value: csvRate, unit: 'M rows/s', goal: 'at least 3M rows/s', met: csvRate >= 3 },
      { group: 'data', name: 'focal-inspect, CSV, wall clock (shared machine)', size: `${csvRows} rows`,
        value: csvRows / Math.max(c.wall, 0.01) / 1e6, unit: 'M rows/s' },
      { group: 'data', name: `focal-inspect, .npy float32 (N, 2), ${clock}`, size: `${npyDecisions} decisions`, value: npyRate,
        unit: 'M decisions/s', goal: 'at least 20M decisions/s', met: npyRate >= 20 },
      { group: 'data', name: 'focal-inspect, .npy, wall clock (shared machine)', size: `${npyDecisions} decisions`,
        value: npyDecisions / Math.max(n.wall, 0.01) / 1e6, unit: 'M decisions/s' },
    );
    if (c.rss !== null) {
      rows.push({ group: 'data', name: 'focal-inspect peak RSS on that CSV', size: `${csvRows} rows, ${(fs.statSync(csv).size / 2 ** 20).toFixed(0)} MiB`,
        value: c.rss, unit: 'MiB', goal: 'under 64 MiB (fixed-size summary)', met: c.rss < 64 });
    }

    // The page's path: the wasm reader fed 1 MiB chunks (as the worker feeds a File), on a
    // smaller CSV so that the whole file fits in this process.
    const wasmRows = smoke ? 20000 : 2000000;
    const small = path.join(dir, 'small.csv');
    writeCsv(small, wasmRows);
    const bytes = new Uint8Array(fs.readFileSync(small));
    const core = await require(path.join(root, 'dist', 'focal_core.js'))();
    const seconds = [];
    for (let r = 0; r < repeats; r++) {
      const start = process.hrtime.bigint();
      const reader = core.data.createReader();
      for (let i = 0; i < bytes.length; i += 1 << 20) reader.push(bytes.subarray(i, i + (1 << 20)));
      const summary = reader.finish();
      summary.report();
      summary.delete();
      reader.delete();
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    rows.push({ group: 'data', name: 'wasm core.data reader (page), CSV in 1 MiB chunks', size: `${wasmRows} rows`,
      value: wasmRows / median(seconds) / 1e6, unit: 'M rows/s', versus: 'native focal-inspect', ratio: csvRate / (wasmRows / median(seconds) / 1e6) });

    // Moving a slider: one report from an existing summary.
    const reader = core.data.createReader();
    reader.push(bytes);
    const summary = reader.finish();
    reader.delete();
    const times = [];
    for (let r = 0; r < Math.max(5, runs); r++) {
      const start = process.hrtime.bigint();
      summary.report({ gamma: 1 + r / 10 });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    summary.delete();
    rows.push({ group: 'data', name: 'wasm summary.report (one slider move)', size: `${wasmRows} rows`, value: median(times), unit: 'ms' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
