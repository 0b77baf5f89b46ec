// The compare panel's entry, loaded with the page: its definition. Its settings live in state.js
// (every loss's parameters, named by compareParameterKey); the panel's code, compare_panel.js,
// loads when the panel comes near the viewport or a script asks for it (panels.js says how).
import { compareSettings } from './core_settings.js';
import { registerPanel } from './panels.js';

registerPanel({
  name: 'compare',
  navKey: 'nav.compare',
  charts: ['compare', 'compareGradient'],
  deferWhenHidden: true,
  keys: ['lang', 'target', 'compare', ...compareSettings().map((setting) => setting.name)],
  load: () => import('./compare_panel.js'),
});
