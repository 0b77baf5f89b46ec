// Workers with their own wasm core (core_worker.js), for work that would block the page for more
// than a frame. Each feature opens its own worker, so Cancel can end the worker at once (a
// terminated worker stops mid-loop; a message asking it to stop would wait for the loop to end)
// without losing another feature's work; the next run starts a fresh one.
//
//   const worker = openCoreWorker();
//   const report = await worker.run((services) => services.data.load(bytes, Comlink.proxy(onProgress)));
//   worker.cancel();   // the pending run() rejects with an error named 'AbortError'
//
// Workers share the page's compiled wasm module (core_loader.js). The served page starts them
// from core_worker.js beside it; the single file carries that script in
// <script type="text/plain" id="core-worker-source"> and starts it from a Blob, after the core's
// glue taken from <script id="focal-core-glue">, since a file:// page can fetch neither.
import * as Comlink from 'comlink';

import { coreModule } from './core_loader.js';

export { Comlink };

const WORKER_SOURCE_ID = 'core-worker-source';
const GLUE_ID = 'focal-core-glue';

let blobUrl = null;

function newWorker() {
  const embedded = document.getElementById(WORKER_SOURCE_ID);
  if (!embedded) return { worker: new Worker(new URL('core_worker.js', document.baseURI)), glueUrl: new URL('focal_core.js', document.baseURI).href };
  blobUrl ??= URL.createObjectURL(
    new Blob([document.getElementById(GLUE_ID).textContent, '\n', embedded.textContent], { type: 'text/javascript' }),
  );
  return { worker: new Worker(blobUrl), glueUrl: null };
}

function abortError() {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

export function isAbort(error) {
  return error?.name === 'AbortError';
}

export function openCoreWorker() {
  let current = null; // { worker, remote, ready, cancelled: Promise that rejects on cancel }

  function ensure() {
    if (current) return current;
    const { worker, glueUrl } = newWorker();
    const remote = Comlink.wrap(worker);
    let rejectCancelled;
    const cancelled = new Promise((resolve, reject) => {
      rejectCancelled = reject;
    });
    cancelled.catch(() => {});
    const ready = coreModule().then((module) => remote.start(module, glueUrl));
    current = { worker, remote, ready, cancelled, rejectCancelled };
    return current;
  }

  return {
    // Runs job(services) in the worker (each method call on services goes to the worker) and
    // resolves with its result, or rejects with an AbortError when cancel() comes first.
    async run(job) {
      const instance = ensure();
      const work = instance.ready.then(() => job(instance.remote.services));
      return Promise.race([work, instance.cancelled]);
    },
    // Ends the worker and whatever it was doing; the next run() starts a new one.
    cancel() {
      if (!current) return;
      current.worker.terminate();
      current.rejectCancelled(abortError());
      current = null;
    },
    get started() {
      return current !== null;
    },
  };
}

// Calls fn(request) for the newest request only: while one call runs, later requests replace
// each other, and when it ends the last one runs. Older callers resolve with undefined. For
// inputs that arrive faster than the worker answers (a dragged slider): the latest settings win.
export function latestOnly(fn) {
  let running = false;
  let waiting = null; // { request, resolve, reject }
  async function drain(request) {
    running = true;
    try {
      return await fn(request);
    } finally {
      running = false;
      if (waiting) {
        const next = waiting;
        waiting = null;
        drain(next.request).then(next.resolve, next.reject);
      }
    }
  }
  return (request) => {
    if (!running) return drain(request);
    waiting?.resolve(undefined);
    return new Promise((resolve, reject) => {
      waiting = { request, resolve, reject };
    });
  };
}
