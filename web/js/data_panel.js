// "Your model" panel: the reader's own detector output (CSV/TSV, .npy, or a focal-inspect --json
// report), read on this machine, shown the way the anchors panel shows a simulated detector:
// where the loss and the gradient come from under CE, alpha-CE and FL, a gamma sweep, the
// paper's Figure 4, a reliability diagram and the prior the data implies.
//
// Reading runs in a core worker (data_service.js) with a progress bar and Cancel. That worker
// then keeps the summary and answers the reports as gamma, alpha or the easy threshold move
// (latestOnly: a drag draws its newest position), so a drag never waits for summary.report(),
// whose cost grows with the filled bins of the histogram (docs/api.md, "Your model").
// The next file is read by a second worker, so a Cancel, which ends that one, never touches the
// data on screen; on success the two swap. When the panel must be drawn at once (set(), an
// export, a script reading its charts: flush()), the page's own core computes the report from
// a copy of the summary rebuilt from the worker's JSON: the same wasm gives the same report.
// What is shown is always one whole report, or nothing.
import { longTable } from './charts.js';
import { bindNumber } from './controls.js';
import { Comlink, isAbort, latestOnly, openCoreWorker } from './core_workers.js';
import { DataFigures } from './data_figures.js';
import { CHART_NAMES } from './data_entry.js';
import { checkScriptOptions, columnChoice, readerOptions, sizeProblem, suggestedColumns } from './data_input.js';
import { errorText, NPY_SNIPPET, priorText, problemError, skippedCaption, summaryText } from './data_text.js';
import { setText } from './dom.js';
import { applyTranslations, t, translate } from './i18n.js';
import { IdleQueue } from './idle_queue.js';
import { formatCount, formatPercent } from './number_format.js';

// The sample beside the page (dist/samples/, copied by web/build.mjs) or, in the single file,
// inside it (<script type="text/plain" id="data-sample-source">). Made by
// web/samples/make_detector_sample.py.
export const SAMPLE_NAME = 'detector_sample.csv';
const SAMPLE_SOURCE_ID = 'data-sample-source';

async function sampleFile() {
  const embedded = document.getElementById(SAMPLE_SOURCE_ID);
  let text;
  if (embedded) text = embedded.textContent;
  else {
    const response = await fetch(new URL(`samples/${SAMPLE_NAME}`, document.baseURI));
    if (!response.ok) throw new Error(`samples/${SAMPLE_NAME}: HTTP ${response.status}`);
    text = await response.text();
  }
  return new File([text], SAMPLE_NAME, { type: 'text/csv' });
}

// What a script or the paste box hands over, as a Blob with a name for the messages.
function asBlob(input, name) {
  if (input instanceof Blob) return { blob: input, name: name ?? (input.name || t('data.blobName')) };
  if (typeof input === 'string') return { blob: new Blob([input], { type: 'text/plain' }), name: name ?? t('data.pastedName') };
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return { blob: new Blob([input]), name: name ?? t('data.blobName') };
  throw new TypeError('focalExplorer.data.load expects a File, a Blob, an ArrayBuffer or text');
}

class DataPanel {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.state = null;
    this.report = null; // the report on screen
    this.drawnKey = ''; // ... and the settings it is for (paramsKey)
    this.shown = null; // {blob, name, header, choice, json, id} of the data on screen
    this.pageSummary = null; // a copy of its summary in the page's core, made when flush() needs it
    this.pending = null; // the same, for a file waiting for the reader to pick its columns
    this.figures = null; // made with the results, at the first report
    this.preparing = null; // the charts being made, one per task
    this.queued = 0;
    this.queue = new IdleQueue(
      (name) => this.figures.draw(this.state, this.report, [name]),
      (count) => {
        this.queued = count;
        this.showPending();
      },
    );
    this.generation = 0; // the newest open(); an older one that finishes late is dropped
    this.job = null; // the reading job under way, if any
    this.charts = {}; // filled with the results (focalExplorer.charts.data* are undefined until then)
    this.reader = openCoreWorker(); // reads the next file
    this.holder = null; // holds the summary on screen and answers its reports
    this.shownCount = 0;
    this.askReport = latestOnly(({ holder, params }) => holder.run((services) => services.data.report(params)));
    const $ = (id) => root.querySelector(`#${id}`);
    this.$ = $;

