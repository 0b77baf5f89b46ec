// The services a core worker (core_worker.js) offers: name -> create(core), where core is the
// worker's own instance of the wasm core and create returns an object of methods the page calls
// through core_workers.js. A method may take a progress callback (wrapped with Comlink.proxy by
// the caller) and should report progress often enough for a progress bar, since Cancel ends the
// worker outright and the method never sees it.
//
// Adding a service: a module <feature>_service.js exporting its create function, and one line here.
import { createAnchorService } from './anchor_service.js';
import { createDataService } from './data_service.js';
import { createSeedService } from './seed_service.js';
import { createTrainingService } from './training_service.js';

export const WORKER_SERVICES = {
  anchors: createAnchorService,
  data: createDataService,
  seeds: createSeedService,
  training: createTrainingService,
};
