// The page as a reader meets it, in headless Chromium on 127.0.0.1: time to focalExplorer.ready,
// bytes transferred (gzip, as a static host would serve them), the wasm size, and input-to-paint
// latency per panel while a script drags its controls. bench/run.mjs calls benchmark().
//
// Latency is the time from dispatching an input event to the end of the next frame that the
// page painted, read inside the page: the input handler schedules the redraw in a
// requestAnimationFrame; a second rAF callback queued after it, plus a task after that frame,
// marks the paint. Chromium runs with its frame-rate limit off, so the figure is the page's own
// work (handler, core calls, chart updates, paint) rather than waiting for the next vsync.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// One panel's driver: the control a reader drags and the values it sweeps through.
const DRIVERS = [
  { panel: 'loss', selector: '#gamma', values: (i) => (i % 100) / 10, goalMs: 16 },
  { panel: 'gradient', selector: '#beta', values: (i) => ((i % 80) - 40) / 10, goalMs: 16 },
  { panel: 'compare', selector: '#compare-flGamma', values: (i) => (i % 100) / 10, goalMs: 16 },
  { panel: 'anchors', selector: '#anchor-count', values: (i) => (i % 2 ? 1000000 : 999000), goalMs: 33,
    setup: { anchorCount: 1000000 } },
];

async function measureLatency(page, selector, values) {
  return page.evaluate(async ({ selector, values }) => {
    const control = document.querySelector(selector);
    const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const latencies = [];
    for (const value of values) {
      await nextPaint();
      const start = performance.now();
      control.value = String(value);
      control.dispatchEvent(new Event('input', { bubbles: true }));
      await nextPaint();
      latencies.push(performance.now() - start);
    }
    return latencies;
  }, { selector, values });
}

export async function benchmark({ smoke, root }) {
  const { chromium } = require('playwright-core');
  const { startServer } = require(path.join(root, 'tests', 'e2e', 'helpers', 'server.js'));
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) return [];

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  const server = await startServer(dist);
  const rows = [];
  try {
    // Cold loads in fresh contexts: time to ready, and every file the page fetched.
    const readyTimes = [];
    const fetched = new Set();
    for (let run = 0; run < (smoke ? 1 : 7); run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.on('response', (response) => fetched.add(new URL(response.url()).pathname));
      await page.goto(server.url + '/');
      readyTimes.push(await page.evaluate(async () => {
        await window.focalExplorer.ready;
        return performance.now();
      }));
      await context.close();
    }
    let gzipBytes = 0;
    let rawBytes = 0;
    for (const pathname of fetched) {
      const file = path.join(dist, pathname.endsWith('/') ? pathname + 'index.html' : pathname);
      if (!fs.existsSync(file)) continue;
      const body = fs.readFileSync(file);
      rawBytes += body.length;
      gzipBytes += zlib.gzipSync(body, { level: 9 }).length;
    }
    const wasm = fs.readFileSync(path.join(dist, 'focal_core.wasm'));
    const ready = percentile(readyTimes, 0.5);
    rows.push(
      { group: 'page', name: 'navigation to focalExplorer.ready', size: '1280x800, 127.0.0.1', value: ready, unit: 'ms',
        goal: 'within 300 ms', met: ready <= 300 },
      { group: 'page', name: `bytes transferred, gzip (${fetched.size} files; ${(rawBytes / 1024).toFixed(0)} KB raw)`,
        size: 'first load', value: gzipBytes / 1024, unit: 'KB', goal: 'under 250 KB', met: gzipBytes <= 250 * 1024 },
      { group: 'page', name: `focal_core.wasm (gzip ${(zlib.gzipSync(wasm, { level: 9 }).length / 1024).toFixed(0)} KB)`,
        size: 'raw', value: wasm.length / 1024, unit: 'KB' },
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/');
    await page.evaluate(() => window.focalExplorer.ready);
    for (const driver of DRIVERS) {
      if (!(await page.$(driver.selector))) continue; // a panel this build does not have
      if (driver.setup) await page.evaluate((patch) => window.focalExplorer.set(patch), driver.setup);
      await page.locator(driver.selector).scrollIntoViewIfNeeded();
      const values = Array.from({ length: smoke ? 3 : 60 }, (_, i) => driver.values(i));
      const latencies = await measureLatency(page, driver.selector, values);
      const p50 = percentile(latencies, 0.5);
      const p95 = percentile(latencies, 0.95);
      rows.push(
        { group: 'page', name: `input-to-paint p50, ${driver.panel} panel (${driver.selector})`, size: 'frame limit off',
          value: p50, unit: 'ms' },
        { group: 'page', name: `input-to-paint p95, ${driver.panel} panel (${driver.selector})`, size: 'frame limit off',
          value: p95, unit: 'ms', goal: `at most ${driver.goalMs} ms`, met: p95 <= driver.goalMs },
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
