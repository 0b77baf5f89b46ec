// The anchors panel's figures, each drawn from one core.simulateAnchors report with its caption:
// (a) where the loss and the gradient come from per group under CE, alpha-CE and FL, (b) the
// paper's Figure 4, (c) the modulating factor over the anchors, (d) the first iteration from a
// zero bias and from the prior.
import { anchorOption } from './core_settings.js';
import { createBarChart, createLineChart, DASHES, fillBars, ink, lineWidth, percentTick, powerOfTenGrid } from './charts.js';
import { setAttribute, setText } from './dom.js';
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber, formatPercent, formatScientific } from './number_format.js';

// The anchor groups of a report, in the order the charts stack them.
export const GROUPS = ['easyNegatives', 'hardNegatives', 'positives'];
// The paper's Figure 4 draws these; the slider's gamma is added when it is not one of them.
export const FIGURE_GAMMAS = anchorOption('cdfGammas').defaultValue;
// The histogram caption counts anchors whose factor is at most 10^-2 (FL keeps <= 1% of CE).
const SMALL_FACTOR_LOG10 = -2;
const LOSSES = ['crossEntropy', 'alphaCrossEntropy', 'focal'];


export function lossLabel(name, state) {
  const alphaOn = state.alpha >= 0;
  const gamma = formatNumber(state.gamma);
  const alpha = formatNumber(state.alpha);
  if (name === 'crossEntropy') return t('anchors.lossCe');
  if (name === 'alphaCrossEntropy') return alphaOn ? t('anchors.lossAce', { alpha }) : t('anchors.lossAceOff');
  return alphaOn ? t('anchors.lossFlAlpha', { gamma, alpha }) : t('anchors.lossFl', { gamma });
}

function countTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? formatScientific(value) : '';
}

function formatLog10(edge) {
  return formatScientific(10 ** edge, 2);
}

// (a) The shares chart: stacked horizontal bars, one row per loss and measure, one dataset per
// group. The "Your model" panel (data_figures.js) draws its data's split with the same two
// functions, so both panels speak one visual language.
export function createSharesChart(canvas) {
  return createBarChart(canvas, {
    index: 'y',
    stacked: true,
    value: { min: 0, max: 1, ticks: { callback: percentTick } },
    tooltip: formatPercent,
  });
}

// `value(loss, 'loss' | 'gradient', group)` is the core's share for one bar segment.
export function drawSharesChart(chart, state, value) {
  const labels = [];
  for (const loss of LOSSES) {
    const name = lossLabel(loss, state);
    labels.push(t('anchors.rowLoss', { loss: name }), t('anchors.rowGradient', { loss: name }));
  }
  chart.data.labels = labels;
  GROUPS.forEach((group, g) => {
    const dataset = (chart.data.datasets[g] ??= { data: [] });
    fillBars(dataset, LOSSES.flatMap((loss) => [value(loss, 'loss', group), value(loss, 'gradient', group)]), 'y');
    Object.assign(dataset, {
      label: t(`anchors.group.${group}`),
      backgroundColor: ink(group),
      borderColor: ink('canvas'),
      borderWidth: 1,
      focalGroup: group,
      barPercentage: 0.85,
      categoryPercentage: 0.9,
    });
  });
  // Which core number each bar shows, for scripts: [loss, 'loss' | 'gradient'] per category.
  chart.$focalRows = LOSSES.flatMap((loss) => [[loss, 'loss'], [loss, 'gradient']]);
  chart.options.scales.x.title.text = t('anchors.sharesX');
  chart.options.scales.y.title.text = '';
  chart.options.scales.y.title.display = false;
  setAttribute(chart.canvas, 'aria-label', t('anchors.sharesAria'));
  chart.update('none');
}

