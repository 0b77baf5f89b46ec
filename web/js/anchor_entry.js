// The anchors panel's entry, loaded with the page: its settings (a link may name them before the
// panel is ever drawn) and its definition. The panel's code, anchor_panel.js, loads when the
// panel comes near the viewport or a script asks for it (panels.js says how).
import { anchorOption, numberSetting } from './core_settings.js';
import { registerPanel } from './panels.js';
import { registerProps } from './state.js';

const SEED_MAX = 4294967295;

// State names of each group's distribution overrides (null: follow the detector quality).
export const OVERRIDES = {
  easyNegatives: { mean: 'anchorEasyMean', std: 'anchorEasyStd' },
  hardNegatives: { mean: 'anchorHardMean', std: 'anchorHardStd' },
  positives: { mean: 'anchorPosMean', std: 'anchorPosStd' },
};
export const OVERRIDE_KEYS = Object.values(OVERRIDES).flatMap((group) => [group.mean, group.std]);

registerProps([
  numberSetting('anchorCount', anchorOption('count'), { min: 1000 }),
  // 1 : anchorRatio of the anchors is foreground (foregroundFraction = 1 / anchorRatio).
  { name: 'anchorRatio', kind: 'number', integer: true, min: 10, max: 10000, default: 1 / anchorOption('foregroundFraction').defaultValue },
  numberSetting('anchorQuality', anchorOption('detectorQuality')),
  numberSetting('anchorSeed', anchorOption('seed'), { max: SEED_MAX }),
  numberSetting('anchorHardFraction', anchorOption('hardNegativeFraction')),
  ...OVERRIDE_KEYS.map((name) =>
    name.endsWith('Mean')
      ? { name, kind: 'autoNumber', min: -20, max: 20, default: null }
      : { name, kind: 'autoNumber', min: 0, max: 10, default: null },
  ),
]);

registerPanel({
  name: 'anchors',
  navKey: 'nav.anchors',
  charts: ['anchorShares', 'anchorCdfPositives', 'anchorCdfNegatives', 'anchorFactor', 'anchorInit'],
  scripting: ['report', 'options'],
  deferWhenHidden: true,
  keys: ['lang', 'gamma', 'alpha', 'anchorCount', 'anchorRatio', 'anchorQuality', 'anchorSeed', 'anchorHardFraction', ...OVERRIDE_KEYS],
  load: () => import('./anchor_panel.js'),
});
