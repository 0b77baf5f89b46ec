// The guided lesson: a bar at the foot of the page that walks through the paper's argument
// (lesson_steps.js). The step is the `story` setting, so `#story=N` opens it, each step has its own
// link, and the URL follows the reader through it. Going to a step applies the step's settings
// and highlights the part of the panel it talks about; after that the reader may move anything,
// and "Reset step" puts the step's settings back. Escape (or the close button) leaves the lesson
// and keeps the settings as they are.
import { logitOf } from './charts.js';
import { t } from './i18n.js';
import { LESSON_STEPS } from './lesson_steps.js';
import { formatCount, formatNumber, formatPercent } from './number_format.js';
import { parseHash, validatePatch } from './state.js';


// The numbers a step's words take from the core, for the settings the step applied.
const LIVE_VALUES = {
  dense: ({ panel }) => ({
    total: formatCount(panel.scripting.report.counts.total),
    positives: formatCount(panel.scripting.report.counts.positives),
  }),
  easyNegatives: ({ panel }) => {
    const ce = panel.scripting.report.losses.crossEntropy;
    return { ceEasy: formatPercent(ce.shares.easyNegatives), ceEasyGrad: formatPercent(ce.gradientShares.easyNegatives) };
  },
  factor: ({ core }) => {
    const x = logitOf(0.9);
    const ce = core.evaluateLoss('crossEntropy', null, x, 1).loss;
    const fl = core.evaluateLoss('focal', { alpha: -1, gamma: 2 }, x, 1).loss;
    return { ratio: formatNumber(ce / fl, 4) };
  },
};

// A key press in a field belongs to the field (an arrow key moves a slider, not the lesson).
function typingInto(target) {
  return target instanceof Element && target.closest('input, select, textarea, [contenteditable], dialog') !== null;
}

// `host`: the panel host; `sweep`: the gamma sweep, which a step may start. An embedded panel
// shows no lesson (its steps need the whole page): `story` is then kept but not shown.
export function createLesson({ store, host, core, sweep }) {
  const available = LESSON_STEPS.every((step) => host.names.includes(step.panel));
  for (const step of LESSON_STEPS) {
    const { problems } = validatePatch(step.patch);
    if (problems.length) throw new Error(`lesson step ${step.id}: settings that do not validate: ${JSON.stringify(problems)}`);
  }
  const bar = document.getElementById('lesson');
  const $ = (id) => document.getElementById(id);
  const lesson = { shown: 0, values: {}, highlighted: null, going: Promise.resolve() };

  function render() {
    const number = store.state.story;
    if (number === 0) return;
    const step = LESSON_STEPS[number - 1];
    $('lesson-progress').textContent = t('lesson.progress', { step: number, total: LESSON_STEPS.length });
    $('lesson-title').textContent = t(`lesson.${step.id}.title`);
    $('lesson-body').textContent = t(`lesson.${step.id}.body`, lesson.values);
    $('lesson-prev').disabled = number === 1;
    $('lesson-next').disabled = number === LESSON_STEPS.length;
  }

  function highlight(element) {
    if (lesson.highlighted) lesson.highlighted.classList.remove('lesson-focus');
    lesson.highlighted = element;
    if (element) element.classList.add('lesson-focus');
  }

  // Shows step `number` (already in the state): its settings but those named in `keep`, its panel
  // drawn and in view, its part highlighted, its words with the core's numbers.
  async function show(number, keep) {
    const step = LESSON_STEPS[number - 1];
    sweep.pause();
    const settings = validatePatch(step.patch).values;
    for (const key of keep) delete settings[key];
    store.apply(settings, 'lesson');
    await store.settled();
    await host.load(step.panel);
    await host.afterRender();
    const panel = host.panelNow(step.panel);
    await host.settled();
    if (store.state.story !== number) return; // the reader moved on meanwhile
    const live = LIVE_VALUES[step.id];
    lesson.values = live ? live({ panel, core }) : {};
    lesson.shown = number;
    bar.hidden = false;
    document.documentElement.classList.add('lesson-open');
    render();
    const section = document.getElementById(`panel-${step.panel}`);
    const focus = section.querySelector(step.focus) || section;
    highlight(focus);
    focus.scrollIntoView({ block: 'center' });
    if (step.sweep) sweep.autoplay();
  }

  function hide() {
    lesson.shown = 0;
    sweep.pause();
    highlight(null);
    bar.hidden = true;
    document.documentElement.classList.remove('lesson-open');
  }

  // Every change of `story`, from the buttons, the keys, a link or a script, ends here. `keep`:
  // settings given together with the step, which win over the step's own.
  function follow(keep) {
    const number = available ? store.state.story : 0;
    const next = lesson.going.then(() => (number === 0 ? hide() : show(number, keep)));
    lesson.going = next.catch((error) => console.error(error));
    return next;
  }

  function go(number) {
    if (!available) return Promise.reject(new Error('focalExplorer.story: the lesson needs the whole page, not an embedded panel'));
    const { values, problems } = validatePatch({ story: number });
    if (problems.length || values.story === 0) {
      return Promise.reject(new RangeError(`focalExplorer.story.go: step must be a whole number from 1 to ${LESSON_STEPS.length}, got ${String(number)}`));
    }
    if (store.state.story === values.story) return follow([]);
    store.apply({ story: values.story }, 'lesson');
    return lesson.going;
  }

  const close = () => {
    store.apply({ story: 0 }, 'lesson');
    return lesson.going;
  };
  const next = () => (store.state.story > 0 && store.state.story < LESSON_STEPS.length ? go(store.state.story + 1) : lesson.going);
  const prev = () => (store.state.story > 1 ? go(store.state.story - 1) : lesson.going);

  $('lesson-start').addEventListener('click', () => go(1));
  $('lesson-next').addEventListener('click', next);
  $('lesson-prev').addEventListener('click', prev);
  $('lesson-close').addEventListener('click', close);
  $('lesson-reset').addEventListener('click', () => follow([]));
  document.addEventListener('keydown', (event) => {
    if (store.state.story === 0 || event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
    const action = { ArrowRight: next, PageDown: next, ArrowLeft: prev, PageUp: prev, Escape: close }[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // A link that names a step and other settings reproduces what its sharer saw: the settings it
  // names win. So do those a script or an embedding page sets together with the step.
  const namedInAddress = () => Object.keys(parseHash(window.location.hash).values);
  store.subscribe((changed, source) => {
    if (changed.includes('story')) {
      const keep = source === 'lesson' ? [] : source === 'link' ? namedInAddress() : changed;
      follow(keep.filter((key) => key !== 'story'));
    } else if (changed.includes('lang') && lesson.shown) render();
  });

  return {
    // At start: a link that opens the lesson shows its step.
    start: () => (store.state.story > 0 ? follow(namedInAddress().filter((key) => key !== 'story')) : Promise.resolve()),
    // focalExplorer.story
    api: Object.freeze({
      steps: Object.freeze(LESSON_STEPS.map((step) => Object.freeze({ id: step.id, panel: step.panel, patch: Object.freeze({ ...step.patch }) }))),
      get step() {
        return store.state.story === 0 ? null : store.state.story;
      },
      go,
      next,
      prev,
      close,
    }),
  };
}
