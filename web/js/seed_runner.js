// Runs a repeat over seeds on two core workers (core_workers.js, seed_service.js), each training
// half of the seeds, and has the page's core combine their per-seed curves into the bands. The
// machine the page was measured on has two cores; the page's own thread only draws meanwhile.
//
//   const runner = new SeedRunner(core);
//   const bands = await runner.run(trainingOptions, repeatOptions, (fraction) => ...);
//   runner.cancel();   // ends both workers; the pending run() rejects with an AbortError
import { Comlink, isAbort, openCoreWorker } from './core_workers.js';

const WORKERS = 2;

export class SeedRunner {
  constructor(core) {
    this.core = core;
    this.workers = Array.from({ length: WORKERS }, () => openCoreWorker());
  }

  // Resolves with core.combineSeedRepeats' bands. Bad options throw here, as the core names them,
  // before any worker starts. onProgress(fraction) follows the two workers' steps together.
  async run(trainingOptions, repeatOptions, onProgress) {
    this.core.createSeedRepeat(trainingOptions, repeatOptions, { first: 0, last: 1 }).delete();
    const seeds = repeatOptions.seeds;
    const half = Math.ceil(seeds / WORKERS);
    const ranges = [{ first: 0, last: half }, { first: half, last: seeds }].filter((range) => range.first < range.last);
    const done = ranges.map(() => 0);
    const total = ranges.map((range) => (range.last - range.first) * repeatOptions.steps);
    const all = total.reduce((sum, n) => sum + n, 0);
    const work = Promise.all(
      ranges.map((range, i) =>
        this.workers[i].run((services) =>
          services.seeds.run(
            trainingOptions,
            repeatOptions,
            range,
            Comlink.proxy((steps) => {
              done[i] = steps;
              onProgress?.(done.reduce((sum, n) => sum + n, 0) / all);
            }),
          ),
        ),
      ),
    );
    try {
      return this.core.combineSeedRepeats(await work);
    } catch (error) {
      // A worker that failed leaves the other one training for nothing.
      if (!isAbort(error)) this.cancel();
      throw error;
    }
  }

  cancel() {
    for (const worker of this.workers) worker.cancel();
  }
}
