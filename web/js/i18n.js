// Every visible string of the explorer, keyed by id, one table per language. Markup names a key
// with data-i18n (text), data-i18n-aria-label or data-i18n-title; chart and panel code calls t().
// Strings are plain text and always land in the page through textContent or attributes, never
// as HTML. "{name}" placeholders are filled by t(key, {name: value}).
//
// Maths inside prose uses Unicode (p_t as "pₜ", gamma as "γ"); the typeset formulas are KaTeX,
// rendered at build time from formulas.js and shared by every language.

export const LANGUAGES = ['en', 'zh-CN'];

// Loss names and short formulas that read the same in every language (they label chart series).
const SHARED = {
  // A citation keeps the paper's own title (the element is marked lang="en").
  'page.paperTitle': 'Focal Loss for Dense Object Detection',
  'lang.en': 'English',
  'lang.zh-CN': '简体中文',
  'loss.crossEntropy.name': 'CE',
  'loss.alphaCrossEntropy.name': 'α-CE',
  'loss.focal.name': 'FL',
  'loss.focalStar.name': 'FL*',
  'loss.qualityFocal.name': 'QFL',
  'loss.varifocal.name': 'VFL',
  'loss.asymmetric.name': 'ASL',
  'loss.polyOne.name': 'Poly-1',
  'loss.flsd53.name': 'FLSD-53',
  'param.alpha': 'α',
  'param.gamma': 'γ',
  'param.beta': 'β',
  'param.qualityBeta': 'β',
  'param.qflTarget': 'y',
  'param.vflTarget': 'q',
  'param.gammaPos': 'γ₊',
  'param.gammaNeg': 'γ₋',
  'param.margin': 'm',
  'param.epsilon': 'ε',
  'csv.xPt': 'p_t',
  'csv.xLogit': 'x_t',
  'csv.x': 'x',
  'csv.y': 'y',
  'anchors.ratioPrefix': '1 :',
  'notice.dismissSymbol': '×',
};

