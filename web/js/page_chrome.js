// The page around the panels: the language menu, the navigation, each panel's tool buttons
// (export, embed) and data table, keyboard access to wide formulas, an embedded frame's link to
// the whole page, and the status line. Every chart's text summary (chart_summaries.js) is
// installed with it.
import { installChartSummaries } from './chart_summaries.js';
import { addDataTable } from './data_tables.js';
import { enterEmbedMode, openEmbedDialog, pageAddress } from './embed.js';
import { exportPanel } from './export.js';
import { applyTranslations, LANGUAGES, t } from './i18n.js';

// A formula or table wider than its box scrolls sideways; such a box must be reachable by keyboard.
const overflowObserver = new ResizeObserver((reports) => {
  for (const { target: box } of reports) {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute('tabindex');
  }
});

export function watchFormulaOverflow(root) {
  for (const box of root.querySelectorAll('.formula-block, .loss-formula, .table-scroll')) overflowObserver.observe(box);
}

export function fillLanguageMenu() {
  const select = document.getElementById('lang');
  select.replaceChildren(
    ...LANGUAGES.map((lang) => {
      const option = document.createElement('option');
      option.value = lang;
      option.lang = lang;
      option.textContent = t(`lang.${lang}`);
      return option;
    }),
  );
}

export function buildNav(panels) {
  const list = document.getElementById('panel-nav-list');
  list.replaceChildren(
    ...panels.map((panel) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `#panel-${panel.name}`;
      link.dataset.i18n = panel.navKey;
      // Following the link must not replace the settings hash.
      link.addEventListener('click', (event) => {
        event.preventDefault();
        document.getElementById(`panel-${panel.name}`).scrollIntoView({ block: 'start' });
      });
      item.append(link);
      return item;
    }),
  );
}

// Every string of the page in the current language, the document's title included.
export function translatePage() {
  applyTranslations(document);
  document.title = t('page.title');
}

export function showStatus(text) {
  const status = document.getElementById('status');
  status.removeAttribute('data-i18n');
  status.textContent = text;
  status.hidden = false;
  status.classList.add('status--error');
}

export function hideStatus() {
  document.getElementById('status').hidden = true;
}

// `shareableHash()`: the settings for a link to the page or an embed snippet; `snapshot()`: the
// state an export records.
export function createPageChrome({ shareableHash, snapshot }) {
  const chrome = { openFullLink: null };
  installChartSummaries();
  return {
    // Shows one panel alone; its link to the whole page follows the settings (followState).
    enterEmbed(definition) {
      chrome.openFullLink = enterEmbedMode(definition.name, definition.keys);
      // The page's heading is hidden with the rest of the chrome; the frame still has one.
      const heading = document.createElement('h1');
      heading.className = 'visually-hidden';
      heading.dataset.i18n = 'page.heading';
      document.getElementById('main').prepend(heading);
    },
    followState() {
      if (chrome.openFullLink) chrome.openFullLink.href = pageAddress(shareableHash(), null);
    },
    // The tools are there before the panel is mounted: an export mounts and draws it first
    // (once the host can mount panels at all).
    bindPanelTools(definition, host) {
      const section = document.getElementById(`panel-${definition.name}`);
      for (const button of section.querySelectorAll('[data-action]')) {
        button.addEventListener('click', () => {
          const action = button.dataset.action;
          if (action === 'embed') openEmbedDialog(definition.name, shareableHash());
          else if (host.canMount()) {
            host
              .load(definition.name)
              .then(() => exportPanel(action, definition.name, host.panelNow(definition.name), snapshot()))
              .catch((error) => console.error(error));
          }
        });
      }
      // The panel's numbers as a table, below its charts.
      addDataTable(section, () => host.load(definition.name).then(() => host.panelNow(definition.name)));
    },
  };
}
