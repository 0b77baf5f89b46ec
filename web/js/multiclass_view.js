// The training panel's three-class view (training_panel.js calls it): with trainClasses=3 the
// panel trains core.createMulticlassRun instead of the two-class run, and this module draws it:
// one card per model (decision regions coloured by class, the 3x3 confusion matrix, per-class
// recall, precision and one-vs-rest AP), and the verdict. The loss over the probability simplex
// (simplex_view.js) is drawn in both views: it depends on γ and α per class, not on the run.
//
// The settings a three-class run adds (trainClasses, trainMultiLoss, trainAlphas and the simplex's
// trainSimplexClass) are registered with the panel's entry (training_entry.js).
import { noteCanvasDrawn } from './chart_summaries.js';
import { longTable } from './charts.js';
import { markSetting } from './controls.js';
import { setAttribute, setText } from './dom.js';
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';
import { RegionsView } from './multiclass_regions.js';
import { classSubscript, createSimplexChart, drawSimplex, simplexGrids, simplexReadings } from './simplex_view.js';
import { parseValue, propNamed } from './state.js';

const CLASSES = [0, 1, 2];
// Smaller than the two-class grid (64): each cell costs three outputs and a softmax, and the
// snapshot is taken every frame while a run plays.
export const THREE_CLASS_GRID = 48;
// Two models' numbers closer than this are reported as equal rather than one beating the other
// (as the two-class verdict does).
const TIE = 0.005;
export const THREE_CLASS_MODELS = ['crossEntropy', 'focal'];
const MODEL_ROLES = { crossEntropy: 'ce', focal: 'focal' };


// What the simplex shows: gamma, the chosen true class and its alpha alone (the other classes'
// alphas do not enter its loss), whether CE is alpha-weighted, and the words. It redraws only
// when one of these changes: dragging another class's alpha leaves it alone.
function simplexKey(state) {
  const target = Number(state.trainSimplexClass) - 1;
  return JSON.stringify([state.gamma, target, state.trainAlphas[target], state.trainCeAlpha, state.lang]);
}

export const isThreeClasses = (state) => state.trainClasses === '3';

// The core's options for a three-class run with the current settings. Threshold and the scalar α
// do not apply (each point goes to its most probable class; α per class replaces α).
export function threeClassOptions(state) {
  return {
    dataset: state.trainData,
    count: state.trainPoints,
    minorityFraction: state.trainMinority,
    labelNoise: state.trainNoise,
    seed: state.trainSeed,
    model: state.trainModel,
    hidden: state.trainHidden,
    optimizer: state.trainOptimizer,
    learningRate: state.trainRate,
    batchSize: state.trainBatch,
    gamma: state.gamma,
    alphas: state.trainAlphas,
    crossEntropyAlphas: state.trainCeAlpha,
    lossForm: state.trainMultiLoss,
    priorInit: state.trainPrior,
  };
}

const formatMetric = (value) => (Number.isFinite(value) ? formatNumber(value, 3) : '—');
const alphaList = (alphas) => t('three.alphaList', { a1: formatNumber(alphas[0]), a2: formatNumber(alphas[1]), a3: formatNumber(alphas[2]) });

export function threeClassModelLabel(model, state) {
  const alphas = alphaList(state.trainAlphas);
  if (model === 'crossEntropy') return state.trainCeAlpha ? t('three.modelAce', { alphas }) : t('train.modelCe');
  const key = state.trainMultiLoss === 'sigmoid' ? 'three.modelSigmoidFl' : 'three.modelSoftmaxFl';
  return t(key, { gamma: formatNumber(state.gamma), alphas });
}

// The short names the verdict uses (the cards' titles carry the settings).
function shortModelLabel(model, state) {
  if (model === 'crossEntropy') return state.trainCeAlpha ? t('three.shortAce') : t('train.modelCe');
  return t(state.trainMultiLoss === 'sigmoid' ? 'three.shortSigmoidFl' : 'three.shortSoftmaxFl');
}

