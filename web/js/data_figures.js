// The "Your model" panel's figures, each drawn from one DataReport (summary.report(), see
// cpp/bindings/focal_core.d.ts) with its caption and table: (a) where the loss and the gradient
// come from, (b) the gamma sweep, (c) the paper's Figure 4 for the reader's data, (d) the
// reliability diagram. (a) and (c) are the anchors panel's own charts (anchor_figures.js), so a
// simulated detector and a real one are drawn alike.
import { createCdfChart, createSharesChart, drawCdfChart, drawSharesChart, lossLabel } from './anchor_figures.js';
import { createLineChart, cursorPlugin, DASHES, ink, lineWidth, percentTick } from './charts.js';
import { setAttribute, setText } from './dom.js';
import { joinSentences, t } from './i18n.js';
import { formatCount, formatNumber, formatPercent } from './number_format.js';
import { CHART_NAMES } from './data_entry.js';

// The Figure 4 readout and summaries read the curves at the hardest fifth, as the paper does.
const HARDEST_FROM = 0.8;
// The sweep's and Figure 4's sentences compare cross-entropy with the paper's gamma = 2.
const PAPER_GAMMA = 2;

const CDF_SIDES = { dataCdfPositives: 'positives', dataCdfNegatives: 'negatives' };

function percentAxis(titleKey) {
  return { min: 0, max: 1, title: { display: true, text: t(titleKey) }, ticks: { callback: percentTick } };
}

// Rows of a <tbody>, rebuilt only when the number of rows changes; cells are written as text.
function fillRows(body, rows) {
  if (body.rows.length !== rows.length) {
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement('tr');
        row.forEach((value, i) => {
          const cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) cell.scope = 'row';
          tr.append(cell);
        });
        return tr;
      }),
    );
  }
  rows.forEach((row, r) => row.forEach((value, c) => setText(body.rows[r].cells[c], value)));
}

// The curve's share carried by its hardest (1 - from) part: 1 minus the easiest part's share.
function hardestShare(fractions, curve, from) {
  if (!curve.length) return null;
  let best = 0;
  for (let j = 1; j < fractions.length; j++) if (Math.abs(fractions[j] - from) < Math.abs(fractions[best] - from)) best = j;
  return 1 - curve[best];
}

// Each chart is made when asked (create(name)) and drawn by name (draw), so the panel can spread
// the first drawing, by far the dearest (Chart.js lays out and sizes each new canvas), over
// several tasks instead of one long one.
export class DataFigures {
  // `$(id)` finds an element of the panel's results (cloned from its template).
  constructor($) {
    this.$ = $;
    this.charts = {};
    this.drawnFrom = new Map();
    this.text = {
      shares: $('data-shares-caption'),
      sweep: $('data-sweep-caption'),
      sweepTable: $('data-sweep-table'),
      cdf: $('data-cdf-caption'),
      calibration: $('data-calibration-caption'),
      calibrationTable: $('data-calibration-table'),
    };
  }

  // The charts not made yet, in page order.
  get missing() {
    return CHART_NAMES.filter((name) => !this.charts[name]);
  }

  create(name) {
    const $ = this.$;
    if (name === 'dataShares') this.charts[name] = createSharesChart($('chart-data-shares'));
    else if (name === 'dataSweep') {
      this.charts[name] = createLineChart($('chart-data-sweep'), {
        x: { min: 0, max: 5, title: { display: true } },
        y: percentAxis('data.sweepY'),
        plugins: [cursorPlugin],
      });
    } else if (CDF_SIDES[name]) this.charts[name] = createCdfChart($(`chart-data-cdf-${CDF_SIDES[name]}`));
    else {
      this.charts[name] = createLineChart($('chart-data-calibration'), {
        x: { min: 0, max: 1, title: { display: true } },
        y: { min: 0, max: 1, title: { display: true } },
      });
    }
    return this.charts[name];
  }

