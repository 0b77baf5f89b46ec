// Play / pause for an animation driven by requestAnimationFrame (TensorFlow Playground's
// Player). Every play() starts a new generation; a frame callback of an older generation returns
// without doing anything, so pause() and reset() stop the loop cleanly even when a frame is
// already scheduled.
export class Player {
  constructor(tick, onChange = () => {}) {
    this.tick = tick;
    this.onChange = onChange;
    this.generation = 0;
    this.playing = false;
  }

  play() {
    if (this.playing) return;
    this.playing = true;
    const generation = ++this.generation;
    const frame = () => {
      if (generation !== this.generation) return;
      // tick() returns false to stop by itself (e.g. at the step limit).
      if (this.tick() === false) {
        this.pause();
        return;
      }
      if (generation === this.generation) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    this.onChange(true);
  }

  pause() {
    this.generation += 1;
    if (!this.playing) return;
    this.playing = false;
    this.onChange(false);
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }
}
