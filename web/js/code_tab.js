// The Code view of a panel: the loss for the page's gamma and alpha and a chosen reduction, as
// code to paste (code_snippets.js fills one template per language), with a Copy button and the
// four questions readers ask most about such code. The language is the `code` setting ('off'
// shows the chart instead), so `#code=pytorch` opens it; `reduction` is a setting too.
import { bindRadios } from './controls.js';
import { setAttribute, setProperty, setText } from './dom.js';
import { t } from './i18n.js';
import { CODE_LANGUAGES, REDUCTIONS, snippet } from './code_snippets.js';
import { registerProps } from './state.js';

registerProps([
  { name: 'code', kind: 'choice', choices: ['off', ...CODE_LANGUAGES], default: 'off' },
  { name: 'reduction', kind: 'choice', choices: REDUCTIONS, default: 'mean' },
]);

export const CODE_KEYS = ['code', 'reduction', 'gamma', 'alpha', 'lang'];

// `root`: the panel's section, holding the tabs (.view-tab[data-view]), the views
// (.view-panel[data-view]) and the code view's elements.
export function createCodeTab(root, apply) {
  const tabs = [...root.querySelectorAll('.view-tab')];
  const views = [...root.querySelectorAll('.view-panel')];
  const text = root.querySelector('.code-text');
  const status = root.querySelector('.code-status');
  const note = root.querySelector('.code-note');
  const tab = { language: 'pytorch', shown: null };

  const open = (view) => apply({ code: view === 'code' ? tab.language : 'off' });
  for (const button of tabs) {
    button.addEventListener('click', () => open(button.dataset.view));
    // Arrow keys move between the tabs (the ARIA tabs pattern).
    button.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const next = tabs[(tabs.indexOf(button) + 1) % tabs.length];
      next.focus();
      open(next.dataset.view);
    });
  }
  root.querySelector('.code-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text.textContent);
      status.textContent = t('code.copied');
    } catch {
      status.textContent = t('code.copyFailed');
    }
  });

  const syncers = [
    bindRadios(apply, 'code', [...root.querySelectorAll('input[name="code"]')]),
    bindRadios(apply, 'reduction', [...root.querySelectorAll('input[name="reduction"]')]),
  ];

  return {
    sync(state, source) {
      for (const sync of syncers) sync(state, source);
    },
    // Shows the view the state asks for; the snippet is written only while it is shown.
    update(state) {
      const view = state.code === 'off' ? 'chart' : 'code';
      if (state.code !== 'off') tab.language = state.code;
      for (const button of tabs) {
        const selected = button.dataset.view === view;
        setAttribute(button, 'aria-selected', String(selected));
        setProperty(button, 'tabIndex', selected ? 0 : -1);
      }
      for (const panel of views) setProperty(panel, 'hidden', panel.dataset.view !== view);
      if (view !== 'code') return;
      const shown = `${state.code} ${state.gamma} ${state.alpha} ${state.reduction} ${state.lang}`;
      if (shown === tab.shown) return;
      tab.shown = shown;
      setText(text, snippet(state.code, { gamma: state.gamma, alpha: state.alpha, reduction: state.reduction }));
      setText(note, t(`code.note.${state.code}`));
      status.textContent = '';
    },
  };
}
