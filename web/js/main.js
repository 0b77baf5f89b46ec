// Boots the explorer and keeps data flowing one way: control -> state -> core (wasm) -> chart.
//
// Settings come from the URL hash, the controls, the embedding page (postMessage) and scripts
// (window.focalExplorer.set); all of them pass the state table's validation and land in one
// store. A change marks the state keys it touched; one requestAnimationFrame later each panel
// that reads one of those keys redraws once, however many input events arrived in between.
import { bindSharedControls } from './controls.js';
import { loadCore } from './core_loader.js';
import {
  enterEmbedMode,
  initEmbedDialog,
  listenToParent,
  openEmbedDialog,
  pageAddress,
  postStateToParent,
  requestedEmbed,
} from './embed.js';
import { exportPanel } from './export.js';
import { applyTranslations, detectLanguage, LANGUAGES, loadingLanguages, loadStrings, setLanguage, t } from './i18n.js';
import { initNotice, problemsForScripts, renderNotice, showProblems } from './notice.js';
import { registeredPanels } from './panels.js';
import { createStore, defaultState, parseHash, serializeHash, validatePatch } from './state.js';
import './loss_panel.js';
import './gradient_panel.js';
import './anchor_panel.js';
import './training_panel.js';
import './compare_panel.js';

// The hash is rewritten at most this often: Chromium throttles (and warns about) a page that
// calls history.replaceState hundreds of times in a few seconds, which a slider drag would.
const HASH_INTERVAL_MS = 250;

// The core loads while the page sets itself up: the wasm fetch (preloaded by index.html) and its
// compilation overlap with building the controls, not follow them.
const corePromise = loadCore();
corePromise.catch(() => {}); // start() reports a failure

const defaults = defaultState({ lang: detectLanguage(navigator.languages) });
const linkedSection = isSectionLink(window.location.hash) ? window.location.hash.slice(1) : null;
const fromHash = linkedSection ? { values: {}, problems: [] } : parseHash(window.location.hash);
const store = loadingLanguages(createStore({ ...defaults, ...fromHash.values }));

const charts = {};
let core = null;
let resolveReady;
let rejectReady;
const ready = new Promise((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
// Scripts that never look at `ready` should not see an unhandled rejection if the core fails.
ready.catch(() => {});

// The public scripting API; documented in docs/api.md.
window.focalExplorer = {
  ready,
  get core() {
    return core;
  },
  charts,
  get state() {
    return store.snapshot();
  },
  set(patch) {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      return Promise.reject(new TypeError('focalExplorer.set expects an object of settings, e.g. {gamma: 3}'));
    }
    const { values, problems } = validatePatch(patch);
    if (problems.length) return Promise.reject(new RangeError(`focalExplorer.set: ${problemsForScripts(problems)}`));
    return ready.then(() => {
      store.apply(values, 'script');
      return store.settled().then(afterRender);
    }).then(() => {
      catchUp();
      writeHash();
      return store.snapshot();
    });
  },
};

// ---- rendering -------------------------------------------------------------------------------

const mounted = []; // { definition, instance }
let pendingKeys = new Set();
let frame = 0;
let waiting = [];
// Panels (definition.deferWhenHidden) skip redraws while they are off screen: the keys they
// missed wait here, and they catch up when they scroll into view, when input pauses, before
// set() resolves, before an export and when a script reads focalExplorer.charts. A slider drag
// then only pays for what can be seen.
const deferred = new Map(); // panel name -> Set of changed keys
const onScreen = new Set();
let catchUpTimer = 0;
const CATCH_UP_MS = 300;

function requestRender(keys) {
  for (const key of keys) pendingKeys.add(key);
  // A hidden document gets no animation frames; draw soon anyway so set() and messages resolve.
  if (!frame) frame = document.hidden ? setTimeout(render, 0) : requestAnimationFrame(render);
}

// Resolves once the frame that is pending (if any) has been drawn.
function afterRender() {
  if (!frame) return Promise.resolve();
  return new Promise((resolve) => waiting.push(resolve));
}

function render() {
  frame = 0;
  const changed = pendingKeys;
  pendingKeys = new Set();
  const done = waiting;
  waiting = [];
  try {
    for (const { definition, instance } of mounted) {
      const name = definition.name;
      const relevant = definition.keys.some((key) => changed.has(key));
      const missed = deferred.get(name);
      if (!relevant && !(missed && onScreen.has(name))) continue;
      if (definition.deferWhenHidden && !onScreen.has(name) && !renderEverything) {
        const keys = missed || new Set();
        for (const key of changed) keys.add(key);
        deferred.set(name, keys);
        continue;
      }
      deferred.delete(name);
      instance.update(store.state, missed ? new Set([...missed, ...changed]) : changed);
    }
    renderEverything = false;
    if (deferred.size) {
      clearTimeout(catchUpTimer);
      catchUpTimer = setTimeout(catchUp, CATCH_UP_MS);
    }
  } finally {
    scheduleHashWrite();
    updateOpenFullLink();
    postStateToParent(store.snapshot());
    for (const resolve of done) resolve();
  }
}

let renderEverything = true; // the first render draws every panel, seen or not

// Brings every panel that missed changes up to date, now.
function catchUp() {
  clearTimeout(catchUpTimer);
  catchUpTimer = 0;
  for (const { definition, instance } of mounted) {
    const missed = deferred.get(definition.name);
    if (!missed) continue;
    deferred.delete(definition.name);
    instance.update(store.state, missed);
  }
  // Panels that spread a redraw over several frames finish it now.
  for (const { instance } of mounted) if (instance.flush) instance.flush();
}

// A panel's scripting object, with every getter and method first bringing deferred panels up
// to date: a script must never step a run whose settings an off-screen panel has not seen.
function caughtUp(api) {
  const wrapped = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(api))) {
    if (descriptor.get) {
      Object.defineProperty(wrapped, key, { enumerable: true, get: () => (catchUp(), descriptor.get.call(api)) });
    } else if (typeof descriptor.value === 'function') {
      wrapped[key] = (...args) => (catchUp(), descriptor.value.apply(api, args));
    }
  }
  return Object.freeze(wrapped);
}

