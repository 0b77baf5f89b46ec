// The "Your model" panel's reading and reports, in a core worker (core_workers.js). Reading a
// file of a million rows takes the core's reader about half a second, and summary.report()
// grows with the histogram's filled bins (measured: docs/api.md, "Your model"), so both stay
// off the page's thread: the page hands the worker the File (a Blob is posted by reference, not
// copied), the worker reads it in chunks through core.data and keeps the summary, and the page
// asks it for the report whenever gamma, alpha or the easy threshold move.
//
// Each worker holds at most one summary. The panel keeps the worker of the data on screen apart
// from the one reading the next file, so a Cancel, which ends the reading worker, never takes
// the data on screen with it.
//
// The chunk size trades progress granularity against per-chunk overhead: 1 MiB is about a
// hundredth of a second of parsing, so the bar moves smoothly.
export const CHUNK_BYTES = 1 << 20;
// inspectHeader needs the whole first line (a wide table's header can be long) or a .npy header.
export const HEADER_BYTES = 64 * 1024;

async function bytesOf(blob, from, to) {
  return new Uint8Array(await blob.slice(from, to).arrayBuffer());
}

export function createDataService(core) {
  let summary = null;

  function drop() {
    if (summary) summary.delete();
    summary = null;
  }

  return {
    // What the first bytes say: format, columns and candidates (core.data.inspectHeader).
    async inspect(blob) {
      return core.data.inspectHeader(await bytesOf(blob, 0, HEADER_BYTES));
    },

    // Reads the whole blob with the reader options, keeps its summary, and answers with the
    // report for `params` and the summary as focal-inspect's --json document (from which the
    // page's own core rebuilds it when a redraw cannot wait for this worker). progress(done,
    // total) follows each chunk.
    async read(blob, readerOptions, params, progress) {
      drop();
      const total = blob.size;
      let read;
      if (readerOptions.format === 'json') {
        // A focal-inspect report is a histogram of bounded size: one piece.
        read = core.data.summaryFromJson(await blob.text());
        progress?.(total, total);
      } else {
        const reader = core.data.createReader(readerOptions);
        try {
          for (let from = 0; from < total; from += CHUNK_BYTES) {
            reader.push(await bytesOf(blob, from, Math.min(total, from + CHUNK_BYTES)));
            // Not awaited: reading goes on while the page draws the bar.
            progress?.(Math.min(total, from + CHUNK_BYTES), total);
          }
          read = reader.finish();
        } finally {
          reader.delete();
        }
      }
      try {
        const result = { report: read.report(params), json: read.toJson(params) };
        summary = read;
        return result;
      } catch (error) {
        read.delete();
        throw error;
      }
    },

    // The report of the summary held here, for new settings.
    report(params) {
      if (!summary) throw new Error('this worker holds no summary');
      return summary.report(params);
    },

    // Frees the summary held here (the panel shows another one now).
    drop,
  };
}
