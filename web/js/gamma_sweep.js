// The gamma sweep: gamma runs from 0 to 5 and back, through the state like a slider drag, so the
// loss and gradient panels, the URL and an embedding page all follow it. The reader's own move
// of gamma stops it. Started by a step of the lesson, it stays still for a reader who asked
// for reduced motion; the button still starts it on request.
import { Player } from './player.js';

const GAMMA_MAX = 5;
const ROUND_TRIP_MS = 8000;

export function prefersReducedMotion() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

// `selector`: the play/pause toggles (aria-pressed), one on each panel that plots against gamma,
// looked up whenever they change: a panel below the fold adds its own when it mounts
// (panel_host.js), and relabel() then shows it the sweep's state. `label(playing)`: their text.
export function createGammaSweep({ store, apply, selector, label }) {
  const sweep = { start: 0 };
  const showPlaying = (playing) => {
    for (const button of document.querySelectorAll(selector)) {
      button.setAttribute('aria-pressed', String(playing));
      button.textContent = label(playing);
    }
  };
  const player = new Player(() => {
    const phase = (((performance.now() - sweep.start) % ROUND_TRIP_MS) + ROUND_TRIP_MS) % ROUND_TRIP_MS / ROUND_TRIP_MS;
    const triangle = phase < 0.5 ? 2 * phase : 2 - 2 * phase;
    apply({ gamma: Math.round(GAMMA_MAX * triangle * 100) / 100 }, 'sweep');
  }, showPlaying);

  function play() {
    // Start where gamma is now, on the rising side: no jump.
    const from = Math.min(store.state.gamma, GAMMA_MAX) / GAMMA_MAX;
    sweep.start = performance.now() - (from * ROUND_TRIP_MS) / 2;
    player.play();
  }

  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element && event.target.closest(selector))) return;
    if (player.playing) player.pause();
    else play();
  });
  store.subscribe((changed, source) => {
    if (player.playing && changed.includes('gamma') && source !== 'sweep') player.pause();
  });
  // A reader who reaches for a gamma control takes over before the first keystroke: the sweep
  // would otherwise write into the box they are typing in.
  const takeOver = (event) => {
    if (player.playing && event.target instanceof Element && event.target.closest('[data-setting="gamma"]')) player.pause();
  };
  document.addEventListener('focusin', takeOver);
  document.addEventListener('pointerdown', takeOver);

  return {
    get playing() {
      return player.playing;
    },
    play,
    pause: () => player.pause(),
    // What a lesson step calls: motion the reader did not ask for waits for a reader who
    // prefers none.
    autoplay() {
      if (!prefersReducedMotion()) play();
    },
    relabel: () => showPlaying(player.playing),
  };
}
