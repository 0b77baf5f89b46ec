// How many training steps go into each animation frame while a run plays, and how many steps per
// second that comes to. Stepping gets about STEP_BUDGET_MS of each frame; the rest is for the
// snapshot and drawing. When frames are slow (many points, a slow machine), more steps go into
// each so that both models still train at least MIN_STEPS_PER_SECOND.
const STEP_BUDGET_MS = 8;
const MIN_STEPS_PER_SECOND = 60;
const MAX_STEPS_PER_FRAME = 20;
// A frame's length until one has been measured: the display's usual 60 Hz.
const FIRST_FRAME_MS = 1000 / 60;
// A longer gap than this is a stall (a hidden tab, a breakpoint), not a frame.
const LONGEST_FRAME_MS = 500;

export class StepPacer {
  constructor() {
    this.msPerStep = null; // measured on this run; null until a step has been timed
    this.frameMs = FIRST_FRAME_MS; // smoothed time between frames
    this.lastTick = 0; // when the previous frame of this play began; 0 before the first
    this.rate = { steps: 0, since: 0, value: null };
  }

  // A new run steps at its own speed.
  newRun() {
    this.msPerStep = null;
  }

  // Playing started or stopped: the next frame is the first of its play, and the rate restarts.
  restart() {
    this.rate = { steps: 0, since: 0, value: null };
    this.lastTick = 0;
  }

  stepsThisFrame() {
    const now = performance.now();
    const interval = this.lastTick ? now - this.lastTick : FIRST_FRAME_MS;
    this.lastTick = now;
    this.frameMs = 0.8 * this.frameMs + 0.2 * Math.min(interval, LONGEST_FRAME_MS);
    if (this.msPerStep === null) return 1;
    const byBudget = Math.floor(STEP_BUDGET_MS / this.msPerStep);
    const byRate = Math.ceil((MIN_STEPS_PER_SECOND * this.frameMs) / 1000);
    return Math.max(1, Math.min(MAX_STEPS_PER_FRAME, Math.max(byBudget, byRate)));
  }

  // `steps` steps took from `start` to `end` (performance.now()).
  measured(steps, start, end) {
    const each = (end - start) / steps;
    this.msPerStep = this.msPerStep === null ? each : 0.8 * this.msPerStep + 0.2 * each;
    const rate = this.rate;
    if (!rate.since) rate.since = end;
    rate.steps += steps;
    if (end - rate.since >= 1000) {
      rate.value = (1000 * rate.steps) / (end - rate.since);
      rate.steps = 0;
      rate.since = end;
    }
  }

  // Steps per second over the last second or so of playing; null before a second has passed.
  get stepsPerSecond() {
    return this.rate.value;
  }
}