// One card per model, built the first time three classes are shown (the two-class page has none).
function buildCard(container, model) {
  const card = document.createElement('figure');
  card.className = 'model-card';
  card.style.setProperty('--model', `var(--series-${MODEL_ROLES[model]})`);
  const title = document.createElement('figcaption');
  title.className = 'model-title';
  const box = document.createElement('div');
  box.className = 'boundary-box';
  const canvas = document.createElement('canvas');
  canvas.id = `regions-${model}`;
  box.append(canvas);

  const header = (key, vars, scope) => {
    const cell = document.createElement('th');
    cell.scope = scope;
    cell.dataset.key = key;
    cell.dataset.vars = JSON.stringify(vars);
    return cell;
  };
  const confusion = document.createElement('table');
  confusion.className = 'confusion confusion--three';
  const caption = document.createElement('caption');
  caption.dataset.key = 'three.confusion';
  const head = document.createElement('tr');
  head.append(document.createElement('td'), ...CLASSES.map((k) => header('three.called', { k: k + 1 }, 'col')));
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  const cells = [];
  for (const truth of CLASSES) {
    const row = document.createElement('tr');
    row.append(header('three.trueClass', { k: truth + 1 }, 'row'));
    cells.push(
      CLASSES.map((predicted) => {
        const cell = document.createElement('td');
        cell.className = predicted === truth ? 'cm-hit' : 'cm-miss';
        row.append(cell);
        return cell;
      }),
    );
    body.append(row);
  }
  confusion.append(caption, thead, body);

  const metrics = document.createElement('table');
  metrics.className = 'class-metrics';
  const metricsCaption = document.createElement('caption');
  metricsCaption.dataset.key = 'three.perClass';
  const metricsHead = document.createElement('tr');
  metricsHead.append(header('three.classHead', {}, 'col'), ...['recall', 'precision', 'averagePrecision'].map((m) => header(`train.metric.${m}`, {}, 'col')));
  const metricsThead = document.createElement('thead');
  metricsThead.append(metricsHead);
  const metricsBody = document.createElement('tbody');
  const values = [];
  for (const k of CLASSES) {
    const row = document.createElement('tr');
    const name = header('three.className', { k: k + 1 }, 'row');
    name.classList.add(`class-name--${k + 1}`);
    row.append(name);
    values.push(
      ['recall', 'precision', 'averagePrecision'].map(() => {
        const cell = document.createElement('td');
        row.append(cell);
        return cell;
      }),
    );
    metricsBody.append(row);
  }
  metrics.append(metricsCaption, metricsThead, metricsBody);

  const list = document.createElement('dl');
  list.className = 'model-metrics';
  const summary = {};
  for (const key of ['accuracy', 'loss']) {
    const item = document.createElement('div');
    const term = document.createElement('dt');
    term.dataset.key = `three.${key}`;
    const value = document.createElement('dd');
    summary[key] = value;
    item.append(term, value);
    list.append(item);
  }
  const note = document.createElement('p');
  note.className = 'model-note';
  card.append(title, box, confusion, metrics, list, note);
  container.append(card);
  return { card, title, canvas, view: new RegionsView(canvas), cells, values, summary, note };
}

// The cards' fixed words, in the current language (their elements carry the keys).
function labelCard(card) {
  for (const element of card.card.querySelectorAll('[data-key]')) {
    setText(element, t(element.dataset.key, element.dataset.vars ? JSON.parse(element.dataset.vars) : undefined));
  }
}

export class ThreeClassView {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.apply = apply;
    this.cards = null;
    this.dataset = null;
    this.snapshot = null;
    this.simplexKey = '';
    this.labelledIn = '';
    const $ = (id) => root.querySelector(`#${id}`);
    this.container = $('train-three-models');
    this.caption = $('simplex-caption');
    this.ceAlpha = $('train-ce-alpha');
    this.charts = { simplex: createSimplexChart($('chart-simplex')) };

