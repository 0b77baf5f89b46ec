// The training panel's run in a core worker (core_workers.js): a step of the default MLP on 2,000
// points takes about a millisecond per model, so a frame's worth of steps and the snapshot after
// them would take the page's thread for longer than a frame. The worker holds the one live run
// (two classes: core.createTrainingRun, three: core.createMulticlassRun) and answers every call
// with a snapshot, which the page only draws. Calls are answered in the order they were made.
//
// A run is deterministic for its options: the same number of steps gives the same weights however
// the steps are split, so the worker may take as many steps per call as its time budget allows.
export function createTrainingService(core) {
  let run = null;

  function live() {
    if (run === null) throw new Error('training service: no run is open');
    return run;
  }

  return {
    // A new run for these options (threeClasses: the softmax pair); the old one is freed. Answers
    // with its resolved options, its data set and its snapshot at step 0.
    open(options, threeClasses, snapshotOptions) {
      run?.delete();
      run = null;
      run = threeClasses ? core.createMulticlassRun(options) : core.createTrainingRun(options);
      return { options: run.options, dataset: run.dataset(), snapshot: run.snapshot(snapshotOptions) };
    },
    snapshot(snapshotOptions) {
      return live().snapshot(snapshotOptions);
    },
    // Exactly k steps (a whole number from 1 to 100000: the run checks it).
    step(k, snapshotOptions) {
      live().step(k);
      return run.snapshot(snapshotOptions);
    },
    // Playing: steps for about budgetMs (at least one step, at most `limit` steps in all).
    play(budgetMs, limit, snapshotOptions) {
      const current = live();
      const start = performance.now();
      do current.step(1);
      while (current.steps < limit && performance.now() - start < budgetMs);
      return current.snapshot(snapshotOptions);
    },
    reset(snapshotOptions) {
      live().reset();
      return run.snapshot(snapshotOptions);
    },
  };
}