function watchVisibility(embedded) {
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const name = entry.target.dataset.panel;
      if (entry.isIntersecting) onScreen.add(name);
      else onScreen.delete(name);
      const found = mounted.find((item) => item.definition.name === name);
      if (found && found.instance.visibilityChanged) found.instance.visibilityChanged(entry.isIntersecting);
      if (entry.isIntersecting && deferred.has(name)) requestRender([]);
    }
  });
  for (const { definition, instance } of mounted) {
    // An embedded panel is the whole frame: always treated as seen.
    if (embedded) {
      onScreen.add(definition.name);
      if (instance.visibilityChanged) instance.visibilityChanged(true);
    } else {
      const section = document.getElementById(`panel-${definition.name}`);
      // The observer's first report comes a frame or more later; until then, the layout decides,
      // so a drag that starts at once still redraws what the reader sees.
      const box = section.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth) {
        onScreen.add(definition.name);
      }
      observer.observe(section);
    }
  }
}

// ---- URL hash --------------------------------------------------------------------------------

let lastHashWrite = 0;
let hashTimer = 0;

function currentHash() {
  return serializeHash(store.state, defaults);
}

function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = 0;
  lastHashWrite = performance.now();
  const hash = currentHash();
  const url = hash ? `#${hash}` : window.location.pathname + window.location.search;
  if (window.location.hash.slice(1) !== hash) history.replaceState(null, '', url);
}

function scheduleHashWrite() {
  const wait = HASH_INTERVAL_MS - (performance.now() - lastHashWrite);
  if (wait <= 0) writeHash();
  else if (!hashTimer) hashTimer = setTimeout(writeHash, wait);
}

// A hash that is just an element's id ("#panel-gradient") is a link into the page, not settings.
function isSectionLink(hash) {
  const id = hash.slice(1);
  return id !== '' && !id.includes('=') && document.getElementById(id) !== null;
}

// Editing the address by hand: what the new hash names wins, everything else goes to defaults.
window.addEventListener('hashchange', () => {
  if (isSectionLink(window.location.hash)) {
    // Put the settings back in the address once the browser has scrolled to the section.
    writeHash();
    return;
  }
  const parsed = parseHash(window.location.hash);
  showProblems('link', parsed.problems);
  store.apply({ ...defaults, ...parsed.values }, 'link');
});

// ---- page chrome -----------------------------------------------------------------------------

let openFullLink = null;

function updateOpenFullLink() {
  if (openFullLink) openFullLink.href = pageAddress(serializeHash(store.state, defaults, ['lang']), null);
}

