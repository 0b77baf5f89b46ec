// Loads the wasm core, in two modules built from the same objects with the same flags
// (CMakeLists.txt), so both give the same numbers:
// - focal_view.wasm, the losses alone, which is all the first view draws: the page's main thread
//   starts on it (its glue, focal_view.js, is a script of index.html, and the wasm is preloaded);
// - focal_core.wasm, the whole core, which the panels further down and every worker need: it is
//   fetched and compiled once, when the first of them comes near, and its glue (focal_core.js)
//   is added to the page then.
// The single-file build carries the whole core only, as base64 in
// <script type="application/octet-stream" id="focal-core-wasm"> with its glue inline, and must not
// touch the network; there the page starts on the whole core. Either way each module is compiled
// once, here, into a WebAssembly.Module that the page's core and every worker's core
// (core_workers.js) instantiate, so Emscripten's glue never fetches by itself and a worker never
// compiles the module again.
const EMBEDDED_WASM_ID = 'focal-core-wasm';

function decodeBase64(text) {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const isSingleFile = () => document.getElementById(EMBEDDED_WASM_ID) !== null;

async function compileBeside(name) {
  const response = await fetch(new URL(name, document.baseURI));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

let fullModule = null;
let fullCore = null;
let fullCoreInstance = null;

// The whole core's compiled module, shared by the page and its workers (a Module is cloned to a
// worker, not recompiled).
export function coreModule() {
  fullModule ??= isSingleFile()
    ? WebAssembly.compile(decodeBase64(document.getElementById(EMBEDDED_WASM_ID).textContent))
    : compileBeside('focal_core.wasm');
  return fullModule;
}

// An instance of the core around a compiled module. Also used inside workers (core_worker.js).
export function instantiateCore(createFocalCore, module) {
  return createFocalCore({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
      return {};
    },
  });
}

// Both glues name their factory createFocalCore; the view's is taken before the whole core's
// script replaces it.
let viewFactory = null;

function addScript(name) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(name, document.baseURI).href;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${name} did not load`));
    document.head.append(script);
  });
}

function requireFactory(name) {
  const factory = globalThis.createFocalCore;
  if (typeof factory !== 'function') throw new Error(`${name} did not load`);
  return factory;
}

// The whole core on the page's thread, loaded once.
export function loadFullCore() {
  fullCore ??= (async () => {
    if (!isSingleFile()) {
      viewFactory ??= requireFactory('focal_view.js');
      await addScript('focal_core.js');
    }
    const core = await instantiateCore(requireFactory('focal_core.js'), await coreModule());
    fullCoreInstance = core;
    return core;
  })();
  return fullCore;
}

// The whole core if it has loaded, else null.
export function loadedFullCore() {
  return fullCoreInstance;
}

// The core the first view draws with: the losses' module, or in the single file the whole core.
export async function loadViewCore() {
  if (isSingleFile()) return loadFullCore();
  viewFactory ??= requireFactory('focal_view.js');
  return instantiateCore(viewFactory, await compileBeside('focal_view.wasm'));
}
