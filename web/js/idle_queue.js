// Work items drawn while the page is idle between frames, newest data first come first served:
// a panel whose redraw takes several chart updates answers an input with the part that matters
// at once and queues the rest here. An item queued twice is drawn once.
// Another item is drawn in the same idle period only if this much of it is left (a chart update
// takes several milliseconds), and none waits longer than QUEUE_WAIT_MS.
const IDLE_ITEM_MS = 12;
const QUEUE_WAIT_MS = 150;

export class IdleQueue {
  // `draw(item)` draws one item; `onPending(count)` is told how many are left after each change.
  constructor(draw, onPending) {
    this.draw = draw;
    this.onPending = onPending;
    this.items = new Set();
    this.handle = 0;
  }

  add(item) {
    this.items.add(item);
  }

  // Items still to draw.
  get size() {
    return this.items.size;
  }

  schedule() {
    this.onPending(this.items.size);
    if (this.handle || this.items.size === 0) return;
    // One item per idle period, more if it leaves time; QUEUE_WAIT_MS bounds the wait while a
    // drag keeps the page busy, so the queued charts never freeze.
    const next = (deadline) => {
      this.handle = 0;
      do {
        const [item] = this.items;
        if (item === undefined) break;
        this.items.delete(item);
        this.draw(item);
      } while (deadline && deadline.timeRemaining() > IDLE_ITEM_MS);
      if (this.items.size) this.schedule();
      else this.onPending(0);
    };
    this.handle = document.hidden ? setTimeout(next, 0) : requestIdleCallback(next, { timeout: QUEUE_WAIT_MS });
  }

  // Draws everything still queued, now.
  flush() {
    for (const item of this.items) this.draw(item);
    this.items.clear();
    this.onPending(0);
  }
}
