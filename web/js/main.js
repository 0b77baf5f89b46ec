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
import { applyTranslations, detectLanguage, LANGUAGES, loadStrings, setLanguage, t } from './i18n.js';
import { initNotice, problemsForScripts, renderNotice, showProblems } from './notice.js';
import { registeredPanels } from './panels.js';
import { createStore, defaultState, loadingLanguages, parseHash, serializeHash, validatePatch } from './state.js';
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
  drawn(name) {
    if (!panelNames.includes(name)) {
      return Promise.reject(new RangeError(`focalExplorer.drawn: "${String(name)}" is not a panel of this page (${panelNames.join(', ')})`));
    }
    return ready.then(afterRender).then(() => {
      panelNow(name);
      return store.snapshot();
    });
  },
};

// ---- rendering -------------------------------------------------------------------------------

// The panels of this page (one when embedded), in page order. A panel is mounted (its charts
// created, its controls bound) and drawn only once it is needed: when it is in view at start,
// when it comes within a screen of the viewport, or when a script or an export asks for it. A
// page that opens at the top then pays only for what the reader can see.
const embedRequest = requestedEmbed(window.location.search);
const allPanels = registeredPanels();
const embedded = embedRequest === null ? null : allPanels.find((panel) => panel.name === embedRequest);
const active = allPanels.filter((panel) => !embedded || panel === embedded);
const panelNames = active.map((panel) => panel.name);
const entries = active.map((definition) => ({ definition, instance: null }));
const entryNamed = (name) => entries.find((entry) => entry.definition.name === name);
const mounted = []; // the entries with an instance, in page order
let mountContext = null; // { core, apply } once the core has loaded
const wanted = new Set(); // panels near the viewport, to mount in the next frame

let pendingKeys = new Set();
let frame = 0;
let waiting = [];
// Mounted panels (definition.deferWhenHidden) skip redraws while they are off screen: the keys
// they missed wait here, and they catch up when they scroll into view, when input pauses, before
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

// Creates a panel's instance and, unless `draw` is 'later', draws it for the current state:
// 'complete' draws every chart now, 'start' lets a panel that finishes a redraw in idle time
// (anchors) do so.
function mountPanel(entry, draw) {
  const { definition } = entry;
  const root = document.getElementById(`panel-${definition.name}`);
  const instance = definition.mount({ core: mountContext.core, root, apply: mountContext.apply });
  entry.instance = instance;
  mounted.splice(0, mounted.length, ...entries.filter((other) => other.instance));
  wanted.delete(definition.name);
  deferred.delete(definition.name);
  // Panels add labelled elements of their own; give them their strings too.
  applyTranslations(root);
  watchFormulaOverflow(root);
  instance.sync(store.state, null);
  if (instance.visibilityChanged) instance.visibilityChanged(onScreen.has(definition.name));
  if (draw === 'later') return instance;
  instance.update(store.state, new Set(Object.keys(store.state)));
  if (draw === 'complete' && instance.flush) instance.flush();
  return instance;
}

