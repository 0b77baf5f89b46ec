// The training panel's entry, loaded with the page: the settings of its runs, of the repeat over
// seeds and of the three-class view (a link may name them before the panel is ever drawn), and
// its definition. The panel's code, training_panel.js and the views it draws with, loads when the
// panel comes near the viewport or a script asks for it (panels.js says how). Ranges and defaults
// are the core's (trainingOption, multiclassOption, from the core's registry).
import { choiceSetting, multiclassOption, numberSetting, trainingOption } from './core_settings.js';
import { registerPanel } from './panels.js';
import { registerProps } from './state.js';

const SEED_MAX = 4294967295;

// The repeat over seeds: a request's range of seeds, and the metrics its bands can show.
export const MIN_SEEDS = 5;
export const MAX_SEEDS = 50;
export const SEED_METRICS = ['ap', 'recall', 'loss'];

registerProps([
  { name: 'trainSeedCount', kind: 'number', integer: true, min: MIN_SEEDS, max: MAX_SEEDS, default: 20 },
  { name: 'trainSeedSteps', kind: 'numberChoice', choices: [500, 1000, 2000, 5000], default: 2000 },
  { name: 'trainSeedMetric', kind: 'choice', choices: SEED_METRICS, default: 'ap' },
]);

export const SEED_KEYS = ['trainSeedCount', 'trainSeedSteps', 'trainSeedMetric'];

registerProps([
  // Strings, as the URL writes them: trainClasses=3.
  { name: 'trainClasses', kind: 'choice', choices: ['2', '3'], default: '2' },
  choiceSetting('trainMultiLoss', multiclassOption('lossForm')),
  {
    name: 'trainAlphas',
    kind: 'numberTuple',
    items: multiclassOption('alphas').minItems,
    min: multiclassOption('alphas').min,
    max: multiclassOption('alphas').max,
    default: multiclassOption('alphas').defaultValue,
  },
  // The simplex's true class, numbered from 1 as the page names the classes; 3 is the rare one.
  { name: 'trainSimplexClass', kind: 'choice', choices: ['1', '2', '3'], default: '3' },
]);

// The settings the three-class view reads beyond the two-class run's, and its chart, by the name
// focalExplorer.charts gives it.
export const THREE_CLASS_KEYS = ['trainClasses', 'trainMultiLoss', 'trainAlphas', 'trainSimplexClass'];
export const THREE_CLASS_CHARTS = ['simplex'];

registerProps([
  choiceSetting('trainData', trainingOption('dataset')),
  { name: 'trainPoints', kind: 'numberChoice', choices: [500, 1000, 2000, 5000, 10000], default: trainingOption('count').defaultValue },
  numberSetting('trainMinority', trainingOption('minorityFraction'), { min: 0.01 }),
  numberSetting('trainNoise', trainingOption('labelNoise')),
  choiceSetting('trainModel', trainingOption('model')),
  numberSetting('trainHidden', trainingOption('hidden'), { min: 8, max: 16 }),
  // Adam first in the menu: it is the default.
  choiceSetting('trainOptimizer', trainingOption('optimizer'), { choices: ['adam', 'sgd'] }),
  { name: 'trainRate', kind: 'numberChoice', choices: [0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1], default: trainingOption('learningRate').defaultValue },
  { name: 'trainBatch', kind: 'numberChoice', choices: [0, 16, 32, 64, 128, 256, 512], default: trainingOption('batchSize').defaultValue },
  { name: 'trainPrior', kind: 'boolean', default: trainingOption('priorInit').defaultValue },
  // On: the CE model is alpha-balanced with the page's alpha (the core's crossEntropyAlpha).
  { name: 'trainCeAlpha', kind: 'boolean', default: trainingOption('crossEntropyAlpha').defaultValue >= 0 },
  // The FL model's gamma: fixed, or FLSD-53's (the core's focalGamma).
  choiceSetting('trainFocal', trainingOption('focalGamma')),
  numberSetting('trainSeed', trainingOption('seed'), { max: SEED_MAX }),
  { name: 'trainThreshold', kind: 'number', min: 0.01, max: 0.99, default: 0.5 },
]);

// The settings a run depends on: a change of any of them starts a new run.
export const RUN_KEYS = [
  'gamma',
  'alpha',
  'trainData',
  'trainPoints',
  'trainMinority',
  'trainNoise',
  'trainModel',
  'trainHidden',
  'trainOptimizer',
  'trainRate',
  'trainBatch',
  'trainPrior',
  'trainCeAlpha',
  'trainFocal',
  'trainSeed',
];

registerPanel({
  name: 'training',
  navKey: 'nav.training',
  charts: ['trainLoss', 'trainPr', 'trainMetrics', 'trainReliability', 'trainHistogram', 'trainSeeds', ...THREE_CLASS_CHARTS],
  scripting: ['steps', 'playing', 'snapshot', 'options', 'play', 'pause', 'reset', 'step', 'repeat', 'cancelRepeat'],
  keys: ['lang', 'trainThreshold', ...RUN_KEYS, ...THREE_CLASS_KEYS, ...SEED_KEYS],
  deferWhenHidden: true,
  load: () => import('./training_panel.js'),
});
