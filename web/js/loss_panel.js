// Loss panel, the paper's Figure 1: FL against p_t (or the logit x_t) for a family of gammas, CE
// highlighted, alpha-balanced when alpha is on, with a readout at a chosen p_t. Every y value
// and every readout number comes from the core; the page only builds the x grid.
import { redraw } from './chart_redraw.js';
import { coreInputs, createLineChart, cursorPlugin, DASHES, datasetTable, fillFromCore, gridPoints, ink, lineWidth, linearTick, logitOf, logTick, probabilityOf } from './charts.js';
import { CODE_KEYS, createCodeTab } from './code_tab.js';
import { bindNumber, bindRadios, markSetting } from './controls.js';
import { setAttribute, setProperty, setText } from './dom.js';
import { t } from './i18n.js';
import { formatNumber } from './number_format.js';
import { registerPanel } from './panels.js';
import { parseValue } from './state.js';

// The curves are smooth: a few hundred points draw them as well as more would, and each point
// costs time in every Chart.js update while a slider moves.
const PT_POINTS = 249; // p_t = 0.004 ... 0.996
const LOGIT_POINTS = 201; // x_t = -10 ... 10 in steps of 0.1
const LOGIT_RANGE = 10;
const LINEAR_Y = { min: 0, max: 5 }; // the paper's Figure 1
const LOG_Y = { min: 1e-5, max: 10 };

function xGrid(axis) {
  if (axis === 'pt') {
    const points = gridPoints(1 / (PT_POINTS + 1), PT_POINTS / (PT_POINTS + 1), PT_POINTS);
    return { points, logits: Float64Array.from(points, (point) => logitOf(point.x)), inputs: new Map() };
  }
  const points = gridPoints(-LOGIT_RANGE, LOGIT_RANGE, LOGIT_POINTS);
  return { points, logits: Float64Array.from(points, (point) => point.x), inputs: new Map() };
}

// Curves to draw: the family (gamma 0 is CE, highlighted) and the slider's gamma on top.
function curveSpecs(state) {
  const alphaOn = state.alpha >= 0;
  const specs = state.family.map((gamma, index) => {
    const isCe = gamma === 0;
    return {
      gamma,
      label: isCe ? t(alphaOn ? 'series.alphaCe' : 'series.ce') : t('series.family', { gamma: formatNumber(gamma) }),
      color: isCe ? ink('ce') : ink('family', index),
      width: isCe ? 3.5 : 1.75,
      // Solid for CE; each other member its own dash, so no two are told apart by colour alone.
      dash: isCe ? [] : DASHES[1 + (index % (DASHES.length - 1))],
      order: isCe ? 1 : 2, // Chart.js draws lower orders last, i.e. on top
    };
  });
  specs.push({
    gamma: state.gamma,
    label: t('series.current', { gamma: formatNumber(state.gamma) }),
    color: ink('focal'),
    width: 3,
    dash: [],
    order: 0,
  });
  return specs;
}

class LossPanel {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.apply = apply;
    this.axis = null;
    this.grid = null;
    this.previewPt = null; // p_t under the pointer, shown until the pointer leaves
    this.state = null;

    const canvas = root.querySelector('#chart-loss');
    this.chart = createLineChart(canvas, {
      x: { min: 0, max: 1, title: { display: true } },
      y: { ...LINEAR_Y, title: { display: true } },
      tooltip: false,
      plugins: [cursorPlugin],
      onEvent: (chart, args) => this.onChartEvent(args),
    });
    this.charts = { loss: this.chart };

    this.readout = {
      sentence: root.querySelector('#readout-sentence'),
      ce: root.querySelector('#readout-ce'),
      fl: root.querySelector('#readout-fl'),
      ratio: root.querySelector('#readout-ratio'),
      factor: root.querySelector('#readout-factor'),
      alphaT: root.querySelector('#readout-alpha'),
      alphaRow: root.querySelector('#readout-alpha-row'),
    };