    this.el = {
      drop: $('data-drop'),
      file: $('data-file'),
      sample: $('data-sample'),
      paste: $('data-paste-text'),
      progress: $('data-progress'),
      progressBar: $('data-progress-bar'),
      progressLabel: $('data-progress-label'),
      cancel: $('data-cancel'),
      error: $('data-error'),
      status: $('data-status'),
      columns: $('data-columns'),
      columnsNote: $('data-columns-note'),
      label: $('data-label'),
      labelText: $('data-label-text'),
      score: $('data-score'),
      scoreField: $('data-score-field'),
      background: $('data-background'),
      backgroundField: $('data-background-field'),
      scores: $('data-scores'),
      results: $('data-results'),
      template: $('data-results-template'),
      npy: $('data-npy-code'),
    };
    this.el.npy.textContent = NPY_SNIPPET;
    this.scoreRadios = [...root.querySelectorAll('input[name="dataScoresAre"]')];
    this.exportButtons = [...root.querySelectorAll('[data-action="png"], [data-action="csv"]')];
    // "Show the data as a table" (page_chrome.js) has nothing to show before a file is read: it
    // goes with the results, hidden until then.
    const table = root.querySelector('details.data-table');
    if (table) this.el.results.append(table);
    this.showExports();

    this.el.file.addEventListener('change', () => {
      const [file] = this.el.file.files;
      if (file) this.openFromPage(file, file.name);
      // The same file picked again must fire change again.
      this.el.file.value = '';
    });
    this.el.sample.addEventListener('click', () => this.openSample());
    $('data-paste-read').addEventListener('click', () => {
      const text = this.el.paste.value;
      this.openFromPage(new Blob([text], { type: 'text/plain' }), t('data.pastedName'));
    });
    this.el.cancel.addEventListener('click', () => this.cancel());
    $('data-read').addEventListener('click', () => this.readPicked());
    for (const radio of this.scoreRadios) radio.addEventListener('change', () => this.rereadWith({ scoresAre: radio.value }));
    this.bindDrop();