    const radios = (name) => [...root.querySelectorAll(`input[name="${name}"]`)];
    this.lossRadios = radios('trainMultiLoss');
    this.alphaInputs = CLASSES.map((k) => $(`train-alpha-${k + 1}`));
    this.syncers = [
      bindChoice(apply, 'trainClasses', radios('trainClasses')),
      bindChoice(apply, 'trainMultiLoss', this.lossRadios),
      bindChoice(apply, 'trainSimplexClass', radios('trainSimplexClass')),
      bindTuple(apply, 'trainAlphas', this.alphaInputs),
    ];
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
    const three = isThreeClasses(state);
    for (const radio of this.lossRadios) radio.disabled = !three;
    // With three classes "weight CE by α too" weighs by α per class, which is always set.
    if (three) this.ceAlpha.disabled = false;
  }

  // Shows the view that fits the settings and redraws the simplex when its settings changed. The
  // first draw goes to `later('simplex')` when given (the panel draws it when idle, at the bottom
  // of a panel that has just mounted); after that the simplex follows its settings at once.
  update(state, { later } = {}) {
    const three = isThreeClasses(state);
    this.root.classList.toggle('is-three-classes', three);
    if (three && !this.cards) {
      this.cards = {};
      for (const model of THREE_CLASS_MODELS) this.cards[model] = buildCard(this.container, model);
    }
    const key = simplexKey(state);
    if (key !== this.simplexKey) {
      const first = this.simplexKey === '';
      this.simplexKey = key;
      if (first && later) later('simplex');
      else this.drawSimplex(state);
    }
  }

  drawSimplex(state) {
    const target = Number(state.trainSimplexClass) - 1;
    const alpha = state.trainAlphas[target];
    const ceAlpha = state.trainCeAlpha ? alpha : -1;
    const grids = simplexGrids(this.core, { target, gamma: state.gamma, alpha, ceAlpha });
    const labels = {
      fl: t('three.simplexFl', { gamma: formatNumber(state.gamma), sub: classSubscript(target), alpha: formatNumber(alpha) }),
      ce: state.trainCeAlpha ? t('three.simplexAce', { sub: classSubscript(target), alpha: formatNumber(alpha) }) : t('three.simplexCe'),
    };
    drawSimplex(this.charts.simplex, grids, labels);
    setText(this.caption, simplexSentence(grids, labels));
  }

  setDataset(dataset) {
    this.dataset = dataset;
    if (this.cards) for (const model of THREE_CLASS_MODELS) this.cards[model].view.setDataset(dataset);
  }

  // Draws a snapshot of the run (the training worker's, taken with gridSize THREE_CLASS_GRID) into the cards.
  draw(snap, state) {
    this.snapshot = snap;
    if (this.labelledIn !== state.lang) {
      for (const model of THREE_CLASS_MODELS) labelCard(this.cards[model]);
      this.labelledIn = state.lang;
    }
    for (const model of THREE_CLASS_MODELS) {
      const card = this.cards[model];
      const m = snap.models[model];
      const name = threeClassModelLabel(model, state);
      setText(card.title, name);
      if (card.view.dataset !== this.dataset) card.view.setDataset(this.dataset);
      card.view.paint({ gridClass: m.gridClass, gridProbability: m.gridProbability, gridSize: snap.gridSize });
      setAttribute(card.canvas, 'aria-label', t('three.regionsAria', { model: name }));
      setAttribute(card.canvas, 'role', 'img');
      CLASSES.forEach((truth) => CLASSES.forEach((predicted) => setText(card.cells[truth][predicted], formatCount(m.confusion[truth][predicted]))));
      CLASSES.forEach((k) => ['recall', 'precision', 'averagePrecision'].forEach((metric, i) => setText(card.values[k][i], formatMetric(m[metric][k]))));
      setText(card.summary.accuracy, formatMetric(m.accuracy));
      setText(card.summary.loss, formatMetric(m.loss));
      setText(card.note, m.diverged ? t('train.divergedNote') : '');
      // The regions are described with the numbers the card shows (chart_summaries.js).
      card.canvas.$focalRegions = { name, model: m, classCounts: snap.classCounts };
      noteCanvasDrawn(card.canvas);
    }
  }

  verdict(snap, state) {
    if (snap.step === 0) return t('train.verdictStart');
    const names = { crossEntropy: shortModelLabel('crossEntropy', state), focal: shortModelLabel('focal', state) };
    const ce = snap.models.crossEntropy;
    const fl = snap.models.focal;
    const parts = [];
    for (const model of THREE_CLASS_MODELS) if (snap.models[model].diverged) parts.push(t('train.verdictDiverged', { model: names[model] }));
    const rare = 2;
    const share = snap.classCounts[rare] / snap.classCounts.reduce((a, b) => a + b, 0);
    const compare = (metric, key, extra = {}) => {
      const a = ce[metric][rare];
      const b = fl[metric][rare];
      if (!Number.isFinite(a) || !Number.isFinite(b)) return;
      const vars = { step: formatCount(snap.step), ce: formatMetric(a), fl: formatMetric(b), ceName: names.crossEntropy, flName: names.focal, ...extra };
      if (Math.abs(a - b) < TIE) parts.push(t(`${key}Tie`, vars));
      else parts.push(t(`${key}Better`, { ...vars, better: names[b > a ? 'focal' : 'crossEntropy'] }));
    };
    compare('recall', 'three.verdictRecall');
    compare('averagePrecision', 'three.verdictAp', { noSkill: formatMetric(share) });
    if (Number.isFinite(ce.accuracy) && Number.isFinite(fl.accuracy)) {
      parts.push(t('three.verdictAccuracy', { ce: formatMetric(ce.accuracy), fl: formatMetric(fl.accuracy), ceName: names.crossEntropy, flName: names.focal }));
    }
    return joinSentences(parts);
  }

  // The three-class CSV: the simplex's points, then each model's confusion matrix and per-class metrics.
  table(state, columns) {
    const table = longTable(this.charts, columns);
    const snap = this.snapshot;
    if (!snap) return table;
    for (const model of THREE_CLASS_MODELS) {
      const name = threeClassModelLabel(model, state);
      const m = snap.models[model];
      CLASSES.forEach((truth) =>
        CLASSES.forEach((predicted) => table.rows.push(['confusion', name, t('three.cellName', { t: truth + 1, p: predicted + 1 }), m.confusion[truth][predicted]])),
      );
      for (const metric of ['recall', 'precision', 'averagePrecision']) {
        CLASSES.forEach((k) => table.rows.push([metric, name, t('three.className', { k: k + 1 }), m[metric][k]]));
      }
    }
    return table;
  }

  canvases() {
    return [...(this.cards ? THREE_CLASS_MODELS.map((model) => this.cards[model].canvas) : []), this.charts.simplex.canvas];
  }
}