function render() {
  frame = 0;
  const changed = pendingKeys;
  pendingKeys = new Set();
  const done = waiting;
  waiting = [];
  try {
    for (const entry of entries) {
      const { definition, instance } = entry;
      const name = definition.name;
      if (!instance) {
        if (wanted.has(name) && mountContext) mountPanel(entry, 'start');
        continue;
      }
      const relevant = definition.keys.some((key) => changed.has(key));
      const missed = deferred.get(name);
      if (!relevant && !(missed && onScreen.has(name))) continue;
      if (definition.deferWhenHidden && !onScreen.has(name)) {
        const keys = missed || new Set();
        for (const key of changed) keys.add(key);
        deferred.set(name, keys);
        continue;
      }
      deferred.delete(name);
      instance.update(store.state, missed ? new Set([...missed, ...changed]) : changed);
    }
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

// Brings every mounted panel that missed changes up to date, now.
function catchUp() {
  clearTimeout(catchUpTimer);
  catchUpTimer = 0;
  for (const { definition, instance } of mounted) {
    const missed = deferred.get(definition.name);
    if (!missed) continue;
    deferred.delete(definition.name);
    instance.update(store.state, missed);
  }
  // Panels that finish a redraw in idle time (anchors) finish it now.
  for (const { instance } of mounted) if (instance.flush) instance.flush();
}

// A panel as a script or an export needs it: mounted, and every panel showing the current state.
function panelNow(name) {
  const entry = entryNamed(name);
  if (!entry.instance) mountPanel(entry, 'complete');
  catchUp();
  return entry.instance;
}

// focalExplorer.charts and the panels' scripting objects (focalExplorer.anchors, .training)
// exist from the start, named by each panel's definition; reading one mounts its panel if
// needed and first brings every panel up to date: a script sees what set() promised and never
// steps a run whose settings an off-screen panel has not seen.
function defineScripting() {
  for (const { definition } of entries) {
    const name = definition.name;
    for (const chart of definition.charts) {
      Object.defineProperty(charts, chart, { enumerable: true, get: () => panelNow(name).charts[chart] });
    }
    if (!definition.scripting) continue;
    const api = {};
    for (const member of definition.scripting) {
      Object.defineProperty(api, member, {
        enumerable: true,
        get: () => {
          const scripting = panelNow(name).scripting;
          const value = scripting[member];
          return typeof value === 'function' ? (...args) => (catchUp(), value.apply(scripting, args)) : value;
        },
      });
    }
    window.focalExplorer[name] = Object.freeze(api);
  }
}

function isInView(element) {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
}

function watchVisibility(isEmbedded) {
  // On screen: deferred redraws wait for this.
  const seen = new IntersectionObserver((reports) => {
    for (const report of reports) {
      const name = report.target.dataset.panel;
      if (report.isIntersecting) onScreen.add(name);
      else onScreen.delete(name);
      const entry = entryNamed(name);
      if (entry.instance && entry.instance.visibilityChanged) entry.instance.visibilityChanged(report.isIntersecting);
      if (report.isIntersecting && (deferred.has(name) || !entry.instance)) {
        wanted.add(name);
        requestRender([]);
      }
    }
  });
  // Near: within a screen of the viewport, a panel is mounted and drawn before it is seen.
  const near = new IntersectionObserver((reports) => {
    for (const report of reports) {
      const name = report.target.dataset.panel;
      if (!report.isIntersecting || entryNamed(name).instance) continue;
      wanted.add(name);
      requestRender([]);
    }
  }, { rootMargin: '100% 0px' });
  for (const { definition, instance } of entries) {
    // An embedded panel is the whole frame: always treated as seen.
    if (isEmbedded) {
      onScreen.add(definition.name);
      if (instance && instance.visibilityChanged) instance.visibilityChanged(true);
      continue;
    }
    const section = document.getElementById(`panel-${definition.name}`);
    seen.observe(section);
    near.observe(section);
  }
}

// ---- URL hash --------------------------------------------------------------------------------

let lastHashWrite = 0;
let hashTimer = 0;
let hashIdle = 0;

function currentHash() {
  return serializeHash(store.state, defaults);
}

function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = 0;
  if (hashIdle) cancelIdleCallback(hashIdle);
  hashIdle = 0;
  lastHashWrite = performance.now();
  const hash = currentHash();
  const url = hash ? `#${hash}` : window.location.pathname + window.location.search;
  if (window.location.hash.slice(1) !== hash) history.replaceState(null, '', url);
}

// The address is rewritten outside the frames that draw input: history.replaceState costs a few
// milliseconds, which a frame that also redraws a chart cannot spare. It waits for the throttle,
// then for the page to be idle (at most another HASH_INTERVAL_MS).
function scheduleHashWrite() {
  if (hashTimer || hashIdle) return;
  const wait = Math.max(0, HASH_INTERVAL_MS - (performance.now() - lastHashWrite));
  hashTimer = setTimeout(() => {
    hashTimer = 0;
    hashIdle = requestIdleCallback(() => {
      hashIdle = 0;
      writeHash();
    }, { timeout: HASH_INTERVAL_MS });
  }, wait);
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

// The tools are there before the panel is mounted: an export mounts and draws it first.
function bindPanelTools(definition) {
  const section = document.getElementById(`panel-${definition.name}`);
  for (const button of section.querySelectorAll('[data-action]')) {
    button.addEventListener('click', () => {
      const action = button.dataset.action;
      if (action === 'embed') openEmbedDialog(definition.name, serializeHash(store.state, defaults, ['lang']));
      else if (mountContext) {
        const instance = panelNow(definition.name);
        exportPanel(action, definition.name, instance, store.snapshot()).catch((error) => console.error(error));
      }
    });
  }
}

// A formula or table wider than its box scrolls sideways; such a box must be reachable by keyboard.
const overflowObserver = new ResizeObserver((reports) => {
  for (const { target: box } of reports) {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute('tabindex');
  }
});

function watchFormulaOverflow(root) {
  for (const box of root.querySelectorAll('.formula-block, .loss-formula, .table-scroll')) overflowObserver.observe(box);
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
  const problems = [...fromHash.problems];
  if (embedRequest !== null && !embedded) problems.push({ reason: 'badEmbed', value: embedRequest.slice(0, 60) });
  if (embedded) openFullLink = enterEmbedMode(embedded.name, embedded.keys);
  else buildNav(active);
  applyTranslations(document);
  document.title = t('page.title');
  initNotice();
  showProblems('link', problems);
  initEmbedDialog();
  for (const definition of active) bindPanelTools(definition);
  watchFormulaOverflow(document);

  try {
    core = await corePromise;
  } catch (error) {
    showStatus(t('error.core', { message: error.message }));
    rejectReady(error);
    return;
  }

  const apply = (values, source) => store.apply(values, source);
  mountContext = { core, apply };
  defineScripting();

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

  // The panels in view now are drawn before `ready`; the others when they come near.
  if (linkedSection) document.getElementById(linkedSection).scrollIntoView({ block: 'start' });
  for (const entry of entries) {
    const name = entry.definition.name;
    if (embedded || isInView(document.getElementById(`panel-${name}`))) onScreen.add(name);
  }
  watchVisibility(embedded !== null);
  syncAll(null);
  for (const entry of entries) if (onScreen.has(entry.definition.name)) mountPanel(entry, 'later');
  requestRender(Object.keys(store.state));
  await afterRender();
  for (const { instance } of mounted) if (instance.flush) instance.flush();
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
