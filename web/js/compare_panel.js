// Compare panel: any of the core's binary losses, each with its own parameters, on a loss chart
// and a gradient chart against x_t. The legend beside the charts lists every loss with its
// formula (typeset at build time) and its parameter boxes.
import { redraw } from './chart_redraw.js';
import { coreInputs, createLineChart, fillFromCore, gridPoints, ink, lineWidth } from './charts.js';
import { bindNumber, markSetting } from './controls.js';
import { setAttribute, setText } from './dom.js';
import { t } from './i18n.js';
import { formatNumber } from './number_format.js';
import { compareParameterKey, LOSSES as CORE_LOSSES, SOFT_TARGET_KEYS } from './core_settings.js';
import { COMPARE_LOSSES, propNamed } from './state.js';

const RANGE = 10;
const POINTS = 201; // x_t in steps of 0.1: enough for smooth curves, cheap to redraw
const LOSS_Y = { min: 0, max: 5 };
const GRAD_Y = { min: -1.5, max: 0.5 };

// How each loss looks. Its parameters, their ranges and defaults come from the core's registry
// (core_settings.js); a loss the core adds without a style here gets a grey dotted line. Colours
// are palette roles (palette.js); every loss but CE has a dash pattern of its own.
const STYLES = {
  crossEntropy: { role: 'ce', dash: [] },
  alphaCrossEntropy: { role: 'alphaCrossEntropy', dash: [6, 4] },
  focal: { role: 'focal', dash: [14, 4] },
  focalStar: { role: 'focalStar', dash: [8, 3, 2, 3] },
  qualityFocal: { role: 'qualityFocal', dash: [2, 3] },
  varifocal: { role: 'varifocal', dash: [10, 3, 2, 3, 2, 3] },
  asymmetric: { role: 'asymmetric', dash: [3, 6] },
  polyOne: { role: 'polyOne', dash: [18, 3, 6, 3] },
  polyOneFocal: { role: 'polyOneFocal', dash: [1, 2] },
  flsd53: { role: 'flsd53', dash: [4, 2, 4, 8] },
};
const FALLBACK_STYLE = { role: 'fallback', dash: [1, 5] };
// Spin-button steps, by parameter name.
const STEPS = { alpha: 0.05, margin: 0.01, target: 0.05 };
const DEFAULT_STEP = 0.5;

// Per loss: its style, its parameters' settings (with the core's name for each) and, for the
// soft-target losses, the setting that holds the foreground target.
const LOSSES = Object.fromEntries(
  CORE_LOSSES.map((loss) => {
    const params = loss.parameters.map((parameter) => ({
      key: compareParameterKey(loss.name, parameter.name),
      label: `param.${parameter.name}`,
      core: parameter.name,
      step: STEPS[parameter.name] ?? DEFAULT_STEP,
    }));
    const softTarget = loss.softTargets ? SOFT_TARGET_KEYS[loss.name] : undefined;
    if (softTarget) params.push({ key: softTarget, label: `param.${softTarget}`, step: STEPS.target });
    return [loss.name, { ...(STYLES[loss.name] || FALLBACK_STYLE), params, softTarget }];
  }),
);

function coreParams(name, state) {
  const params = {};
  for (const param of LOSSES[name].params) if (param.core) params[param.core] = state[param.key];
  return params;
}

// The label names the values the curve was computed with: a background example's soft target
// is 0, whatever the foreground target box says.
function seriesLabel(name, state) {
  const spec = LOSSES[name];
  const valueOf = (param) => (param.key === spec.softTarget && state.target !== 'foreground' ? 0 : state[param.key]);
  const params = spec.params
    .map((param) => t('series.param', { name: t(param.label), value: formatNumber(valueOf(param)) }))
    .join(t('series.paramSeparator'));
  const lossName = t(`loss.${name}.name`);
  return params ? t('series.compare', { name: lossName, params }) : t('series.compareBare', { name: lossName });
}

