// Public JS API of the "Your model" data reports, appended after focal_api.js (--extern-post-js).
//
//   core.data.inspectHeader(bytes)        what the first bytes of a file say (format, columns, ...)
//   core.data.createReader(options)       a streaming reader: push(chunk)..., finish() -> summary
//   core.data.summaryFromJson(text)       a summary from a focal-inspect --json document
//   summary.report(params)                the report for a gamma, alpha and easy threshold
//   summary.toJson(params)                the focal-inspect --json document
//
// Readers and summaries hold C++ objects: call delete() when done. Options and parameters are
// plain objects; an unknown key is a RangeError (a typo would otherwise do nothing), a value of
// the wrong type a TypeError, and a bad value (or a bad file) a RangeError whose message is the
// core's one sentence. Field meanings: docs/api.md, "Your model: data reports".
(function () {
  'use strict';

  createFocalCore.installers.push(function installDataApi(core, tools) {
    const describe = tools.describe;
    const constants = core.rawDataConstants();
    const defaultReportParams = Object.freeze(constants.defaultReportParams);
    // The page reads at most this many decisions (rows x score columns); focal-inspect has no limit.
    const defaultReaderOptions = Object.freeze({ format: 'csv', scoresAre: 'auto', wide: false, maxDecisions: 10000000 });
    const readerKeys = ['format', 'label', 'score', 'scoresAre', 'wide', 'scoreColumns', 'background', 'maxDecisions'];
    // Only the start of a file decides its header; a larger slice is copied no further.
    const headerBytes = 2 * 1024 * 1024;

    function requireObject(name, value) {
      if (value === undefined || value === null) return {};
      if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(name + ' must be an object, got ' + describe(value));
      return value;
    }

    function requireKnownKeys(name, value, keys) {
      for (const key of Object.keys(value)) {
        if (!keys.includes(key)) {
          throw new RangeError(name + ' has an unknown key ' + JSON.stringify(key) + ' (known: ' + keys.join(', ') + ')');
        }
      }
    }

    function requireBytes(name, value) {
      if (!(value instanceof Uint8Array)) throw new TypeError(name + ' must be a Uint8Array, got ' + describe(value));
      return value;
    }

    // Copies bytes into the module's scratch block; returns its address.
    function toHeap(bytes) {
      const base = tools.scratch(core, Math.ceil(bytes.length / 8));
      core.HEAPU8.set(bytes, base);
      return base;
    }

    function reportParams(params) {
      const p = requireObject('params', params);
      requireKnownKeys('params', p, Object.keys(defaultReportParams));
      const merged = Object.assign({}, defaultReportParams);
      for (const key of Object.keys(p)) {
        if (p[key] !== undefined) merged[key] = tools.requireNumber(key, p[key]);
      }
      return merged;
    }

    function readerOptions(options) {
      const o = requireObject('options', options);
      requireKnownKeys('options', o, readerKeys);
      const merged = { format: defaultReaderOptions.format, label: '', score: '', scoresAre: defaultReaderOptions.scoresAre,
        wide: defaultReaderOptions.wide, scoreColumns: [], background: '', maxDecisions: defaultReaderOptions.maxDecisions };
      for (const key of readerKeys) {
        const value = o[key];
        // null and undefined both mean "not given": the header's candidate is null when there is none.
        if (value === undefined || value === null) continue;
        if (key === 'wide') {
          if (typeof value !== 'boolean') throw new TypeError('wide must be a boolean, got ' + describe(value));
          merged.wide = value;
        } else if (key === 'maxDecisions') {
          merged.maxDecisions = tools.requireNumber(key, value);
        } else if (key === 'scoreColumns') {
          if (!Array.isArray(value)) throw new TypeError('scoreColumns must be an array of column names, got ' + describe(value));
          value.forEach((name, i) => tools.requireString('scoreColumns[' + i + ']', name));
          merged.scoreColumns = value.slice();
        } else {
          merged[key] = tools.requireString(key, value);
        }
      }
      return merged;
    }

    function wrapSummary(raw) {
      function live() {
        if (raw === null) throw new Error('this summary has been deleted');
        return raw;
      }
      return {
        report(params) {
          const p = reportParams(params);
          return JSON.parse(live().reportJson(p.gamma, p.alpha, p.easyThreshold));
        },
        toJson(params) {
          const p = reportParams(params);
          return live().documentJson(p.gamma, p.alpha, p.easyThreshold);
        },
        // Frees the C++ side; a second delete() does nothing.
        delete() {
          if (raw !== null) {
            raw.delete();
            raw = null;
          }
        },
        isDeleted() { return raw === null; },
      };
    }

    function inspectHeader(bytes) {
      requireBytes('bytes', bytes);
      const head = bytes.length > headerBytes ? bytes.subarray(0, headerBytes) : bytes;
      return core.rawInspectHeader(toHeap(head), head.length);
    }

    function createReader(options) {
      let raw = new core.RawDataReader(readerOptions(options));
      function live() {
        if (raw === null) throw new Error('this reader has been deleted');
        return raw;
      }
      return {
        push(chunk) {
          requireBytes('chunk', chunk);
          const reader = live();
          if (chunk.length > 0) reader.push(toHeap(chunk), chunk.length);
        },
        finish() {
          return wrapSummary(live().finish());
        },
        delete() {
          if (raw !== null) {
            raw.delete();
            raw = null;
          }
        },
        isDeleted() { return raw === null; },
      };
    }

    function summaryFromJson(text) {
      tools.requireString('text', text);
      return wrapSummary(core.rawSummaryFromJson(text));
    }

    core.data = Object.freeze({
      inspectHeader,
      createReader,
      summaryFromJson,
      defaultReportParams,
      defaultReaderOptions,
      sweepGammas: Object.freeze(constants.sweepGammas),
      cdfGammas: Object.freeze(constants.cdfGammas),
    });
  });
})();
