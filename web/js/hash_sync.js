// The settings in the address: read from the hash at start, written back (throttled) as they
// change, and read again when the reader edits the address by hand. A hash that is just an
// element's id ("#panel-gradient") is a link into the page, not settings.
import { parseHash, serializeHash } from './state.js';

// The hash is rewritten once the settings have been still this long. Chromium throttles (and warns
// about) a page that calls history.replaceState hundreds of times in a few seconds, which a slider
// drag would; and after every rewrite it fetches and decodes the page's icon again on the main
// thread (an SVG document, 4-7 ms in a trace of a gamma drag), which lands in the drag's frames.
const HASH_QUIET_MS = 250;
// ... or, while they keep changing (a long drag, the gamma sweep), every this often.
const HASH_MAX_WAIT_MS = 2000;

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
  const timing = { timer: 0, idle: 0, firstChange: 0 };

  function write() {
    clearTimeout(timing.timer);
    timing.timer = 0;
    if (timing.idle) cancelIdleCallback(timing.idle);
    timing.idle = 0;
    timing.firstChange = 0;
    const hash = serializeHash(store.state, defaults);
    const url = hash ? `#${hash}` : window.location.pathname + window.location.search;
    if (window.location.hash.slice(1) !== hash) history.replaceState(null, '', url);
  }

  // The address is rewritten outside the frames that draw input: history.replaceState costs a
  // few milliseconds, which a frame that also redraws a chart cannot spare. Each change restarts
  // the wait (up to HASH_MAX_WAIT_MS after the first change not yet written), so a short drag
  // writes the address once, after it stops; then the write waits for the page to be idle (at most
  // another HASH_QUIET_MS).
  function schedule() {
    const now = performance.now();
    if (!timing.firstChange) timing.firstChange = now;
    if (timing.idle) return; // the write is already waiting for an idle moment
    clearTimeout(timing.timer);
    const wait = Math.min(HASH_QUIET_MS, Math.max(0, timing.firstChange + HASH_MAX_WAIT_MS - now));
    timing.timer = setTimeout(() => {
      timing.timer = 0;
      timing.idle = requestIdleCallback(() => {
        timing.idle = 0;
        write();
      }, { timeout: HASH_QUIET_MS });
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
