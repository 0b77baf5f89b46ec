// "Repeat over seeds" in a core worker (core_workers.js): one worker trains its share of the
// seeds (core.createSeedRepeat over seeds [first, last)) and answers with their per-seed curves;
// the page runs two such workers and has its own core combine their curves into the bands
// (seed_runner.js).
//
// A slice is 200 training steps of one seed (both models): about a tenth of a second with the
// default MLP on 2,000 points, so the progress bar moves smoothly while the reports between
// slices cost nothing next to the training.
export const SLICE_STEPS = 200;

export function createSeedService(core) {
  return {
    // progress(done, total) in steps of this worker's share, after every slice; not awaited, so
    // training goes on while the page draws the bar.
    run(trainingOptions, repeatOptions, range, progress) {
      const repeat = core.createSeedRepeat(trainingOptions, repeatOptions, range);
      try {
        while (!repeat.advance(SLICE_STEPS)) {
          const { done, total } = repeat.progress;
          progress?.(done, total);
        }
        const { total } = repeat.progress;
        progress?.(total, total);
        return repeat.curves();
      } finally {
        repeat.delete();
      }
    },
  };
}