const EN = {
  ...SHARED,
  'page.title': 'Focal Loss Explorer',
  'page.heading': 'Focal Loss Explorer',
  'page.subtitleBefore': 'An interactive companion to ',
  'page.subtitleAfter': ' by Lin, Goyal, Girshick, He and Dollár (ICCV 2017).',
  'nav.skip': 'Skip to the settings',
  'nav.label': 'Panels',
  'nav.loss': 'Loss',
  'nav.gradient': 'Gradient',
  'nav.compare': 'Compare',
  'control.language': 'Language',
  'status.loading': 'Loading the WebAssembly core…',
  'error.core': 'The WebAssembly core could not be loaded, so nothing can be drawn. ({message})',

  'intro.lead':
    'A one-stage detector scores about 100,000 anchors per image, nearly all easy background; their small cross-entropy losses add up and drown out the few hard examples. Focal loss multiplies each loss by (1 − pₜ)^γ, where pₜ is the probability of the correct class, so well-classified examples count for less. Move γ and every chart follows, computed by the explorer’s C++ core in WebAssembly.',

  'controls.heading': 'Settings',
  'control.gamma': 'γ, focusing parameter',
  'control.gammaNumber': 'γ value',
  'control.alphaOn': 'α-balancing',
  'control.alpha': 'α, foreground weight',
  'control.alphaNumber': 'α value',
  'control.alphaOffNote': 'off: αₜ = 1 for every example',
  'control.beta': 'β, FL* shift',
  'control.betaNumber': 'β value',
  'control.target': 'The example is',
  'control.targetForeground': 'foreground',
  'control.targetBackground': 'background',

  'panel.loss.title': 'Loss: how focal loss discounts easy examples',
  'panel.loss.figure': 'The paper’s Figure 1',
  'panel.loss.controls': 'Loss chart options',
  'panel.loss.family': 'γ values to draw (comma-separated)',
  'panel.loss.familyError': 'Enter 1 to 8 numbers from 0 to 10, separated by commas.',
  'panel.loss.xaxis': 'x-axis',
  'panel.loss.xaxisPt': 'pₜ (probability)',
  'panel.loss.xaxisLogit': 'xₜ (logit)',
  'panel.loss.yscale': 'y-axis',
  'panel.loss.yscaleLinear': 'linear',
  'panel.loss.yscaleLog': 'logarithmic',
  'panel.loss.cursor': 'Readout at pₜ',
  'panel.loss.cursorNumber': 'pₜ of the readout',
  'panel.loss.cursorHint': 'Hover over the chart to read any point; click to pin the readout there.',
  'panel.loss.explain0':
    'pₜ is the probability the model gives the correct class: x is the classifier’s logit and y = ±1 the label, so pₜ near 1 is an easy, well-classified example and pₜ near 0 a hard one. log is the natural logarithm.',
  'panel.loss.explain1':
    'Cross-entropy (the thick dark curve, γ = 0) still charges a noticeable loss for examples the model already gets right: CE(0.9) = −ln 0.9 ≈ 0.105. Summed over tens of thousands of easy background anchors, these small losses outweigh the few hard examples.',
  'panel.loss.explain2':
    'Focal loss multiplies cross-entropy by the modulating factor (1 − pₜ)^γ. For easy examples the factor is tiny: with γ = 2 the loss at pₜ = 0.9 is exactly 100× smaller, and 1000× smaller at pₜ ≈ 0.968, while hard examples (pₜ ≤ 0.5) lose at most a factor of 4. With γ = 0 and α off, focal loss is plain cross-entropy.',
  'panel.loss.explain3':
    'αₜ is a separate weight by class: α for foreground, 1 − α for background. It balances positives against negatives but cannot tell easy examples from hard ones. The paper’s best pair was γ = 2 with α = 0.25 (34.0 AP, Table 1b); larger γ wanted smaller α, because the easy negatives are already down-weighted.',
  'panel.loss.explain4':
    'Try the xₜ axis with a logarithmic y-axis: on the right, cross-entropy fades like e^(−xₜ) but focal loss like e^(−(1+γ)xₜ); on the left, with α off, every curve approaches the line −xₜ, so very hard examples keep almost all of their loss.',

  'readout.label': 'Readout',
  'readout.sentence': 'At pₜ = {pt} and γ = {gamma}, focal loss is {ratio}× smaller than cross-entropy.',
  'readout.sentenceAlpha': 'At pₜ = {pt}, γ = {gamma} and αₜ = {alphaT}, focal loss is {ratio}× smaller than cross-entropy.',
  'readout.sentenceEqual': 'At pₜ = {pt} with γ = 0 and α off, focal loss equals cross-entropy.',
  'readout.ce': 'cross-entropy CE',
  'readout.fl': 'focal loss FL',
  'readout.ratio': 'CE ÷ FL',
  'readout.factor': 'modulating factor (1 − pₜ)^γ',
  'readout.alphaT': 'class weight αₜ',
  'readout.times': '{value}×',

  'chart.loss.aria': 'Line chart of the loss against {axis} for γ = {family}.',
  'chart.loss.yTitle': 'loss',
  'chart.axisPt': 'pₜ, probability of the true class',
  'chart.axisLogit': 'xₜ, logit of the true class',
  'series.ce': 'CE (γ = 0)',
  'series.alphaCe': 'α-CE (γ = 0)',
  'series.family': 'γ = {gamma}',
  'series.current': 'γ = {gamma} (slider)',

  'panel.gradient.title': 'Gradient: which examples drive training',
  'panel.gradient.figure': 'The paper’s Figure 6',
  'chart.gradient.aria': 'Line chart of the gradient dL/dxₜ against xₜ for CE, FL and FL*.',
  'chart.gradient.yTitle': 'gradient dL/dxₜ',
  'series.gradCe': 'CE',
  'series.gradFl': 'FL (γ = {gamma})',
  'series.gradFlAlpha': 'FL (γ = {gamma}, α = {alpha})',
  'series.gradFlStar': 'FL* (γ = {gamma}, β = {beta})',
  'caption.gradient.below':
    'Shaded: |dFL/dxₜ| > 1, for every xₜ below {x} (pₜ below {pt}). There focal loss pushes harder than cross-entropy ever does, since |dCE/dxₜ| = 1 − pₜ < 1. Steepest point: {min} at pₜ ≈ {ptMin}.',
  'caption.gradient.between':
    'Shaded: |dFL/dxₜ| > 1, for xₜ from {from} to {to} (pₜ from {ptFrom} to {ptTo}). There focal loss pushes harder than cross-entropy ever does, since |dCE/dxₜ| = 1 − pₜ < 1. Steepest point: {min} at pₜ ≈ {ptMin}.',
  'caption.gradient.never':
    'With these settings |dFL/dxₜ| stays below 1 across the whole plot, so focal loss never pushes harder than cross-entropy could.',
  'caption.gradient.starOff': 'FL* needs γ > 0, so it is not drawn.',
  'panel.gradient.explain1':
    'Training follows the gradient, so this panel shows how hard each loss pushes on the logit. For cross-entropy dCE/dxₜ = pₜ − 1: it is never steeper than −1, yet still −0.1 for an easy example at pₜ = 0.9, and those add up.',
  'panel.gradient.explain2':
    'Focal loss flattens the right-hand side: well-classified examples get a gradient near zero and stop pulling the weights around. At xₜ = 0 the gradient is −2^−(γ+1)(1 + γ ln 2), which is −0.298 for γ = 2 against −0.5 for cross-entropy.',
  'panel.gradient.explain3':
    'Focal loss is not gentler everywhere, though. For very hard examples its gradient dips below −1: for γ = 2 the minimum is about −1.129, near pₜ ≈ 0.058. The shaded band marks where this happens for the current settings.',
  'panel.gradient.explain4':
    'FL* (the paper’s Appendix A) pursues the same goal with another formula, −log σ(γxₜ + β)/γ, whose gradient σ(γxₜ + β) − 1 always stays between −1 and 0. FL* with γ = 2, β = 1 reached 33.8 AP against 34.0 for focal loss (Table 3).',

  'panel.compare.title': 'Compare: focal loss and its relatives',
  'panel.compare.losses': 'Losses to draw',
  'panel.compare.explain1':
    'Many later losses reuse the idea of focal loss: scale each example’s loss by how easy it already is. Tick a loss to draw it; each one keeps its own parameters, independent of the sliders above.',
  'panel.compare.explain2':
    'The upper chart shows the loss, the lower one its gradient dL/dxₜ, both against xₜ for the class chosen in the settings. Switch the example between foreground and background: ASL and VFL treat the two very differently.',
  'chart.compare.aria': 'Line chart of the selected losses against xₜ.',
  'chart.compareGradient.aria': 'Line chart of the gradients of the selected losses against xₜ.',
  'chart.compare.yTitle': 'loss',
  'chart.compareGradient.yTitle': 'gradient dL/dxₜ',
  'series.compare': '{name} ({params})',
  'series.compareBare': '{name}',
  'series.param': '{name} = {value}',
  'series.paramSeparator': ', ',
  'loss.show': 'Draw {name}',
  'loss.paramLabel': '{param} of {name}',
  'loss.crossEntropy.note': 'Cross-entropy, the baseline.',
  'loss.alphaCrossEntropy.note':
    'Cross-entropy with the class weight αₜ. For plain cross-entropy the paper’s best α was 0.75 (31.1 AP, Table 1a).',
  'loss.focal.note': 'Focal loss (Lin et al. 2017).',
  'loss.focalStar.note': 'The paper’s alternative form (Appendix A); needs γ > 0.',
  'loss.qualityFocal.note':
    'Quality Focal Loss (Li et al. 2020): a soft target y in [0, 1], such as an IoU; |y − σ|^β focuses on predictions far from their target. Background examples use y = 0.',
  'loss.varifocal.note':
    'Varifocal Loss (Zhang et al. 2021): foreground examples are weighted by their IoU target q, background ones are down-weighted by α·p^γ (paper: α = 0.75, γ = 2).',
  'loss.asymmetric.note':
    'Asymmetric Loss (Ridnik et al. 2021): separate γ₊ and γ₋ for positives and negatives, and a margin m that shifts negatives to p_m = max(p − m, 0), so negatives with p ≤ m get no loss at all.',
  'loss.polyOne.note': 'Poly-1 (Leng et al. 2022): cross-entropy plus ε(1 − pₜ), one extra polynomial term.',
  'loss.flsd53.note':
    'FLSD-53 (Mukhoti et al. 2020, for calibration): focal loss with γ = 5 where pₜ < 0.2 and γ = 3 elsewhere, so the loss jumps at pₜ = 0.2.',
  'csv.lossColumn': 'loss {label}',
  'csv.gradColumn': 'dL/dx_t {label}',

  'nav.anchors': 'Anchors',
  'nav.training': 'Training',
  'control.newSeed': 'New seed',

  'panel.anchors.title': 'Anchors: where the loss of one image comes from',
  'panel.anchors.figure': 'The paper’s Sections 3–4 and Figure 4, on a simulated detector',
  'panel.anchors.controls': 'Anchor simulation settings',
  'anchors.count': 'Anchors per image',
  'anchors.countNumber': 'Number of anchors',
  'anchors.ratio': 'Foreground: 1 in N anchors',
  'anchors.ratioNumber': 'N, the number of anchors per foreground anchor',
  'anchors.quality': 'Detector quality',
  'anchors.qualityNumber': 'Detector quality value',
  'anchors.seed': 'Seed',
  'anchors.advanced': 'Advanced: the three groups of anchors',
  'anchors.advancedHint':
    'Each group’s logits x follow a logistic distribution. The detector quality sets all three (0: barely trained, 1: nearly converged); a value typed here overrides it for that group.',
  'anchors.groupHead': 'Group',
  'anchors.countHead': 'Anchors',
  'anchors.meanHead': 'Mean logit',
  'anchors.stdHead': 'Spread (std)',
  'anchors.group.easyNegatives': 'easy negatives',
  'anchors.group.hardNegatives': 'hard negatives',
  'anchors.group.positives': 'positives',
  'anchors.meanOf.easyNegatives': 'Mean logit of the easy negatives',
  'anchors.meanOf.hardNegatives': 'Mean logit of the hard negatives',
  'anchors.meanOf.positives': 'Mean logit of the positives',
  'anchors.stdOf.easyNegatives': 'Standard deviation of the easy negatives’ logits',
  'anchors.stdOf.hardNegatives': 'Standard deviation of the hard negatives’ logits',
  'anchors.stdOf.positives': 'Standard deviation of the positives’ logits',
  'anchors.hardFraction': 'Hard negatives, as a fraction of all negatives',
  'anchors.useQuality': 'Use the detector quality for all',
  'anchors.counts': '{total} anchors: {positives} positives, {hard} hard negatives, {easy} easy negatives.',
  'anchors.sharesTitle': '(a) Who contributes the loss, and the gradient',
  'anchors.cdfTitle': '(b) Cumulative distribution of the loss (Figure 4)',
  'anchors.cdfPositives': 'Positives',
  'anchors.cdfNegatives': 'Negatives',
  'anchors.factorTitle': '(c) The modulating factor (1 − pₜ)^γ over all anchors',
  'anchors.initTitle': '(d) The first iteration: bias 0 or the prior bias',
  'anchors.initZeroHead': 'bias b = 0',
  'anchors.initPriorHead': 'prior bias b = −log((1 − π)/π)',
  'anchors.initLossHead': 'loss',
  'anchors.initPerNegative': 'per negative',
  'anchors.initTotal': 'total',
  'anchors.initBackground': 'background',
  'anchors.lossCe': 'CE',
  'anchors.lossAce': 'α-CE (α = {alpha})',
  'anchors.lossAceOff': 'α-CE (α off)',
  'anchors.lossFl': 'FL (γ = {gamma})',
  'anchors.lossFlAlpha': 'FL (γ = {gamma}, α = {alpha})',
  'anchors.rowLoss': '{loss}: loss',
  'anchors.rowGradient': '{loss}: gradient',
  'anchors.sharesX': 'share of the total (loss, or the sum of |dL/dx|)',
  'anchors.sharesAria':
    'Stacked bars: the shares of the total loss and of the gradient from easy negatives, hard negatives and positives, under CE, α-CE and FL.',
  'anchors.sharesCaption':
    'Under CE, easy negatives carry {ceEasy} of the loss and {ceEasyGrad} of the gradient, the positives {cePos}. Under {fl}, easy negatives carry {flEasy} ({flEasyGrad} of the gradient), hard negatives {flHard} and positives {flPos}.',
  'anchors.sharesAlpha':
    'α-CE with α = {alpha} changes the positives’ share to {acePos}, but it weighs whole classes and cannot tell easy from hard: easy negatives still carry {aceEasy}.',
  'anchors.sharesAlphaOff': 'α is off in the settings, so α-CE is the same as CE here; switch α-balancing on to compare.',
  'anchors.cdfX': 'fraction of samples',
  'anchors.cdfXPositives': 'fraction of positives, easiest first',
  'anchors.cdfXNegatives': 'fraction of negatives, easiest first',
  'anchors.cdfY': 'cumulative share of the loss',
  'anchors.cdfAriaPositives': 'Line chart: cumulative normalised loss of the positive anchors for several γ.',
  'anchors.cdfAriaNegatives': 'Line chart: cumulative normalised loss of the negative anchors for several γ.',
  'anchors.cdfReadout':
    'The hardest {fraction} of positives carry {pos0} of the positive loss under CE (γ = 0) and {posG} under γ = {gamma}. The hardest {fraction} of negatives carry {neg0} of the negative loss under CE and {negG} under γ = {gamma}.',
  'anchors.cdfReadoutCe':
    'Under CE (γ = 0) the hardest {fraction} of positives carry {pos0} of the positive loss, and the hardest {fraction} of negatives {neg0} of the negative loss.',
  'anchors.factorBelow': 'below {edge}',
  'anchors.factorBin': '{from} to {to}',
  'anchors.factorX': 'modulating factor (1 − pₜ)^γ with γ = {gamma} (log scale)',
  'anchors.factorY': 'anchors (log scale)',
  'anchors.factorAria': 'Histogram of the modulating factor over the anchors, per group.',
  'anchors.factorCaption':
    'For {count} of the {total} anchors ({share}) the factor is at most 10⁻²: focal loss with γ = {gamma} keeps at most 1% of their cross-entropy.',
  'anchors.factorCaptionCe': 'With γ = 0 the factor is 1 for every anchor: focal loss is cross-entropy, and all {total} anchors fall in the last bar.',
  'anchors.initZero': 'bias 0',
  'anchors.initPrior': 'prior bias b = {bias} (π = {pi})',
  'anchors.initX': 'total loss over all anchors at the first iteration (log scale)',
  'anchors.initAria': 'Bars: the total loss at the first iteration with bias 0 and with the prior bias, for CE, α-CE and FL.',
  'anchors.initCaption':
    'With the prior bias b = {bias} (π = {pi}) every anchor starts with foreground probability {pi}. A negative anchor then costs −ln(1 − π) = {negB} instead of ln 2 = {neg0}: {ratio}× less. Over {negatives} negatives the first CE falls from {total0} to {totalB}, and the background’s share of it from {share0} to {shareB}.',
  'panel.anchors.explain1':
    'A dense detector such as RetinaNet classifies every anchor box of an image: about 100,000 of them, of which only a handful overlap an object. This panel simulates one image. Each anchor gets a logit from a partly trained detector, in three groups: easy negatives (plain background, confidently rejected), hard negatives (background that looks like an object) and positives.',
  'panel.anchors.explain2':
    'Bars (a) are the paper’s core argument. Under cross-entropy each easy negative adds little, but there are so many that together they carry most of the loss and of the gradient. Focal loss shrinks exactly those terms, so the hard negatives and the positives get the model’s attention. α alone cannot do this: it weighs classes, not difficulty.',
  'panel.anchors.explain3':
    'The paper’s Figure 4 sorts the losses of one group, normalises them to sum to 1 and plots the running total. In the paper (a converged detector, about 10⁷ negative and 10⁵ positive windows) the positive curves look alike for every γ, with about 20% of the hardest positives carrying about half of the loss, while for negatives γ = 2 puts almost all the loss on a small fraction of hard examples. The detector here is simulated and only partly trained, so compare the shapes rather than the exact numbers.',
  'panel.anchors.explain4':
    'Histogram (c) shows why: for most anchors the modulating factor is tiny, so their loss all but vanishes. Part (d) is about the start of training. With the classifier’s bias at 0 every anchor starts at p = 0.5, and the background’s loss is enormous. RetinaNet therefore initialises the bias of its last classification layer to',
  'panel.anchors.explain5':
    'so that every anchor starts by predicting foreground with probability π = 0.01. This changes the initialisation, not the loss; the paper reports that without it, training with plain cross-entropy diverged. RetinaNet also divides the summed loss by the number of positive anchors.',

  'panel.training.title': 'Training: cross-entropy against focal loss, side by side',
  'panel.training.figure': 'Two identical models, the same data, the same starting weights',
  'panel.training.controls': 'Training settings',
  'train.groupData': 'Data',
  'train.groupModel': 'Model',
  'train.groupStart': 'Loss and start',
  'train.lossNote': 'The FL model uses γ and α from the settings above.',
  'train.data': 'Shape',
  'train.dataCluster': 'cluster',
  'train.dataRing': 'ring',
  'train.dataMoons': 'two moons',
  'train.points': 'Points',
  'train.minority': 'Minority fraction',
  'train.minorityNumber': 'Minority fraction value',
  'train.noise': 'Label noise',
  'train.noiseNumber': 'Label noise value',
  'train.model': 'Kind',
  'train.modelLogistic': 'logistic',
  'train.modelMlp': 'MLP',
  'train.hidden': 'Hidden units',
  'train.optimizer': 'Optimiser',
  'train.optimizerAdam': 'Adam',
  'train.optimizerSgd': 'SGD',
  'train.learningRate': 'Learning rate',
  'train.batch': 'Batch size',
  'train.batchFull': 'all (full batch)',
  'train.prior': 'prior-π bias init (π = 0.01)',
  'train.ceAlpha': 'weight CE by α too',
  'train.seed': 'Seed',
  'train.transport': 'Training',
  'train.play': 'Play',
  'train.pause': 'Pause',
  'train.step': 'Step',
  'train.reset': 'Reset',
  'train.threshold': 'Threshold',
  'train.thresholdNumber': 'Threshold value',
  'train.steps': 'step {steps}',
  'train.rate': '{rate} steps/s',
  'train.legendMajority': 'majority point',
  'train.legendMinority': 'minority point',
  'train.legendFlipped': 'training label flipped by noise',
  'train.lossTitle': 'Training loss',
  'train.prTitle': 'Precision–recall curves',
  'train.metricsTitle': 'Minority-class metrics',
  'train.modelCe': 'CE',
  'train.modelAce': 'α-CE (α = {alpha})',
  'train.modelFl': 'FL (γ = {gamma})',
  'train.modelFlAlpha': 'FL (γ = {gamma}, α = {alpha})',
  'train.confusion': 'Confusion matrix at the threshold',
  'train.predMinority': 'called minority',
  'train.predMajority': 'called majority',
  'train.trueMinority': 'minority',
  'train.trueMajority': 'majority',
  'train.metric.precision': 'precision',
  'train.metric.recall': 'recall',
  'train.metric.f1': 'F1',
  'train.metric.averagePrecision': 'AP',
  'train.metric.crossEntropy': 'mean CE',
  'train.boundaryAria':
    'Decision surface of the {model} model with the data points: orange where it calls a point minority at threshold {threshold}, blue elsewhere.',
  'train.divergedNote': 'This model diverged: a logit overflowed. Try a smaller learning rate.',
  'train.noneCalledNote': 'Calls no point minority at this threshold.',
  'train.lossX': 'step',
  'train.lossY': 'own objective (log scale)',
  'train.lossAria': 'Line chart of both models’ training loss against the step.',
  'train.noSkill': 'no skill (AP = {ap})',
  'train.prX': 'recall',
  'train.prY': 'precision',
  'train.prAria': 'Line chart: the precision–recall curves of both models.',
  'train.metricsX': 'at threshold {threshold} (AP: any threshold)',
  'train.metricsY': 'value',
  'train.metricsAria': 'Bars: precision, recall, F1 and AP of the minority class for both models.',
  'train.verdictStart': 'Step 0: both models start from the same weights. Press Play, or Step to train one step at a time.',
  'train.verdictStartPrior':
    'Step 0: both models start from the same weights, with the output bias at the prior π = 0.01, so every point starts with minority probability 0.01. Press Play, or Step to train one step at a time.',
  'train.verdictDiverged': 'The {model} model diverged; its numbers stopped changing.',
  'train.verdictApTie':
    'At step {step} both models rank the minority about equally well: AP {ce} for {ceName} and {fl} for {flName}, against {noSkill} for no skill.',
  'train.verdictApBetter':
    'At step {step}, {better} ranks the minority better: AP {ce} for {ceName} against {fl} for {flName} (no skill: {noSkill}).',
  'train.verdictNoneCalled':
    'At threshold {threshold} the {model} model calls no point minority, so its precision, recall and F1 are 0, although its scores may still rank the points well (AP). Try a lower threshold.',
  'train.verdictF1Tie': 'At threshold {threshold} their F1 is about the same: {ce} for {ceName}, {fl} for {flName}.',
  'train.verdictF1Better': 'At threshold {threshold}, {better} has the higher F1: {ce} for {ceName}, {fl} for {flName}.',
  'panel.training.explain1':
    'Two copies of the same model, starting from the same weights and seeing the same minibatches, learn to find a rare class in 2D data. The only difference is the loss: cross-entropy (optionally α-balanced) for one, focal loss with the γ and α of the settings for the other. The background shows each model’s probability of the minority class: orange where it calls a point minority at the threshold, blue elsewhere.',
  'panel.training.explain2':
    'Precision is the share of points called minority that really are; recall the share of minority points found; F1 combines the two. All three depend on the threshold. Average precision (AP) sums up the whole precision–recall curve and does not; a model with no skill gets the minority fraction.',
  'panel.training.explain3':
    'Focal loss down-weights the many easy majority points, and with the prior-π initialisation its probabilities can stay low for a long time: at the usual threshold 0.5 it may call no point minority at all while its AP is as good as cross-entropy’s. Move the threshold to see it. Which model does better depends on the data, the imbalance, the noise and the settings; the sentence under the models is computed from the runs as they stand, not assumed.',
  'panel.training.explain4':
    'Label noise flips training labels at random (ringed points). The metrics are always measured against the clean labels, the losses against the noisy ones the models train on. The two loss curves are each model’s own objective, so their heights are not comparable; the mean CE in each card measures both models with the same yardstick.',
  'panel.training.explain5':
    'A run is deterministic: the link holds every setting and the seed, so anyone who opens it and trains to the same step gets the same numbers. Changing a setting starts the run again from step 0; playing stops by itself at step 20,000.',
  'csv.chart': 'chart',
  'csv.series': 'series',

  'tools.label': 'Export and share',
  'tools.png': 'Save PNG',
  'tools.csv': 'Save CSV',
  'tools.json': 'Save state (JSON)',
  'tools.embed': 'Embed',
  'embed.title': 'Embed this panel',
  'embed.help':
    'Paste this code into your page. The frame shows the “{panel}” panel with the current settings; the embedding page can change them with postMessage (see examples/embed.html).',
  'embed.snippet': 'Embed code',
  'embed.copy': 'Copy',
  'embed.copied': 'Copied to the clipboard.',
  'embed.copyFailed': 'Copying failed: the code is selected, press Ctrl+C (⌘C on a Mac).',
  'embed.close': 'Close',
  'embed.frameTitle': 'Focal Loss Explorer: {panel}',
  'embed.openFull': 'Open the full explorer',

  'notice.label': 'Notice',
  'notice.fromLink': 'Some settings in the link were ignored and kept their defaults:',
  'notice.fromMessage': 'Some settings sent by the embedding page were ignored:',
  'notice.dismiss': 'Dismiss',
  'notice.badValue': '{key} = “{value}”: expected {expected}.',
  'notice.unknownKey': '“{key}” is not a setting.',
  'notice.badEncoding': '“{value}” could not be decoded.',
  'notice.badEmbed': '“{value}” is not a panel that can be embedded, so the whole page is shown.',
  'notice.badMessage': 'the message had no settings object.',
  'expect.range': 'a number from {min} to {max}',
  'expect.rangeOpen': 'a number above {min} and up to {max}',
  'expect.alpha': 'a number from 0 to 1, or “off”',
  'expect.choice': 'one of {choices}',
  'expect.numberList': '{minItems} to {maxItems} numbers from {min} to {max}, separated by commas',
  'expect.choiceList': 'names from {choices}, separated by commas',
  'expect.integer': 'a whole number from {min} to {max}',
  'expect.autoNumber': '“auto” or a number from {min} to {max}',
  'expect.boolean': 'true or false',

  'footer.core':
    'Every plotted number comes from the explorer’s C++ core compiled to WebAssembly; the page itself does no loss math.',
  'footer.paper': 'Read the paper on arXiv',
};

