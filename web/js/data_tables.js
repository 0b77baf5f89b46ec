// "Show the data as a table": under each panel's charts, a disclosure that shows the numbers the
// CSV export saves (instance.table()) as an HTML table, for readers who cannot read a chart and
// for anyone who wants the values. Nothing is built while it is closed; while it is open, it
// follows the panel's chart updates in idle time, at most every REFRESH_GAP_MS.
// Every cell is written with textContent; each number cell keeps the exact value in data-value.
import { Chart } from 'chart.js';

import { setText } from './dom.js';
import { applyTranslations, t } from './i18n.js';
import { formatCount, formatNumber } from './number_format.js';

// A table longer than this shows its first rows and says how many the CSV export has (the loss
// and compare panels' curves, 249 and 201 points, fit; the long tables of the anchors and
// training panels do not).
export const MAX_ROWS = 250;
const REFRESH_GAP_MS = 1000;
const IDLE_WAIT_MS = 1000;

// The open tables, by the canvases of their panels: a chart update refreshes its panel's table.
const openByCanvas = new Map();
let installed = false;

function cellText(value) {
  return typeof value === 'number' ? formatNumber(value, 6) : String(value ?? '');
}

class DataTable {
  // `instanceNow()` mounts the panel if needed (once its code has loaded) and resolves with its
  // instance, up to date.
  constructor(section, instanceNow) {
    this.instanceNow = instanceNow;
    this.instance = null;
    this.handle = 0;
    this.last = -Infinity;
    this.shape = '';
    this.cells = [];

    this.details = document.createElement('details');
    this.details.className = 'data-table';
    const summary = document.createElement('summary');
    summary.dataset.i18n = 'table.show';
    // The table scrolls inside its box: a keyboard user scrolls it once it has focus.
    const scroll = document.createElement('div');
    scroll.className = 'data-table-scroll';
    scroll.tabIndex = 0;
    scroll.setAttribute('role', 'region');
    this.table = document.createElement('table');
    this.caption = document.createElement('caption');
    this.caption.id = `${section.id}-table-caption`;
    // Named by the panel's title and the caption: "<panel>: the first 200 of 249 rows ...".
    scroll.setAttribute('aria-labelledby', `${section.getAttribute('aria-labelledby')} ${this.caption.id}`);
    this.head = document.createElement('thead');
    this.body = document.createElement('tbody');
    this.table.append(this.caption, this.head, this.body);
    scroll.append(this.table);
    this.details.append(summary, scroll);
    applyTranslations(this.details);
    section.append(this.details);
    placeDataTable(section);

    this.details.addEventListener('toggle', () => (this.details.open ? this.open().catch((error) => console.error(error)) : this.close()));
  }

  async open() {
    const instance = await this.instanceNow();
    if (!this.details.open) return; // closed again while the panel's code loaded
    this.instance = instance;
    for (const canvas of this.instance.canvases()) openByCanvas.set(canvas, this);
    this.refresh();
  }

  close() {
    for (const [canvas, table] of openByCanvas) if (table === this) openByCanvas.delete(canvas);
    // Nothing is kept up to date while closed (a refresh already scheduled finds it closed); the
    // next opening writes what changed.
  }

  schedule() {
    if (this.handle) return;
    const wait = Math.max(0, this.last + REFRESH_GAP_MS - performance.now());
    const idle = () => (document.hidden ? setTimeout(() => this.refresh(), 0) : requestIdleCallback(() => this.refresh(), { timeout: IDLE_WAIT_MS }));
    this.handle = wait > 0 ? setTimeout(() => (this.handle = idle()), wait) : idle();
  }

  // Writes the panel's table: rows and cells are made again only when the columns or the number
  // of rows changed; otherwise only text that changed is written, so a reader's place in the
  // table stays put while the numbers follow the sliders.
  refresh() {
    this.handle = 0;
    this.last = performance.now();
    if (!this.details.open) return;
    const { columns, rows } = this.instance.table();
    const shown = rows.slice(0, MAX_ROWS);
    const shape = `${columns.length}|${shown.length}`;
    if (shape !== this.shape) {
      this.shape = shape;
      const headRow = document.createElement('tr');
      for (let c = 0; c < columns.length; c++) {
        const cell = document.createElement('th');
        cell.scope = 'col';
        headRow.append(cell);
      }
      this.head.replaceChildren(headRow);
      this.cells = shown.map((row) => row.map(() => document.createElement('td')));
      this.body.replaceChildren(
        ...this.cells.map((cells) => {
          const row = document.createElement('tr');
          row.append(...cells);
          return row;
        }),
      );
    }
    columns.forEach((column, c) => {
      const cell = this.head.firstChild.children[c];
      setText(cell, String(column));
      // Numbers line up on the right, words on the left, header and column alike.
      cell.classList.toggle('is-number', typeof (shown[0] && shown[0][c]) === 'number');
    });
    shown.forEach((row, r) => {
      row.forEach((value, c) => {
        const cell = this.cells[r][c];
        setText(cell, cellText(value));
        const raw = typeof value === 'number' ? String(value) : null;
        if (raw === null) delete cell.dataset.value;
        else if (cell.dataset.value !== raw) cell.dataset.value = raw;
      });
    });
    setText(
      this.caption,
      rows.length > shown.length
        ? t('table.captionPart', { shown: formatCount(shown.length), rows: formatCount(rows.length) })
        : t('table.caption', { rows: formatCount(rows.length) }),
    );
  }
}

// Puts a panel's table below its charts, in the part of the panel that holds them (the chart view
// of a panel that also has other views). A panel below the fold has no charts until it mounts
// (panel_host.js): its table waits at the end of the section and moves then.
export function placeDataTable(section) {
  const details = section.querySelector('details.data-table');
  const charts = section.querySelector('canvas');
  if (details && charts) charts.closest('.view-panel, .panel-main').append(details);
}

// Adds the table disclosure to a panel's section. `instanceNow()` resolves with the panel's
// instance, mounting and drawing it first if needed (the panel host's load and panelNow).
export function addDataTable(section, instanceNow) {
  if (!installed) {
    installed = true;
    Chart.register({
      id: 'focalDataTable',
      afterUpdate(chart) {
        const table = openByCanvas.get(chart.canvas);
        if (table) table.schedule();
      },
    });
  }
  return new DataTable(section, instanceNow);
}
