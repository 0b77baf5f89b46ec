// Public JS API of the imbalance panels, appended after focal_api.js (--extern-post-js).
//
//   core.simulateAnchors(options)        one image's anchors: loss shares, Figure 4 CDFs,
//                                        modulating-factor histogram, prior initialisation
//   core.sampleAnchorLogits(options)     the sampled logits per group, sorted (for plots, tests)
//   core.anchorDistributions(quality)    the detectorQuality -> distributions mapping
//   core.createTrainingRun(options)      two models, CE and FL, trained side by side
//   core.classificationMetrics(scores, labels, options)
//   core.calibration(probabilities, labels, options)   reliability diagram and ECE
//
// Options are plain objects; missing keys take the defaults (core.defaultAnchorOptions,
// core.defaultTrainingOptions), an unknown key is a RangeError (a typo would otherwise do nothing),
// a value of the wrong type a TypeError, and a value out of range a RangeError from the core. Every
// message names the option and the value. Results are plain objects and fresh typed arrays: nothing
// refers into the wasm heap, so they stay valid whatever the module does next.
(function () {
  'use strict';

  const groups = Object.freeze(['easyNegatives', 'hardNegatives', 'positives']);

  const defaultSnapshotOptions = Object.freeze({ threshold: 0.5, gridSize: 64, curvePoints: 100, calibrationBins: 0 });
  const defaultMetricsOptions = Object.freeze({ threshold: 0.5, curvePoints: 100 });
  // 15 equal-width bins, the usual choice for a reliability diagram and its ECE.
  const defaultCalibrationOptions = Object.freeze({ bins: 15 });

  createFocalCore.installers.push(function installSimulationApi(core, tools, registry) {
    const describe = tools.describe;
    // Names, ranges and defaults come from the core's registry (cpp/core/registry.cpp).
    core.anchorOptions = registry.anchorOptions;
    core.trainingOptions = registry.trainingOptions;
    const defaultAnchorOptions = Object.freeze(tools.defaultsOf(core.anchorOptions));
    const defaultTrainingOptions = Object.freeze(tools.defaultsOf(core.trainingOptions));

    // Merges options over defaults, checking each given value's type against the default's.
    function resolve(what, options, defaults, checks) {
      if (options === undefined || options === null) return Object.assign({}, defaults);
      if (typeof options !== 'object' || Array.isArray(options)) {
        throw new TypeError(what + ' must be an object, got ' + describe(options));
      }
      const merged = Object.assign({}, defaults);
      for (const key of Object.keys(options)) {
        if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
          throw new RangeError(what + ' has an unknown key ' + JSON.stringify(key) +
            ' (known: ' + Object.keys(defaults).join(', ') + ')');
        }
        const value = options[key];
        if (value === undefined) continue;
        const check = checks[key];
        merged[key] = check ? check(key, value) : requireSameType(key, value, defaults[key]);
      }
      return merged;
    }

    function requireSameType(name, value, example) {
      if (typeof example === 'number') return tools.requireNumber(name, value);
      if (typeof example === 'string') return tools.requireString(name, value);
      if (typeof example === 'boolean') {
        if (typeof value !== 'boolean') throw new TypeError(name + ' must be a boolean, got ' + describe(value));
        return value;
      }
      return value;
    }

    function requireDistribution(name, value) {
      if (value === null) return null;
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new TypeError(name + ' must be an object {mean, std} or null, got ' + describe(value));
      }
      const out = {};
      for (const key of Object.keys(value)) {
        if (key !== 'mean' && key !== 'std') {
          throw new RangeError(name + ' has an unknown key ' + JSON.stringify(key) + ' (known: mean, std)');
        }
        if (value[key] !== undefined) out[key] = tools.requireNumber(name + '.' + key, value[key]);
      }
      return out;
    }

    function requireGammaList(name, value) {
      tools.requireNumericArray(name, value);
      return Array.from(value);
    }

    // Whole numbers cross to the core as doubles and are range-checked there; this only catches a
    // count that the heap conversion below would otherwise truncate.
    function requireWhole(name, value) {
      tools.requireNumber(name, value);
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(name + ' must be a whole number >= 0, got ' + String(value));
      }
      return value;
    }

    // ---- anchors --------------------------------------------------------------------------------

    core.anchorGroups = groups;
    core.defaultAnchorOptions = defaultAnchorOptions;

    core.anchorDistributions = (detectorQuality) =>
      core.rawAnchorDistributions(tools.requireNumber('detectorQuality', detectorQuality));

    function anchorParams(options) {
      const o = resolve('options', options, defaultAnchorOptions, {
        easyNegatives: requireDistribution,
        hardNegatives: requireDistribution,
        positives: requireDistribution,
        cdfGammas: requireGammaList,
      });
      const base = core.anchorDistributions(o.detectorQuality);
      const distributions = {};
      for (const g of groups) distributions[g] = Object.assign({}, base[g], o[g] || {});
      const params = {
        count: o.count,
        foregroundFraction: o.foregroundFraction,
        hardNegativeFraction: o.hardNegativeFraction,
        seed: o.seed,
        easyNegatives: distributions.easyNegatives,
        hardNegatives: distributions.hardNegatives,
        positives: distributions.positives,
        gamma: o.gamma,
        alpha: o.alpha,
        cdfPoints: o.cdfPoints,
        readoutFraction: o.readoutFraction,
        histogramBins: o.histogramBins,
        histogramMinLog10: o.histogramMinLog10,
        priorPi: o.priorPi,
      };
      return { o, params };
    }

    core.simulateAnchors = (options) => {
      const { o, params } = anchorParams(options);
      const gammas = o.cdfGammas;
      const base = tools.scratch(core, Math.max(1, gammas.length));
      core.HEAPF64.set(gammas, base >> 3);
      // The binding returns the report in its public shape (focal_core.d.ts: AnchorReport).
      return core.rawSimulateAnchors(params, base, gammas.length);
    };

    core.sampleAnchorLogits = (options) => core.rawSampleAnchorLogits(anchorParams(options).params);

    // ---- metrics --------------------------------------------------------------------------------

    core.classificationMetrics = (scores, labels, options) => {
      tools.requireNumericArray('scores', scores);
      tools.requireNumericArray('labels', labels);
      const n = scores.length;
      if (labels.length !== n) {
        throw new RangeError('labels must have the same length as scores (' + n + '), got length ' + labels.length);
      }
      const o = resolve('options', options, defaultMetricsOptions, { curvePoints: requireWhole });
      const base = tools.scratch(core, 2 * n);
      core.HEAPF64.set(scores, base >> 3);
      core.HEAPF64.set(labels, (base >> 3) + n);
      return core.rawClassificationMetrics(base, base + 8 * n, n, o.threshold, o.curvePoints);
    };

    core.calibration = (probabilities, labels, options) => {
      tools.requireNumericArray('probabilities', probabilities);
      tools.requireNumericArray('labels', labels);
      const n = probabilities.length;
      if (labels.length !== n) {
        throw new RangeError('labels must have the same length as probabilities (' + n + '), got length ' + labels.length);
      }
      const o = resolve('options', options, defaultCalibrationOptions, { bins: requireWhole });
      const base = tools.scratch(core, 2 * n);
      core.HEAPF64.set(probabilities, base >> 3);
      core.HEAPF64.set(labels, (base >> 3) + n);
      return core.rawCalibration(base, base + 8 * n, n, o.bins);
    };

    // ---- training -------------------------------------------------------------------------------

    core.defaultTrainingOptions = defaultTrainingOptions;
    core.trainingModels = Object.freeze(['crossEntropy', 'focal']);

    // The options of a training run (missing keys from the defaults, each checked) and the core's
    // TrainingParams built from them; seed_repeat_api.js uses it too, through tools.
    function trainingParams(options) {
      const o = Object.freeze(resolve('options', options, defaultTrainingOptions, {}));
      const params = {
        dataset: {
          kind: o.dataset, count: o.count, minorityFraction: o.minorityFraction, labelNoise: o.labelNoise, seed: o.seed,
        },
        model: o.model,
        hidden: o.hidden,
        activation: o.activation,
        optimizer: o.optimizer,
        learningRate: o.learningRate,
        momentum: o.momentum,
        batchSize: o.batchSize,
        crossEntropyAlpha: o.crossEntropyAlpha,
        gamma: o.gamma,
        alpha: o.alpha,
        focalGamma: o.focalGamma,
        priorInit: o.priorInit,
        priorPi: o.priorPi,
        normalization: o.normalization,
        seed: o.seed,
      };
      return { o, params };
    }
    tools.trainingParams = trainingParams;

    core.createTrainingRun = (options) => {
      const { o, params } = trainingParams(options);
      let raw = new core.RawTrainingRun(params);

      function live() {
        if (raw === null) throw new Error('this training run has been deleted');
        return raw;
      }

      return {
        options: o,
        get steps() { return live().steps(); },
        // Advances both models k steps (default 1); returns the total step count.
        step(k) {
          const count = k === undefined ? 1 : tools.requireNumber('k', k);
          const run = live();
          run.step(count);
          return run.steps();
        },
        reset() { live().reset(); },
        snapshot(snapshotOptions) {
          const s = resolve('snapshot options', snapshotOptions, defaultSnapshotOptions, {});
          const r = live().snapshot(s);
          const models = { crossEntropy: r.crossEntropy, focal: r.focal };
          // focalGamma 'flsd53' trains the fixed-gamma FL beside the FLSD-53 model, for comparison.
          if (r.fixedGammaFocal) models.fixedGammaFocal = r.fixedGammaFocal;
          return {
            step: r.step,
            threshold: r.threshold,
            gridSize: r.gridSize,
            bounds: r.bounds,
            noSkillAveragePrecision: r.noSkillAveragePrecision,
            models,
          };
        },
        dataset() { return live().dataset(); },
        parameters(model) {
          tools.requireString('model', model);
          const names = o.focalGamma === 'flsd53' ? ['crossEntropy', 'focal', 'fixedGammaFocal'] : ['crossEntropy', 'focal'];
          const index = names.indexOf(model);
          if (index < 0) throw new RangeError('model must be one of ' + names.join(', ') + ', got ' + JSON.stringify(model));
          return live().parameters(index);
        },
        // Frees the C++ side. The object is unusable afterwards; a second delete() does nothing.
        delete() {
          if (raw !== null) {
            raw.delete();
            raw = null;
          }
        },
        isDeleted() { return raw === null; },
      };
    };
  });
})();
