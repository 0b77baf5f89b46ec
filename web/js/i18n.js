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

  'intro.p1':
    'A one-stage detector scores about 100,000 anchor boxes per image, and almost all of them are easy background. With cross-entropy each easy example adds only a small loss, but there are so many of them that together they drown out the few hard, informative ones. Focal loss reshapes cross-entropy so that well-classified examples count for less:',
  'intro.p2':
    'Here x is the classifier’s logit and y = ±1 the label, so pₜ is the probability the model gives the correct class: pₜ near 1 is an easy, well-classified example, pₜ near 0 a hard one. log is the natural logarithm.',
  'intro.p3':
    'Move γ (gamma) and watch every curve follow. Every number plotted here is computed by the explorer’s C++ core, compiled to WebAssembly.',

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

  'intro.p1':
    '单阶段检测器每张图像要对约 10 万个锚框打分，其中绝大多数是容易分类的背景。使用交叉熵时，每个易分样本只贡献很小的损失，但它们数量极多，合起来会淹没少数真正有信息量的难分样本。焦点损失改造了交叉熵，让已经分类正确的样本占更小的比重：',
  'intro.p2':
    '其中 x 是分类器输出的对数几率，y = ±1 是标签，因此 pₜ 是模型给正确类别的概率：pₜ 接近 1 表示容易、已被正确分类的样本，pₜ 接近 0 表示难分样本。log 为自然对数。',
  'intro.p3': '拖动 γ（伽马），所有曲线都会随之变化。这里绘制的每个数值都由本工具的 C++ 核心计算，该核心已编译为 WebAssembly。',

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