// (b) Figure 4: one side's cumulative normalised loss, one curve per gamma; the slider's gamma
// is drawn bold. Shared with data_figures.js like the shares chart.
export function createCdfChart(canvas) {
  const chart = createLineChart(canvas, {
    x: { min: 0, max: 1, title: { display: true }, ticks: { callback: percentTick, maxRotation: 0 } },
    y: { min: 0, max: 1, title: { display: true }, ticks: { callback: percentTick } },
  });
  chart.$focalXName = t('anchors.cdfX');
  return chart;
}

// `curves[g][j]`: the share of the loss under gammas[g] carried by the easiest fraction[j].
export function drawCdfChart(chart, state, { side, gammas, fraction, curves }) {
  const datasets = chart.data.datasets;
  datasets.length = Math.min(datasets.length, gammas.length);
  gammas.forEach((gamma, g) => {
    const dataset = (datasets[g] ??= { data: [] });
    const curve = curves[g];
    if (dataset.data.length !== curve.length) dataset.data = Array.from(curve, () => ({ x: 0, y: 0 }));
    for (let j = 0; j < curve.length; j++) {
      dataset.data[j].x = fraction[j];
      dataset.data[j].y = curve[j];
    }
    const isSlider = g >= FIGURE_GAMMAS.length;
    const isCurrent = gamma === state.gamma;
    Object.assign(dataset, {
      label: isSlider ? t('series.current', { gamma: formatNumber(gamma) }) : t('series.family', { gamma: formatNumber(gamma) }),
      borderColor: isCurrent ? ink('focal') : g === 0 ? ink('ce') : ink('family', g - 1),
      backgroundColor: isCurrent ? ink('focal') : g === 0 ? ink('ce') : ink('family', g - 1),
      borderWidth: lineWidth(isCurrent ? 3.5 : 2),
      borderDash: isCurrent || g === 0 ? [] : DASHES[1 + (g % (DASHES.length - 1))],
      order: isCurrent ? 0 : 1,
      focalGamma: gamma,
    });
  });
  chart.options.scales.x.title.text = t(side === 'positives' ? 'anchors.cdfXPositives' : 'anchors.cdfXNegatives');
  chart.options.scales.y.title.text = t('anchors.cdfY');
  chart.$focalXName = t('anchors.cdfX');
  setAttribute(chart.canvas, 'aria-label', t(side === 'positives' ? 'anchors.cdfAriaPositives' : 'anchors.cdfAriaNegatives'));
  chart.update('none');
}

export class AnchorFigures {
  // `$(id)` finds an element of the panel.
  constructor($) {
    this.factorEdges = null; // the histogram's bin edges, for the factor chart's tick labels
    this.initTableKey = ''; // the init table's cells as drawn, to rebuild its rows only on a change
    this.sharesChart = createSharesChart($('chart-anchor-shares'));
    this.cdfCharts = ['positives', 'negatives'].map((side) => createCdfChart($(`chart-anchor-cdf-${side}`)));
    this.factorChart = createBarChart($('chart-anchor-factor'), {
      value: { type: 'logarithmic', min: 0.5, grid: { color: powerOfTenGrid }, ticks: { callback: (value) => countTick(value), autoSkip: false } },
      category: { ticks: { autoSkip: false, maxRotation: 0, callback: (value, index) => this.factorTickLabel(index) } },
    });
    this.initChart = createBarChart($('chart-anchor-init'), {
      index: 'y',
      value: { type: 'logarithmic', grid: { color: powerOfTenGrid }, ticks: { callback: (value) => countTick(value), autoSkip: false, maxRotation: 0 } },
    });
    this.charts = {
      anchorShares: this.sharesChart,
      anchorCdfPositives: this.cdfCharts[0],
      anchorCdfNegatives: this.cdfCharts[1],
      anchorFactor: this.factorChart,
      anchorInit: this.initChart,
    };

    this.text = {
      shares: $('anchor-shares-caption'),
      cdf: $('anchor-cdf-readout'),
      factor: $('anchor-factor-caption'),
      init: $('anchor-init-caption'),
      initTable: $('anchor-init-table'),
    };
  }

