// The public JS API of the focal core, appended after Emscripten's factory (--extern-post-js).
//
// The embind layer (focal_bindings.cpp) takes plain numbers and heap addresses and turns the
// core's validation failures into RangeErrors. This file adds what a JS caller needs on top:
// type checks that name the parameter (TypeError), one copy of each array into the wasm heap
// and one copy back out, and a factory that loads in Node with no options.
//
// The heap scratch buffer is reused across calls and only grows when a larger array arrives,
// so repeated calls of one size never grow the module's memory.
(function () {
  'use strict';

  const createRawModule = createFocalCore;
  const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;

  function describe(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    if (ArrayBuffer.isView(value)) return 'a ' + value.constructor.name;
    if (typeof value === 'string') return 'the string ' + JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
    return typeof value === 'object' ? 'an object' : typeof value + ' ' + String(value);
  }

  const tools = {
    describe,
    requireNumber(name, value) {
      if (typeof value !== 'number') throw new TypeError(name + ' must be a number, got ' + describe(value));
      return value;
    },
    requireString(name, value) {
      if (typeof value !== 'string') throw new TypeError(name + ' must be a string, got ' + describe(value));
      return value;
    },
    // A numeric array argument: a typed array or a plain array of numbers.
    requireNumericArray(name, value) {
      if (ArrayBuffer.isView(value) && !(value instanceof DataView) && typeof value.length === 'number') return value;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (typeof value[i] !== 'number') throw new TypeError(name + '[' + i + '] must be a number, got ' + describe(value[i]));
        }
        return value;
      }
      throw new TypeError(name + ' must be a Float64Array or an array of numbers, got ' + describe(value));
    },
    // An optional output array: null/undefined to skip, else a Float64Array of the given length.
    requireOutput(name, value, length) {
      if (value === undefined || value === null) return null;
      if (!(value instanceof Float64Array)) throw new TypeError(name + ' must be a Float64Array, got ' + describe(value));
      if (value.length !== length) throw new RangeError(name + ' must have length ' + length + ', got length ' + value.length);
      return value;
    },
  };

  // One growable block of the wasm heap per module, reused by every call. Returns its address.
  function scratch(core, doubles) {
    const bytes = Math.max(8, doubles * 8);
    if (core.scratchBytes < bytes) {
      if (core.scratchAddress) core._free(core.scratchAddress);
      core.scratchAddress = core._malloc(bytes);
      core.scratchBytes = bytes;
      if (!core.scratchAddress) throw new RangeError('not enough memory for ' + doubles + ' values');
    }
    return core.scratchAddress;
  }
  tools.scratch = scratch;

  function deepFreeze(value) {
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) deepFreeze(value[key]);
      Object.freeze(value);
    }
    return value;
  }

  // The core's registry (cpp/core/registry.cpp): every loss with its parameters' ranges and
  // defaults, and every option of the simulation and the training run. Read once per module.
  function readRegistry(core) {
    return deepFreeze(JSON.parse(core.rawRegistryJson()));
  }

  // {name: defaultValue} for a list of registry entries.
  function defaultsOf(entries) {
    const defaults = {};
    for (const entry of entries) defaults[entry.name] = entry.defaultValue;
    return defaults;
  }
  tools.defaultsOf = defaultsOf;
  function installLossApi(core, tools, registry) {
    const num = tools.requireNumber;
    const losses = registry.losses;
    const lossNamed = new Map(losses.map((loss) => [loss.name, loss]));

    // Every parameter any loss reads, with the default of the first loss (in registry order) that
    // names it: what fills a key a caller leaves out, before the loss's own defaults.
    const defaultLossParams = {};
    for (const loss of losses) {
      for (const parameter of loss.parameters) {
        if (!(parameter.name in defaultLossParams)) defaultLossParams[parameter.name] = parameter.defaultValue;
      }
    }
    Object.freeze(defaultLossParams);
    const lossParamNames = Object.keys(defaultLossParams);

    // Fills in the loss's defaults; an unknown key is a typo that would silently do nothing, so it
    // is an error. (An unknown loss name is left for the core to name in its error.)
    function lossParams(loss, params) {
      const own = lossNamed.get(loss);
      const merged = Object.assign({}, defaultLossParams, own ? defaultsOf(own.parameters) : {});
      if (params === undefined || params === null) return merged;
      if (typeof params !== 'object' || Array.isArray(params)) throw new TypeError('params must be an object, got ' + describe(params));
      for (const key of Object.keys(params)) {
        if (!lossParamNames.includes(key)) {
          throw new RangeError('params has an unknown key ' + JSON.stringify(key) + ' (known: ' + lossParamNames.join(', ') + ')');
        }
        merged[key] = tools.requireNumber('params.' + key, params[key]);
      }
      return merged;
    }

    core.losses = losses;
    core.lossNames = Object.freeze(losses.map((loss) => loss.name));
    core.defaultLossParams = defaultLossParams;

    core.sigmoidFocalLoss = (x, y, alpha, gamma) =>
      core.rawSigmoidFocalLoss(num('x', x), num('y', y), num('alpha', alpha), num('gamma', gamma));
    core.sigmoidFocalLossGrad = (x, y, alpha, gamma) =>
      core.rawSigmoidFocalLossGrad(num('x', x), num('y', y), num('alpha', alpha), num('gamma', gamma));
    core.focalLossStar = (x, y, gamma, beta) =>
      core.rawFocalLossStar(num('x', x), num('y', y), num('gamma', gamma), num('beta', beta));
    core.focalLossStarGrad = (x, y, gamma, beta) =>
      core.rawFocalLossStarGrad(num('x', x), num('y', y), num('gamma', gamma), num('beta', beta));
    core.modulatingFactor = (x, y, gamma) => core.rawModulatingFactor(num('x', x), num('y', y), num('gamma', gamma));
    core.priorBias = (pi) => core.rawPriorBias(num('pi', pi));
    core.effectiveNumber = (count, beta) => core.rawEffectiveNumber(num('count', count), num('beta', beta));

    core.evaluateLoss = (loss, params, x, y) =>
      core.rawEvaluateLoss(tools.requireString('loss', loss), lossParams(loss, params), num('x', x), num('y', y));

    // Any binary loss over arrays. Copies logits and targets in once, results out once.
    core.lossBatch = (loss, params, logits, targets, outLoss, outGrad, reduction) => {
      tools.requireString('loss', loss);
      const merged = lossParams(loss, params);
      tools.requireNumericArray('logits', logits);
      tools.requireNumericArray('targets', targets);
      const n = logits.length;
      if (targets.length !== n) throw new RangeError('targets must have the same length as logits (' + n + '), got length ' + targets.length);
      outLoss = tools.requireOutput('outLoss', outLoss, n);
      outGrad = tools.requireOutput('outGrad', outGrad, n);
      const mode = reduction === undefined ? 'none' : tools.requireString('reduction', reduction);
      const base = scratch(core, 4 * n);
      const heap = core.HEAPF64;
      const slot = base >> 3;
      heap.set(logits, slot);
      heap.set(targets, slot + n);
      const lossAddress = outLoss ? base + 16 * n : 0;
      const gradAddress = outGrad ? base + 24 * n : 0;
      const total = core.rawLossBatch(loss, merged, base, base + 8 * n, n, mode, lossAddress, gradAddress);
      // The call cannot grow memory (it allocates nothing), but read the view afresh regardless.
      if (outLoss) outLoss.set(core.HEAPF64.subarray(slot + 2 * n, slot + 3 * n));
      if (outGrad) outGrad.set(core.HEAPF64.subarray(slot + 3 * n, slot + 4 * n));
      return total;
    };

    core.sigmoidFocalLossBatch = (logits, targets, alpha, gamma, outLoss, outGrad) => {
      num('alpha', alpha);
      num('gamma', gamma);
      return core.lossBatch('focal', { alpha, gamma }, logits, targets, outLoss, outGrad, 'none');
    };

    function softmax(logits, target, alpha, gamma, wantGrad) {
      tools.requireNumericArray('logits', logits);
      num('target', target);
      num('alpha', alpha);
      num('gamma', gamma);
      const n = logits.length;
      const base = scratch(core, 2 * n);
      core.HEAPF64.set(logits, base >> 3);
      const loss = core.rawSoftmaxFocal(base, n, target, alpha, gamma, wantGrad ? base + 8 * n : 0);
      if (!wantGrad) return loss;
      return core.HEAPF64.slice((base >> 3) + n, (base >> 3) + 2 * n);
    }
    core.softmaxFocalLoss = (logits, target, alpha, gamma) => softmax(logits, target, alpha, gamma, false);
    core.softmaxFocalLossGrad = (logits, target, alpha, gamma) => softmax(logits, target, alpha, gamma, true);

    core.classBalancedWeights = (counts, beta) => {
      tools.requireNumericArray('counts', counts);
      num('beta', beta);
      const n = counts.length;
      const base = scratch(core, 2 * n);
      core.HEAPF64.set(counts, base >> 3);
      core.rawClassBalancedWeights(base, n, beta, base + 8 * n);
      return core.HEAPF64.slice((base >> 3) + n, (base >> 3) + 2 * n);
    };
  }

  // Later *_api.js files push their own installers here before any module is created; each is
  // called as install(core, tools, registry).
  const installers = [installLossApi];

  function createFocalCoreWithApi(options) {
    const settings = Object.assign({}, options);
    // Emscripten 3.1.6 would fetch() the .wasm by file path under Node 18+, which fails; read it
    // (the module beside this script, named as it is: focal_core.wasm, or focal_view.wasm for the
    // page's losses-only build).
    if (isNode && !settings.wasmBinary && !settings.instantiateWasm) {
      const path = require('path');
      const wasmPath = path.join(__dirname, path.basename(__filename, '.js') + '.wasm');
      const fs = require('fs');
      if (fs.existsSync(wasmPath)) settings.wasmBinary = fs.readFileSync(wasmPath);
    }
    return createRawModule(settings).then((core) => {
      core.scratchAddress = 0;
      core.scratchBytes = 0;
      // Each module reads its own registry once and hands it to every installer.
      const registry = readRegistry(core);
      for (const install of installers) install(core, tools, registry);
      return core;
    });
  }
  createFocalCoreWithApi.installers = installers;
  createFocalCoreWithApi.tools = tools;

  createFocalCore = createFocalCoreWithApi;
  if (typeof module === 'object' && module.exports) module.exports = createFocalCoreWithApi;
})();
