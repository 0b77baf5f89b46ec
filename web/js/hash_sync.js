// The settings in the address: read from the hash at start, written back (throttled) as they
// change, and read again when the reader edits the address by hand. A hash that is just an
// element's id ("#panel-gradient") is a link into the page, not settings.
import { parseHash, serializeHash } from './state.js';

// The hash is rewritten at most this often: Chromium throttles (and warns about) a page that
// calls history.replaceState hundreds of times in a few seconds, which a slider drag would.
const HASH_INTERVAL_MS = 250;

export function isSectionLink(hash) {
  const id = hash.slice(1);
  return id !== '' && !id.includes('=') && document.getElementById(id) !== null;
}

// The address the page was opened with: either a section to scroll to, or settings (with the
// problems of those that did not validate).
export function readStartHash() {
  const hash = window.location.hash;
  if (isSectionLink(hash)) return { linkedSection: hash.slice(1), values: {}, problems: [] };
  return { linkedSection: null, ...parseHash(hash) };
}

export function scrollToSection(id) {
  if (id) document.getElementById(id).scrollIntoView({ block: 'start' });
}

// `defaults`: the state a hash leaves out. `onProblems(problems)` is told what a hand-edited
// hash got wrong.
export function createHashSync({ store, defaults, onProblems }) {
  const timing = { lastWrite: 0, timer: 0, idle: 0 };

  function write() {
    clearTimeout(timing.timer);
    timing.timer = 0;
    if (timing.idle) cancelIdleCallback(timing.idle);
    timing.idle = 0;
    timing.lastWrite = performance.now();
    const hash = serializeHash(store.state, defaults);
    const url = hash ? `#${hash}` : window.location.pathname + window.location.search;
    if (window.location.hash.slice(1) !== hash) history.replaceState(null, '', url);
  }

  // The address is rewritten outside the frames that draw input: history.replaceState costs a
  // few milliseconds, which a frame that also redraws a chart cannot spare. It waits for the
  // throttle, then for the page to be idle (at most another HASH_INTERVAL_MS).
  function schedule() {
    if (timing.timer || timing.idle) return;
    const wait = Math.max(0, HASH_INTERVAL_MS - (performance.now() - timing.lastWrite));
    timing.timer = setTimeout(() => {
      timing.timer = 0;
      timing.idle = requestIdleCallback(() => {
        timing.idle = 0;
        write();
      }, { timeout: HASH_INTERVAL_MS });
    }, wait);
  }

  // Editing the address by hand: what the new hash names wins, everything else goes to defaults.
  function listen() {
    window.addEventListener('hashchange', () => {
      if (isSectionLink(window.location.hash)) {
        // Put the settings back in the address once the browser has scrolled to the section.
        write();
        return;
      }
      const parsed = parseHash(window.location.hash);
      onProblems(parsed.problems);
      store.apply({ ...defaults, ...parsed.values }, 'link');
    });
  }

  return {
    write,
    schedule,
    listen,
    // The settings as a link to share (the embed snippet, an embedded frame's "open full page",
    // the classroom link with its `overrides`): the language always included, so the reader sees
    // the page as the sharer did.
    shareable: (overrides = {}) => serializeHash({ ...store.state, ...overrides }, defaults, ['lang']),
  };
}