  // (a) Share of the total loss and of sum |dL/dx| per group, for CE, alpha-CE and FL.
  drawShares(state, report) {
    drawSharesChart(this.sharesChart, state, (loss, kind, group) =>
      (kind === 'loss' ? report.losses[loss].shares : report.losses[loss].gradientShares)[group],
    );
    const ce = report.losses.crossEntropy;
    const ace = report.losses.alphaCrossEntropy;
    const fl = report.losses.focal;
    const main = t('anchors.sharesCaption', {
      ceEasy: formatPercent(ce.shares.easyNegatives),
      ceEasyGrad: formatPercent(ce.gradientShares.easyNegatives),
      cePos: formatPercent(ce.shares.positives),
      fl: lossLabel('focal', state),
      flEasy: formatPercent(fl.shares.easyNegatives),
      flEasyGrad: formatPercent(fl.gradientShares.easyNegatives),
      flHard: formatPercent(fl.shares.hardNegatives),
      flPos: formatPercent(fl.shares.positives),
    });
    const alpha =
      state.alpha >= 0
        ? t('anchors.sharesAlpha', { alpha: formatNumber(state.alpha), acePos: formatPercent(ace.shares.positives), aceEasy: formatPercent(ace.shares.easyNegatives) })
        : t('anchors.sharesAlphaOff');
    setText(this.text.shares, joinSentences([main, alpha]));
  }

  // (b) Figure 4: cumulative normalised loss of one side, one curve per gamma; the readout
  // under both charts is written with the positives.
  drawCdf(state, report, side) {
    const gammas = report.cdf.gammas;
    const cdf = report.cdf[side];
    drawCdfChart(this.cdfCharts[side === 'positives' ? 0 : 1], state, { side, gammas, fraction: cdf.fraction, curves: cdf.curves });
    if (side !== 'positives') return;

    const current = gammas.indexOf(state.gamma);
    const ce = gammas.indexOf(0);
    const pos = report.cdf.positives.hardestShare;
    const neg = report.cdf.negatives.hardestShare;
    setText(this.text.cdf, t(state.gamma === 0 ? 'anchors.cdfReadoutCe' : 'anchors.cdfReadout', {
      fraction: formatPercent(report.cdf.readoutFraction),
      pos0: formatPercent(pos[ce]),
      posG: formatPercent(pos[current]),
      neg0: formatPercent(neg[ce]),
      negG: formatPercent(neg[current]),
      gamma: formatNumber(state.gamma),
    }));
  }

  factorTickLabel(index) {
    const edges = this.factorEdges;
    if (!edges) return '';
    if (index === 0) return `< ${formatScientific(10 ** edges[0])}`;
    // The lower edge of the first bin is the "below" bar's edge: labelled there already.
    if (index === 1) return '';
    const edge = edges[index - 1];
    return Math.abs(edge - Math.round(edge)) < 1e-9 ? formatScientific(10 ** Math.round(edge)) : '';
  }

