// The entry of a Web Worker with its own instance of the wasm core, for work that would block the
// page: reading a big file, training over many seeds. Bundled by web/build.mjs as its own classic
// script (dist/core_worker.js); the single-file build runs it from a Blob that starts with the
// core's glue. The page talks to it through core_workers.js with Comlink.
import * as Comlink from 'comlink';

import { instantiateCore } from './core_loader.js';
import { WORKER_SERVICES } from './worker_services.js';

const endpoint = {
  services: {},
  // module: the page's compiled WebAssembly.Module; glueUrl: focal_core.js beside the page, or
  // null when the glue is already part of this worker's script (the single file).
  async start(module, glueUrl) {
    if (glueUrl) globalThis.importScripts(glueUrl);
    const core = await instantiateCore(globalThis.createFocalCore, module);
    for (const [name, create] of Object.entries(WORKER_SERVICES)) endpoint.services[name] = create(core);
  },
};

Comlink.expose(endpoint);
