// Loads the wasm core. The page build fetches focal_core.wasm beside the page; the single-file
// build carries the bytes as base64 in <script type="application/octet-stream" id="focal-core-wasm">
// and must not touch the network. Either way the bytes are compiled once, here, into a
// WebAssembly.Module that the page's core and every worker's core (core_workers.js) instantiate,
// so Emscripten's glue never fetches by itself and a worker never compiles the module again.
const EMBEDDED_WASM_ID = 'focal-core-wasm';

function decodeBase64(text) {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function wasmBytes() {
  const embedded = document.getElementById(EMBEDDED_WASM_ID);
  if (embedded) return decodeBase64(embedded.textContent);
  const response = await fetch(new URL('focal_core.wasm', document.baseURI));
  if (!response.ok) throw new Error(`focal_core.wasm: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

let compiled = null;

// The compiled module, shared by the page and its workers (a Module is cloned to a worker, not
// recompiled).
export function coreModule() {
  compiled ??= wasmBytes().then((bytes) => WebAssembly.compile(bytes));
  return compiled;
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

export async function loadCore() {
  const createFocalCore = globalThis.createFocalCore;
  if (typeof createFocalCore !== 'function') throw new Error('focal_core.js did not load');
  return instantiateCore(createFocalCore, await coreModule());
}