    const panel = this;
    this.scripting = {
      // Resolves with the report (for the page's gamma, alpha and dataEasy) once drawn.
      load: (input, options) => panel.load(input, options),
      get report() {
        return panel.report;
      },
      cancel: () => panel.cancel(),
    };
    this.syncers = [bindNumber(apply, 'dataEasy', [$('data-easy'), $('data-easy-number')])];
  }

  // Files dropped anywhere on the panel; the drop box shows that it would take them.
  bindDrop() {
    const hasFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
    let depth = 0;
    this.root.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      depth += 1;
      this.el.drop.classList.add('is-dragging');
    });
    this.root.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) this.el.drop.classList.remove('is-dragging');
    });
    this.root.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    this.root.addEventListener('drop', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      this.el.drop.classList.remove('is-dragging');
      const [file] = event.dataTransfer.files;
      if (file) this.openFromPage(file, file.name);
    });
  }

  params() {
    const state = this.state;
    return { gamma: state.gamma, alpha: state.alpha, easyThreshold: state.dataEasy };
  }

  paramsKey() {
    const { gamma, alpha, easyThreshold } = this.params();
    return `${gamma}|${alpha}|${easyThreshold}`;
  }

  // --- reading -----------------------------------------------------------------------------

  load(input, options) {
    let given;
    let source;
    try {
      given = checkScriptOptions(options);
      source = asBlob(input, given.name);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.open(source.blob, source.name, given, 'script');
  }

  // The page's own inputs (file, drop, paste, sample, pickers): failures are shown, not thrown.
  openFromPage(blob, name, given = {}) {
    this.open(blob, name, given, 'page').catch(() => {});
  }

  async openSample() {
    try {
      const file = await sampleFile();
      this.openFromPage(file, SAMPLE_NAME);
    } catch (error) {
      this.showError(t('data.error.sample', { message: error.message }));
    }
  }

  // Reads `blob` and shows it, or leaves what is shown as it was and says why not. Resolves with
  // the report; a script's call rejects with the reason, a page's shows it.
  async open(blob, name, given, origin) {
    const generation = ++this.generation;
    let ended = false; // progress messages still in flight after a Cancel must not show the bar again
    const current = () => generation === this.generation;
    // A newer file replaces one still being read.
    if (this.loading) this.reader.cancel();
    this.pending = null;
    this.hideError();
    try {
      const early = sizeProblem(blob.size);
      if (early) throw problemError(early, name);
      this.showProgress(name, null);
      const header = await this.run((services) => services.data.inspect(blob));
      if (!current()) throw abortError();
      const late = sizeProblem(blob.size, header.format);
      if (late) throw problemError(late, name);
      if (given.wide === true && header.wide === null) throw problemError({ reason: 'notWide' }, name);
      const { choice, pick } = columnChoice(header, given);
      if (pick) {
        const problem = { reason: origin === 'script' ? 'pickColumnsScript' : 'pickColumns', labels: header.labelCandidates, scores: header.scoreCandidates };
        if (origin === 'script') throw problemError(problem, name);
        this.hideProgress();
        this.askForColumns({ blob, name, header, choice }, problem);
        return null;
      }
      const params = this.params();
      const key = this.paramsKey();
      const onProgress = Comlink.proxy((done, total) => {
        if (current() && !ended) this.showProgress(name, total > 0 ? done / total : null);
      });
      const result = await this.run((services) => services.data.read(blob, readerOptions(choice), params, onProgress));
      ended = true;
      if (!current()) throw abortError();
      await this.adopt(result, key, { blob, name, header, choice });
      // Settings moved while the file was read: the report for them, before a script hears.
      if (origin === 'script' && this.drawnKey !== this.paramsKey()) this.flush();
      return this.report;
    } catch (error) {
      ended = true;
      if (current()) {
        this.hideProgress();
        if (isAbort(error)) setText(this.el.status, t(this.report ? 'data.cancelledKept' : 'data.cancelled'));
        else this.showError(errorText(error, name));
      }
      throw error;
    }
  }

  // One job in the reading worker; `loading` says whether Cancel has something to end (a job
  // replaced by a newer one ends after the newer one has started, so each job has its token).
  async run(job) {
    const token = {};
    this.job = token;
    try {
      return await this.reader.run(job);
    } finally {
      if (this.job === token) this.job = null;
    }
  }

  get loading() {
    return this.job !== null;
  }

  cancel() {
    if (!this.loading) return false;
    this.reader.cancel();
    return true;
  }

  // The reading worker's summary becomes the data on screen: that worker now holds it, and the
  // worker that held the old one reads the next file.
  adopt(result, key, source) {
    const previous = this.holder;
    this.holder = this.reader;
    this.reader = previous ?? openCoreWorker();
    if (previous) previous.run((services) => services.data.drop()).catch(() => {});
    if (this.pageSummary) this.pageSummary.delete();
    this.pageSummary = null;
    this.shownCount += 1;
    this.shown = { ...source, json: result.json, id: this.shownCount };
    this.hideProgress();
    const drawn = this.show(result.report, key);
    this.showChoices(source);
    // Settings moved while the file was read: ask for the report for them.
    if (key !== this.paramsKey()) this.update(this.state);
    return drawn;
  }

  // The pickers for a file whose header names no single label and score column.
  askForColumns(pending, problem) {
    this.pending = pending;
    const suggested = suggestedColumns(pending.header);
    this.fillPickers(pending.header, { ...pending.choice, label: suggested.label, score: suggested.score });
    setText(this.el.columnsNote, errorText(problemError(problem, pending.name), pending.name));
    this.el.columnsNote.hidden = false;
    this.el.columns.hidden = false;
    setText(this.el.status, t('data.pickFirst', { name: pending.name }));
    this.el.label.focus();
  }

  // After a read: the pickers, when there was a choice, and the logits/probabilities switch.
  showChoices(source) {
    const { header, choice } = source;
    const tabular = choice.format === 'csv' || choice.format === 'tsv';
    const hasChoice = tabular && (choice.wide || header.ambiguous || header.columns.length > 2);
    if (hasChoice) this.fillPickers(header, choice);
    this.el.columns.hidden = !hasChoice;
    this.el.columnsNote.hidden = true;
    this.el.scores.hidden = choice.format === 'json';
    for (const radio of this.scoreRadios) radio.checked = radio.value === choice.scoresAre;
  }

  fillPickers(header, choice) {
    const wide = choice.wide;
    const options = (select, names, selected) => {
      select.replaceChildren(
        ...names.map(([value, text]) => {
          const option = document.createElement('option');
          option.value = value;
          option.textContent = text;
          return option;
        }),
      );
      select.value = selected ?? '';
    };
    const columns = header.columns.map((name) => [name, name]);
    options(this.el.label, columns, choice.label);
    setText(this.el.labelText, t(wide ? 'data.classColumn' : 'data.labelColumn'));
    this.el.scoreField.hidden = wide;
    if (!wide) options(this.el.score, columns, choice.score);
    this.el.backgroundField.hidden = !wide;
    if (wide) options(this.el.background, [['', t('data.backgroundNone')], ...header.wide.scoreColumns.map((name) => [name, name])], choice.background ?? '');
  }

  pickedColumns(wide) {
    const picked = { label: this.el.label.value };
    if (wide) {
      picked.wide = true;
      if (this.el.background.value !== '') picked.background = this.el.background.value;
    } else picked.score = this.el.score.value;
    return picked;
  }

  // "Read the file": the pending file with the columns picked, or the file shown, read again.
  readPicked() {
    const source = this.pending || this.shown;
    if (!source) return;
    const picked = this.pickedColumns(source.choice.wide);
    this.openFromPage(source.blob, source.name, { ...picked, scoresAre: source.choice.scoresAre });
  }

  // The file shown, read again with one choice changed (the logits/probabilities switch).
  rereadWith(change) {
    const source = this.shown;
    if (!source || source.choice.format === 'json') return;
    const { choice } = source;
    const given = { scoresAre: choice.scoresAre, ...change };
    if (choice.format !== 'npy') Object.assign(given, choice.wide ? { label: choice.label, wide: true } : { label: choice.label, score: choice.score });
    if (choice.wide && choice.background !== null) given.background = choice.background;
    this.openFromPage(source.blob, source.name, given);
  }

  // --- what the panel shows ------------------------------------------------------------------

  showProgress(name, fraction) {
    const { progress, progressBar, progressLabel } = this.el;
    progress.hidden = false;
    if (fraction === null) progressBar.removeAttribute('value');
    else progressBar.value = fraction;
    setText(progressLabel, fraction === null ? t('data.opening', { name }) : t('data.reading', { name, percent: formatPercent(fraction) }));
  }

  hideProgress() {
    this.el.progress.hidden = true;
  }

  showError(text) {
    setText(this.el.error, text);
    this.el.error.hidden = false;
  }

  hideError() {
    this.el.error.hidden = true;
    setText(this.el.error, '');
  }

  showExports() {
    for (const button of this.exportButtons) button.disabled = this.report === null;
  }

  // The results' markup, from its template, and its charts, made the first time there is a
  // report to show. Making a chart is the dearest part of drawing (Chart.js sizes and lays out the
  // new canvas: tens of milliseconds each), so the charts are made one per task while the results
  // are laid out but not seen (is-preparing), and shown at once when all are drawn. `now` makes
  // the rest in this task: a script or an export needs them this moment.
  prepareResults(now = false) {
    if (!this.figures) {
      const content = this.el.template.content.cloneNode(true);
      applyTranslations(content);
      this.el.results.prepend(content);
      this.figures = new DataFigures(this.$);
      this.charts = this.figures.charts;
      this.resultText = {
        summary: this.$('data-summary'),
        prior: this.$('data-prior'),
        skippedBox: this.$('data-skipped'),
        skippedCaption: this.$('data-skipped-caption'),
        skippedTable: this.$('data-skipped-table'),
      };
      this.el.results.classList.add('is-preparing');
      this.el.results.hidden = false;
    }
    if (now) {
      for (const name of this.figures.missing) this.figures.create(name);
      return Promise.resolve();
    }
    this.preparing ??= (async () => {
      for (let name = this.figures.missing[0]; name; name = this.figures.missing[0]) {
        await nextTask();
        if (this.figures.charts[name]) continue;
        this.figures.create(name);
        // Its first drawing in the same task: the chart is laid out once.
        if (this.report) this.figures.draw(this.state, this.report, [name]);
      }
      this.preparing = null;
    })();
    return this.preparing;
  }

  get chartsReady() {
    return this.figures !== null && this.figures.missing.length === 0;
  }

  // A report for the data on screen becomes what the panel shows: all of it at once for new data
  // ('all'), or, for new settings ('live'), the shares now and the other charts as the page
  // idles, always from the newest report (as the anchors panel does). Resolves once drawn.
  show(report, key, how = 'all') {
    this.report = report;
    this.drawnKey = key;
    if (this.chartsReady) {
      this.draw(how);
      return Promise.resolve();
    }
    this.showPending();
    return this.prepareResults().then(() => this.draw('all'));
  }

  draw(how = 'all') {
    const report = this.report;
    if (!report || !this.state || !this.chartsReady) return;
    const start = performance.now();
    const later = CHART_NAMES.filter((name) => name !== 'dataShares');
    this.figures.draw(this.state, report, ['dataShares']);
    for (const name of later) this.queue.add(name);
    const isJson = this.shown.choice.format === 'json';
    setText(this.resultText.summary, summaryText(this.shown.name, report, isJson));
    setText(this.resultText.prior, priorText(report));
    this.drawSkipped(report);
    setText(this.el.status, t('data.showing', { name: this.shown.name }));
    if (how === 'all') this.queue.flush();
    else this.queue.schedule();
    this.el.results.classList.remove('is-preparing');
    this.el.results.hidden = false;
    this.showExports();
    this.showPending();
    performance.measure(how === 'all' ? 'data: report drawn' : 'data: shares drawn', { start });
  }

  // data-pending counts what is still to come: a report asked of the worker, the charts still
  // to be made, and those queued for idle time.
  showPending() {
    const count = this.queued + (this.shown && this.drawnKey !== this.paramsKey() ? 1 : 0) + (this.chartsReady || !this.shown ? 0 : 1);
    if (count) this.root.dataset.pending = String(count);
    else delete this.root.dataset.pending;
  }

  drawSkipped(report) {
    const { skippedBox, skippedCaption: caption, skippedTable } = this.resultText;
    skippedBox.hidden = report.skippedCount === 0;
    if (report.skippedCount === 0) return;
    setText(caption, skippedCaption(report));
    const rows = report.skipped.map((row) => {
      const tr = document.createElement('tr');
      const line = document.createElement('th');
      line.scope = 'row';
      line.textContent = formatCount(row.line);
      const reason = document.createElement('td');
      reason.textContent = row.reason;
      tr.append(line, reason);
      return tr;
    });
    skippedTable.replaceChildren(...rows);
  }

  // --- the panel contract (panels.js) ----------------------------------------------------------

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
  }

  // New settings: the worker holding the summary computes their report; it is drawn when it
  // comes back, if it is still for the data and settings of the moment.
  update(state) {
    this.state = state;
    if (!this.shown) return;
    const key = this.paramsKey();
    if (key === this.drawnKey) {
      // The language changed, or the same settings came back: redraw what is there.
      this.draw('all');
      return;
    }
    this.showPending();
    const { id } = this.shown;
    this.askReport({ holder: this.holder, params: this.params() }).then(
      (report) => {
        if (report && this.shown.id === id && key === this.paramsKey() && key !== this.drawnKey) this.show(report, key, 'live');
      },
      (error) => {
        if (isAbort(error)) return;
        console.error(error);
        if (this.shown.id === id) this.flush();
      },
    );
  }

  // The report for the settings of the moment, now: from a copy of the summary in the page's
  // own core (rebuilt from the worker's JSON the first time), when the worker's has not come.
  flush() {
    if (!this.shown) return;
    const stale = this.drawnKey !== this.paramsKey();
    if (stale) {
      this.pageSummary ??= this.core.data.summaryFromJson(this.shown.json);
      this.report = this.pageSummary.report(this.params());
      this.drawnKey = this.paramsKey();
    }
    if (stale || !this.chartsReady) {
      this.prepareResults(true);
      this.draw('all');
    } else this.queue.flush();
  }

  table() {
    if (!this.chartsReady) return { columns: [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')], rows: [] };
    return longTable(this.charts, [t('csv.chart'), t('csv.series'), t('csv.x'), t('csv.y')]);
  }

  canvases() {
    return this.chartsReady ? Object.values(this.charts).map((chart) => chart.canvas) : [];
  }
}

// A fresh task: what follows runs after the browser has had a chance to draw and take input.
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function abortError() {
  const error = new Error(translate('en', 'data.cancelled'));
  error.name = 'AbortError';
  return error;
}

// The panel host calls this once the panel's code and the full core have loaded (data_entry.js).
export function mount(context) {
  return new DataPanel(context);
}
