// Public JS API of three classes, appended after focal_api.js (--extern-post-js).
//
//   core.createMulticlassRun(options)    two three-output models, softmax CE and FL with one alpha
//                                        per class (softmax or per-class sigmoid), side by side
//   core.simplexGrid(options)            softmax FL of one true class over the probability simplex,
//                                        with its gradient and where a gradient step moves p
//   core.multiclassMetrics(probabilities, labels)   3x3 confusion, per-class precision, recall, AP
//   core.oneHotSigmoidFocalLoss(logits, target, alphas, gamma) and ...Grad: RetinaNet's form
//
// As simulation_api.js: options are plain objects, missing keys take the defaults
// (core.defaultMulticlassOptions, from the core's registry), an unknown key is a RangeError, a
// value of the wrong type a TypeError, a value out of range a RangeError from the core; every
// message names the option and the value. Results are plain objects and fresh typed arrays.
(function () {
  'use strict';

  const defaultSnapshotOptions = Object.freeze({ gridSize: 64 });
  // 32 cells a side: smooth enough for the page's map, 1024 evaluations.
  const defaultSimplexOptions = Object.freeze({ resolution: 32, gamma: 2, alpha: -1, target: 2 });
  const CLASSES = 3;

  createFocalCore.installers.push(function installMulticlassApi(core, tools, registry) {
    const describe = tools.describe;
    core.multiclassOptions = registry.multiclassOptions;
    const defaultMulticlassOptions = Object.freeze(tools.defaultsOf(core.multiclassOptions));

    // Merges options over defaults; a given value must have the default's type (a list: numbers).
    function resolve(what, options, defaults) {
      if (options === undefined || options === null) return Object.assign({}, defaults);
      if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(what + ' must be an object, got ' + describe(options));
      const merged = Object.assign({}, defaults);
      for (const key of Object.keys(options)) {
        if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
          throw new RangeError(what + ' has an unknown key ' + JSON.stringify(key) + ' (known: ' + Object.keys(defaults).join(', ') + ')');
        }
        const value = options[key];
        if (value === undefined) continue;
        const example = defaults[key];
        if (Array.isArray(example)) merged[key] = Array.from(tools.requireNumericArray(key, value));
        else if (typeof example === 'number') merged[key] = tools.requireNumber(key, value);
        else if (typeof example === 'string') merged[key] = tools.requireString(key, value);
        else if (typeof value !== 'boolean') throw new TypeError(key + ' must be a boolean, got ' + describe(value));
        else merged[key] = value;
      }
      return merged;
    }

    // Copies lists into the scratch block one after the other; returns their addresses.
    function toHeap(lists) {
      const total = lists.reduce((sum, list) => sum + list.length, 0);
      const base = tools.scratch(core, Math.max(1, total));
      const addresses = [];
      let slot = base >> 3;
      for (const list of lists) {
        core.HEAPF64.set(list, slot);
        addresses.push(slot << 3);
        slot += list.length;
      }
      return addresses;
    }

    core.defaultMulticlassOptions = defaultMulticlassOptions;
    core.multiclassModels = Object.freeze(['crossEntropy', 'focal']);

    // ---- losses ---------------------------------------------------------------------------------

    function oneHotSigmoid(logits, target, alphas, gamma, wantGrad) {
      tools.requireNumericArray('logits', logits);
      tools.requireNumber('target', target);
      tools.requireNumericArray('alphas', alphas);
      tools.requireNumber('gamma', gamma);
      const n = logits.length;
      if (alphas.length !== n) throw new RangeError('alphas must have one weight per logit (' + n + '), got length ' + alphas.length);
      const [logitsAt, alphasAt, gradAt] = toHeap([logits, alphas, new Float64Array(n)]);
      const loss = core.rawOneHotSigmoidFocal(logitsAt, n, target, alphasAt, gamma, wantGrad ? gradAt : 0);
      return wantGrad ? core.HEAPF64.slice(gradAt >> 3, (gradAt >> 3) + n) : loss;
    }
    core.oneHotSigmoidFocalLoss = (logits, target, alphas, gamma) => oneHotSigmoid(logits, target, alphas, gamma, false);
    core.oneHotSigmoidFocalLossGrad = (logits, target, alphas, gamma) => oneHotSigmoid(logits, target, alphas, gamma, true);

    core.simplexGrid = (options) => core.rawSimplexGrid(resolve('options', options, defaultSimplexOptions));

    core.multiclassMetrics = (probabilities, labels) => {
      tools.requireNumericArray('probabilities', probabilities);
      tools.requireNumericArray('labels', labels);
      const n = labels.length;
      if (probabilities.length !== CLASSES * n) {
        throw new RangeError('probabilities must hold 3 scores per label (' + CLASSES * n + '), got length ' + probabilities.length);
      }
      const [probabilitiesAt, labelsAt] = toHeap([probabilities, labels]);
      return core.rawMulticlassMetrics(probabilitiesAt, labelsAt, n);
    };

    // ---- the run --------------------------------------------------------------------------------

    core.createMulticlassRun = (options) => {
      const o = resolve('options', options, defaultMulticlassOptions);
      Object.freeze(o.alphas);
      Object.freeze(o);
      const [alphasAt] = toHeap([o.alphas]);
      let raw = new core.RawMulticlassRun(
        {
          dataset: { kind: o.dataset, count: o.count, minorityFraction: o.minorityFraction, labelNoise: o.labelNoise, seed: o.seed },
          model: o.model,
          hidden: o.hidden,
          activation: o.activation,
          optimizer: o.optimizer,
          learningRate: o.learningRate,
          momentum: o.momentum,
          batchSize: o.batchSize,
          gamma: o.gamma,
          crossEntropyAlphas: o.crossEntropyAlphas,
          lossForm: o.lossForm,
          priorInit: o.priorInit,
          priorPi: o.priorPi,
          seed: o.seed,
        },
        alphasAt,
        o.alphas.length,
      );

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
        snapshot(snapshotOptions) { return live().snapshot(resolve('snapshot options', snapshotOptions, defaultSnapshotOptions)); },
        dataset() { return live().dataset(); },
        parameters(model) {
          tools.requireString('model', model);
          if (!core.multiclassModels.includes(model)) {
            throw new RangeError('model must be one of crossEntropy, focal, got ' + JSON.stringify(model));
          }
          return live().parameters(model === 'focal' ? 1 : 0);
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