const ZH = {
  ...SHARED,
  'page.title': '焦点损失探索器',
  'page.heading': '焦点损失探索器',
  'page.subtitleBefore': 'Lin、Goyal、Girshick、He 与 Dollár 的论文',
  'page.subtitleAfter': '（ICCV 2017）的交互式讲解。',
  'nav.skip': '跳到设置',
  'nav.label': '面板',
  'nav.loss': '损失',
  'nav.gradient': '梯度',
  'nav.compare': '对比',
  'control.language': '语言',
  'status.loading': '正在加载 WebAssembly 核心……',
  'error.core': '无法加载 WebAssembly 核心，因此无法绘图。（{message}）',

  'intro.lead':
    '单阶段检测器每张图像要对约 10 万个锚框打分，其中几乎全是容易分类的背景。每个易分样本只贡献很小的交叉熵损失，但合起来就淹没了少数难分样本。焦点损失把每个样本的损失乘以 (1 − pₜ)^γ（pₜ 是正确类别的概率），于是已被正确分类的样本所占比重更小。拖动 γ，所有图表都会随之变化；每个数值都来自本工具编译为 WebAssembly 的 C++ 核心。',

  'controls.heading': '设置',
  'control.gamma': 'γ，聚焦参数',
  'control.gammaNumber': 'γ 的数值',
  'control.alphaOn': 'α 平衡',
  'control.alpha': 'α，前景权重',
  'control.alphaNumber': 'α 的数值',
  'control.alphaOffNote': '关闭：所有样本 αₜ = 1',
  'control.beta': 'β，FL* 的平移量',
  'control.betaNumber': 'β 的数值',
  'control.target': '样本类别',
  'control.targetForeground': '前景',
  'control.targetBackground': '背景',

  'panel.loss.title': '损失：焦点损失如何降低易分样本的权重',
  'panel.loss.figure': '论文图 1',
  'panel.loss.controls': '损失图选项',
  'panel.loss.family': '要绘制的 γ 值（用逗号分隔）',
  'panel.loss.familyError': '请输入 1 到 8 个 0 到 10 之间的数，用逗号分隔。',
  'panel.loss.xaxis': '横轴',
  'panel.loss.xaxisPt': 'pₜ（概率）',
  'panel.loss.xaxisLogit': 'xₜ（对数几率）',
  'panel.loss.yscale': '纵轴',
  'panel.loss.yscaleLinear': '线性',
  'panel.loss.yscaleLog': '对数',
  'panel.loss.cursor': '读数位置 pₜ',
  'panel.loss.cursorNumber': '读数处的 pₜ',
  'panel.loss.cursorHint': '将指针悬停在图上可读取任意一点；单击可把读数固定在该处。',
  'panel.loss.explain0':
    'pₜ 是模型给正确类别的概率：x 是分类器输出的对数几率，y = ±1 是标签，因此 pₜ 接近 1 表示容易、已被正确分类的样本，pₜ 接近 0 表示难分样本。log 为自然对数。',
  'panel.loss.explain1':
    '交叉熵（粗的深色曲线，γ = 0）对模型已经判断正确的样本仍然给出不可忽视的损失：CE(0.9) = −ln 0.9 ≈ 0.105。数以万计的易分背景锚框累加起来，这些小损失会压过少数难分样本。',
  'panel.loss.explain2':
    '焦点损失把交叉熵乘以调制因子 (1 − pₜ)^γ。对易分样本这个因子很小：γ = 2 时，pₜ = 0.9 处的损失恰好缩小为 1/100，pₜ ≈ 0.968 处缩小为 1/1000；而同样在 γ = 2 时，难分样本（pₜ ≤ 0.5）最多只缩小为 1/4。当 γ = 0 且关闭 α 时，焦点损失就是普通的交叉熵。',
  'panel.loss.explain3':
    'αₜ 是另一个按类别设置的权重：前景取 α，背景取 1 − α。它能平衡正负样本，却无法区分易分样本和难分样本。论文中效果最好的组合是 γ = 2、α = 0.25（34.0 AP，表 1b）；γ 越大，最优的 α 越小，因为易分负样本已经被降权了。',
  'panel.loss.explain4':
    '试试横轴选 xₜ、纵轴选对数：在右侧，交叉熵按 e^(−xₜ) 衰减，焦点损失却按 e^(−(1+γ)xₜ) 衰减；在左侧，关闭 α 时所有曲线都趋近直线 −xₜ，所以非常难的样本几乎保留了全部损失。',

  'readout.label': '读数',
  'readout.sentence': '在 pₜ = {pt}、γ = {gamma} 时，焦点损失比交叉熵小 {ratio} 倍。',
  'readout.sentenceAlpha': '在 pₜ = {pt}、γ = {gamma}、αₜ = {alphaT} 时，焦点损失比交叉熵小 {ratio} 倍。',
  'readout.sentenceEqual': '在 pₜ = {pt}、γ = 0 且关闭 α 时，焦点损失等于交叉熵。',
  'readout.ce': '交叉熵 CE',
  'readout.fl': '焦点损失 FL',
  'readout.ratio': 'CE ÷ FL',
  'readout.factor': '调制因子 (1 − pₜ)^γ',
  'readout.alphaT': '类别权重 αₜ',
  'readout.times': '{value} 倍',

  'chart.loss.aria': '损失随 {axis} 变化的折线图，γ = {family}。',
  'chart.loss.yTitle': '损失',
  'chart.axisPt': 'pₜ，真实类别的概率',
  'chart.axisLogit': 'xₜ，真实类别的对数几率',
  'series.ce': 'CE（γ = 0）',
  'series.alphaCe': 'α-CE（γ = 0）',
  'series.family': 'γ = {gamma}',
  'series.current': 'γ = {gamma}（滑块）',

  'panel.gradient.title': '梯度：哪些样本在推动训练',
  'panel.gradient.figure': '论文图 6',
  'chart.gradient.aria': 'CE、FL 与 FL* 的梯度 dL/dxₜ 随 xₜ 变化的折线图。',
  'chart.gradient.yTitle': '梯度 dL/dxₜ',
  'series.gradCe': 'CE',
  'series.gradFl': 'FL（γ = {gamma}）',
  'series.gradFlAlpha': 'FL（γ = {gamma}，α = {alpha}）',
  'series.gradFlStar': 'FL*（γ = {gamma}，β = {beta}）',
  'caption.gradient.below':
    '阴影区域：|dFL/dxₜ| > 1，即 xₜ 小于 {x}（pₜ 小于 {pt}）的所有位置。在这里焦点损失的推动力比交叉熵在任何位置都大，因为 |dCE/dxₜ| = 1 − pₜ < 1。最陡处：pₜ ≈ {ptMin} 时为 {min}。',
  'caption.gradient.between':
    '阴影区域：|dFL/dxₜ| > 1，即 xₜ 从 {from} 到 {to}（pₜ 从 {ptFrom} 到 {ptTo}）。在这里焦点损失的推动力比交叉熵在任何位置都大，因为 |dCE/dxₜ| = 1 − pₜ < 1。最陡处：pₜ ≈ {ptMin} 时为 {min}。',
  'caption.gradient.never': '在当前设置下，|dFL/dxₜ| 在整个图上都小于 1，所以焦点损失的推动力从不超过交叉熵所能达到的程度。',
  'caption.gradient.starOff': 'FL* 要求 γ > 0，因此未绘制。',
  'panel.gradient.explain1':
    '训练沿着梯度进行，所以这个面板展示每种损失对对数几率的推动力度。交叉熵的梯度是 dCE/dxₜ = pₜ − 1：它从不比 −1 更陡，但对 pₜ = 0.9 的易分样本仍有 −0.1，积少成多。',
  'panel.gradient.explain2':
    '焦点损失把右侧压平：已被正确分类的样本梯度接近零，不再牵动权重。在 xₜ = 0 处梯度为 −2^−(γ+1)(1 + γ ln 2)，γ = 2 时是 −0.298，而交叉熵是 −0.5。',
  'panel.gradient.explain3':
    '不过焦点损失并非处处更温和。对非常难的样本，它的梯度会略低于 −1：γ = 2 时最小值约为 −1.129，位于 pₜ ≈ 0.058 附近。阴影带标出了当前设置下出现这种情况的区域。',
  'panel.gradient.explain4':
    'FL*（论文附录 A）用另一个公式 −log σ(γxₜ + β)/γ 达到同样的目的，它的梯度 σ(γxₜ + β) − 1 始终介于 −1 和 0 之间。γ = 2、β = 1 的 FL* 得到 33.8 AP，焦点损失为 34.0（表 3）。',

  'panel.compare.title': '对比：焦点损失及其变体',
  'panel.compare.losses': '要绘制的损失',
  'panel.compare.explain1':
    '许多后来的损失函数沿用了焦点损失的思路：按样本的难易程度缩放它的损失。勾选一个损失即可绘制；每个损失有自己的参数，与上方的滑块无关。',
  'panel.compare.explain2':
    '上图是损失，下图是它的梯度 dL/dxₜ，横轴都是设置中所选类别的 xₜ。把样本在前景和背景之间切换：ASL 和 VFL 对两者的处理截然不同。',
  'chart.compare.aria': '所选损失随 xₜ 变化的折线图。',
  'chart.compareGradient.aria': '所选损失的梯度随 xₜ 变化的折线图。',
  'chart.compare.yTitle': '损失',
  'chart.compareGradient.yTitle': '梯度 dL/dxₜ',
  'series.compare': '{name}（{params}）',
  'series.compareBare': '{name}',
  'series.param': '{name} = {value}',
  'series.paramSeparator': '，',
  'loss.show': '绘制 {name}',
  'loss.paramLabel': '{name} 的 {param}',
  'loss.crossEntropy.note': '交叉熵，作为基准。',
  'loss.alphaCrossEntropy.note': '带类别权重 αₜ 的交叉熵。对普通交叉熵，论文中最好的 α 是 0.75（31.1 AP，表 1a）。',
  'loss.focal.note': '焦点损失（Lin 等，2017）。',
  'loss.focalStar.note': '论文给出的另一种形式（附录 A）；要求 γ > 0。',
  'loss.qualityFocal.note':
    '质量焦点损失（Li 等，2020）：软目标 y 取值于 [0, 1]，例如交并比；|y − σ|^β 让损失集中在偏离目标较远的预测上。背景样本取 y = 0。',
  'loss.varifocal.note':
    '变焦损失（Zhang 等，2021）：前景样本按其交并比目标 q 加权，背景样本按 α·p^γ 降权（论文取 α = 0.75、γ = 2）。',
  'loss.asymmetric.note':
    '非对称损失（Ridnik 等，2021）：正负样本分别使用 γ₊ 和 γ₋，并用概率间隔 m 把负样本的概率平移为 p_m = max(p − m, 0)，因此 p ≤ m 的负样本完全没有损失。',
  'loss.polyOne.note': 'Poly-1（Leng 等，2022）：交叉熵加上 ε(1 − pₜ)，即多一个多项式项。',
  'loss.flsd53.note':
    'FLSD-53（Mukhoti 等，2020，用于校准）：pₜ < 0.2 时 γ = 5，其余 γ = 3 的焦点损失，因此损失在 pₜ = 0.2 处跳变。',
  'csv.lossColumn': '损失 {label}',
  'csv.gradColumn': 'dL/dx_t {label}',

  'nav.anchors': '锚框',
  'nav.training': '训练',
  'control.newSeed': '换一个种子',

  'panel.anchors.title': '锚框：一张图像的损失从哪里来',
  'panel.anchors.figure': '论文第 3–4 节与图 4，基于模拟的检测器',
  'panel.anchors.controls': '锚框模拟设置',
  'anchors.count': '每张图像的锚框数',
  'anchors.countNumber': '锚框数量',
  'anchors.ratio': '前景比例：每 N 个锚框中有 1 个前景',
  'anchors.ratioNumber': 'N，每个前景锚框对应的锚框数',
  'anchors.quality': '检测器质量',
  'anchors.qualityNumber': '检测器质量的数值',
  'anchors.seed': '随机种子',
  'anchors.advanced': '高级：三组锚框',
  'anchors.advancedHint':
    '每组锚框的对数几率 x 服从逻辑斯谛分布。检测器质量同时决定这三组分布（0：几乎未训练，1：接近收敛）；在这里输入的数值会覆盖该组的设定。',
  'anchors.groupHead': '组别',
  'anchors.countHead': '锚框数',
  'anchors.meanHead': '平均对数几率',
  'anchors.stdHead': '离散程度（标准差）',
  'anchors.group.easyNegatives': '易分负样本',
  'anchors.group.hardNegatives': '难分负样本',
  'anchors.group.positives': '正样本',
  'anchors.meanOf.easyNegatives': '易分负样本的平均对数几率',
  'anchors.meanOf.hardNegatives': '难分负样本的平均对数几率',
  'anchors.meanOf.positives': '正样本的平均对数几率',
  'anchors.stdOf.easyNegatives': '易分负样本对数几率的标准差',
  'anchors.stdOf.hardNegatives': '难分负样本对数几率的标准差',
  'anchors.stdOf.positives': '正样本对数几率的标准差',
  'anchors.hardFraction': '难分负样本占全部负样本的比例',
  'anchors.useQuality': '全部按检测器质量设定',
  'anchors.counts': '共 {total} 个锚框：{positives} 个正样本，{hard} 个难分负样本，{easy} 个易分负样本。',
  'anchors.sharesTitle': '（a）谁贡献了损失，以及梯度',
  'anchors.cdfTitle': '（b）损失的累积分布（图 4）',
  'anchors.cdfPositives': '正样本',
  'anchors.cdfNegatives': '负样本',
  'anchors.factorTitle': '（c）所有锚框上的调制因子 (1 − pₜ)^γ',
  'anchors.initTitle': '（d）第一次迭代：偏置为 0 或先验偏置',
  'anchors.initZeroHead': '偏置 b = 0',
  'anchors.initPriorHead': '先验偏置 b = −log((1 − π)/π)',
  'anchors.initLossHead': '损失',
  'anchors.initPerNegative': '每个负锚框',
  'anchors.initTotal': '总和',
  'anchors.initBackground': '背景占比',
  'anchors.lossCe': 'CE',
  'anchors.lossAce': 'α-CE（α = {alpha}）',
  'anchors.lossAceOff': 'α-CE（α 关闭）',
  'anchors.lossFl': 'FL（γ = {gamma}）',
  'anchors.lossFlAlpha': 'FL（γ = {gamma}，α = {alpha}）',
  'anchors.rowLoss': '{loss}：损失',
  'anchors.rowGradient': '{loss}：梯度',
  'anchors.sharesX': '占总量的比例（损失，或 |dL/dx| 之和）',
  'anchors.sharesAria': '堆叠条形图：在 CE、α-CE 和 FL 下，易分负样本、难分负样本和正样本各自占总损失和总梯度的比例。',
  'anchors.sharesCaption':
    '在 CE 下，易分负样本贡献了 {ceEasy} 的损失和 {ceEasyGrad} 的梯度，正样本占 {cePos}。在 {fl} 下，易分负样本占 {flEasy}（梯度的 {flEasyGrad}），难分负样本占 {flHard}，正样本占 {flPos}。',
  'anchors.sharesAlpha':
    'α = {alpha} 的 α-CE 把正样本的占比变为 {acePos}，但它按整个类别加权，无法区分易分与难分：易分负样本仍占 {aceEasy}。',
  'anchors.sharesAlphaOff': '设置中的 α 已关闭，因此这里的 α-CE 与 CE 相同；打开 α 平衡即可比较。',
  'anchors.cdfX': '样本比例',
  'anchors.cdfXPositives': '正样本比例（从最容易的开始）',
  'anchors.cdfXNegatives': '负样本比例（从最容易的开始）',
  'anchors.cdfY': '损失的累积占比',
  'anchors.cdfAriaPositives': '折线图：不同 γ 下正锚框归一化损失的累积分布。',
  'anchors.cdfAriaNegatives': '折线图：不同 γ 下负锚框归一化损失的累积分布。',
  'anchors.cdfReadout':
    '最难的 {fraction} 正样本在 CE（γ = 0）下承担了 {pos0} 的正样本损失，在 γ = {gamma} 下承担 {posG}。最难的 {fraction} 负样本在 CE 下承担了 {neg0} 的负样本损失，在 γ = {gamma} 下承担 {negG}。',
  'anchors.cdfReadoutCe':
    '在 CE（γ = 0）下，最难的 {fraction} 正样本承担了 {pos0} 的正样本损失，最难的 {fraction} 负样本承担了 {neg0} 的负样本损失。',
  'anchors.factorBelow': '小于 {edge}',
  'anchors.factorBin': '{from} 至 {to}',
  'anchors.factorX': '调制因子 (1 − pₜ)^γ，γ = {gamma}（对数刻度）',
  'anchors.factorY': '锚框数（对数刻度）',
  'anchors.factorAria': '各组锚框调制因子的直方图。',
  'anchors.factorCaption':
    '{total} 个锚框中有 {count} 个（{share}）的调制因子不超过 10⁻²：γ = {gamma} 的焦点损失最多只保留它们交叉熵的 1%。',
  'anchors.factorCaptionCe': '当 γ = 0 时，每个锚框的调制因子都是 1：焦点损失就是交叉熵，全部 {total} 个锚框都落在最后一个条形中。',
  'anchors.initZero': '偏置 0',
  'anchors.initPrior': '先验偏置 b = {bias}（π = {pi}）',
  'anchors.initX': '第一次迭代时所有锚框的总损失（对数刻度）',
  'anchors.initAria': '条形图：CE、α-CE 和 FL 在偏置为 0 与先验偏置下第一次迭代的总损失。',
  'anchors.initCaption':
    '采用先验偏置 b = {bias}（π = {pi}）时，每个锚框一开始预测为前景的概率都是 {pi}。于是一个负锚框的损失是 −ln(1 − π) = {negB}，而不是 ln 2 = {neg0}，只有原来的 1/{ratio}。在 {negatives} 个负锚框上，第一次迭代的 CE 总损失从 {total0} 降到 {totalB}，背景所占比例从 {share0} 降到 {shareB}。',
  'panel.anchors.explain1':
    'RetinaNet 这样的密集检测器要对图像中的每个锚框分类：约 10 万个，其中只有少数与物体重叠。本面板模拟一张图像：每个锚框从一个部分训练的检测器得到对数几率，分为三组——易分负样本（明显的背景，被自信地排除）、难分负样本（看起来像物体的背景）和正样本。',
  'panel.anchors.explain2':
    '条形图（a）是论文的核心论点。使用交叉熵时，每个易分负样本贡献很小，但数量极多，合起来占了大部分损失和梯度。焦点损失恰好缩小这些项，让难分负样本和正样本得到模型的注意。单靠 α 做不到这一点：它按类别加权，而不是按难易程度加权。',
  'panel.anchors.explain3':
    '论文的图 4 把一组样本的损失排序、归一化使其总和为 1，再画出累积和。论文中（一个已收敛的检测器，约 10⁷ 个负窗口和 10⁵ 个正窗口），正样本的曲线对各个 γ 都很相似，最难的约 20% 正样本承担约一半损失；而对负样本，γ = 2 把几乎全部损失集中在一小部分难分样本上。这里的检测器是模拟的，而且只训练了一部分，所以请比较曲线的形状，而不是具体数字。',
  'panel.anchors.explain4':
    '直方图（c）说明了原因：对大多数锚框，调制因子非常小，它们的损失几乎消失。（d）部分讲的是训练刚开始时的情况。分类器偏置为 0 时，每个锚框一开始的概率都是 0.5，背景的损失极大。因此 RetinaNet 把最后一个分类层的偏置初始化为',
  'panel.anchors.explain5':
    '使每个锚框一开始以 π = 0.01 的概率预测为前景。这改变的是初始化，而不是损失；论文指出，不这样做时，用普通交叉熵训练会发散。RetinaNet 还会把总损失除以正锚框的数量。',

  'panel.training.title': '训练：交叉熵与焦点损失并排对比',
  'panel.training.figure': '两个相同的模型，相同的数据，相同的初始权重',
  'panel.training.controls': '训练设置',
  'train.groupData': '数据',
  'train.groupModel': '模型',
  'train.groupStart': '损失与初始化',
  'train.lossNote': 'FL 模型使用上方设置中的 γ 和 α。',
  'train.data': '形状',
  'train.dataCluster': '稀有簇',
  'train.dataRing': '圆环',
  'train.dataMoons': '双月',
  'train.points': '点数',
  'train.minority': '少数类比例',
  'train.minorityNumber': '少数类比例的数值',
  'train.noise': '标签噪声',
  'train.noiseNumber': '标签噪声的数值',
  'train.model': '类型',
  'train.modelLogistic': '逻辑回归',
  'train.modelMlp': '多层感知机',
  'train.hidden': '隐藏单元数',
  'train.optimizer': '优化器',
  'train.optimizerAdam': 'Adam',
  'train.optimizerSgd': '随机梯度下降',
  'train.learningRate': '学习率',
  'train.batch': '批大小',
  'train.batchFull': '全部（全批量）',
  'train.prior': '先验 π 偏置初始化（π = 0.01）',
  'train.ceAlpha': 'CE 也按 α 加权',
  'train.seed': '随机种子',
  'train.transport': '训练',
  'train.play': '开始',
  'train.pause': '暂停',
  'train.step': '单步',
  'train.reset': '重置',
  'train.threshold': '阈值',
  'train.thresholdNumber': '阈值的数值',
  'train.steps': '第 {steps} 步',
  'train.rate': '每秒 {rate} 步',
  'train.legendMajority': '多数类点',
  'train.legendMinority': '少数类点',
  'train.legendFlipped': '训练标签被噪声翻转',
  'train.lossTitle': '训练损失',
  'train.prTitle': '精确率–召回率曲线',
  'train.metricsTitle': '少数类指标',
  'train.modelCe': 'CE',
  'train.modelAce': 'α-CE（α = {alpha}）',
  'train.modelFl': 'FL（γ = {gamma}）',
  'train.modelFlAlpha': 'FL（γ = {gamma}，α = {alpha}）',
  'train.confusion': '阈值处的混淆矩阵',
  'train.predMinority': '判为少数类',
  'train.predMajority': '判为多数类',
  'train.trueMinority': '少数类',
  'train.trueMajority': '多数类',
  'train.metric.precision': '精确率',
  'train.metric.recall': '召回率',
  'train.metric.f1': 'F1 分数',
  'train.metric.averagePrecision': '平均精度 AP',
  'train.metric.crossEntropy': '平均 CE',
  'train.boundaryAria': '{model} 模型的决策面与数据点：在阈值 {threshold} 下判为少数类的区域为橙色，其余为蓝色。',
  'train.divergedNote': '该模型已发散：对数几率溢出。请尝试更小的学习率。',
  'train.noneCalledNote': '在此阈值下没有任何点被判为少数类。',
  'train.lossX': '步数',
  'train.lossY': '各自的目标函数（对数刻度）',
  'train.lossAria': '两个模型的训练损失随步数变化的折线图。',
  'train.noSkill': '无技能基线（AP = {ap}）',
  'train.prX': '召回率',
  'train.prY': '精确率',
  'train.prAria': '折线图：两个模型的精确率–召回率曲线。',
  'train.metricsX': '阈值 {threshold}（AP 与阈值无关）',
  'train.metricsY': '数值',
  'train.metricsAria': '条形图：两个模型少数类的精确率、召回率、F1 分数和 AP。',
  'train.verdictStart': '第 0 步：两个模型从相同的权重出发。点击“开始”，或用“单步”一次训练一步。',
  'train.verdictStartPrior':
    '第 0 步：两个模型从相同的权重出发，输出偏置取先验 π = 0.01，因此每个点一开始属于少数类的概率都是 0.01。点击“开始”，或用“单步”一次训练一步。',
  'train.verdictDiverged': '{model} 模型已发散，其数值不再变化。',
  'train.verdictApTie':
    '第 {step} 步时，两个模型对少数类的排序能力大致相同：{ceName} 的 AP 为 {ce}，{flName} 为 {fl}，无技能基线为 {noSkill}。',
  'train.verdictApBetter': '第 {step} 步时，{better} 对少数类的排序更好：{ceName} 的 AP 为 {ce}，{flName} 为 {fl}（无技能基线：{noSkill}）。',
  'train.verdictNoneCalled':
    '在阈值 {threshold} 下，{model} 模型没有把任何点判为少数类，所以它的精确率、召回率和 F1 分数都是 0，尽管它的分数仍可能把点排得很好（AP）。试试更低的阈值。',
  'train.verdictF1Tie': '在阈值 {threshold} 下，两者的 F1 分数大致相同：{ceName} 为 {ce}，{flName} 为 {fl}。',
  'train.verdictF1Better': '在阈值 {threshold} 下，{better} 的 F1 分数更高：{ceName} 为 {ce}，{flName} 为 {fl}。',
  'panel.training.explain1':
    '两个相同的模型从相同的权重出发，看到相同的小批量数据，学习在二维数据中找出一个稀有类别。唯一的区别是损失函数：一个用交叉熵（可选 α 平衡），另一个用焦点损失，γ 和 α 取自上方的设置。背景显示每个模型给出的少数类概率：在阈值下判为少数类的区域为橙色，其余为蓝色。',
  'panel.training.explain2':
    '精确率是被判为少数类的点中真正属于少数类的比例；召回率是被找出的少数类点所占的比例；F1 分数综合了两者。这三个指标都取决于阈值。平均精度（AP）概括整条精确率–召回率曲线，与阈值无关；毫无技能的模型得到的 AP 等于少数类比例。',
  'panel.training.explain3':
    '焦点损失降低了大量易分多数类点的权重；配合先验 π 初始化，它给出的概率可能长时间偏低：在常用的阈值 0.5 下，它可能一个点也不判为少数类，而 AP 却与交叉熵相当。移动阈值就能看到这一点。哪个模型更好取决于数据、不平衡程度、噪声和各项设置；模型下方的结论是根据当前的运行结果实时计算的，而不是预先假定的。',
  'panel.training.explain4':
    '标签噪声会随机翻转训练标签（带圈的点）。各项指标始终对照干净的标签计算，而损失对照模型训练时看到的含噪标签。两条损失曲线是各模型自己的目标函数，高度不能直接比较；每张卡片中的平均 CE 则用同一把尺子衡量两个模型。',
  'panel.training.explain5':
    '每次运行都是确定的：链接保存了所有设置和随机种子，任何人打开链接并训练到同样的步数，都会得到相同的数值。修改任何设置都会让训练从第 0 步重新开始；连续训练到第 20,000 步时会自动停止。',
  'csv.chart': '图表',
  'csv.series': '系列',

  'tools.label': '导出与分享',
  'tools.png': '保存 PNG',
  'tools.csv': '保存 CSV',
  'tools.json': '保存状态（JSON）',
  'tools.embed': '嵌入',
  'embed.title': '嵌入此面板',
  'embed.help':
    '把这段代码粘贴到你的网页中。框架会以当前设置显示“{panel}”面板；外层页面可以通过 postMessage 修改设置（参见 examples/embed.html）。',
  'embed.snippet': '嵌入代码',
  'embed.copy': '复制',
  'embed.copied': '已复制到剪贴板。',
  'embed.copyFailed': '复制失败：代码已选中，请按 Ctrl+C（Mac 上按 ⌘C）。',
  'embed.close': '关闭',
  'embed.frameTitle': '焦点损失探索器：{panel}',
  'embed.openFull': '打开完整的探索器',

  'notice.label': '提示',
  'notice.fromLink': '链接中的部分设置无效，已忽略并保留默认值：',
  'notice.fromMessage': '外层页面发送的部分设置无效，已忽略：',
  'notice.dismiss': '关闭提示',
  'notice.badValue': '{key} = “{value}”：应为 {expected}。',
  'notice.unknownKey': '“{key}”不是一项设置。',
  'notice.badEncoding': '“{value}”无法解码。',
  'notice.badEmbed': '“{value}”不是可嵌入的面板，因此显示整个页面。',
  'notice.badMessage': '消息中没有设置对象。',
  'expect.range': '{min} 到 {max} 之间的数',
  'expect.rangeOpen': '大于 {min} 且不超过 {max} 的数',
  'expect.alpha': '0 到 1 之间的数，或“off”',
  'expect.choice': '{choices} 之一',
  'expect.numberList': '{minItems} 到 {maxItems} 个 {min} 到 {max} 之间的数，用逗号分隔',
  'expect.choiceList': '取自 {choices} 的名称，用逗号分隔',
  'expect.integer': '{min} 到 {max} 之间的整数',
  'expect.autoNumber': '“auto”或 {min} 到 {max} 之间的数',
  'expect.boolean': 'true 或 false',

  'footer.core': '图中的每个数值都来自本工具编译为 WebAssembly 的 C++ 核心；页面本身不做任何损失计算。',
  'footer.paper': '在 arXiv 上阅读论文',
};

