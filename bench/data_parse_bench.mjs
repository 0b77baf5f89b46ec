#!/usr/bin/env node
// The "Your model" panel reads files with the core's reader (core.data, in a Web Worker) rather
// than with PapaParse, the usual choice for CSV in a browser: one parser and one set of column
// rules for the page and the native focal-inspect. This measures both in headless Chromium on the
// same detector-like CSV, each in a worker of its own reading the File in 1 MiB chunks:
//   - PapaParse 5 (header: true, dynamicTyping: true, chunked), which only turns text into
//     numbers (it builds no summary at all);
//   - core.data.createReader, which parses the same text and also fills the summary (histogram,
//     calibration bins, skipped rows), as data_service.js does;
// and the panel's whole load as a reader meets it (focalExplorer.data.load: worker, JSON back,
// summary rebuilt in the page's core, every chart drawn).
//
//   node bench/data_parse_bench.mjs [rows]     (default 1,000,000; needs dist/ built)
//
// Figures are medians of RUNS runs after one warm-up, in rows per second.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const { launchBrowser } = require(path.join(root, 'tests/e2e/helpers/browser.js'));
const { startServer } = require(path.join(root, 'tests/e2e/helpers/server.js'));

const ROWS = Number(process.argv[2] || 1_000_000);
const RUNS = 3;
const CHUNK = 1 << 20;

// A detector-like CSV: easy negatives, hard negatives, ~1% positives, logits to 3 decimals.
function detectorCsv(rows) {
  let state = 12345;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const parts = ['label,logit\n'];
  for (let i = 0; i < rows; i++) {
    const u = uniform();
    if (u < 0.01) parts.push(`1,${(1 + 2 * normal()).toFixed(3)}\n`);
    else if (u < 0.06) parts.push(`0,${(-1.5 + normal()).toFixed(3)}\n`);
    else parts.push(`0,${(-6 + 1.3 * normal()).toFixed(3)}\n`);
  }
  return parts.join('');
}

async function main() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-parse-bench-'));
  const file = path.join(folder, 'scores.csv');
  fs.writeFileSync(file, detectorCsv(ROWS));
  const bytes = fs.statSync(file).size;
  const papaSource = fs.readFileSync(path.join(root, 'node_modules/papaparse/papaparse.min.js'), 'utf8');
  const [browser, server] = await Promise.all([launchBrowser(), startServer(path.join(root, 'dist'))]);
  try {
    // The bench starts its own workers from Blobs, which the page's policy rightly forbids.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.evaluate(() => window.focalExplorer.ready);
    await page.evaluate(() => window.focalExplorer.drawn('data'));
    // An input of the bench's own holds the File the workers and the panel read.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      input.hidden = true;
      document.body.append(input);
    });
    await page.setInputFiles('#bench-file', file);

    const figures = await page.evaluate(
      async ({ papa, runs, chunk }) => {
        const file = document.getElementById('bench-file').files[0];
        const workerFrom = (source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        const once = (worker, message) =>
          new Promise((resolve, reject) => {
            worker.onmessage = (event) => resolve(event.data);
            worker.onerror = (event) => reject(new Error(event.message));
            worker.postMessage(message);
          });

        const papaWorker = workerFrom(`${papa}
self.onmessage = (event) => {
  const start = performance.now();
  let rows = 0;
  let sum = 0;
  Papa.parse(event.data, {
    header: true, dynamicTyping: true, skipEmptyLines: true, chunkSize: ${chunk},
    chunk(results) { for (const row of results.data) { rows += 1; sum += row.logit; } },
    complete() { postMessage({ rows, sum, ms: performance.now() - start }); },
  });
};`);

        const coreUrl = new URL('focal_core.js', document.baseURI).href;
        const wasmUrl = new URL('focal_core.wasm', document.baseURI).href;
        const coreWorker = workerFrom(`importScripts(${JSON.stringify(coreUrl)});
let core = null;
self.onmessage = async (event) => {
  if (!core) core = await createFocalCore({ wasmBinary: new Uint8Array(await (await fetch(${JSON.stringify(wasmUrl)})).arrayBuffer()) });
  const file = event.data;
  const start = performance.now();
  const reader = core.data.createReader({ format: 'csv' });
  for (let from = 0; from < file.size; from += ${chunk}) {
    reader.push(new Uint8Array(await file.slice(from, Math.min(file.size, from + ${chunk})).arrayBuffer()));
  }
  const summary = reader.finish();
  reader.delete();
  const rows = summary.report().rows;
  summary.delete();
  postMessage({ rows, ms: performance.now() - start });
};`);

        const time = async (run) => {
          await run(); // warm-up: JIT, the wasm's first instantiation, the file's pages
          const samples = [];
          let rows = 0;
          for (let r = 0; r < runs; r++) {
            const out = await run();
            rows = out.rows;
            samples.push(out.ms);
          }
          samples.sort((a, b) => a - b);
          return { rows, ms: samples[Math.floor(samples.length / 2)], samples };
        };
        const papaparse = await time(() => once(papaWorker, file));
        const coreReader = await time(() => once(coreWorker, file));
        const panel = await time(async () => {
          const start = performance.now();
          const report = await window.focalExplorer.data.load(file);
          return { rows: report.rows, ms: performance.now() - start };
        });
        papaWorker.terminate();
        coreWorker.terminate();
        return { papaparse, coreReader, panel };
      },
      { papa: papaSource, runs: RUNS, chunk: CHUNK },
    );
    const line = (name, figure) =>
      `${name.padEnd(44)} ${(figure.rows / (figure.ms / 1000) / 1e6).toFixed(2).padStart(6)} M rows/s  (${figure.ms.toFixed(0)} ms for ${figure.rows.toLocaleString('en')} rows)`;
    console.log(`${ROWS.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB, median of ${RUNS} runs in headless Chromium:`);
    console.log(line('PapaParse in a worker (parse only)', figures.papaparse));
    console.log(line('core.data reader in a worker (parse + summary)', figures.coreReader));
    console.log(line('panel load (worker + JSON + redraw)', figures.panel));
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