  // Draws the named charts (every one by default) with their captions and tables; a chart
  // already showing this report for this state (the store replaces the state on every change)
  // is left as it is.
  draw(state, report, names = CHART_NAMES) {
    for (const name of names) {
      const from = this.drawnFrom.get(name);
      if (from && from.state === state && from.report === report) continue;
      this.drawnFrom.set(name, { state, report });
      if (name === 'dataShares') this.drawShares(state, report);
      else if (name === 'dataSweep') this.drawSweep(state, report);
      else if (CDF_SIDES[name]) this.drawCdf(state, report, CDF_SIDES[name]);
      else this.drawCalibration(report);
    }
  }

  drawCdf(state, report, side) {
    drawCdfChart(this.charts[side === 'positives' ? 'dataCdfPositives' : 'dataCdfNegatives'], state, {
      side,
      gammas: report.cdf.gammas,
      fraction: report.cdf.fractions,
      curves: report.cdf[side],
    });
    if (side === 'positives') this.writeCdfCaption(state, report);
  }

  // (a) Shares of the loss and of sum |dL/dx| per group, for CE, alpha-CE and FL.
  drawShares(state, report) {
    drawSharesChart(this.charts.dataShares, state, (loss, kind, group) => report.shares[loss][kind][group]);
    const ce = report.shares.crossEntropy;
    const fl = report.shares.focal;
    setText(this.text.shares, t('data.sharesCaption', {
      easy: formatNumber(report.easyThreshold),
      ceEasy: formatPercent(ce.loss.easyNegatives),
      ceEasyGrad: formatPercent(ce.gradient.easyNegatives),
      cePos: formatPercent(ce.loss.positives),
      fl: lossLabel('focal', state),
      flEasy: formatPercent(fl.loss.easyNegatives),
      flEasyGrad: formatPercent(fl.gradient.easyNegatives),
      flHard: formatPercent(fl.loss.hardNegatives),
      flPos: formatPercent(fl.loss.positives),
    }));
  }

  // (b) The easy negatives' share of FL and the fraction of decisions carrying 90% of it, per gamma.
  drawSweep(state, report) {
    const chart = this.charts.dataSweep;
    const sweep = report.gammaSweep;
    const series = [
      ['easyNegativeShare', t('data.sweepEasy'), ink('easyNegatives'), []],
      ['fractionFor90', t('data.sweepFor90'), ink('focal'), DASHES[1]],
    ];
    series.forEach(([key, label, color, dash], s) => {
      const dataset = (chart.data.datasets[s] ??= { data: [] });
      if (dataset.data.length !== sweep.length) dataset.data = sweep.map(() => ({ x: 0, y: 0 }));
      sweep.forEach((row, i) => {
        dataset.data[i].x = row.gamma;
        dataset.data[i].y = row[key];
      });
      Object.assign(dataset, {
        label,
        borderColor: color,
        backgroundColor: color,
        borderWidth: lineWidth(2.5),
        borderDash: dash,
        pointRadius: 4,
        pointHoverRadius: 5,
        focalSeries: key,
      });
    });
    chart.$focalCursorX = state.gamma <= chart.options.scales.x.max ? state.gamma : null;
    chart.$focalXName = 'γ';
    chart.options.scales.x.title.text = t('data.sweepX', { alpha: state.alpha >= 0 ? formatNumber(state.alpha) : t('data.alphaOff') });
    chart.options.scales.y.title.text = t('data.sweepY');
    setAttribute(chart.canvas, 'aria-label', t('data.sweepAria'));
    chart.update('none');

    fillRows(this.text.sweepTable, sweep.map((row) => [formatNumber(row.gamma), formatPercent(row.easyNegativeShare), formatPercent(row.fractionFor90)]));
    const at = (gamma) => sweep.find((row) => row.gamma === gamma);
    const ce = at(0);
    const paper = at(PAPER_GAMMA);
    if (ce && paper) {
      setText(this.text.sweep, t('data.sweepCaption', {
        ceEasy: formatPercent(ce.easyNegativeShare),
        ceFor90: formatPercent(ce.fractionFor90),
        gamma: formatNumber(PAPER_GAMMA),
        flEasy: formatPercent(paper.easyNegativeShare),
        flFor90: formatPercent(paper.fractionFor90),
      }));
    }
  }

