// Boots the explorer and keeps data flowing one way: control -> state -> core (wasm) -> chart.
//
// Settings come from the URL hash (hash_sync.js), the controls, the embedding page and scripts
// (scripting_api.js); all of them pass the state table's validation and land in one store. The
// panel host (panel_host.js) mounts the panels and redraws those whose keys changed, once per
// frame; page_chrome.js holds everything around them.
import { bindSharedControls } from './controls.js';
import { loadFullCore, loadViewCore } from './core_loader.js';
import { initClassroomDialog } from './classroom_link.js';
import { initEmbedDialog, pageAddress, postStateToParent, requestedEmbed } from './embed.js';
import { placeDataTable } from './data_tables.js';
import { createGammaSweep } from './gamma_sweep.js';
import { createHashSync, readStartHash, scrollToSection } from './hash_sync.js';
import { applyHidden } from './hiding.js';
import { applyTranslations, detectLanguage, loadStrings, setLanguage, t } from './i18n.js';
import { createLesson } from './lesson.js';
import { initNotice, renderNotice, showProblems } from './notice.js';
import {
  buildNav,
  createPageChrome,
  fillLanguageMenu,
  hideStatus,
  showStatus,
  translatePage,
  watchFormulaOverflow,
} from './page_chrome.js';
import { createPanelHost } from './panel_host.js';
import { registeredPanels } from './panels.js';
import { installScriptingApi, listenToEmbeddingPage } from './scripting_api.js';
import { createStore, defaultState, loadingLanguages } from './state.js';
import { initTheme } from './theme.js';
import './loss_panel.js';
import './gradient_panel.js';
// The panels below the fold register from their entries; their code loads as they come near.
import './anchor_entry.js';
import './data_entry.js';
import './training_entry.js';
import './compare_entry.js';
import './view_settings.js';

// The first view's core loads while the page sets itself up: the wasm fetch (preloaded by
// index.html) and its compilation overlap with building the controls, not follow them.
const corePromise = loadViewCore();
corePromise.catch(() => {}); // start() reports a failure

// The stylesheet holds everything below the introduction back until a first frame is drawn
// (explorer.css says why); the frame after it lays out the rest.
const firstFrameDrawn = new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(() => {
    document.documentElement.dataset.started = '';
    resolve();
  }));
});

const defaults = defaultState({ lang: detectLanguage(navigator.languages) });
const fromHash = readStartHash();
const store = loadingLanguages(createStore({ ...defaults, ...fromHash.values }));
initTheme(store);
const hashSync = createHashSync({ store, defaults, onProblems: (problems) => showProblems('link', problems) });
hashSync.listen();
const chrome = createPageChrome({ shareableHash: hashSync.shareable, snapshot: () => store.snapshot() });

// The panels of this page (one when embedded), in page order.
const embedRequest = requestedEmbed(window.location.search);
const allPanels = registeredPanels();
const embedded = embedRequest === null ? null : allPanels.find((panel) => panel.name === embedRequest);
const active = allPanels.filter((panel) => !embedded || panel === embedded);

let sweep = null; // the gamma sweep, once the core has loaded

const host = createPanelHost({
  definitions: active,
  store,
  // The body's strings and hidden settings before the browser first lays it out.
  onStamp(root) {
    applyTranslations(root);
    applyHidden(root, store.state.hide);
  },
  // Panels add labelled elements of their own; give them their strings too.
  onMount(root) {
    placeDataTable(root);
    applyTranslations(root);
    if (sweep) sweep.relabel();
    applyHidden(root, store.state.hide);
    watchFormulaOverflow(root);
  },
  afterFrame() {
    hashSync.schedule();
    chrome.followState();
    postStateToParent(store.snapshot());
  },
});
const scripting = installScriptingApi({ store, host, afterSet: hashSync.write });

async function start() {
  // Chinese loads on demand; should its table fail to arrive, the page stays English.
  await loadStrings(store.state.lang).catch((error) => {
    console.error(error);
    store.apply({ lang: 'en' }, null);
  });
  setLanguage(store.state.lang);
  fillLanguageMenu();
  const problems = [...fromHash.problems];
  if (embedRequest !== null && !embedded) problems.push({ reason: 'badEmbed', value: embedRequest.slice(0, 60) });
  if (embedded) chrome.enterEmbed(embedded);
  else buildNav(active);
  translatePage();
  initNotice();
  showProblems('link', problems);
  initEmbedDialog();
  applyHidden(document, store.state.hide);
  initClassroomDialog({
    store,
    defaults,
    linkFor: (values) => pageAddress(hashSync.shareable(values), null),
  });
  for (const definition of active) chrome.bindPanelTools(definition, host);
  watchFormulaOverflow(document);

  let core;
  try {
    core = await corePromise;
  } catch (error) {
    showStatus(t('error.core', { message: error.message }));
    scripting.failed(error);
    return;
  }

  const apply = (values, source) => store.apply(values, source);
  host.start({ core, fullCore: loadFullCore, apply });
  sweep = createGammaSweep({
    store,
    apply,
    selector: '.sweep-button',
    label: (playing) => t(playing ? 'sweep.pause' : 'sweep.play'),
  });
  const lesson = createLesson({ store, host, core, sweep });
  scripting.coreLoaded(core, { story: lesson.api });

  const syncShared = bindSharedControls(apply);
  const syncAll = (source) => {
    syncShared(store.state, source);
    host.syncMounted(store.state, source);
  };
  store.subscribe((changed, source) => {
    if (changed.includes('lang')) {
      setLanguage(store.state.lang);
      translatePage();
      renderNotice();
      sweep.relabel();
    }
    if (changed.includes('hide')) applyHidden(document, store.state.hide);
    syncAll(source);
    host.requestRender(changed);
  });
  listenToEmbeddingPage(store);

  // The panels in view now are drawn before `ready`; the others when they come near.
  await firstFrameDrawn;
  scrollToSection(fromHash.linkedSection);
  host.observeVisibility(embedded !== null);
  syncAll(null);
  await host.mountVisible();
  host.requestRender(Object.keys(store.state));
  await host.afterRender();
  host.flushMounted();
  await host.settled();
  hideStatus();
  // A link to a section was followed before the panels had drawn; their content has moved it.
  scrollToSection(fromHash.linkedSection);
  await lesson.start();
  document.documentElement.classList.add('ready');
  scripting.ready();
}

start().catch((error) => {
  showStatus(t('error.core', { message: error.message }));
  scripting.failed(error);
});
