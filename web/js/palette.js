// The colours of the charts and the drawn figures, one palette per theme, and the line widths of
// presenter mode. Every colour a chart, a decision surface or a legend swatch draws with comes from
// here. Charts are created once, so they do not copy a colour: a dataset's borderColor is ink(role),
// a function Chart.js calls at each update (a scriptable option), and usePalette() swaps the colours
// under them; whoever draws outside Chart.js listens with onPaletteChange().
//
// The series colours are Okabe and Ito's colour-blind-safe set ("Color Universal Design", 2008),
// lightened on the dark theme so each keeps at least 3:1 against its background; series that sit
// side by side also differ by dash pattern, so no curve is told apart by colour alone.
const LIGHT = {
  canvas: '#ffffff',
  text: '#1b1f24',
  muted: '#57606a',
  grid: 'rgba(27, 31, 36, 0.09)',
  band: 'rgba(213, 94, 0, 0.13)',
  cursor: 'rgba(27, 31, 36, 0.55)',
  ce: '#1b1f24',
  focal: '#d55e00',
  focalStar: '#0072b2',
  alphaCrossEntropy: '#7f7f7f',
  qualityFocal: '#009e73',
  varifocal: '#cc79a7',
  asymmetric: '#e69f00',
  polyOne: '#56b4e9',
  polyOneFocal: '#332288',
  flsd53: '#8c564b',
  fallback: '#999999',
  family: ['#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#882255', '#7f7f7f', '#44aa99'],
  easyNegatives: '#8da0cb',
  hardNegatives: '#7b4ea3',
  positives: '#d55e00',
  initZero: '#9aa5b1',
  // The decision surface: each side's colour blended into `surface` by confidence.
  surface: [255, 255, 255],
  surfaceMajority: [76, 114, 176],
  surfaceMinority: [221, 132, 82],
  // Points are darker than the surfaces so that they stand out on either.
  majority: '#1f4f94',
  minority: '#d55e00',
  pointRing: 'rgba(255, 255, 255, 0.7)',
  flippedRing: '#1b1f24',
  // Repeat over seeds (training_charts.js): each model's 10-90% band, its colour made translucent.
  ceBand: 'rgba(27, 31, 36, 0.16)',
  focalBand: 'rgba(213, 94, 0, 0.2)',
  // Three classes (multiclass_regions.js, simplex_view.js): the points of classes 1, 2 and 3 (the
  // rare one, in the minority's colour), their regions' tints, and the simplex map's ramp from no
  // loss to the most, with its arrows.
  classes: ['#1f4f94', '#00704f', '#d55e00'],
  surfaceClasses: [
    [76, 114, 176],
    [0, 158, 115],
    [221, 132, 82],
  ],
  simplexRamp: [
    [255, 255, 255],
    [240, 228, 66],
    [230, 159, 0],
    [213, 94, 0],
    [110, 40, 0],
  ],
  simplexArrow: 'rgba(27, 31, 36, 0.85)',
};

