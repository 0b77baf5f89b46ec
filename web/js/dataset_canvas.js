// What the two-class and three-class views draw alike over a decision surface: where a data point
// lands on the canvas, and the ring around each point whose training label the label noise
// flipped.
import { COLORS } from './palette.js';

// Data coordinates -> canvas pixels (y grows upwards in the data, downwards on the canvas).
export function canvasMapping({ minX, maxX, minY, maxY }, width, height) {
  return {
    toX: (x) => ((x - minX) / (maxX - minX)) * width,
    toY: (y) => ((maxY - y) / (maxY - minY)) * height,
  };
}

// A dark ring of radius `ringRadius` (device pixels) around every point whose training label
// differs from its clean label.
export function strokeFlippedRings(context, data, { toX, toY }, ringRadius) {
  const scale = window.devicePixelRatio || 1;
  context.strokeStyle = COLORS.flippedRing;
  context.lineWidth = 1.4 * scale;
  context.beginPath();
  for (let i = 0; i < data.count; i++) {
    if (data.labels[i] === data.cleanLabels[i]) continue;
    const x = toX(data.features[2 * i]);
    const y = toY(data.features[2 * i + 1]);
    context.moveTo(x + ringRadius, y);
    context.arc(x, y, ringRadius, 0, 2 * Math.PI);
  }
  context.stroke();
}
