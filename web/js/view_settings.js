// Settings of the view rather than of the losses: the theme, presenter mode, the controls a
// classroom link hides, and the lesson step. They live in the same state table as every other
// setting, so the URL, the embedding page and scripts set them the same validated way.
import { LESSON_STEPS } from './lesson_steps.js';
import { PROPS, registerProps } from './state.js';

// Setting names a classroom link may hide: every setting that has a control on the page.
const VIEW_ONLY = new Set(['theme', 'present', 'hide', 'story']);

registerProps([
  // auto follows the reader's system (prefers-color-scheme).
  { name: 'theme', kind: 'choice', choices: ['auto', 'light', 'dark'], default: 'auto' },
  { name: 'present', kind: 'boolean', default: false },
  {
    name: 'hide',
    kind: 'choiceList',
    // Read when a value is parsed, so settings registered after this module can be hidden too.
    get choices() {
      return PROPS.map((prop) => prop.name).filter((name) => !VIEW_ONLY.has(name));
    },
    default: [],
  },
  // 0: the lesson is closed; 1..N: the step it shows.
  { name: 'story', kind: 'number', integer: true, min: 0, max: LESSON_STEPS.length, default: 0 },
]);
