// How code outside the page drives it: window.focalExplorer for scripts (documented in
// docs/api.md) and the embedding page's postMessage protocol (embed.js). Both pass every setting
// through the state table's validation before it reaches the store.
import { loadedFullCore, loadFullCore } from './core_loader.js';
import { listenToParent, postStateToParent } from './embed.js';
import { problemsForScripts, showProblems } from './notice.js';
import { validatePatch } from './state.js';

// Installs window.focalExplorer. `host` is the panel host; `afterSet()` runs once a set() has
// drawn (the address follows at once rather than after its throttle). Returns the page's side:
// coreLoaded(core) once the core is there, then ready() or failed(error).
export function installScriptingApi({ store, host, afterSet }) {
  const page = { core: null, resolveReady: null, rejectReady: null };
  const ready = new Promise((resolve, reject) => {
    page.resolveReady = resolve;
    page.rejectReady = reject;
  });
  // Scripts that never look at `ready` should not see an unhandled rejection if the core fails.
  ready.catch(() => {});
  const charts = {};
  const names = host.names;

  const focalExplorer = {
    ready,
    // The page's core: the losses from the start, the whole core once a panel that needs it has
    // loaded (fullCore() loads it).
    get core() {
      return loadedFullCore() ?? page.core;
    },
    fullCore: () => ready.then(loadFullCore),
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
      return ready
        .then(() => {
          store.apply(values, 'script');
          return store.settled().then(host.afterRender);
        })
        .then(() => {
          host.catchUp();
          afterSet();
          return host.settled();
        })
        .then(() => store.snapshot());
    },
    drawn(name) {
      if (!names.includes(name)) {
        return Promise.reject(new RangeError(`focalExplorer.drawn: "${String(name)}" is not a panel of this page (${names.join(', ')})`));
      }
      return ready
        .then(() => host.load(name))
        .then(host.afterRender)
        .then(() => {
          host.panelNow(name);
          return host.settled();
        })
        .then(() => store.snapshot());
    },
  };
  window.focalExplorer = focalExplorer;

  // focalExplorer.charts and the panels' scripting objects (focalExplorer[panel name]) exist
  // from the start, named by each panel's definition; reading one mounts its panel if needed and
  // first brings every panel up to date: a script sees what set() promised, and a call on a
  // panel's scripting object acts on the settings it was given, not on those an off-screen panel
  // last drew.
  function exposePanels() {
    for (const definition of host.definitions) {
      const name = definition.name;
      for (const chart of definition.charts) {
        Object.defineProperty(charts, chart, { enumerable: true, get: () => host.panelNow(name).charts[chart] });
      }
      if (!definition.scripting) continue;
      const members = {};
      for (const member of definition.scripting) {
        Object.defineProperty(members, member, {
          enumerable: true,
          get: () => {
            const scripting = host.panelNow(name).scripting;
            const value = scripting[member];
            return typeof value === 'function' ? (...args) => (host.catchUp(), value.apply(scripting, args)) : value;
          },
        });
      }
      focalExplorer[name] = Object.freeze(members);
    }
  }

  return {
    // `extras`: page-wide scripting objects (the lesson), as focalExplorer.<name>.
    coreLoaded(core, extras = {}) {
      page.core = core;
      exposePanels();
      Object.assign(focalExplorer, extras);
    },
    ready: () => page.resolveReady(),
    failed: (error) => page.rejectReady(error),
  };
}

// The embedding page's messages: a set is validated like the URL, its problems shown, and every
// set gets an answer, even one that changed nothing.
export function listenToEmbeddingPage(store) {
  listenToParent({
    onSet(patch) {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        showProblems('message', [{ reason: 'badMessage' }]);
        return;
      }
      const { values, problems } = validatePatch(patch);
      showProblems('message', problems);
      if (store.apply(values, 'message').length === 0) postStateToParent(store.snapshot());
    },
    onGet: () => postStateToParent(store.snapshot()),
  });
}