  // (c) Under the charts: the hardest fifth's share of each side's loss, CE against gamma 2
  // (or the slider's gamma when it is one of the curves).
  writeCdfCaption(state, report) {
    const { gammas, fractions } = report.cdf;
    const ce = gammas.indexOf(0);
    let other = gammas.indexOf(state.gamma);
    if (other <= 0) other = gammas.indexOf(PAPER_GAMMA);
    const parts = [];
    for (const side of ['positives', 'negatives']) {
      const curves = report.cdf[side];
      const share0 = hardestShare(fractions, curves[ce] || [], HARDEST_FROM);
      const shareG = hardestShare(fractions, curves[other] || [], HARDEST_FROM);
      if (share0 === null || shareG === null) {
        parts.push(t(`data.cdfNone.${side}`));
        continue;
      }
      parts.push(t(`data.cdfCaption.${side}`, {
        fraction: formatPercent(1 - HARDEST_FROM),
        ce: formatPercent(share0),
        fl: formatPercent(shareG),
        gamma: formatNumber(gammas[other]),
      }));
    }
    setText(this.text.cdf, joinSentences(parts));
  }

  // (d) Observed positive rate against the mean predicted probability per bin, beside the
  // diagonal of perfect calibration; empty bins are left out of the curve and shown as "—".
  drawCalibration(report) {
    const chart = this.charts.dataCalibration;
    const { bins, ece } = report.calibration;
    const used = [];
    bins.forEach((bin, b) => {
      if (bin.count > 0) used.push(b);
    });
    const diagonal = (chart.data.datasets[0] ??= { data: [{ x: 0, y: 0 }, { x: 1, y: 1 }] });
    Object.assign(diagonal, {
      label: t('data.calibrationDiagonal'),
      borderColor: ink('muted'),
      backgroundColor: ink('muted'),
      borderWidth: lineWidth(1.5),
      borderDash: DASHES[2],
      focalSeries: 'diagonal',
    });
    const observed = (chart.data.datasets[1] ??= { data: [] });
    if (observed.data.length !== used.length) observed.data = used.map(() => ({ x: 0, y: 0 }));
    used.forEach((b, i) => {
      observed.data[i].x = bins[b].meanProbability;
      observed.data[i].y = bins[b].positiveRate;
    });
    Object.assign(observed, {
      label: t('data.calibrationObserved'),
      borderColor: ink('focal'),
      backgroundColor: ink('focal'),
      borderWidth: lineWidth(2.5),
      pointRadius: 4,
      pointHoverRadius: 5,
      focalSeries: 'observed',
    });
    // Which bin each observed point is, for scripts and the tests.
    chart.$focalBins = used;
    chart.$focalXName = t('data.calibrationXShort');
    chart.options.scales.x.title.text = t('data.calibrationX');
    chart.options.scales.y.title.text = t('data.calibrationY');
    setAttribute(chart.canvas, 'aria-label', t('data.calibrationAria'));
    chart.update('none');

    const width = 1 / bins.length;
    fillRows(this.text.calibrationTable, bins.map((bin, b) => [
      t('data.binRange', { from: formatNumber(b * width, 3), to: formatNumber((b + 1) * width, 3) }),
      formatCount(bin.count),
      bin.count > 0 ? formatNumber(bin.meanProbability, 3) : '—',
      bin.count > 0 ? formatNumber(bin.positiveRate, 3) : '—',
    ]));
    let fullest = 0;
    bins.forEach((bin, b) => {
      if (bin.count > bins[fullest].count) fullest = b;
    });
    const total = bins.reduce((sum, bin) => sum + bin.count, 0);
    const top = bins[fullest];
    setText(this.text.calibration, t('data.calibrationCaption', {
      ece: formatNumber(ece, 3),
      bins: formatCount(bins.length),
      from: formatNumber(fullest * width, 3),
      to: formatNumber((fullest + 1) * width, 3),
      share: formatPercent(total > 0 ? top.count / total : 0),
      mean: formatNumber(top.meanProbability, 3),
      rate: formatNumber(top.positiveRate, 3),
    }));
  }
}
