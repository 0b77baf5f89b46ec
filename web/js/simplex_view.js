// The loss over the probability simplex of three classes: softmax focal loss of the true class c
// as a heat map over the triangle of predictions (p₁, p₂, p₃), beside cross-entropy's, with arrows
// showing where one gradient step on the logits moves a prediction. The core computes every cell
// (core.simplexGrid: the loss, its gradient and the step's direction on the simplex); this module
// only places the cells on the canvas and turns values into colours.
//
// It is a Chart.js chart (focalExplorer.charts.simplex) so that it is exported, themed and
// summarised like every other chart: its two datasets hold each map's loss against p_c, which is
// what the CSV writes, and a plugin paints the triangles from chart.$focalSimplex.
import { createLineChart, DASHES, ink } from './charts.js';
import { setAttribute } from './dom.js';
import { t } from './i18n.js';
import { formatNumber } from './number_format.js';
import { COLORS } from './palette.js';

// Cells per side of the heat maps (MAP_RESOLUTION² cells each) and of the coarser arrow grid,
// whose upward cells carry one arrow each.
export const MAP_RESOLUTION = 36;
export const ARROW_RESOLUTION = 7;
const ROOT3_2 = Math.sqrt(3) / 2;
// Colour-bar ticks (loss values), kept where they fit under the scale's top.
const BAR_TICKS = [0, 0.1, 0.5, 1, 2, 3, 5, 8];

// The grids for the current settings: FL (the focal model's loss for class c), the CE model's
// loss, plain CE for the colour scale, and the two arrow grids. `ceAlpha` is the CE model's
// weight (-1: none), `alpha` the FL model's alpha_c.
export function simplexGrids(core, { target, gamma, alpha, ceAlpha }) {
  // Each grid carries the parameters it was computed for, which say whether a painted map of it
  // still holds (the plugin below).
  const grid = (options) => ({ ...core.simplexGrid({ target, ...options }), parameters: JSON.stringify({ target, ...options }) });
  return {
    target,
    gamma,
    alpha,
    ceAlpha,
    fl: grid({ resolution: MAP_RESOLUTION, gamma, alpha }),
    ce: grid({ resolution: MAP_RESOLUTION, gamma: 0, alpha: ceAlpha }),
    scale: grid({ resolution: MAP_RESOLUTION, gamma: 0, alpha: -1 }),
    flArrows: grid({ resolution: ARROW_RESOLUTION, gamma, alpha }),
    ceArrows: grid({ resolution: ARROW_RESOLUTION, gamma: 0, alpha: ceAlpha }),
  };
}

// The largest value of an array (the colour scale's top: plain CE's largest cell).
function largest(values) {
  let top = 0;
  for (const value of values) if (value > top) top = value;
  return top;
}

