// Steps per second of a playing run, over the last second or so, for the panel's "N steps/s".
// The run's steps are counted where they are taken (the training worker); the page sees each
// answer's step count and when it arrived.
const WINDOW_MS = 1000;

export class StepRate {
  constructor() {
    this.restart();
  }

  // Playing started or stopped, or a new run began: the rate starts over.
  restart() {
    this.since = 0;
    this.fromStep = 0;
    this.value = null;
  }

  // The run stood at `step` at time `now` (performance.now()).
  observe(step, now = performance.now()) {
    if (!this.since) {
      this.since = now;
      this.fromStep = step;
      return;
    }
    if (now - this.since < WINDOW_MS) return;
    this.value = (1000 * (step - this.fromStep)) / (now - this.since);
    this.since = now;
    this.fromStep = step;
  }

  // Null until a whole window has passed.
  get stepsPerSecond() {
    return this.value;
  }
}
