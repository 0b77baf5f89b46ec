// Speed of "Repeat over seeds" (the training panel): 20 seeds x 2,000 steps of the default MLP on
// 2,000 points, both models, AP and recall at 100 checkpoints. In wasm under Node, on one thread
// and split over two worker threads the way the page splits it over two Web Workers (each runs
// half the seeds in slices, the main thread combines); natively, on one and two threads
// (build-native/focal_seed_bench); and in the page (headless Chromium on 127.0.0.1), where the
// floor applies: at most 10 s while the page keeps drawing, with the frames the page drew meanwhile
// and its longest gap between two frames. bench/run.mjs calls benchmark(); speed is never asserted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// One worker thread's share: its own core instance, seeds [first, last), advanced in slices as
// web/js/seed_service.js does. Posts its curves back.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const createFocalCore = require(workerData.corePath);
createFocalCore().then((core) => {
  const repeat = core.createSeedRepeat(workerData.training, workerData.repeat, workerData.range);
  while (!repeat.advance(workerData.slice)) {}
  parentPort.postMessage(repeat.curves());
  repeat.delete();
});
`;

function inWorker(corePath, training, repeat, range, slice) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { corePath, training, repeat, range, slice } });
    worker.once('message', (curves) => {
      resolve(curves);
      worker.terminate();
    });
    worker.once('error', reject);
  });
}

export async function benchmark({ smoke, root }) {
  const corePath = path.join(root, 'dist', 'focal_core.js');
  const core = await require(corePath)();
  const seeds = smoke ? 5 : 20; // the page takes 5 to 50
  const steps = smoke ? 10 : 2000;
  const training = {}; // the panel's defaults
  const repeat = { seeds, steps, checkpoints: 100, threshold: 0.5 };
  const size = `${seeds} seeds x ${steps} steps, 2000 points`;
  // The page's slice: a progress report about every 200 steps of one seed.
  const slice = 200;
  const rows = [];

  let start = performance.now();
  const single = core.createSeedRepeat(training, repeat);
  while (!single.advance(slice)) {}
  const oneThread = (performance.now() - start) / 1000;
  const reference = core.combineSeedRepeats([single.curves()]);
  single.delete();

  start = performance.now();
  const half = Math.floor(seeds / 2);
  const parts = await Promise.all([
    inWorker(corePath, training, repeat, { first: 0, last: half }, slice),
    inWorker(corePath, training, repeat, { first: half, last: seeds }, slice),
  ]);
  const bands = core.combineSeedRepeats(parts);
  const twoWorkers = (performance.now() - start) / 1000;
  if (JSON.stringify(bands) !== JSON.stringify(reference)) throw new Error('seed_bench: two workers gave other bands than one thread');

  rows.push({ group: 'seeds', name: 'repeat over seeds, wasm (Node), one thread', size, value: oneThread, unit: 's' });
  rows.push({ group: 'seeds', name: 'repeat over seeds, wasm (Node), two worker threads', size, value: twoWorkers, unit: 's',
    versus: 'one thread', ratio: oneThread / twoWorkers, goal: 'at most 10 s (the floor is for the page)', met: twoWorkers <= 10 });

  rows.push(...(await pageRows(root, seeds, steps)));

  const nativeBench = path.join(root, 'build-native', 'focal_seed_bench');
  if (fs.existsSync(nativeBench)) {
    const native = JSON.parse(execFileSync(nativeBench, [String(seeds), String(steps)], { encoding: 'utf8' }));
    rows.push({ group: 'seeds', name: 'repeat over seeds, native, one thread', size, value: native.oneThreadSeconds, unit: 's',
      versus: 'wasm one thread', ratio: oneThread / native.oneThreadSeconds });
    rows.push({ group: 'seeds', name: 'repeat over seeds, native, two threads', size, value: native.twoThreadsSeconds, unit: 's' });
  }
  return rows;
}

// focalExplorer.training.repeat in the page, as the button runs it (two Web Workers), with a
// requestAnimationFrame loop counting the frames the page draws meanwhile.
async function pageRows(root, seeds, steps) {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) return [];
  const { chromium } = require('playwright-core');
  const { startServer } = require(path.join(root, 'tests', 'e2e', 'helpers', 'server.js'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const server = await startServer(dist);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/#trainSeedCount=${seeds}`);
    await page.waitForFunction(() => window.focalExplorer !== undefined);
    await page.evaluate(() => window.focalExplorer.ready);
    // The panel mounts and draws when scrolled to (its body, the seeds block with it, is made
    // then): that first draw stays out of the figures.
    await page.evaluate(() => document.getElementById('panel-training').scrollIntoView());
    await page.evaluate(() => window.focalExplorer.drawn('training'));
    await page.evaluate(() => document.querySelector('.seeds-block').scrollIntoView());
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    const measured = await page.evaluate(async ({ seeds, steps }) => {
      let frames = 0;
      let longest = 0;
      let last = performance.now();
      let running = true;
      const frame = (now) => {
        frames += 1;
        longest = Math.max(longest, now - last);
        last = now;
        if (running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      const start = performance.now();
      await window.focalExplorer.training.repeat({ seeds, steps });
      const seconds = (performance.now() - start) / 1000;
      running = false;
      return { seconds, framesPerSecond: frames / seconds, longestFrameGapMs: longest };
    }, { seeds, steps });
    const size = `${seeds} seeds x ${steps} steps, 2000 points`;
    return [
      { group: 'seeds', name: 'repeat over seeds in the page (two Web Workers)', size, value: measured.seconds, unit: 's',
        goal: 'at most 10 s while the page keeps drawing', met: measured.seconds <= 10 },
      { group: 'seeds', name: 'frames the page drew meanwhile', size, value: measured.framesPerSecond, unit: 'frames/s' },
      { group: 'seeds', name: 'longest gap between two frames meanwhile', size, value: measured.longestFrameGapMs, unit: 'ms' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
