// The anchors panel's simulation in a core worker (core_workers.js): sampling a million anchors
// and walking them takes tens of milliseconds, more than a frame. The worker's core keeps the
// sampled population between calls, as the page's does, so moving gamma, alpha or the detector
// only re-evaluates it; the seed and the count re-sample there too, off the page's thread.
export function createAnchorService(core) {
  return {
    simulate(options) {
      return core.simulateAnchors(options);
    },
  };
}
