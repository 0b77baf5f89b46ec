// A model's decision surface as a heatmap with the training points on top (TensorFlow
// Playground's look). The core computes the probabilities on a gridSize x gridSize grid of cell
// centres (row 0 at the top, bounds.maxY); the page only turns each probability into a colour
// with ImageData and lets the browser scale the small image up smoothly. The colours are the
// theme's (palette.js); a change of theme repaints every view.
import { canvasMapping, strokeFlippedRings } from './dataset_canvas.js';
import { COLORS, onPaletteChange } from './palette.js';

// CSS pixels: smaller when there are many points, so the surface still shows between them.
function pointRadius(count) {
  return Math.min(2.4, Math.max(1.3, 2.6 - count / 4000));
}

// Blue below the threshold, orange at or above it, paler near it: the boundary is where the
// colour turns. `strength` keeps the surface pale enough for the points to stand out.
function colorOf(probability, threshold, out) {
  const side = probability >= threshold;
  const distance = side ? (probability - threshold) / Math.max(1e-9, 1 - threshold) : (threshold - probability) / Math.max(1e-9, threshold);
  const strength = 0.15 + 0.45 * Math.min(1, distance);
  const base = side ? COLORS.surfaceMinority : COLORS.surfaceMajority;
  const ground = COLORS.surface;
  for (let c = 0; c < 3; c++) out[c] = Math.round(ground[c] + (base[c] - ground[c]) * strength);
}

// The points change only with the dataset, so they are drawn once into a layer of their own.
// Both models' cards show the same dataset at the same size: the layer is kept per pixel size
// and shared, so a new run draws its points once, not once per card.
const pointLayers = new Map(); // "widthxheight" -> { dataset, canvas }
onPaletteChange(() => pointLayers.clear());

function pointsLayer(data, width, height) {
  const key = `${width}x${height}`;
  const kept = pointLayers.get(key);
  if (kept && kept.dataset === data) return kept.canvas;
  const canvas = kept ? kept.canvas : document.createElement('canvas');
  pointLayers.set(key, { dataset: data, canvas });
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  if (!data) return canvas;
  const scale = window.devicePixelRatio || 1;
  const radius = pointRadius(data.count) * scale;
  const mapping = canvasMapping(data.bounds, width, height);
  const { toX, toY } = mapping;
  // The majority first, so the rare class is never hidden under it.
  for (const minority of [0, 1]) {
    context.fillStyle = minority ? COLORS.minority : COLORS.majority;
    context.strokeStyle = COLORS.pointRing;
    context.lineWidth = 0.6 * scale;
    context.beginPath();
    for (let i = 0; i < data.count; i++) {
      if (data.cleanLabels[i] !== minority) continue;
      const x = toX(data.features[2 * i]);
      const y = toY(data.features[2 * i + 1]);
      context.moveTo(x + radius, y);
      context.arc(x, y, radius, 0, 2 * Math.PI);
    }
    context.fill();
    context.stroke();
  }
  // Points whose training label was flipped by the label noise get a dark ring.
  strokeFlippedRings(context, data, mapping, radius + 1.2 * scale);
  return canvas;
}

export class BoundaryView {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.cells = document.createElement('canvas');
    this.dataset = null;
    this.last = null;
    this.color = [0, 0, 0];
    // The canvas's size in device pixels, kept by a ResizeObserver: reading clientWidth in paint()
    // would force a layout in every animation frame.
    this.size = null;
    new ResizeObserver(([entry]) => {
      const device = entry.devicePixelContentBoxSize && entry.devicePixelContentBoxSize[0];
      const box = entry.contentBoxSize[0];
      const ratio = window.devicePixelRatio || 1;
      this.size = device
        ? { width: device.inlineSize, height: device.blockSize }
        : { width: Math.round(box.inlineSize * ratio), height: Math.round(box.blockSize * ratio) };
      if (this.last) this.paint(this.last.grid, this.last.gridSize, this.last.threshold);
    }).observe(canvas);
    onPaletteChange(() => {
      if (this.last) this.paint(this.last.grid, this.last.gridSize, this.last.threshold);
    });
  }

  setDataset(dataset) {
    this.dataset = dataset;
  }

  // Matches the canvas's backing store to its CSS size; true when it changed.
  fitCanvas() {
    if (!this.size) {
      const ratio = window.devicePixelRatio || 1;
      this.size = { width: Math.round(this.canvas.clientWidth * ratio), height: Math.round(this.canvas.clientHeight * ratio) };
    }
    const width = Math.max(1, this.size.width);
    const height = Math.max(1, this.size.height);
    if (this.canvas.width === width && this.canvas.height === height) return false;
    this.canvas.width = width;
    this.canvas.height = height;
    return true;
  }

  paint(grid, gridSize, threshold) {
    this.last = { grid, gridSize, threshold };
    this.fitCanvas();
    const { width, height } = this.canvas;
    const context = this.context;
    if (gridSize > 0) {
      if (this.cells.width !== gridSize) {
        this.cells.width = gridSize;
        this.cells.height = gridSize;
        this.image = new ImageData(gridSize, gridSize);
      }
      const pixels = this.image.data;
      const color = this.color;
      for (let i = 0; i < gridSize * gridSize; i++) {
        colorOf(grid[i], threshold, color);
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
    context.drawImage(pointsLayer(this.dataset, width, height), 0, 0);
  }
}
