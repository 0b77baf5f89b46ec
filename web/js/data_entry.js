// The "Your model" panel's entry, loaded with the page: its setting and its definition. The
// panel's code, data_panel.js, loads when the panel comes near the viewport or a script asks for
// it (panels.js says how).
import { registerPanel } from './panels.js';
import { registerProps } from './state.js';

// focalExplorer.charts' names for the panel's charts, in page order.
export const CHART_NAMES = ['dataShares', 'dataSweep', 'dataCdfPositives', 'dataCdfNegatives', 'dataCalibration'];

// The easy-negative threshold on p_t; the core checks the same range (DataReportParams in
// cpp/bindings/focal_core.d.ts) and tests/js/data_input.test.js holds the two together.
registerProps([{ name: 'dataEasy', kind: 'number', min: 0.5, max: 0.999, default: 0.9 }]);

registerPanel({
  name: 'data',
  navKey: 'nav.data',
  charts: CHART_NAMES,
  scripting: ['load', 'report', 'cancel'],
  deferWhenHidden: true,
  keys: ['lang', 'gamma', 'alpha', 'dataEasy'],
  load: () => import('./data_panel.js'),
});