class ComparePanel {
  constructor({ core, root, apply }) {
    this.core = core;
    this.root = root;
    this.apply = apply;
    this.state = null;
    this.points = gridPoints(-RANGE, RANGE, POINTS);
    this.xt = Float64Array.from(this.points, (point) => point.x);
    this.inputs = new Map();
    this.lossChart = createLineChart(root.querySelector('#chart-compare'), {
      x: { min: -RANGE, max: RANGE, title: { display: true } },
      y: { ...LOSS_Y, title: { display: true } },
    });
    this.gradChart = createLineChart(root.querySelector('#chart-compare-gradient'), {
      x: { min: -RANGE, max: RANGE, title: { display: true } },
      y: { ...GRAD_Y, title: { display: true } },
      legend: false,
    });
    this.lossChart.$focalXName = 'xₜ';
    this.gradChart.$focalXName = 'xₜ';
    this.charts = { compare: this.lossChart, compareGradient: this.gradChart };
    this.rows = new Map();
    this.syncers = this.buildLegend(root.querySelector('#compare-losses'));
  }

  // One row per loss: a checkbox with the loss's colour, its formula, a note, its parameters.
  buildLegend(container) {
    const syncers = [];
    const formulas = this.root.querySelector('#compare-formulas');
    for (const name of COMPARE_LOSSES) {
      const spec = LOSSES[name];
      const row = document.createElement('div');
      row.className = 'loss-row';
      row.style.setProperty('--swatch', `var(--series-${spec.role})`);

      const head = document.createElement('div');
      head.className = 'loss-head';
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.id = `compare-${name}`;
      checkbox.value = name;
      const label = document.createElement('label');
      label.htmlFor = checkbox.id;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.classList.toggle('swatch--dashed', spec.dash.length > 0);
      const nameText = document.createElement('span');
      nameText.className = 'loss-name';
      label.append(swatch, nameText);
      head.append(checkbox, label);
      const formula = formulas.querySelector(`[data-tex="cmp.${name}"]`);
      if (formula) {
        formula.classList.add('loss-formula');
        head.append(formula);
      }
      markSetting('compare', [checkbox], { boxed: false });
      checkbox.addEventListener('change', () => {
        const shown = new Set(this.state.compare);
        if (checkbox.checked) shown.add(name);
        else shown.delete(name);
        this.apply({ compare: COMPARE_LOSSES.filter((loss) => shown.has(loss)) }, checkbox);
      });

      const note = document.createElement('p');
      note.className = 'loss-note';
      note.dataset.i18n = `loss.${name}.note`;

      const params = document.createElement('div');
      params.className = 'loss-params';
      const inputs = spec.params.map((param) => {
        const prop = propNamed(param.key);
        const field = document.createElement('label');
        field.className = 'param';
        const symbol = document.createElement('span');
        symbol.className = 'param-symbol';
        symbol.dataset.i18n = param.label;
        const input = document.createElement('input');
        input.type = 'number';
        input.id = `compare-${param.key}`;
        input.inputMode = 'decimal';
        input.min = String(prop.min);
        input.max = String(prop.max);
        input.step = String(param.step);
        field.append(symbol, input);
        params.append(field);
        return { param, input };
      });
      for (const { param, input } of inputs) syncers.push(bindNumber(this.apply, param.key, [input]));

      row.append(head, note);
      if (inputs.length) row.append(params);
      container.append(row);
      this.rows.set(name, { checkbox, nameText, inputs });
    }
    return syncers;
  }

  sync(state, source) {
    for (const sync of this.syncers) sync(state, source);
    for (const [name, row] of this.rows) row.checkbox.checked = state.compare.includes(name);
  }