// A colour of the ramp for t in [0, 1], as "rgb(...)".
function rampColor(share) {
  const ramp = COLORS.simplexRamp;
  const position = Math.min(1, Math.max(0, share)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(position));
  const f = position - i;
  const mix = (c) => Math.round(ramp[i][c] + (ramp[i + 1][c] - ramp[i][c]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

// Loss to colour position: the square root spreads the many small losses near the true corner.
const shareOf = (loss, top) => Math.sqrt(Math.max(0, loss) / top);

// The triangle's corners on the canvas: class 1 bottom left, class 2 bottom right, class 3 on top.
function corners(left, bottom, side) {
  return [
    [left, bottom],
    [left + side, bottom],
    [left + side / 2, bottom - side * ROOT3_2],
  ];
}

// A point of the simplex (three barycentric coordinates) on the canvas.
function place(corner, a, b, c) {
  return [a * corner[0][0] + b * corner[1][0] + c * corner[2][0], a * corner[0][1] + b * corner[1][1] + c * corner[2][1]];
}

function paintMap(ctx, grid, corner, top) {
  const n = grid.resolution;
  const third = 1 / (3 * n);
  const p = grid.probabilities;
  // The cells of one colour share a path: one fill and one stroke per colour (a few hundred)
  // rather than per cell (about 1,300 a map), which made the first paint of the view a long task.
  const paths = new Map();
  for (let cell = 0; cell < grid.cells; cell++) {
    // A cell's corners are its centroid moved by (2, -1, -1) / 3n and its permutations, upward
    // cells that way and downward ones the other (multiclass.hpp, simplexGrid).
    const s = grid.upward[cell] ? third : -third;
    const a = p[3 * cell];
    const b = p[3 * cell + 1];
    const c = p[3 * cell + 2];
    const color = rampColor(shareOf(grid.loss[cell], top));
    let path = paths.get(color);
    if (!path) paths.set(color, (path = new Path2D()));
    path.moveTo(...place(corner, a + 2 * s, b - s, c - s));
    path.lineTo(...place(corner, a - s, b + 2 * s, c - s));
    path.lineTo(...place(corner, a - s, b - s, c + 2 * s));
    path.closePath();
  }
  // The stroke, in the cell's own colour, closes the hairline seams between neighbouring cells.
  ctx.lineWidth = 0.7;
  for (const [color, path] of paths) {
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.fill(path);
    ctx.stroke(path);
  }
}

// Each triangle's painted map, kept on a canvas of its own while what it shows stays the same:
// dragging the true class's alpha repaints the FL map only, and a redraw for anything else (the
// arrows, the words) copies both. About 1,300 cells a map make its painting the view's cost.
const mapLayers = new WeakMap(); // chart -> [{ key, canvas }] by triangle

function paintMapOnce(chart, ctx, index, key, paint) {
  const layers = mapLayers.get(chart) ?? [];
  mapLayers.set(chart, layers);
  const { width, height } = chart.canvas;
  let layer = layers[index];
  if (!layer || layer.key !== key || layer.canvas.width !== width || layer.canvas.height !== height) {
    const canvas = layer ? layer.canvas : document.createElement('canvas');
    canvas.width = width; // also clears it
    canvas.height = height;
    const layerContext = canvas.getContext('2d');
    layerContext.setTransform(ctx.getTransform());
    paint(layerContext);
    layer = { key, canvas };
    layers[index] = layer;
  }
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(layer.canvas, 0, 0);
  ctx.restore();
}

// The step's direction on the canvas for one cell: the flow (dp, summing to 0) as a displacement.
function flowVector(grid, cell, corner) {
  const f = grid.flow;
  const [x, y] = place(corner, f[3 * cell], f[3 * cell + 1], f[3 * cell + 2]);
  const [x0, y0] = place(corner, 0, 0, 0);
  return [x - x0, y - y0];
}

function paintArrows(ctx, grid, corner, longest, scaleTop, width) {
  ctx.strokeStyle = COLORS.simplexArrow;
  ctx.fillStyle = COLORS.simplexArrow;
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  for (let cell = 0; cell < grid.cells; cell++) {
    if (!grid.upward[cell]) continue;
    const p = grid.probabilities;
    const [x, y] = place(corner, p[3 * cell], p[3 * cell + 1], p[3 * cell + 2]);
    const [dx, dy] = flowVector(grid, cell, corner);
    const size = Math.hypot(dx, dy);
    // Length by the square root of the step's size, as the colours: short steps stay visible.
    const length = scaleTop > 0 ? longest * Math.sqrt(size / scaleTop) : 0;
    if (length < 1.5) {
      ctx.beginPath();
      ctx.arc(x, y, width, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    const ux = dx / size;
    const uy = dy / size;
    const tipX = x + (ux * length) / 2;
    const tipY = y + (uy * length) / 2;
    const head = Math.min(5 * width, length * 0.45);
    ctx.beginPath();
    ctx.moveTo(x - (ux * length) / 2, y - (uy * length) / 2);
    ctx.lineTo(tipX, tipY);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(tipX, tipY);
    ctx.lineTo(tipX - ux * head - uy * head * 0.55, tipY - uy * head + ux * head * 0.55);
    ctx.lineTo(tipX - ux * head + uy * head * 0.55, tipY - uy * head - ux * head * 0.55);
    ctx.closePath();
    ctx.fill();
  }
}

function paintFrame(ctx, corner, target, title, dash) {
  ctx.strokeStyle = COLORS.muted;
  ctx.lineWidth = 1;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(...corner[0]);
  ctx.lineTo(...corner[1]);
  ctx.lineTo(...corner[2]);
  ctx.closePath();
  ctx.stroke();
  ctx.setLineDash([]);
  // Under the base, each label running inwards from its corner; above the apex, centred.
  const below = ctx.$focalFontSize + 5;
  const offsets = [
    [-2, below, 'left'],
    [2, below, 'right'],
    [0, -6, 'center'],
  ];
  corner.forEach(([x, y], k) => {
    const [ox, oy, align] = offsets[k];
    ctx.textAlign = align;
    ctx.fillStyle = k === target ? COLORS.classes[k] : COLORS.muted;
    ctx.font = `${k === target ? '600 ' : ''}${ctx.$focalFontSize}px ${ctx.$focalFontFamily}`;
    ctx.fillText(t('three.vertex', { k: k + 1 }), x + ox, y + oy);
  });
  ctx.textAlign = 'center';
  ctx.fillStyle = COLORS.text;
  ctx.font = `600 ${ctx.$focalFontSize}px ${ctx.$focalFontFamily}`;
  ctx.fillText(title, (corner[0][0] + corner[1][0]) / 2, corner[2][1] - ctx.$focalFontSize - 12);
}

function paintBar(ctx, left, right, y, top) {
  const height = 9;
  const steps = 64;
  for (let i = 0; i < steps; i++) {
    ctx.fillStyle = rampColor(i / (steps - 1));
    ctx.fillRect(left + ((right - left) * i) / steps, y, (right - left) / steps + 1, height);
  }
  ctx.strokeStyle = COLORS.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, y, right - left, height);
  ctx.fillStyle = COLORS.muted;
  ctx.font = `${ctx.$focalFontSize - 1}px ${ctx.$focalFontFamily}`;
  ctx.textAlign = 'center';
  for (const value of BAR_TICKS) {
    if (value > top) break;
    const x = left + (right - left) * shareOf(value, top);
    ctx.fillRect(x - 0.5, y + height, 1, 3);
    ctx.fillText(formatNumber(value, 2), x, y + height + 14);
  }
  ctx.textAlign = 'left';
  ctx.fillText(t('three.barLabel'), right + 6, y + height);
}

// Paints both triangles, their arrows and the colour bar inside the chart area.
const simplexPlugin = {
  id: 'focalSimplex',
  afterDatasetsDraw(chart) {
    const data = chart.$focalSimplex;
    if (!data) return;
    const { ctx, chartArea } = chart;
    // The charts' own font (charts.js sets it, larger in presenter mode).
    const font = chart.options.font || {};
    ctx.save();
    ctx.$focalFontSize = font.size || 12;
    ctx.$focalFontFamily = font.family || 'sans-serif';
    ctx.textBaseline = 'alphabetic';
    const size = ctx.$focalFontSize;
    const barSpace = 40;
    const gap = 24;
    // Room for the title and the apex's label above, the base's labels below.
    const titleSpace = 2 * size + 16;
    const labelSpace = size + 10;
    const width = chartArea.right - chartArea.left;
    const height = chartArea.bottom - chartArea.top - barSpace;
    const side = Math.max(40, Math.min((width - gap) / 2 - 8, (height - titleSpace - labelSpace) / ROOT3_2));
    const panelWidth = (width - gap) / 2;
    const bottom = chartArea.top + titleSpace + side * ROOT3_2;
    const top = largest(data.scale.loss);
    const maps = [
      { grid: data.fl, arrows: data.flArrows, title: data.labels.fl, dash: DASHES[1] },
      { grid: data.ce, arrows: data.ceArrows, title: data.labels.ce, dash: DASHES[0] },
    ];
    // One arrow scale for both maps: the largest step of either is the longest arrow.
    const placed = maps.map((map, i) => corners(chartArea.left + i * (panelWidth + gap) + (panelWidth - side) / 2, bottom, side));
    let largestStep = 0;
    maps.forEach((map, i) => {
      for (let cell = 0; cell < map.arrows.cells; cell++) {
        if (map.arrows.upward[cell]) largestStep = Math.max(largestStep, Math.hypot(...flowVector(map.arrows, cell, placed[i])));
      }
    });
    const longest = (side / ARROW_RESOLUTION) * 0.8;
    const arrowWidth = Math.max(1, side / 220);
    maps.forEach((map, i) => {
      // A painted map holds while its grid's parameters, its placing and the colours do.
      const key = JSON.stringify([map.grid.parameters, placed[i], top, COLORS.simplexRamp]);
      paintMapOnce(chart, ctx, i, key, (layerContext) => paintMap(layerContext, map.grid, placed[i], top));
      paintArrows(ctx, map.arrows, placed[i], longest, largestStep, arrowWidth);
      paintFrame(ctx, placed[i], data.target, map.title, map.dash);
    });
    // The colour bar right under the triangles' labels.
    const barLeft = chartArea.left + 8;
    const barRight = Math.max(barLeft + 60, chartArea.right - 70);
    paintBar(ctx, barLeft, barRight, Math.min(chartArea.bottom - barSpace, bottom + labelSpace) + 10, top);
    ctx.restore();
  },
};

export function createSimplexChart(canvas) {
  const chart = createLineChart(canvas, {
    x: { min: 0, max: 1, display: false, title: { display: false } },
    y: { min: 0, display: false, title: { display: false } },
    legend: false,
    tooltip: false,
    plugins: [simplexPlugin],
  });
  chart.options.layout.padding = { top: 6, right: 6, bottom: 4, left: 6 };
  return chart;
}

// A map's loss against p_c, one point per distinct p_c in ascending order: the loss depends on
// p_c alone, so the cells of one row of the triangle share a point (2 resolution - 1 of them).
function lossAgainstTrueClass(grid, c) {
  const points = new Map();
  for (let cell = 0; cell < grid.cells; cell++) points.set(grid.probabilities[3 * cell + c], grid.loss[cell]);
  return [...points].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
}

// Draws the grids (simplexGrids) with the given labels: the datasets (each map's loss against
// p_c, for the CSV) and, through the plugin, the picture.
export function drawSimplex(chart, grids, labels) {
  const c = grids.target;
  const series = [
    { grid: grids.fl, label: labels.fl, role: 'focal', dash: DASHES[1], map: 'fl' },
    { grid: grids.ce, label: labels.ce, role: 'ce', dash: DASHES[0], map: 'ce' },
  ];
  series.forEach((s, i) => {
    const dataset = (chart.data.datasets[i] ??= { data: [] });
    dataset.data = lossAgainstTrueClass(s.grid, c);
    Object.assign(dataset, {
      label: s.label,
      borderColor: ink(s.role),
      backgroundColor: ink(s.role),
      borderDash: s.dash,
      showLine: false,
      focalMap: s.map,
    });
  });
  chart.$focalSimplex = { ...grids, labels };
  chart.options.scales.x.title.text = t('three.simplexX', { sub: classSubscript(c) });
  chart.options.scales.y.title.text = t('three.simplexY');
  chart.$focalXName = t('three.simplexX', { sub: classSubscript(c) });
  setAttribute(chart.canvas, 'aria-label', t('three.simplexAria', { k: c + 1 }));
  chart.update('none');
}

// The cell of a map whose true-class probability is nearest to p (the loss depends on p_c alone).
export function cellNearest(grid, target, p) {
  let best = 0;
  for (let cell = 1; cell < grid.cells; cell++) {
    if (Math.abs(grid.probabilities[3 * cell + target] - p) < Math.abs(grid.probabilities[3 * best + target] - p)) best = cell;
  }
  return best;
}

// How long a cell's step is on the simplex (the flow's length in p space), for the sentences.
export function stepSize(grid, cell) {
  const f = grid.flow;
  return Math.hypot(f[3 * cell], f[3 * cell + 1], f[3 * cell + 2]);
}

// Class c (from 0) as the subscript the page writes p and α with: p₁, α₃.
export const classSubscript = (c) => '₁₂₃'[c];

// What the sentences about the map read from the core's grids: near the true corner (p_c = 0.9)
// and for a hard example (p_c = 0.1), each map's loss, and near the corner each step's size.
const EASY = 0.9;
const HARD = 0.1;

export function simplexReadings(grids) {
  const c = grids.target;
  const easy = cellNearest(grids.fl, c, EASY);
  const hard = cellNearest(grids.fl, c, HARD);
  return {
    k: c + 1,
    sub: classSubscript(c),
    easy: { p: grids.fl.probabilities[3 * easy + c], fl: grids.fl.loss[easy], ce: grids.ce.loss[easy], flStep: stepSize(grids.fl, easy), ceStep: stepSize(grids.ce, easy) },
    hard: { p: grids.fl.probabilities[3 * hard + c], fl: grids.fl.loss[hard], ce: grids.ce.loss[hard] },
  };
}
