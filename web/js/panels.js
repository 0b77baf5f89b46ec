// The registry of panels. Each panel module registers itself once; the panel host (panel_host.js)
// mounts each panel when it is first needed (in view at start, near the viewport, or asked for by
// a script or an export) and routes state changes to the panels whose keys changed;
// scripting_api.js exposes their charts and scripting objects by name.
// A panel definition is
//   { name, navKey, keys: [state names it reads],
//     mount(context) -> instance, or for a panel below the fold load() -> Promise of its code's
//     module, which exports mount (the host also loads the whole core for it; context.core is
//     that core),
//     charts: [names of instance.charts, in order] (focalExplorer.charts has them before mounting),
//     scripting (optional: names of the members of instance.scripting, focalExplorer[name]),
//     deferWhenHidden (optional: skip redraws while off screen and catch up when seen, when
//     input pauses, before set() resolves, before an export or when a script reads its charts) }
// and an instance is
//   { charts: {name: Chart}, update(state, changedKeys), sync(state, source),
//     table() -> {columns, rows}, canvases(),
//     scripting (optional: exposed as focalExplorer[name]),
//     visibilityChanged(visible) (optional: told when the panel scrolls in or out of view),
//     flush() (optional: finish now a redraw the panel spreads over later idle time) }.
// The section element with id `panel-<name>` holds the panel's markup.
//
// Adding a panel: a <section id="panel-<name>" data-panel="<name>"> in index.html (strings by
// data-i18n, formulas by data-tex, typeset from formulas.js), a module <name>_panel.js that calls
// registerProps() (state.js) for its own settings and registerPanel() for itself, its strings in
// strings_en.js and strings_zh_cn.js, and an import in main.js. A panel below the fold splits
// instead into <name>_entry.js (its settings and its definition, with load(), imported by
// main.js) and <name>_panel.js (exporting mount), which web/build.mjs puts in a chunk of its own. A panel imports shared helpers
// (charts.js, controls.js, number_format.js, its own drawing modules), never another panel.
// Navigation (page_chrome.js), embedding (?embed=<name>), exports and focalExplorer.charts follow.
const registered = [];

export function registerPanel(definition) {
  if (registered.some((panel) => panel.name === definition.name)) {
    throw new Error(`panel ${definition.name} registered twice`);
  }
  registered.push(definition);
}

// In page order, the order of their sections: the order modules register in is not kept when the
// build splits the code into chunks (a panel's entry that its code also imports runs first).
export function registeredPanels() {
  const position = (panel) => [...document.querySelectorAll('[data-panel]')].findIndex((section) => section.dataset.panel === panel.name);
  return registered.slice().sort((a, b) => position(a) - position(b));
}
