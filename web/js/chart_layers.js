// A line chart's curves that did not move since its last draw are drawn from a bitmap. While a
// slider drags one curve (the loss panel's gamma, the compare panel's focal loss), the others are
// the same pixels frame after frame, and stroking them was most of a redraw: in headless Chromium
// with software canvas on the build machine, a loss-chart redraw rasterized in about 4.7 ms, of
// which the five unmoving curves (thick or dashed) took about 2.5 (bench/page_bench.mjs header).
//
// The curves are taken in drawing order, bottom first. The run of bottom curves and the run of
// top curves that drew the same as last time (same pixel positions, same style, same plot area)
// are each painted into an offscreen canvas once and then copied in one drawImage, in their place
// in the order, while they stay the same; the curves that moved are drawn as usual between them.
// A curve with point markers or a fill, or on an axis Chart.js fits to the data (whose clip
// reaches past the plot area), always draws as usual. charts.js adds this plugin to every line
// chart.

// The style a line element is drawn with; resolved options, so palette changes count.
const STYLE_KEYS = ['borderColor', 'borderWidth', 'borderDash', 'borderDashOffset', 'borderCapStyle', 'borderJoinStyle', 'tension', 'stepped', 'cubicInterpolationMode'];

// What a curve looked like when drawn: its style and every point's pixel position.
function curvePicture(meta) {
  const options = meta.dataset.options;
  const style = STYLE_KEYS.map((key) => options[key]);
  const points = meta.data;
  const positions = new Float64Array(points.length * 2);
  for (let i = 0; i < points.length; i++) {
    positions[2 * i] = points[i].x;
    positions[2 * i + 1] = points[i].y;
  }
  return { style: JSON.stringify(style), positions };
}

function samePicture(a, b) {
  if (!a || !b || a.style !== b.style || a.positions.length !== b.positions.length) return false;
  for (let i = 0; i < a.positions.length; i++) if (a.positions[i] !== b.positions[i]) return false;
  return true;
}

// Curves this plugin can paint itself: a plain line (Chart.js's LineElement.draw) clipped to the
// plot area, which is what Chart.js clips a curve to when both axes have fixed bounds.
function cacheable(meta) {
  if (meta.type !== 'line' || !meta.dataset || meta.controller.options.clip !== undefined) return false;
  const options = meta.dataset.options;
  if (options.fill || options.segment) return false;
  if (meta.data.some((point) => point.options && point.options.radius > 0)) return false;
  return [meta.xScale, meta.yScale].every((scale) => scale && fixedBounds(scale));
}

// An axis whose panel set both bounds, rather than one Chart.js fits to the data.
export function fixedBounds(scale) {
  return Number.isFinite(scale.options.min) && Number.isFinite(scale.options.max);
}

// The plot area, canvas size and pixel ratio: the frame every cached curve was drawn in.
function frameKey(chart) {
  const { left, top, right, bottom } = chart.chartArea;
  return [chart.canvas.width, chart.canvas.height, chart.currentDevicePixelRatio, left, top, right, bottom].join(' ');
}

function paintLayer(chart, layer, metas) {
  const canvas = (layer.canvas = document.createElement('canvas'));
  canvas.width = chart.canvas.width;
  canvas.height = chart.canvas.height;
  const ctx = canvas.getContext('2d');
  const ratio = chart.currentDevicePixelRatio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const area = chart.chartArea;
  for (const meta of metas) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    meta.dataset.updateControlPoints(area, meta.iScale.axis);
    meta.dataset.draw(ctx, area);
    ctx.restore();
  }
}

// The runs of unmoved curves at the bottom and at the top of the drawing order: lists of metas,
// bottom first. All unmoved is one run.
function unmovedRuns(moved, bottomFirst) {
  const first = moved.indexOf(true);
  if (first < 0) return [bottomFirst];
  const last = moved.lastIndexOf(true);
  return [bottomFirst.slice(0, first), bottomFirst.slice(last + 1)].filter((run) => run.length);
}

export const staticCurvesPlugin = {
  id: 'focalStaticCurves',
  beforeDatasetsDraw(chart) {
    const state = chart.$focalStaticCurves || (chart.$focalStaticCurves = { pictures: new Map(), layers: [] });
    const bottomFirst = chart.getSortedVisibleDatasetMetas().reverse();
    const frame = frameKey(chart);
    const sameFrame = frame === state.frame;
    state.frame = frame;
    const pictures = new Map();
    const moved = bottomFirst.map((meta) => {
      const picture = cacheable(meta) ? curvePicture(meta) : null;
      pictures.set(meta._dataset, picture);
      return !sameFrame || picture === null || !samePicture(picture, state.pictures.get(meta._dataset));
    });
    state.pictures = pictures;
    // A layer is kept while the same curves make it up: each of them drew the same last time, so
    // the layer, painted then or before, still shows them as they are.
    const runs = unmovedRuns(moved, bottomFirst);
    const layers = runs.map((run) => {
      const members = run.map((meta) => meta._dataset);
      const kept = state.layers.find((layer) => layer.members.length === members.length && layer.members.every((member, i) => member === members[i]));
      return kept || { members, metas: run, painted: false };
    });
    state.layers = layers;
    // Each layer is drawn where its bottom curve would be (beforeDatasetDraw), after every
    // plugin's beforeDatasetsDraw (the shaded bands go under the curves).
    state.drawAt = new Map();
    state.skip = new Set();
    for (const layer of layers) {
      state.drawAt.set(layer.members[0], layer);
      for (const member of layer.members) state.skip.add(member);
    }
  },
  beforeDatasetDraw(chart, args) {
    const state = chart.$focalStaticCurves;
    const dataset = args.meta._dataset;
    if (!state || !state.skip.has(dataset)) return undefined;
    const layer = state.drawAt.get(dataset);
    if (layer) {
      if (!layer.painted) {
        paintLayer(chart, layer, layer.metas);
        layer.painted = true;
      }
      const { ctx } = chart;
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(layer.canvas, 0, 0);
      ctx.restore();
    }
    return false;
  },
};