export const STRINGS = { en: EN, 'zh-CN': ZH };

let current = 'en';

export function currentLanguage() {
  return current;
}

export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) throw new RangeError(`unknown language ${JSON.stringify(lang)}`);
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

// The browser's preferred language decides the default; anything Chinese gets zh-CN.
export function detectLanguage(preferred) {
  for (const tag of preferred || []) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

// Sentences built from several strings: English puts a space between them, Chinese does not
// (its full stop carries its own spacing).
const SENTENCE_SEPARATOR = { en: ' ', 'zh-CN': '' };

export function joinSentences(sentences) {
  return sentences.join(SENTENCE_SEPARATOR[current]);
}

export function t(key, vars) {
  return translate(current, key, vars);
}

// One string in a given language (scripts get English errors whatever the page shows).
export function translate(lang, key, vars) {
  let text = STRINGS[lang][key];
  if (text === undefined) {
    // A missing key is a bug the tests catch through this warning; show the key meanwhile.
    console.warn(`i18n: no string ${key} in ${lang}`);
    return key;
  }
  if (vars) text = text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
  return text;
}

// Fills every data-i18n* element under root from the current table.
export function applyTranslations(root) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  }
  for (const element of root.querySelectorAll('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle);
}

const formatters = new Map();

// Numbers as the current language writes them; `digits` significant digits, no trailing zeros.
export function formatNumber(value, digits = 4) {
  const key = `${current}|${digits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(current, { maximumSignificantDigits: digits });
    formatters.set(key, format);
  }
  const text = value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6) ? formatScientific(value, digits) : format.format(value);
  return withMinusSign(text);
}

// Counts (anchors, points, steps) in full with the language's grouping: 1,000,000, never 10⁶.
export function formatCount(value) {
  const key = `${current}|count`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(current, { maximumFractionDigits: 0 });
    formatters.set(key, format);
  }
  return withMinusSign(format.format(value));
}

// A true minus sign (U+2212) instead of the hyphen, as in typeset maths.
function withMinusSign(text) {
  return text.replace(/^-/, '\u2212');
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

// 1.23 × 10⁻⁵ rather than 1.23e-5: readable in prose and on chart ticks.
export function formatScientific(value, digits = 3) {
  const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  const power = String(Number(exponent)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
  return trimmed === '1' ? `10${power}` : `${trimmed} × 10${power}`;
}