    this.codeTab = createCodeTab(root, apply);
    this.syncers = [
      this.codeTab.sync,
      bindRadios(apply, 'xaxis', [...root.querySelectorAll('input[name="xaxis"]')]),
      bindRadios(apply, 'yscale', [...root.querySelectorAll('input[name="yscale"]')]),
      bindNumber(apply, 'pt', [root.querySelector('#cursor-pt'), root.querySelector('#cursor-pt-number')]),
      this.bindFamily(root.querySelector('#family'), root.querySelector('#family-error')),
    ];
  }

  // The family box accepts a comma-separated list; while it does not parse, an error says why
  // and the chart keeps the last good family.
  bindFamily(input, error) {
    markSetting('family', [input]);
    input.addEventListener('input', () => {
      const result = parseValue('family', input.value);
      const bad = Boolean(result.expected);
      error.hidden = !bad;
      if (bad) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      if (!bad) this.apply({ family: result.value }, input);
    });
    return (state, source) => {
      if (source === input || document.activeElement === input) return;
      setProperty(input, 'value', state.family.map(String).join(', '));
      input.removeAttribute('aria-invalid');
      setProperty(error, 'hidden', true);
    };
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
  }

  onChartEvent(args) {
    const { event } = args;
    if (!this.state) return;
    if (event.type === 'mouseout' || ((event.type === 'mousemove' || event.type === 'touchmove') && !args.inChartArea)) {
      if (this.previewPt !== null) {
        this.previewPt = null;
        this.showReadout(this.state);
        args.changed = true;
      }
      return;
    }
    if (!args.inChartArea) return;
    const value = this.chart.scales.x.getValueForPixel(event.x);
    const pt = roundPt(this.state.xaxis === 'pt' ? value : probabilityOf(value));
    if (event.type === 'click') {
      this.previewPt = null;
      this.apply({ pt });
      return;
    }
    if (pt !== this.previewPt) {
      this.previewPt = pt;
      this.showReadout(this.state);
      args.changed = true;
    }
  }

  update(state, changed) {
    this.state = state;
    this.codeTab.update(state);
    // Choosing a language or a reduction changes only the code view.
    if ([...changed].every((key) => key === 'code' || key === 'reduction')) return;
    const chart = this.chart;
    const axisChanged = this.axis !== state.xaxis;
    if (axisChanged) {
      this.axis = state.xaxis;
      this.grid = xGrid(state.xaxis);
      const x = chart.options.scales.x;
      if (state.xaxis === 'pt') Object.assign(x, { min: 0, max: 1 });
      else Object.assign(x, { min: -LOGIT_RANGE, max: LOGIT_RANGE });
    }
    const foreground = state.target === 'foreground';
    const sign = foreground ? 1 : -1;
    const { logits, targets } = coreInputs(this.grid.inputs, this.grid.logits, sign, foreground ? 1 : 0);

    // Datasets and their point arrays are reused; only a new x-axis needs new points.
    const specs = curveSpecs(state);
    const datasets = chart.data.datasets;
    datasets.length = Math.min(datasets.length, specs.length);
    specs.forEach((spec, i) => {
      if (!datasets[i]) datasets[i] = { data: [] };
      const dataset = datasets[i];
      if (axisChanged || dataset.data.length !== this.grid.points.length) {
        dataset.data = this.grid.points.map((point) => ({ x: point.x, y: 0 }));
      }
      fillFromCore(this.core, 'focal', { alpha: state.alpha, gamma: spec.gamma }, logits, targets, sign, { lossPoints: dataset.data });
      Object.assign(dataset, {
        label: spec.label,
        borderColor: spec.color,
        backgroundColor: spec.color,
        borderWidth: lineWidth(spec.width),
        borderDash: spec.dash,
        order: spec.order,
        focalGamma: spec.gamma,
      });
    });

    const y = chart.options.scales.y;
    if (state.yscale === 'log') Object.assign(y, { type: 'logarithmic', ...LOG_Y, ticks: { callback: logTick, autoSkip: false } });
    else Object.assign(y, { type: 'linear', ...LINEAR_Y, ticks: { callback: linearTick } });
    y.title.text = t('chart.loss.yTitle');
    const axisName = t(state.xaxis === 'pt' ? 'chart.axisPt' : 'chart.axisLogit');
    chart.options.scales.x.title.text = axisName;
    chart.$focalXName = state.xaxis === 'pt' ? 'pₜ' : 'xₜ';
    setAttribute(chart.canvas, 'aria-label', t('chart.loss.aria', { axis: axisName, family: state.family.map((g) => formatNumber(g)).join(', ') }));
    if (changed.has('pt') || changed.has('xaxis')) this.previewPt = null;
    this.showReadout(state);
    redraw(chart);
  }

  // CE, FL, their ratio, the modulating factor and alpha_t at one p_t, all from the core.
  showReadout(state) {
    const pt = this.previewPt ?? state.pt;
    const foreground = state.target === 'foreground';
    const y = foreground ? 1 : 0;
    const x = (foreground ? 1 : -1) * logitOf(pt);
    const core = this.core;
    const ce = core.evaluateLoss('crossEntropy', null, x, y).loss;
    const fl = core.evaluateLoss('focal', { alpha: state.alpha, gamma: state.gamma }, x, y).loss;
    const factor = core.modulatingFactor(x, y, state.gamma);
    const alphaOn = state.alpha >= 0;
    const alphaT = alphaOn ? core.evaluateLoss('alphaCrossEntropy', { alpha: state.alpha }, x, y).loss / ce : 1;
    const ratio = ce / fl;

    const r = this.readout;
    const ptText = formatNumber(pt, 4);
    const ratioText = formatRatio(ratio);
    let sentence;
    if (state.gamma === 0 && !alphaOn) sentence = t('readout.sentenceEqual', { pt: ptText });
    else if (alphaOn) {
      sentence = t('readout.sentenceAlpha', {
        pt: ptText,
        gamma: formatNumber(state.gamma),
        alphaT: formatNumber(alphaT, 3),
        ratio: ratioText,
      });
    } else sentence = t('readout.sentence', { pt: ptText, gamma: formatNumber(state.gamma), ratio: ratioText });
    setText(r.sentence, sentence);
    setText(r.ce, formatNumber(ce, 4));
    setText(r.fl, formatNumber(fl, 4));
    setText(r.ratio, t('readout.times', { value: ratioText }));
    setText(r.factor, formatNumber(factor, 4));
    setText(r.alphaT, formatNumber(alphaT, 3));
    setProperty(r.alphaRow, 'hidden', !alphaOn);
    this.chart.$focalCursorX = state.xaxis === 'pt' ? pt : logitOf(pt);
  }

  table() {
    return datasetTable(this.chart, t(this.state.xaxis === 'pt' ? 'csv.xPt' : 'csv.xLogit'));
  }

  canvases() {
    return [this.chart.canvas];
  }
}

// The readout's p_t: three decimals, inside the range the state accepts.
function roundPt(value) {
  return Math.min(0.999, Math.max(0.001, Math.round(value * 1000) / 1000));
}

// "100" rather than "99.99999999999997"; large ratios with a power of ten.
function formatRatio(ratio) {
  if (!Number.isFinite(ratio)) return '∞';
  if (ratio >= 100 && ratio < 1e6) return formatNumber(Math.round(ratio), 7);
  return formatNumber(ratio, 3);
}

registerPanel({
  name: 'loss',
  navKey: 'nav.loss',
  charts: ['loss'],
  deferWhenHidden: true,
  keys: [...new Set(['lang', 'gamma', 'alpha', 'target', 'family', 'xaxis', 'yscale', 'pt', ...CODE_KEYS])],
  mount: (context) => new LossPanel(context),
});
