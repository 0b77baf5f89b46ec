// Calls to a core worker (core_workers.js) one at a time, in the order they were made, for a
// panel whose settings can change faster than the worker answers. A call that is no longer
// current (the panel's `current()` says so) is never sent if its turn comes too late, and its
// answer is not handed over if it comes back too late; a `newestOnly` call is also left unsent
// once a later call has been made, since that one answers for the newer settings. So a dragged
// slider leaves no backlog in the worker: the latest settings win. The panel's section carries
// data-pending while answers are still to come.
import { isAbort } from './core_workers.js';

export class WorkerCalls {
  // `alsoPending()`: what else the panel still has to draw (charts queued for idle time), counted
  // in data-pending with the answers; the panel calls markPending() when it changes.
  constructor(worker, section, { alsoPending = () => 0 } = {}) {
    this.worker = worker;
    this.section = section;
    this.alsoPending = alsoPending;
    this.queue = Promise.resolve();
    this.made = 0; // calls made so far, to tell the newest
    this.pending = new Set(); // answers still to come
  }

  // Runs job(services) in the worker once the calls before it are done; resolves with its answer,
  // or undefined for a call dropped as above. A worker's error is logged and resolves undefined.
  call(job, { current = () => true, newestOnly = false } = {}) {
    const number = ++this.made;
    const send = () => current() && (!newestOnly || number === this.made);
    const answer = this.queue
      .then(() => (send() ? this.worker.run(job) : undefined))
      .then(
        (value) => (value !== undefined && current() ? value : undefined),
        (error) => {
          if (!isAbort(error)) console.error(error);
          return undefined;
        },
      );
    this.queue = answer;
    this.pending.add(answer);
    this.markPending();
    answer.finally(() => {
      this.pending.delete(answer);
      this.markPending();
    });
    return answer;
  }

  // Resolves once the answers pending now, and those asked for meanwhile, are in; stops waiting
  // for more as soon as untilQuiet() is false (a panel that keeps asking while it plays).
  async settled(untilQuiet = () => true) {
    while (this.pending.size) {
      await Promise.all([...this.pending]);
      if (!untilQuiet()) return;
    }
  }

  markPending() {
    const count = this.pending.size + this.alsoPending();
    if (count) this.section.dataset.pending = String(count);
    else delete this.section.dataset.pending;
  }
}
