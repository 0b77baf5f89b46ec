// The look of the page: the theme (light, dark, or auto = the reader's system setting, followed
// live), presenter mode for a projector, and light charts on paper. The settings `theme` and
// `present` live in the state table (view_settings.js) like every other, so a link, a script or
// the embedding page sets them too; this module shows them: attributes on <html> that the
// stylesheet reads (data-theme, data-present), the chart palette (palette.js), and the two
// header controls.
import { bindSelect } from './controls.js';
import { paletteInUse, usePalette } from './palette.js';

const darkQuery = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

// 'light' or 'dark': what the setting means on this reader's system now.
export function resolvedTheme(theme) {
  if (theme === 'light' || theme === 'dark') return theme;
  return darkQuery && darkQuery.matches ? 'dark' : 'light';
}

// Shows the store's theme and presenter mode and binds the header's controls to them.
export function initTheme(store) {
  const root = document.documentElement;
  const apply = (values, source) => store.apply(values, source);
  const select = document.getElementById('theme');
  const presentButton = document.getElementById('present-toggle');
  const syncSelect = select ? bindSelect(apply, 'theme', select) : () => {};
  if (presentButton) presentButton.addEventListener('click', () => apply({ present: !store.state.present }, presentButton));

  let printing = false;
  let painted = false;
  const show = () => {
    const { theme, present } = store.state;
    const resolved = resolvedTheme(theme);
    root.dataset.theme = resolved;
    root.toggleAttribute('data-present', present);
    syncSelect(store.state);
    if (presentButton) presentButton.setAttribute('aria-pressed', String(present));
    // Paper is white: charts keep the light palette while printing, whatever the theme.
    const wanted = { theme: printing ? 'light' : resolved, present };
    const now = paletteInUse();
    if (!painted || now.theme !== wanted.theme || now.present !== wanted.present) usePalette(wanted);
    painted = true;
  };

  store.subscribe((changed) => {
    if (changed.includes('theme') || changed.includes('present')) show();
  });
  if (darkQuery) darkQuery.addEventListener('change', () => store.state.theme === 'auto' && show());
  window.addEventListener('beforeprint', () => {
    printing = true;
    show();
  });
  window.addEventListener('afterprint', () => {
    printing = false;
    show();
  });
  show();
}
