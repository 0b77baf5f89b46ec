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

// English is always here. Other tables arrive on demand through loadStrings(): web/build.mjs
// ships each as a small file of its own (fetched only when a reader picks that language) and
// bundles them into the single-file build. A table is complete once loaded, SHARED included.
const LOADERS = {
  'zh-CN': () => import('./strings_zh_cn.js').then((module) => module.ZH),
};

export const STRINGS = { en: EN };

const loading = new Map();

// Resolves with the language's table, loading it the first time.
export function loadStrings(lang) {
  if (!LANGUAGES.includes(lang)) return Promise.reject(new RangeError(`unknown language ${JSON.stringify(lang)}`));
  if (STRINGS[lang]) return Promise.resolve(STRINGS[lang]);
  if (!loading.has(lang)) {
    const table = LOADERS[lang]().then((strings) => (STRINGS[lang] = { ...SHARED, ...strings }));
    // A failed load may be tried again (the reader picks the language once more).
    table.catch(() => loading.delete(lang));
    loading.set(lang, table);
  }
  return loading.get(lang);
}

// The store, with a change of language held back until that language's table has arrived, so
// the page never shows a language it cannot write (a panel would draw its text in the old one).
// Values applied meanwhile wait behind it, in order; settled() resolves once all have applied.
export function loadingLanguages(store) {
  let queue = null;
  const apply = (values, source) => {
    if (!queue && !('lang' in values && !STRINGS[values.lang])) return store.apply(values, source);
    const run = () =>
      loadStrings(values.lang || 'en').then(
        () => store.apply(values, source),
        (error) => {
          console.error(`i18n: the ${values.lang} strings did not load: ${error.message}`);
          const others = { ...values };
          delete others.lang;
          return store.apply(others, source);
        },
      );
    // A listener that throws must not stop the values queued after it.
    const mine = (queue || Promise.resolve()).catch(() => {}).then(run);
    queue = mine;
    const done = () => {
      if (queue === mine) queue = null;
    };
    mine.then(done, done);
    return [];
  };
  return {
    get state() {
      return store.state;
    },
    snapshot: () => store.snapshot(),
    subscribe: (listener) => store.subscribe(listener),
    apply,
    settled: () => (queue ? queue.then(() => {}, () => {}) : Promise.resolve()),
  };
}

let current = 'en';

export function currentLanguage() {
  return current;
}

// The table must be loaded (loadStrings) before the page switches to it.
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) throw new RangeError(`unknown language ${JSON.stringify(lang)}`);
  if (!STRINGS[lang]) throw new Error(`i18n: the ${lang} strings are not loaded`);
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