// A set of radio buttons bound to a choice setting, parsed like the URL.
function bindChoice(apply, key, radios) {
  markSetting(key, radios);
  for (const radio of radios) {
    radio.addEventListener('change', () => {
      const result = parseValue(key, radio.value);
      if (radio.checked && !result.expected) apply({ [key]: result.value }, radio);
    });
  }
  return (state) => {
    for (const radio of radios) radio.checked = radio.value === state[key];
  };
}

// One number box per item of a numberTuple setting (the three alphas). A box with a value the
// setting does not accept is marked invalid and changes nothing; leaving it puts the setting back.
function bindTuple(apply, key, inputs) {
  // The boxes share one fieldset: hiding the setting (hide=) takes it whole, legend and labels.
  markSetting(key, [inputs[0].closest('fieldset')], { boxed: false });
  const size = propNamed(key).items;
  for (const input of inputs) {
    input.addEventListener('input', () => {
      const result = parseValue(key, inputs.map((box) => box.value));
      const own = parseValue(key, Array.from({ length: size }, () => input.value));
      if (result.expected || own.expected) {
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      for (const box of inputs) box.removeAttribute('aria-invalid');
      apply({ [key]: result.value }, input);
    });
    input.addEventListener('change', () => {
      if (input.getAttribute('aria-invalid') === 'true') {
        input.removeAttribute('aria-invalid');
        input.value = String(input.dataset.stateValue ?? '');
      }
    });
  }
  return (state, source) => {
    inputs.forEach((input, i) => {
      const text = String(state[key][i]);
      input.dataset.stateValue = text;
      if (input !== source && input.value !== text) {
        input.value = text;
        input.removeAttribute('aria-invalid');
      }
    });
  };
}

function ratioText(a, b) {
  if (!(b > 0) || !Number.isFinite(a / b)) return '—';
  const ratio = a / b;
  return ratio >= 100 ? formatCount(Math.round(ratio)) : formatNumber(ratio, 3);
}

// The caption under the simplex: how much less focal loss is than the CE map's near the true
// corner (p_c = 0.9) and for a hard example (p_c = 0.1), and how much shorter its step is there.
function simplexSentence(grids, labels) {
  const r = simplexReadings(grids);
  return joinSentences([
    t('three.simplexEasy', {
      k: r.k,
      sub: r.sub,
      p: formatNumber(r.easy.p, 3),
      fl: labels.fl,
      ce: labels.ce,
      flValue: formatNumber(r.easy.fl, 3),
      ceValue: formatNumber(r.easy.ce, 3),
      ratio: ratioText(r.easy.ce, r.easy.fl),
      stepRatio: ratioText(r.easy.ceStep, r.easy.flStep),
    }),
    t('three.simplexHard', { sub: r.sub, p: formatNumber(r.hard.p, 3), ratio: ratioText(r.hard.ce, r.hard.fl) }),
    t('three.simplexArrows', { k: r.k }),
  ]);
}
