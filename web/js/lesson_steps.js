// The lesson: the paper's argument in steps. Each step names the settings it applies (a patch of
// the state, validated like a link), the panel it brings into view, the part of that panel it
// highlights (a selector inside the panel's section), and whether it starts the gamma sweep. Its
// words are lesson.<id>.title and lesson.<id>.body in each language's table; the numbers they
// quote are the paper's (docs/paper-notes.md) or filled in from the core by lesson.js.
const PAPER_DETECTOR = { anchorCount: 100000, anchorRatio: 1000 };
// The loss panel's steps talk about its chart, not its code view.
const LOSS_CHART = { code: 'off', xaxis: 'pt', yscale: 'linear' };

export const LESSON_STEPS = [
  { id: 'dense', panel: 'anchors', focus: '.sim-controls', patch: { ...PAPER_DETECTOR } },
  { id: 'easyNegatives', panel: 'anchors', focus: '.chart-box--shares', patch: { ...PAPER_DETECTOR, gamma: 2, alpha: -1 } },
  { id: 'alpha', panel: 'loss', focus: '.chart-box--main', patch: { ...LOSS_CHART, gamma: 0, alpha: 0.75, target: 'background' } },
  { id: 'factor', panel: 'loss', focus: '.readout', patch: { ...LOSS_CHART, gamma: 2, alpha: -1, target: 'foreground', pt: 0.9 } },
  { id: 'gamma', panel: 'loss', focus: '.chart-box--main', patch: { ...LOSS_CHART, gamma: 2, alpha: 0.25, target: 'foreground' }, sweep: true },
  { id: 'gradient', panel: 'gradient', focus: '.chart-box--main', patch: { gamma: 2, alpha: -1, target: 'foreground' } },
  { id: 'cdf', panel: 'anchors', focus: '.chart-pair', patch: { ...PAPER_DETECTOR, gamma: 2, alpha: -1 } },
  { id: 'prior', panel: 'anchors', focus: '.chart-box--init', patch: { ...PAPER_DETECTOR } },
  { id: 'training', panel: 'training', focus: '#train-models', patch: { gamma: 2, alpha: 0.25 } },
];
