// The panel host: mounts the registered panels (panels.js) when they are needed and redraws them
// in one requestAnimationFrame per burst of changes. A change marks the state keys it touched;
// in the next frame each panel that reads one of those keys redraws once, however many input
// events arrived in between.
//
// A panel is mounted (its charts created, its controls bound) and drawn only once it is needed:
// when it is in view at start, when it comes within a screen of the viewport, or when a script or
// an export asks for it. A page that opens at the top then pays only for what the reader can see.
// A panel whose definition has load() (the panels below the fold) also fetches its code then,
// and the whole core (core_loader.js): until both are there it cannot be mounted, and panelNow()
// says so; load(name) waits for them.
// Mounted panels that ask for it (definition.deferWhenHidden) skip redraws while they are off
// screen: the keys they missed wait, and they catch up when they scroll into view, when input
// pauses, before set() resolves, before an export and when a script reads their charts. A slider
// drag then only pays for what can be seen.
const CATCH_UP_MS = 300;

function isInView(element) {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
}

// A panel below the fold keeps its body in a <template data-panel-body> (index.html): the first
// view does not lay out, style or hand to the browser's form scanning what it cannot show (a
// trace counted one forced layout per form control of every panel at the end of parsing,
// bench/page_bench.mjs). The panel's markup goes into the page where the template stood when the
// panel is stamped (stamp(), a frame before it mounts when it comes near).
function stampBody(section) {
  const template = section.querySelector(':scope > template[data-panel-body]');
  if (template) template.replaceWith(template.content);
}