  // (c) Anchors per bin of log10 (1 - p_t)^gamma; the first bar holds everything below the range.
  drawFactor(state, report) {
    const chart = this.factorChart;
    const factor = report.modulatingFactor;
    const edges = factor.log10Edges;
    this.factorEdges = edges;
    const labels = [t('anchors.factorBelow', { edge: formatScientific(10 ** edges[0]) })];
    for (let b = 0; b < factor.bins; b++) {
      labels.push(t('anchors.factorBin', { from: formatLog10(edges[b]), to: formatLog10(edges[b + 1]) }));
    }
    chart.data.labels = labels;
    GROUPS.forEach((group, g) => {
      const dataset = (chart.data.datasets[g] ??= { data: [] });
      fillBars(dataset, [factor.below[group], ...factor.counts[group]]);
      Object.assign(dataset, {
        label: t(`anchors.group.${group}`),
        backgroundColor: ink(group),
        focalGroup: group,
        barPercentage: 1,
        categoryPercentage: 0.9,
      });
    });
    chart.options.scales.x.title.text = t('anchors.factorX', { gamma: formatNumber(state.gamma) });
    chart.options.scales.y.title.text = t('anchors.factorY');
    chart.options.scales.y.max = Math.max(10, report.counts.total);
    setAttribute(chart.canvas, 'aria-label', t('anchors.factorAria'));
    chart.update('none');

    // Counting the core's histogram: anchors in bins that end at or below 10^-2, plus those below.
    let small = 0;
    for (const group of GROUPS) {
      small += factor.below[group];
      for (let b = 0; b < factor.bins; b++) if (edges[b + 1] <= SMALL_FACTOR_LOG10 + 1e-9) small += factor.counts[group][b];
    }
    let captionKey = 'anchors.factorCaption';
    if (state.gamma === 0) captionKey = state.alpha >= 0 ? 'anchors.factorCaptionAlphaCe' : 'anchors.factorCaptionCe';
    setText(this.text.factor, t(captionKey, {
      count: formatCount(small),
      total: formatCount(report.counts.total),
      share: formatPercent(small / report.counts.total),
      gamma: formatNumber(state.gamma),
      alpha: formatNumber(state.alpha),
    }));
  }

  // (d) The first iteration with every logit at the bias: 0, or -log((1 - pi) / pi).
  drawInit(state, report) {
    const init = report.initialisation;
    const chart = this.initChart;
    chart.data.labels = LOSSES.map((loss) => lossLabel(loss, state));
    const starts = [
      ['zeroBias', t('anchors.initZero'), ink('initZero')],
      ['priorBias', t('anchors.initPrior', { bias: formatNumber(init.priorBias.bias, 4), pi: formatNumber(init.pi) }), ink('focal')],
    ];
    starts.forEach(([key, label, color], s) => {
      const dataset = (chart.data.datasets[s] ??= { data: [] });
      fillBars(dataset, LOSSES.map((loss) => init[key][loss].total), 'y');
      Object.assign(dataset, { label, backgroundColor: color, focalStart: key });
    });
    chart.options.scales.x.title.text = t('anchors.initX');
    chart.options.scales.y.title.display = false;
    setAttribute(chart.canvas, 'aria-label', t('anchors.initAria'));
    chart.update('none');

    // One row per loss: its label, then per start the loss per negative, the total and the
    // background's share. The rows are rebuilt only when a number in them changed.
    const cells = LOSSES.map((loss) => [
      lossLabel(loss, state),
      ...['zeroBias', 'priorBias'].flatMap((key) => {
        const start = init[key][loss];
        return [formatNumber(start.lossPerNegative, 4), formatCount(start.total), formatPercent(start.backgroundShare)];
      }),
    ]);
    const tableKey = JSON.stringify(cells);
    if (tableKey !== this.initTableKey) {
      this.initTableKey = tableKey;
      this.text.initTable.replaceChildren(
        ...cells.map(([label, ...values]) => {
          const row = document.createElement('tr');
          const head = document.createElement('th');
          head.scope = 'row';
          head.textContent = label;
          row.append(head);
          for (const text of values) {
            const cell = document.createElement('td');
            cell.textContent = text;
            row.append(cell);
          }
          return row;
        }),
      );
    }

    const ce0 = init.zeroBias.crossEntropy;
    const ceb = init.priorBias.crossEntropy;
    setText(this.text.init, t('anchors.initCaption', {
      bias: formatNumber(init.priorBias.bias, 4),
      pi: formatNumber(init.pi),
      neg0: formatNumber(ce0.lossPerNegative, 4),
      negB: formatNumber(ceb.lossPerNegative, 4),
      ratio: formatNumber(init.negativeLossRatio, 3),
      negatives: formatCount(report.counts.negatives),
      total0: formatCount(ce0.total),
      totalB: formatCount(ceb.total),
      share0: formatPercent(ce0.backgroundShare),
      shareB: formatPercent(ceb.backgroundShare),
    }));
  }
}
