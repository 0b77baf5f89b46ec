// A three-class model's decision regions with the training points on top, in the two-class
// decision surface's visual language (boundary_view.js): the core gives, for each cell of a
// gridSize x gridSize grid (row 0 at the top, bounds.maxY), the predicted class and the
// probability the model gives it; the page tints each cell with its class's colour, paler where
// the model is less sure, and lets the browser scale the small image up smoothly. Points differ by
// shape as well as colour (class 1 circles, class 2 squares, class 3 triangles), so no class is
// told apart by colour alone.
import { canvasMapping, strokeFlippedRings } from './dataset_canvas.js';
import { COLORS, onPaletteChange } from './palette.js';

// CSS pixels: smaller when there are many points, so the regions still show between them.
function pointRadius(count) {
  return Math.min(2.6, Math.max(1.4, 2.8 - count / 4000));
}

// How sure a cell is, from the predicted class's probability: 1/3 (a softmax's three-way tie)
// is not at all, 1 is completely. The square root keeps a region the model only just claims
// (a rare class's, often near p = 0.5) visibly tinted.
function tint(probability, label, out) {
  const sure = Math.min(1, Math.max(0, (probability - 1 / 3) / (2 / 3)));
  const strength = 0.2 + 0.45 * Math.sqrt(sure);
  const base = COLORS.surfaceClasses[label];
  const ground = COLORS.surface;
  for (let c = 0; c < 3; c++) out[c] = Math.round(ground[c] + (base[c] - ground[c]) * strength);
}

function shape(context, label, x, y, r) {
  if (label === 0) {
    context.moveTo(x + r, y);
    context.arc(x, y, r, 0, 2 * Math.PI);
  } else if (label === 1) {
    const h = r * 0.9;
    context.rect(x - h, y - h, 2 * h, 2 * h);
  } else {
    const h = r * 1.25;
    context.moveTo(x, y - h);
    context.lineTo(x + h * 0.95, y + h * 0.7);
    context.lineTo(x - h * 0.95, y + h * 0.7);
    context.closePath();
  }
}

export class RegionsView {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.cells = document.createElement('canvas');
    this.points = document.createElement('canvas');
    this.dataset = null;
    this.pointsFor = null;
    this.last = null;
    this.color = [0, 0, 0];
    this.size = null;
    // The canvas's size in device pixels, kept by a ResizeObserver (no layout read per frame).
    new ResizeObserver(([entry]) => {
      const device = entry.devicePixelContentBoxSize && entry.devicePixelContentBoxSize[0];
      const box = entry.contentBoxSize[0];
      const ratio = window.devicePixelRatio || 1;
      this.size = device
        ? { width: device.inlineSize, height: device.blockSize }
        : { width: Math.round(box.inlineSize * ratio), height: Math.round(box.blockSize * ratio) };
      if (this.last) this.paint(this.last);
    }).observe(canvas);
    onPaletteChange(() => {
      this.pointsFor = null;
      if (this.last) this.paint(this.last);
    });
  }

  setDataset(dataset) {
    this.dataset = dataset;
    this.pointsFor = null;
  }

  fitCanvas() {
    if (!this.size) {
      const ratio = window.devicePixelRatio || 1;
      this.size = { width: Math.round(this.canvas.clientWidth * ratio), height: Math.round(this.canvas.clientHeight * ratio) };
    }
    const width = Math.max(1, this.size.width);
    const height = Math.max(1, this.size.height);
    if (this.canvas.width === width && this.canvas.height === height) return;
    this.canvas.width = width;
    this.canvas.height = height;
  }

  // The points change only with the dataset, so they are drawn once into their own layer; the
  // common classes first, the rare class (3) last, on top.
  drawPoints() {
    const { width, height } = this.canvas;
    const key = `${width}x${height}`;
    if (this.pointsFor && this.pointsFor.dataset === this.dataset && this.pointsFor.key === key) return;
    this.pointsFor = { dataset: this.dataset, key };
    this.points.width = width;
    this.points.height = height;
    const context = this.points.getContext('2d');
    context.clearRect(0, 0, width, height);
    const data = this.dataset;
    if (!data) return;
    const scale = window.devicePixelRatio || 1;
    const radius = pointRadius(data.count) * scale;
    const mapping = canvasMapping(data.bounds, width, height);
    const { toX, toY } = mapping;
    for (const label of [0, 1, 2]) {
      context.fillStyle = COLORS.classes[label];
      context.strokeStyle = COLORS.pointRing;
      context.lineWidth = 0.6 * scale;
      context.beginPath();
      for (let i = 0; i < data.count; i++) {
        if (data.cleanLabels[i] === label) shape(context, label, toX(data.features[2 * i]), toY(data.features[2 * i + 1]), radius);
      }
      context.fill();
      context.stroke();
    }
    // Points whose training label was moved by the label noise get a ring, as in the two-class
    // view, a little further out around the larger shapes.
    strokeFlippedRings(context, data, mapping, radius + 1.6 * scale);
  }

  // model: a model of a three-class snapshot (gridClass, gridProbability); gridSize its grid's side.
  paint({ gridClass, gridProbability, gridSize }) {
    this.last = { gridClass, gridProbability, gridSize };
    this.fitCanvas();
    const { width, height } = this.canvas;
    const context = this.context;
    if (gridSize > 0) {
      if (this.cells.width !== gridSize || !this.image) {
        this.cells.width = gridSize;
        this.cells.height = gridSize;
        this.image = new ImageData(gridSize, gridSize);
      }
      const pixels = this.image.data;
      const color = this.color;
      for (let i = 0; i < gridSize * gridSize; i++) {
        tint(gridProbability[i], gridClass[i], color);
        pixels[4 * i] = color[0];
        pixels[4 * i + 1] = color[1];
        pixels[4 * i + 2] = color[2];
        pixels[4 * i + 3] = 255;
      }
      this.cells.getContext('2d').putImageData(this.image, 0, 0);
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = 'medium';
      context.drawImage(this.cells, 0, 0, width, height);
    } else {
      context.fillStyle = COLORS.canvas;
      context.fillRect(0, 0, width, height);
    }
    this.drawPoints();
    context.drawImage(this.points, 0, 0);
  }
}