// `definitions`: the panels of this page, in page order. `onStamp(root)` prepares a panel's
// markup once it is in the page (its strings, the settings a link hides); `onMount(root)` its
// section once the panel has made its own elements, before its first sync (their strings,
// overflow watching); `afterFrame()` runs after every frame that drew, even one that failed.
export function createPanelHost({ definitions, store, onStamp, onMount, afterFrame }) {
  const host = {
    entries: definitions.map((definition) => ({ definition, instance: null })),
    mounted: [], // the entries with an instance, in page order
    context: null, // { core, fullCore, apply } once the first view's core has loaded
    wanted: new Set(), // panels near the viewport, to mount in the next frame
    pendingKeys: new Set(),
    frame: 0,
    waiting: [], // resolvers of afterRender(), called once the pending frame has drawn
    deferred: new Map(), // panel name -> Set of changed keys it has not drawn yet
    onScreen: new Set(),
    catchUpTimer: 0,
  };

  const entryNamed = (name) => host.entries.find((entry) => entry.definition.name === name);
  const sectionOf = (name) => document.getElementById(`panel-${name}`);

  function requestRender(keys) {
    for (const key of keys) host.pendingKeys.add(key);
    // A hidden document gets no animation frames; draw soon anyway so set() and messages resolve.
    if (!host.frame) host.frame = document.hidden ? setTimeout(render, 0) : requestAnimationFrame(render);
  }

  // Resolves once the frame that is pending (if any) has been drawn.
  function afterRender() {
    if (!host.frame) return Promise.resolve();
    return new Promise((resolve) => host.waiting.push(resolve));
  }

  const isLoaded = (entry) => !entry.definition.load || entry.code !== undefined;

  // The section of a panel whose code is loading takes no input (inert, and busy for screen
  // readers) until it is mounted: a click there would reach no handler, and the mount would then
  // set the control back to the state.
  function markLoading(entry, loading) {
    const section = sectionOf(entry.definition.name);
    section.inert = loading;
    if (loading) section.setAttribute('aria-busy', 'true');
    else section.removeAttribute('aria-busy');
  }

  // The panel's code and the whole core, once (a panel without load() has both from the start).
  // A failed load is reported and may be tried again by the next request.
  function loadEntry(entry) {
    if (isLoaded(entry)) return Promise.resolve();
    if (!host.context) return Promise.reject(new Error(`the ${entry.definition.name} panel waits for the core to load`));
    if (!entry.loading) markLoading(entry, true);
    entry.loading ??= Promise.all([entry.definition.load(), host.context.fullCore()]).then(
      ([code, core]) => {
        entry.code = { mount: code.mount, core };
      },
      (error) => {
        entry.loading = undefined;
        markLoading(entry, false);
        throw error;
      },
    );
    return entry.loading;
  }

  // Puts a panel's body into the page, rendered in full from now on (explorer.css skips panels
  // not marked data-mounted while they are off screen); false if it was there already. A panel
  // that comes near is stamped a frame before its instance is made: the browser lays the body
  // out in that frame, and the charts made in the next find it laid out (Chart.js reads each
  // canvas's style as it makes a chart, which otherwise forced that layout inside the mount).
  function stamp(root) {
    if (root.hasAttribute('data-mounted')) return false;
    root.dataset.mounted = '';
    stampBody(root);
    onStamp(root);
    return true;
  }

  // Creates a panel's instance; `complete` also draws every chart for the current state now,
  // otherwise the caller has it drawn later (the next frame, or bringIn's next step).
  function mountPanel(entry, complete) {
    const { definition } = entry;
    const root = sectionOf(definition.name);
    const mount = entry.code ? entry.code.mount : definition.mount;
    const core = entry.code ? entry.code.core : host.context.core;
    stamp(root);
    const instance = mount({ core, root, apply: host.context.apply });
    entry.instance = instance;
    if (entry.code) markLoading(entry, false);
    host.mounted.splice(0, host.mounted.length, ...host.entries.filter((other) => other.instance));
    host.wanted.delete(definition.name);
    host.deferred.delete(definition.name);
    onMount(root);
    instance.sync(store.state, null);
    if (instance.visibilityChanged) instance.visibilityChanged(host.onScreen.has(definition.name));
    if (!complete) return instance;
    drawFirst(entry);
    if (instance.flush) instance.flush();
    return instance;
  }

  // The next step of bringing in a panel that came near, one step per frame: its body into the
  // page (the browser lays it out in that frame), its instance (Chart.js makes its charts), its
  // first draw. Made and drawn in one task, a panel took up to twice the 50 ms of a long task
  // (a /tmp script scrolling to each panel, Long Tasks API). Between the last two the section is
  // data-pending: its charts exist but are still empty.
  function bringIn(entry) {
    const root = sectionOf(entry.definition.name);
    if (stamp(root)) return;
    if (!entry.instance) {
      mountPanel(entry, false);
      entry.undrawn = true;
      root.dataset.pending = '1';
      return;
    }
    drawFirst(entry);
  }

  // A panel's first draw, for the whole state.
  function drawFirst(entry) {
    entry.undrawn = false;
    host.deferred.delete(entry.definition.name);
    // The panel marks its own pending work (worker answers, queued charts) as it draws.
    delete sectionOf(entry.definition.name).dataset.pending;
    entry.instance.update(store.state, new Set(Object.keys(store.state)));
  }

  function render() {
    host.frame = 0;
    const changed = host.pendingKeys;
    host.pendingKeys = new Set();
    const done = host.waiting;
    host.waiting = [];
    // One step of one panel's bringIn() per frame: a scroll that brings several near at once
    // (each a body to lay out, charts to make and draw) spreads them over frames rather than
    // one long task.
    let mounted = false;
    try {
      for (const entry of host.entries) {
        const { definition, instance } = entry;
        const name = definition.name;
        if (!instance || entry.undrawn) {
          if (!host.context || (!instance && !host.wanted.has(name))) continue;
          if (!isLoaded(entry)) loadEntry(entry).then(() => requestRender([]), (error) => console.error(error));
          else if (mounted) requestRender([]);
          else {
            bringIn(entry);
            mounted = true;
            if (entry.undrawn || !entry.instance) requestRender([]);
          }
          continue;
        }
        const relevant = definition.keys.some((key) => changed.has(key));
        const missed = host.deferred.get(name);
        if (!relevant && !(missed && host.onScreen.has(name))) continue;
        if (definition.deferWhenHidden && !host.onScreen.has(name)) {
          const keys = missed || new Set();
          for (const key of changed) keys.add(key);
          host.deferred.set(name, keys);
          continue;
        }
        host.deferred.delete(name);
        instance.update(store.state, missed ? new Set([...missed, ...changed]) : changed);
      }
      if (host.deferred.size) {
        clearTimeout(host.catchUpTimer);
        host.catchUpTimer = setTimeout(catchUp, CATCH_UP_MS);
      }
    } finally {
      afterFrame();
      for (const resolve of done) resolve();
    }
  }

  // Finishes now what every mounted panel has left: the changes it missed off screen, and any
  // redraw it spreads over idle time.
  function catchUp() {
    clearTimeout(host.catchUpTimer);
    host.catchUpTimer = 0;
    for (const entry of host.mounted) {
      const { definition, instance } = entry;
      if (entry.undrawn) {
        drawFirst(entry);
        continue;
      }
      const missed = host.deferred.get(definition.name);
      if (!missed) continue;
      host.deferred.delete(definition.name);
      instance.update(store.state, missed);
    }
    flushMounted();
  }

  function flushMounted() {
    for (const { instance } of host.mounted) if (instance.flush) instance.flush();
  }

  // Resolves once the mounted panels that work in a worker (instance.settled) have drawn every
  // answer they asked for.
  function settled() {
    return Promise.all(host.mounted.map(({ instance }) => instance.settled?.())).then(() => {});
  }

  // A panel as a script or an export needs it: mounted, and every panel showing the current state.
  // Its code must have loaded (load(name)).
  function panelNow(name) {
    const entry = entryNamed(name);
    if (!isLoaded(entry)) {
      throw new Error(`the ${name} panel has not loaded yet: await focalExplorer.drawn('${name}') first`);
    }
    if (!entry.instance) mountPanel(entry, true);
    catchUp();
    return entry.instance;
  }

  // Notes which panels are in view now (an embedded panel is the whole frame: always seen), then
  // follows them: on screen, deferred redraws run; within a screen of the viewport, a panel is
  // mounted and drawn before it is seen.
  function observeVisibility(alwaysVisible) {
    for (const { definition } of host.entries) {
      if (alwaysVisible || isInView(sectionOf(definition.name))) host.onScreen.add(definition.name);
    }
    const seen = new IntersectionObserver((reports) => {
      for (const report of reports) {
        const name = report.target.dataset.panel;
        if (report.isIntersecting) host.onScreen.add(name);
        else host.onScreen.delete(name);
        const entry = entryNamed(name);
        if (entry.instance && entry.instance.visibilityChanged) entry.instance.visibilityChanged(report.isIntersecting);
        if (report.isIntersecting && (host.deferred.has(name) || !entry.instance)) {
          host.wanted.add(name);
          requestRender([]);
        }
      }
    });
    const near = new IntersectionObserver((reports) => {
      for (const report of reports) {
        const name = report.target.dataset.panel;
        if (!report.isIntersecting || entryNamed(name).instance) continue;
        host.wanted.add(name);
        requestRender([]);
      }
    }, { rootMargin: '100% 0px' });
    for (const { definition, instance } of host.entries) {
      if (alwaysVisible) {
        if (instance && instance.visibilityChanged) instance.visibilityChanged(true);
        continue;
      }
      const section = sectionOf(definition.name);
      seen.observe(section);
      near.observe(section);
    }
  }

  return {
    names: host.entries.map((entry) => entry.definition.name),
    definitions: host.entries.map((entry) => entry.definition),
    // Panels can be mounted once the core has loaded.
    start(context) {
      host.context = context;
    },
    canMount: () => host.context !== null,
    requestRender,
    afterRender,
    // Resolves once the panel can be mounted (its code and the core it needs have loaded).
    load: (name) => loadEntry(entryNamed(name)),
    panelNow,
    catchUp,
    flushMounted,
    settled,
    observeVisibility,
    // Mounts the panels on screen now (once their code has loaded), without drawing them: the
    // next frame draws them.
    async mountVisible() {
      const visible = host.entries.filter((entry) => host.onScreen.has(entry.definition.name));
      await Promise.all(visible.map(loadEntry));
      for (const entry of visible) if (!entry.instance) mountPanel(entry, false);
    },
    syncMounted(state, source) {
      for (const { instance } of host.mounted) instance.sync(state, source);
    },
  };
}
