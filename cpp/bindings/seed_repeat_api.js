// Public JS API of training over many seeds, appended after focal_api.js (--extern-post-js).
//
//   core.repeatOverSeeds(trainingOptions, repeatOptions)   every seed here, then the bands
//   core.createSeedRepeat(trainingOptions, repeatOptions, range)   seeds [first, last) in slices:
//        {advance(budget) -> done, progress: {done, total}, curves(), delete()}
//   core.combineSeedRepeats(parts)      the curves of consecutive ranges -> the bands
//   core.defaultRepeatOptions           {seeds: 20, steps: 2000, checkpoints: 100, threshold: 0.5}
//
// trainingOptions are createTrainingRun's (core.trainingOptions); its seed is the repeat's first
// seed, and seed i trains with seed + i. The result's shape is in docs/api.md ("Repeat over
// seeds"): percentile bands of loss, AP and recall per checkpoint step, steps to 90% of the final
// AP, final AP, diverged seeds, and the seed-by-seed comparison; null wherever no seed has a
// finite value.
(function () {
  'use strict';

  const defaultRepeatOptions = Object.freeze({ seeds: 20, steps: 2000, checkpoints: 100, threshold: 0.5 });

  createFocalCore.installers.push(function installSeedRepeatApi(core, tools) {
    const describe = tools.describe;
    core.defaultRepeatOptions = defaultRepeatOptions;

    function repeatOptions(options) {
      if (options === undefined || options === null) return Object.assign({}, defaultRepeatOptions);
      if (typeof options !== 'object' || Array.isArray(options)) {
        throw new TypeError('repeat options must be an object, got ' + describe(options));
      }
      const merged = Object.assign({}, defaultRepeatOptions);
      for (const key of Object.keys(options)) {
        if (!Object.prototype.hasOwnProperty.call(defaultRepeatOptions, key)) {
          throw new RangeError('repeat options has an unknown key ' + JSON.stringify(key) +
            ' (known: ' + Object.keys(defaultRepeatOptions).join(', ') + ')');
        }
        if (options[key] !== undefined) merged[key] = tools.requireNumber(key, options[key]);
      }
      return merged;
    }

    // The core's SeedRepeatParams; tools.trainingParams comes from simulation_api.js.
    function repeatParams(trainingOptions, options) {
      const r = repeatOptions(options);
      const { params } = tools.trainingParams(trainingOptions);
      return { r, params: { training: params, seeds: r.seeds, steps: r.steps, checkpoints: r.checkpoints, threshold: r.threshold } };
    }

    core.createSeedRepeat = (trainingOptions, options, range) => {
      const { r, params } = repeatParams(trainingOptions, options);
      let first = 0;
      let last = r.seeds;
      if (range !== undefined) {
        if (range === null || typeof range !== 'object') throw new TypeError('range must be an object {first, last}, got ' + describe(range));
        if (range.first !== undefined) first = tools.requireNumber('first', range.first);
        if (range.last !== undefined) last = tools.requireNumber('last', range.last);
      }
      let raw = new core.RawSeedRepeat(params, first, last);
      function live() {
        if (raw === null) throw new Error('this seed repeat has been deleted');
        return raw;
      }
      return {
        // Trains at most `budget` more steps (default: to the end); true once every seed is done.
        advance(budget) {
          return live().advance(budget === undefined ? 1e9 : tools.requireNumber('budget', budget));
        },
        get progress() {
          return { done: live().stepsDone(), total: live().stepsTotal() };
        },
        // {first, last, seeds, steps, noSkillAveragePrecision, models: {crossEntropy, focal}: {loss,
        // ap, recall: seed-major Float64Arrays, nonFiniteStep}}: what combineSeedRepeats takes.
        curves() { return live().curves(); },
        delete() {
          if (raw !== null) {
            raw.delete();
            raw = null;
          }
        },
      };
    };

    core.combineSeedRepeats = (parts) => {
      if (!Array.isArray(parts)) throw new TypeError('parts must be an array of seed repeat curves, got ' + describe(parts));
      parts.forEach((part, i) => {
        if (part === null || typeof part !== 'object' || typeof part.models !== 'object' || part.models === null) {
          throw new TypeError('parts[' + i + '] must be the curves() of a seed repeat, got ' + describe(part));
        }
        for (const key of ['first', 'last', 'noSkillAveragePrecision']) tools.requireNumber('parts[' + i + '].' + key, part[key]);
        for (const key of ['seeds', 'steps']) tools.requireNumericArray('parts[' + i + '].' + key, part[key]);
        for (const model of ['crossEntropy', 'focal']) {
          const m = part.models[model];
          if (m === null || typeof m !== 'object') throw new TypeError('parts[' + i + '].models.' + model + ' must be an object, got ' + describe(m));
          for (const key of ['loss', 'ap', 'recall', 'nonFiniteStep']) tools.requireNumericArray('parts[' + i + '].models.' + model + '.' + key, m[key]);
        }
      });
      return core.rawCombineSeedCurves(parts);
    };

    core.repeatOverSeeds = (trainingOptions, options) => {
      const repeat = core.createSeedRepeat(trainingOptions, options);
      try {
        repeat.advance();
        return core.combineSeedRepeats([repeat.curves()]);
      } finally {
        repeat.delete();
      }
    };
  });
})();