  update(state) {
    this.state = state;
    const foreground = state.target === 'foreground';
    const sign = foreground ? 1 : -1;

    const lossSets = [];
    const gradSets = [];
    let gradMin = GRAD_Y.min;
    let gradMax = GRAD_Y.max;
    for (const name of state.compare) {
      const spec = LOSSES[name];
      const target = foreground ? (spec.softTarget ? state[spec.softTarget] : 1) : 0;
      const { logits, targets } = coreInputs(this.inputs, this.xt, sign, target);
      const lossPoints = this.pointsFor(name, 'loss');
      const gradPoints = this.pointsFor(name, 'grad');
      fillFromCore(this.core, name, coreParams(name, state), logits, targets, sign, { lossPoints, gradPoints });
      const label = seriesLabel(name, state);
      const style = { label, borderColor: ink(spec.role), backgroundColor: ink(spec.role), borderWidth: lineWidth(2.5), borderDash: spec.dash, focalLoss: name };
      lossSets.push(Object.assign(this.datasetFor(name, 'loss', lossPoints), style));
      gradSets.push(Object.assign(this.datasetFor(name, 'grad', gradPoints), style));
      for (const point of gradPoints) {
        if (point.y < gradMin) gradMin = point.y;
        if (point.y > gradMax) gradMax = point.y;
      }
    }
    // The same dataset objects in the same order leave Chart.js's per-dataset state in place;
    // only a change of the shown losses replaces the list.
    setDatasets(this.lossChart, lossSets);
    setDatasets(this.gradChart, gradSets);
    // The gradient axis is fixed unless a parameter pushes a curve outside it (Poly-1 with a large
    // epsilon); then it grows in steps of 0.5 so it does not twitch while a box is edited.
    Object.assign(this.gradChart.options.scales.y, { min: Math.floor(gradMin * 2) / 2, max: Math.ceil(gradMax * 2) / 2 });

    // Rewriting unchanged text would still send the browser through layout on every drag.
    for (const [name, row] of this.rows) setText(row.nameText, t(`loss.${name}.name`));
    for (const chart of [this.lossChart, this.gradChart]) chart.options.scales.x.title.text = t('chart.axisLogit');
    this.lossChart.options.scales.y.title.text = t('chart.compare.yTitle');
    this.gradChart.options.scales.y.title.text = t('chart.compareGradient.yTitle');
    setAttribute(this.lossChart.canvas, 'aria-label', t('chart.compare.aria'));
    setAttribute(this.gradChart.canvas, 'aria-label', t('chart.compareGradient.aria'));
    redraw(this.lossChart);
    redraw(this.gradChart);
  }

  // Each loss keeps its own dataset object per chart, reused across updates.
  datasetFor(name, kind, data) {
    this.datasetCache ??= new Map();
    const key = `${name}:${kind}`;
    let dataset = this.datasetCache.get(key);
    if (!dataset) {
      dataset = { data };
      this.datasetCache.set(key, dataset);
    }
    return dataset;
  }

  // Each loss keeps its own point arrays, so toggling a loss does not reallocate the others.
  pointsFor(name, kind) {
    this.pointCache ??= new Map();
    const key = `${name}:${kind}`;
    let points = this.pointCache.get(key);
    if (!points) {
      points = this.points.map((point) => ({ x: point.x, y: 0 }));
      this.pointCache.set(key, points);
    }
    return points;
  }

  table() {
    const lossSets = this.lossChart.data.datasets;
    const gradSets = this.gradChart.data.datasets;
    const columns = [
      t('csv.xLogit'),
      ...lossSets.map((dataset) => t('csv.lossColumn', { label: dataset.label })),
      ...gradSets.map((dataset) => t('csv.gradColumn', { label: dataset.label })),
    ];
    const rows = this.points.map((point, i) => [
      point.x,
      ...lossSets.map((dataset) => dataset.data[i].y),
      ...gradSets.map((dataset) => dataset.data[i].y),
    ]);
    return { columns, rows };
  }

  canvases() {
    return [this.lossChart.canvas, this.gradChart.canvas];
  }
}

function setDatasets(chart, wanted) {
  const datasets = chart.data.datasets;
  if (datasets.length === wanted.length && wanted.every((dataset, i) => datasets[i] === dataset)) return;
  datasets.splice(0, datasets.length, ...wanted);
}

// The panel host calls this once the panel's code and the full core have loaded (compare_entry.js).
export function mount(context) {
  return new ComparePanel(context);
}
