// Gradient panel, the paper's Figure 6: dL/dx_t against x_t for CE, FL(gamma) and FL*(gamma, beta),
// with the stretch where |dFL/dx_t| > 1 shaded and described in a caption. The gradients, the
// shaded stretch and the numbers in the caption all come from core calls.
import { redraw } from './chart_redraw.js';
import { bandsPlugin, coreInputs, createLineChart, datasetTable, fillFromCore, gridPoints, ink, lineWidth, probabilityOf } from './charts.js';
import { setAttribute } from './dom.js';
import { t } from './i18n.js';
import { formatNumber } from './number_format.js';
import { registerPanel } from './panels.js';

const RANGE = 10;
const POINTS = 201; // x_t in steps of 0.1: enough for smooth curves, cheap to redraw
// Core values per grid interval where the caption needs more than the grid: where |dFL/dx_t|
// crosses 1 and where FL is steepest. 1/1024 of a grid step puts both well below the digits shown.
const REFINE = 1024;
// Fixed so curves move against a still frame; FL's steepest value is about -1.50 at gamma = 10.
const Y_RANGE = { min: -1.6, max: 0.1 };

class GradientPanel {
  constructor({ core, root }) {
    this.core = core;
    this.root = root;
    this.state = null;
    this.points = gridPoints(-RANGE, RANGE, POINTS);
    this.xt = Float64Array.from(this.points, (point) => point.x);
    this.inputs = new Map();
    this.captionKey = null;
    this.caption = root.querySelector('#gradient-caption');
    this.chart = createLineChart(root.querySelector('#chart-gradient'), {
      x: { min: -RANGE, max: RANGE, title: { display: true } },
      y: { ...Y_RANGE, title: { display: true } },
      plugins: [bandsPlugin],
    });
    // CE's gradient never goes below -1: the dashed line FL crosses for very hard examples.
    this.chart.$focalBands = { ranges: [], lines: [-1] };
    this.chart.$focalXName = 'xₜ';
    this.charts = { gradient: this.chart };
  }

  sync() {}

  // dFL/dx_t at every x of `xt`, from one core call (for the edges of the shaded stretch and the
  // steepest point, which the caption names more precisely than the grid could).
  flGradients(state, xt) {
    const foreground = state.target === 'foreground';
    const sign = foreground ? 1 : -1;
    const grad = new Float64Array(xt.length);
    const logits = xt.map((value) => sign * value);
    const targets = new Float64Array(xt.length).fill(foreground ? 1 : 0);
    this.core.lossBatch('focal', { alpha: state.alpha, gamma: state.gamma }, logits, targets, null, grad, 'none');
    for (let i = 0; i < grad.length; i++) grad[i] *= sign;
    return grad;
  }

  update(state) {
    this.state = state;
    const foreground = state.target === 'foreground';
    const sign = foreground ? 1 : -1;
    const { logits, targets } = coreInputs(this.inputs, this.xt, sign, foreground ? 1 : 0);
    const alphaOn = state.alpha >= 0;

    const specs = [
      { id: 'ce', loss: 'crossEntropy', params: null, label: t('series.gradCe'), color: ink('ce'), width: 2.5, dash: [], order: 2 },
      {
        id: 'fl',
        loss: 'focal',
        params: { alpha: state.alpha, gamma: state.gamma },
        label: alphaOn
          ? t('series.gradFlAlpha', { gamma: formatNumber(state.gamma), alpha: formatNumber(state.alpha) })
          : t('series.gradFl', { gamma: formatNumber(state.gamma) }),
        color: ink('focal'),
        width: 3,
        dash: [],
        order: 0,
      },
    ];
    // FL* divides by gamma, so it does not exist at gamma = 0.
    if (state.gamma > 0) {
      specs.push({
        id: 'flStar',
        loss: 'focalStar',
        params: { gamma: state.gamma, beta: state.beta },
        label: t('series.gradFlStar', { gamma: formatNumber(state.gamma), beta: formatNumber(state.beta) }),
        color: ink('focalStar'),
        width: 2.5,
        dash: [8, 4],
        order: 1,
      });
    }

    const datasets = this.chart.data.datasets;
    datasets.length = Math.min(datasets.length, specs.length);
    specs.forEach((spec, i) => {
      if (!datasets[i]) datasets[i] = { data: this.points.map((point) => ({ x: point.x, y: 0 })) };
      const dataset = datasets[i];
      fillFromCore(this.core, spec.loss, spec.params, logits, targets, sign, { gradPoints: dataset.data });
      Object.assign(dataset, {
        label: spec.label,
        borderColor: spec.color,
        backgroundColor: spec.color,
        borderWidth: lineWidth(spec.width),
        borderDash: spec.dash,
        order: spec.order,
        focalSeries: spec.id,
      });
    });

    // The shaded stretch and the caption follow FL alone: beta moves only FL*.
    const captionKey = [state.lang, state.gamma, state.alpha, state.target].join('|');
    if (captionKey !== this.captionKey) {
      this.captionKey = captionKey;
      this.describeSteepStretch(state, datasets[1].data);
    }
    this.chart.options.scales.x.title.text = t('chart.axisLogit');
    this.chart.options.scales.y.title.text = t('chart.gradient.yTitle');
    setAttribute(this.chart.canvas, 'aria-label', t('chart.gradient.aria'));
    redraw(this.chart);
  }

