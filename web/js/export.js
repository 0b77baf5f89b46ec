// Per-panel exports: PNG of the panel's charts, CSV of exactly the plotted series, the settings
// as JSON. Files are built in memory and handed to the browser as downloads (blob URLs), which
// works the same from a server and from file://. Printing one panel is an export too: the page
// prints with only that panel shown (the print stylesheet in explorer.css).
import { COLORS } from './palette.js';

// RFC 4180: quote a field that holds a comma, a quote or a line break.
function csvField(value) {
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Numbers are written with String(), the shortest text that reads back to the same double.
export function toCsv({ columns, rows }) {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; keep it a moment for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The panel's canvases stacked into one image at their on-screen resolution.
export function canvasesToPng(canvases) {
  const width = Math.max(...canvases.map((canvas) => canvas.width));
  const height = canvases.reduce((sum, canvas) => sum + canvas.height, 0);
  const sheet = document.createElement('canvas');
  sheet.width = width;
  sheet.height = height;
  const context = sheet.getContext('2d');
  context.fillStyle = COLORS.canvas;
  context.fillRect(0, 0, width, height);
  let top = 0;
  for (const canvas of canvases) {
    context.drawImage(canvas, 0, top);
    top += canvas.height;
  }
  return new Promise((resolve, reject) => {
    sheet.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}

export function exportPanel(kind, panelName, instance, state) {
  const base = `focal-explorer-${panelName}`;
  if (kind === 'csv') {
    downloadBlob(new Blob([toCsv(instance.table())], { type: 'text/csv;charset=utf-8' }), `${base}.csv`);
  } else if (kind === 'json') {
    downloadBlob(new Blob([`${JSON.stringify(state, null, 2)}\n`], { type: 'application/json' }), `focal-explorer-state.json`);
  } else if (kind === 'png') {
    return canvasesToPng(instance.canvases()).then((blob) => downloadBlob(blob, `${base}.png`));
  } else if (kind === 'print') {
    printPanel(panelName);
  }
  return Promise.resolve();
}

// Prints the page with one panel alone: data-print-panel on <html> and data-print-target on the
// panel tell the print stylesheet which, until the browser says printing is over.
export function printPanel(panelName) {
  const root = document.documentElement;
  const section = document.getElementById(`panel-${panelName}`);
  root.dataset.printPanel = panelName;
  section.dataset.printTarget = '';
  window.addEventListener(
    'afterprint',
    () => {
      delete root.dataset.printPanel;
      delete section.dataset.printTarget;
    },
    { once: true },
  );
  window.print();
}
