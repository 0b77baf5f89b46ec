// "Repeat over seeds" in the training panel: its settings, its controls, the run on two workers
// (seed_runner.js) with a progress bar and Cancel, and what it shows: the bands of the chosen
// metric against the step (training_charts.js), the verdict and the table of convergence and
// stability (training_text.js). Every number comes from the core's combineSeedRepeats.
//
// A repeat runs with the panel's settings of the moment it starts; if they change afterwards the
// result stays on screen, marked as from earlier settings, until the next repeat.
import { bindNumber, bindRadios, bindSelect } from './controls.js';
import { isAbort } from './core_workers.js';
import { setText } from './dom.js';
import { t } from './i18n.js';
import { formatCount, formatNumber, formatPercent } from './number_format.js';
import { SeedRunner } from './seed_runner.js';
import { propNamed } from './state.js';
import { createSeedChart, drawEmptySeedChart, drawSeedChart } from './training_charts.js';
import { MAX_SEEDS, MIN_SEEDS } from './training_entry.js';
import { MODELS, seedTableRow, seedVerdict } from './training_text.js';

// The steps a script may ask for (the menu offers fewer).
const MAX_STEPS = 20000;
// About a hundred checkpoints over the run: AP and recall are evaluated there, not every step.
const CHECKPOINTS = 100;



function abortError() {
  const error = new Error('the repeat over seeds was cancelled');
  error.name = 'AbortError';
  return error;
}