function fillLanguageMenu() {
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

function buildNav(panels) {
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

function bindPanelTools(definition, instance) {
  const section = document.getElementById(`panel-${definition.name}`);
  for (const button of section.querySelectorAll('[data-action]')) {
    button.addEventListener('click', () => {
      const action = button.dataset.action;
      if (action === 'embed') openEmbedDialog(definition.name, serializeHash(store.state, defaults, ['lang']));
      else {
        catchUp();
        exportPanel(action, definition.name, instance, store.snapshot()).catch((error) => console.error(error));
      }
    });
  }
}

// A formula or table wider than its box scrolls sideways; such a box must be reachable by keyboard.
function watchFormulaOverflow() {
  const boxes = document.querySelectorAll('.formula-block, .loss-formula, .table-scroll');
  const check = () => {
    for (const box of boxes) {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute('tabindex');
    }
  };
  const observer = new ResizeObserver(check);
  for (const box of boxes) observer.observe(box);
}

function showStatus(text) {
  const status = document.getElementById('status');
  status.removeAttribute('data-i18n');
  status.textContent = text;
  status.hidden = false;
  status.classList.add('status--error');
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  // Chinese loads on demand; should its table fail to arrive, the page stays English.
  await loadStrings(store.state.lang).catch((error) => {
    console.error(error);
    store.apply({ lang: 'en' }, null);
  });
  setLanguage(store.state.lang);
  fillLanguageMenu();
  const panels = registeredPanels();
  const problems = [...fromHash.problems];
  const embedRequest = requestedEmbed(window.location.search);
  const embedded = embedRequest === null ? null : panels.find((panel) => panel.name === embedRequest);
  if (embedRequest !== null && !embedded) problems.push({ reason: 'badEmbed', value: embedRequest.slice(0, 60) });
  const embedName = embedded ? embedded.name : null;
  if (embedded) openFullLink = enterEmbedMode(embedded.name, embedded.keys);
  else buildNav(panels);
  applyTranslations(document);
  document.title = t('page.title');
  initNotice();
  showProblems('link', problems);
  initEmbedDialog();

  try {
    core = await corePromise;
  } catch (error) {
    showStatus(t('error.core', { message: error.message }));
    rejectReady(error);
    return;
  }

  const apply = (values, source) => store.apply(values, source);
  const active = panels.filter((panel) => !embedName || panel.name === embedName);
  for (const definition of active) {
    const root = document.getElementById(`panel-${definition.name}`);
    const instance = definition.mount({ core, root, apply });
    // Reading a chart brings off-screen panels up to date first: scripts see what set() promised.
    for (const [name, chart] of Object.entries(instance.charts)) {
      Object.defineProperty(charts, name, { enumerable: true, get: () => (catchUp(), chart) });
    }
    // A panel with more to offer scripts than its charts appears under its own name
    // (focalExplorer.anchors, focalExplorer.training).
    if (instance.scripting) window.focalExplorer[definition.name] = caughtUp(instance.scripting);
    mounted.push({ definition, instance });
    bindPanelTools(definition, instance);
  }
  // Panels add labelled elements of their own; give them their strings too.
  applyTranslations(document);
  watchFormulaOverflow();

  const syncShared = bindSharedControls(apply);
  const syncAll = (source) => {
    syncShared(store.state, source);
    for (const { instance } of mounted) instance.sync(store.state, source);
  };
  store.subscribe((changed, source) => {
    if (changed.includes('lang')) {
      setLanguage(store.state.lang);
      applyTranslations(document);
      document.title = t('page.title');
      renderNotice();
    }
    syncAll(source);
    requestRender(changed);
  });

  listenToParent({
    onSet(patch) {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        showProblems('message', [{ reason: 'badMessage' }]);
        return;
      }
      const { values, problems: rejected } = validatePatch(patch);
      showProblems('message', rejected);
      // Every set gets an answer, even one that changed nothing.
      if (store.apply(values, 'message').length === 0) postStateToParent(store.snapshot());
    },
    onGet: () => postStateToParent(store.snapshot()),
  });

  watchVisibility(embedName !== null);
  syncAll(null);
  requestRender(Object.keys(store.state));
  await afterRender();
  document.getElementById('status').hidden = true;
  // A link to a section was followed before the panels had drawn; their content has moved it.
  if (linkedSection) document.getElementById(linkedSection).scrollIntoView({ block: 'start' });
  document.documentElement.classList.add('ready');
  resolveReady();
}

start().catch((error) => {
  showStatus(t('error.core', { message: error.message }));
  rejectReady(error);
});