  // Shades each run of grid points with |dFL/dx_t| > 1 and writes the caption for the first run.
  describeSteepStretch(state, flPoints) {
    const runs = [];
    let start = -1;
    let steepest = 0;
    for (let i = 0; i < flPoints.length; i++) {
      const steep = Math.abs(flPoints[i].y) > 1;
      if (flPoints[i].y < flPoints[steepest].y) steepest = i;
      if (steep && start < 0) start = i;
      if (!steep && start >= 0) {
        runs.push([start, i - 1]);
        start = -1;
      }
    }
    if (start >= 0) runs.push([start, flPoints.length - 1]);

    const x = (i) => flPoints[i].x;
    const last = flPoints.length - 1;
    // The grid intervals to refine, [inside, outside] for a crossing of |dFL/dx_t| = 1 and
    // [left, right] around the grid's steepest point, all evaluated by one core call.
    const intervals = [];
    for (const [from, to] of runs) {
      if (from > 0) intervals.push([x(from), x(from - 1)]);
      if (to < last) intervals.push([x(to), x(to + 1)]);
    }
    if (runs.length) intervals.push([x(Math.max(0, steepest - 1)), x(Math.min(last, steepest + 1))]);
    const fine = new Float64Array(intervals.length * (REFINE + 1));
    intervals.forEach(([a, b], k) => {
      for (let i = 0; i <= REFINE; i++) fine[k * (REFINE + 1) + i] = a + ((b - a) * i) / REFINE;
    });
    const grad = intervals.length ? this.flGradients(state, fine) : fine;
    let next = 0;
    // Where |dFL/dx_t| crosses 1 inside interval k: between the last fine point past 1 and the
    // next one, interpolated linearly in the two core values.
    const crossing = () => {
      const base = next++ * (REFINE + 1);
      let i = 0;
      while (i < REFINE && Math.abs(grad[base + i + 1]) > 1) i++;
      const g0 = Math.abs(grad[base + i]) - 1;
      const g1 = Math.abs(grad[base + i + 1]) - 1;
      const share = g0 === g1 ? 0 : g0 / (g0 - g1);
      return fine[base + i] + share * (fine[base + i + 1] - fine[base + i]);
    };
    const ranges = runs.map(([from, to]) => [from === 0 ? x(0) : crossing(), to === last ? x(last) : crossing()]);
    this.chart.$focalBands.ranges = ranges;

    let text;
    if (ranges.length === 0) text = t('caption.gradient.never', { range: formatNumber(RANGE) });
    else {
      const [from, to] = ranges[0];
      const fmt = (value) => formatNumber(value, 3);
      // The steepest of the fine core values around the grid's steepest point.
      const base = next * (REFINE + 1);
      let best = base;
      for (let i = base; i <= base + REFINE; i++) if (grad[i] < grad[best]) best = i;
      const lowest = { xt: fine[best], value: grad[best] };
      const min = formatNumber(lowest.value, 4);
      // Still falling at the plot's left edge (0 < gamma < about 0.125 with alpha off): the true
      // minimum lies beyond it, so the caption must not call the edge the steepest point.
      const common = {
        steepest:
          lowest.xt === x(0)
            ? t('caption.gradient.steepestEdge', { min, edge: formatNumber(x(0)) })
            : t('caption.gradient.steepest', { min, ptMin: formatNumber(probabilityOf(lowest.xt), 2) }),
      };
      text =
        runs[0][0] === 0
          ? t('caption.gradient.below', { x: fmt(to), pt: fmt(probabilityOf(to)), ...common })
          : t('caption.gradient.between', {
              from: fmt(from),
              to: fmt(to),
              ptFrom: fmt(probabilityOf(from)),
              ptTo: fmt(probabilityOf(to)),
              ...common,
            });
    }
    if (state.gamma === 0) text += ` ${t('caption.gradient.starOff')}`;
    this.caption.textContent = text;
  }

  table() {
    return datasetTable(this.chart, t('csv.xLogit'));
  }

  canvases() {
    return [this.chart.canvas];
  }
}

registerPanel({
  name: 'gradient',
  navKey: 'nav.gradient',
  charts: ['gradient'],
  deferWhenHidden: true,
  keys: ['lang', 'gamma', 'alpha', 'beta', 'target'],
  mount: (context) => new GradientPanel(context),
});