function requireWhole(name, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`training.repeat: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

export class SeedsView {
  // optionsOf(state): the core's training options for the panel's settings.
  constructor({ core, root, apply, optionsOf }) {
    this.core = core;
    this.optionsOf = optionsOf;
    this.state = null;
    this.runner = null;
    this.result = null; // {bands, state, key, seeds, steps}
    this.generation = 0;
    this.running = false;
    const $ = (id) => root.querySelector(`#${id}`);
    this.el = {
      run: $('seed-run'),
      cancel: $('seed-cancel'),
      progress: $('seed-progress'),
      bar: $('seed-progress-bar'),
      progressLabel: $('seed-progress-label'),
      error: $('seed-error'),
      result: $('seed-result'),
      verdict: $('seed-verdict'),
      ran: $('seed-ran'),
      stale: $('seed-stale'),
      body: $('seed-table-body'),
      steps: $('seed-steps'),
    };
    this.chart = createSeedChart($('chart-train-seeds'));
    this.charts = { trainSeeds: this.chart };
    this.syncers = [
      bindNumber(apply, 'trainSeedCount', [$('seed-count')]),
      bindSelect(apply, 'trainSeedSteps', this.el.steps),
      bindRadios(apply, 'trainSeedMetric', [...root.querySelectorAll('input[name="trainSeedMetric"]')]),
    ];
    this.fillSelect();
    this.el.run.addEventListener('click', () => this.repeat().catch(() => {}));
    this.el.cancel.addEventListener('click', () => this.cancel());
  }

  fillSelect() {
    const select = this.el.steps;
    if (select.options.length === 0) {
      for (const choice of propNamed('trainSeedSteps').choices) {
        const option = document.createElement('option');
        option.value = String(choice);
        select.append(option);
      }
    }
    for (const option of select.options) option.textContent = formatCount(Number(option.value));
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
  }

  // Redraws only what the change touches: the panel updates on every drag of its sliders, and the
  // bands do not depend on them (only whether they are still the current settings' does).
  update(state, changed) {
    const first = this.state === null;
    this.state = state;
    if (changed.has('lang')) this.fillSelect();
    const pending = !this.result && (changed.has('trainSeedCount') || changed.has('trainSeedSteps'));
    if (first || pending || changed.has('lang') || changed.has('trainSeedMetric')) this.draw();
    else if (this.result) this.el.stale.hidden = this.keyOf(state) === this.result.key;
  }

  keyOf(state) {
    return JSON.stringify({ ...this.optionsOf(state), threshold: state.trainThreshold });
  }

  // Trains both models on `seeds` seeds for `steps` steps each (the panel's settings by default)
  // and resolves with the bands; rejects with an AbortError when cancelled (cancelRepeat(), the
  // Cancel button, a newer repeat, or `signal`).
  async repeat({ seeds, steps, signal } = {}) {
    const state = this.state;
    const count = requireWhole('seeds', seeds ?? state.trainSeedCount, MIN_SEEDS, MAX_SEEDS);
    const length = requireWhole('steps', steps ?? state.trainSeedSteps, 1, MAX_STEPS);
    if (signal?.aborted) throw abortError();
    this.cancel();
    const generation = ++this.generation;
    this.runner ??= new SeedRunner(this.core);
    this.showRunning(true);
    this.showProgress(0, count, length);
    signal?.addEventListener('abort', () => generation === this.generation && this.cancel(), { once: true });
    try {
      const repeatOptions = { seeds: count, steps: length, checkpoints: CHECKPOINTS, threshold: state.trainThreshold };
      const bands = await this.runner.run(this.optionsOf(state), repeatOptions, (fraction) => {
        if (generation === this.generation) this.showProgress(fraction, count, length);
      });
      if (generation !== this.generation) throw abortError();
      this.result = { bands, state, key: this.keyOf(state), seeds: count, steps: length };
      this.showRunning(false);
      this.draw();
      return bands;
    } catch (error) {
      if (generation === this.generation) {
        this.showRunning(false);
        if (!isAbort(error)) {
          this.el.error.hidden = false;
          setText(this.el.error, t('seeds.failed', { message: error.message }));
        }
      }
      throw isAbort(error) ? abortError() : error;
    }
  }

  // Ends a running repeat (both workers): no result is drawn from it.
  cancel() {
    if (!this.running) return;
    this.generation += 1;
    this.runner.cancel();
    this.showRunning(false);
  }

  showRunning(running) {
    this.running = running;
    this.el.progress.hidden = !running;
    this.el.run.disabled = running;
    if (running) this.el.error.hidden = true;
  }

  showProgress(fraction, seeds, steps) {
    this.el.bar.value = fraction;
    setText(this.el.progressLabel, t('seeds.progress', { seeds: formatCount(seeds), steps: formatCount(steps), percent: formatPercent(fraction) }));
  }

  draw() {
    const result = this.result;
    this.el.result.hidden = !result;
    if (!this.state) return;
    const state = this.state;
    if (!result) {
      drawEmptySeedChart(this.chart, state.trainSeedCount, state.trainSeedSteps);
      return;
    }
    const { bands } = result;
    drawSeedChart(this.chart, bands, state.trainSeedMetric, result.state);
    setText(this.el.ran, t('seeds.ran', {
      seeds: formatCount(result.seeds),
      steps: formatCount(result.steps),
      first: formatCount(bands.seeds[0]),
      last: formatCount(bands.seeds[bands.seeds.length - 1]),
      threshold: formatNumber(result.state.trainThreshold),
      warmup: formatCount(bands.warmupSteps),
    }));
    setText(this.el.verdict, seedVerdict(bands, result.state));
    this.el.stale.hidden = this.keyOf(state) === result.key;
    const rows = MODELS.map((model) => seedTableRow(bands, model, result.state));
    const body = this.el.body;
    while (body.rows.length < rows.length) {
      const row = body.insertRow();
      const head = document.createElement('th');
      head.scope = 'row';
      row.append(head);
      for (let i = 1; i < rows[0].length; i++) row.insertCell();
    }
    rows.forEach((cells, r) => cells.forEach((text, c) => setText(body.rows[r].cells[c], text)));
  }

  // The repeat's numbers for the panel's CSV: one row per model and figure.
  tableRows() {
    if (!this.result) return [];
    const { bands } = this.result;
    const rows = [];
    for (const model of MODELS) {
      const m = bands.models[model];
      for (const [name, spread] of [['finalAp', m.finalAp], ['stepsTo90', m.stepsTo90]]) {
        for (const p of ['p10', 'p50', 'p90']) rows.push(['seeds', model, `${name}.${p}`, spread[p]]);
      }
      rows.push(['seeds', model, 'stepsTo90.never', m.stepsTo90.never]);
      rows.push(['seeds', model, 'diverged', m.diverged.count]);
    }
    return rows;
  }
}