const DARK = {
  ...LIGHT,
  canvas: '#1c2128',
  text: '#e6e9ed',
  muted: '#a9b3be',
  grid: 'rgba(230, 233, 237, 0.14)',
  band: 'rgba(255, 143, 64, 0.2)',
  cursor: 'rgba(230, 233, 237, 0.6)',
  ce: '#eceff2',
  focal: '#ff8f40',
  focalStar: '#56b4e9',
  alphaCrossEntropy: '#a3a3a3',
  qualityFocal: '#1fb587',
  varifocal: '#e08ec0',
  asymmetric: '#f0b429',
  polyOne: '#a6dcf7',
  polyOneFocal: '#a594f5',
  flsd53: '#cf9a86',
  fallback: '#8a8a8a',
  family: ['#56b4e9', '#1fb587', '#e08ec0', '#f0b429', '#a6dcf7', '#e3779f', '#a3a3a3', '#66ccbb'],
  easyNegatives: '#8da0cb',
  hardNegatives: '#b48ade',
  positives: '#ff8f40',
  initZero: '#7d8894',
  surface: [28, 33, 40],
  surfaceMajority: [70, 112, 186],
  surfaceMinority: [226, 122, 52],
  majority: '#a8c8ff',
  minority: '#ffa866',
  pointRing: 'rgba(0, 0, 0, 0.65)',
  flippedRing: '#ffffff',
  ceBand: 'rgba(236, 239, 242, 0.18)',
  focalBand: 'rgba(255, 143, 64, 0.24)',
  classes: ['#a8c8ff', '#3fd1a3', '#ffa866'],
  surfaceClasses: [
    [70, 112, 186],
    [18, 150, 110],
    [226, 122, 52],
  ],
  simplexRamp: [
    [28, 33, 40],
    [96, 60, 20],
    [200, 110, 30],
    [255, 165, 70],
    [255, 236, 170],
  ],
  simplexArrow: 'rgba(230, 233, 237, 0.9)',
};

export const PALETTES = { light: LIGHT, dark: DARK };

// Presenter mode: text and chart fonts this much larger, muted text darker, grid stronger.
export const PRESENT_SCALE = 1.6;
const PRESENT = {
  light: { muted: '#3b424a', grid: 'rgba(27, 31, 36, 0.2)' },
  dark: { muted: '#cdd4db', grid: 'rgba(230, 233, 237, 0.3)' },
};

// The colours in use now. Read them at draw time, never copy them into something kept.
export const COLORS = { ...LIGHT };
const current = { theme: 'light', present: false };
const listeners = new Set();

// Switches the palette (theme: 'light' | 'dark') and presenter mode, then tells the listeners.
export function usePalette({ theme, present }) {
  current.theme = theme === 'dark' ? 'dark' : 'light';
  current.present = Boolean(present);
  Object.assign(COLORS, PALETTES[current.theme], current.present ? PRESENT[current.theme] : {});
  writeCssColors();
  for (const listener of listeners) listener(current);
}

export function paletteInUse() {
  return { ...current };
}

export function onPaletteChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Legend swatches and card borders in the page use the same colours as CSS custom properties:
// --series-<role> (e.g. --series-focal, --series-family-2).
function writeCssColors() {
  if (typeof document === 'undefined') return;
  const style = document.documentElement.style;
  for (const [role, value] of Object.entries(COLORS)) {
    if (typeof value === 'string') style.setProperty(`--series-${role}`, value);
    else if (typeof value[0] === 'string') value.forEach((color, i) => style.setProperty(`--series-${role}-${i}`, color));
  }
}

// A colour by role: a function giving the role's colour in the palette of the moment. One function
// per role, so a dataset restyled with the same role keeps the same option value. On scales it is
// a scriptable option; on datasets charts.js puts its value in place before each update (a
// scriptable dataset option would make Chart.js resolve every point's options on every update).
const inks = new Map();
export function ink(role, index) {
  const key = index === undefined ? role : `${role}.${index}`;
  let fn = inks.get(key);
  if (!fn) {
    fn = index === undefined ? () => COLORS[role] : () => COLORS[role][index % COLORS[role].length];
    fn.$palette = true;
    inks.set(key, fn);
  }
  return fn;
}

// A line width, as ink() gives colours: `width` normally, thicker in presenter mode (at least 3 px).
const widths = new Map();
export function lineWidth(width) {
  let fn = widths.get(width);
  if (!fn) {
    fn = () => (current.present ? Math.max(3, width * 1.5) : width);
    fn.$palette = true;
    widths.set(width, fn);
  }
  return fn;
}

// Dash patterns for curves told apart within one chart; the first (solid) is cross-entropy's.
export const DASHES = [[], [8, 4], [2, 3], [12, 4, 3, 4], [5, 5], [1, 3], [16, 5], [6, 3, 2, 3, 2, 3], [10, 8]];
