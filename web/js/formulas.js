// TeX source of every typeset formula on the page, keyed by the id that index.html's
// `data-tex` placeholders name. web/build.mjs renders them with KaTeX at build time, so the
// page ships HTML + MathML and needs no KaTeX JavaScript. Notation follows docs/paper-notes.md:
// x_t = y x with y in {+1, -1}, p_t = sigma(x_t), log is the natural logarithm.
export const FORMULAS = {
  'intro.fl': { display: true, tex: String.raw`\mathrm{FL}(p_t) = -\alpha_t\,(1 - p_t)^{\gamma}\,\log(p_t)` },
  'loss.pt': {
    display: true,
    tex: String.raw`\begin{gathered} p_t = \sigma(x_t) = \frac{1}{1 + e^{-x_t}} \\[4pt] x_t = y\,x, \qquad y \in \{+1, -1\} \end{gathered}`,
  },
  'loss.ce': { display: true, tex: String.raw`\mathrm{CE}(p_t) = -\log(p_t)` },
  'loss.ratio': { display: true, tex: String.raw`\frac{\mathrm{FL}}{\mathrm{CE}} = \alpha_t\,(1 - p_t)^{\gamma}` },
  'loss.alphat': {
    display: true,
    tex: String.raw`\alpha_t = \begin{cases} \alpha & y = +1 \\ 1 - \alpha & y = -1 \end{cases}`,
  },
  'grad.ce': { display: true, tex: String.raw`\frac{\partial\,\mathrm{CE}}{\partial x_t} = p_t - 1` },
  'grad.fl': {
    display: true,
    tex: String.raw`\frac{\partial\,\mathrm{FL}}{\partial x_t} = \alpha_t\,(1 - p_t)^{\gamma}\,(\gamma\,p_t \log p_t + p_t - 1)`,
  },
  'grad.flstar': {
    display: true,
    tex: String.raw`\begin{gathered} \mathrm{FL}^* = -\frac{\log \sigma(\gamma x_t + \beta)}{\gamma} \\[4pt] \frac{\partial\,\mathrm{FL}^*}{\partial x_t} = \sigma(\gamma x_t + \beta) - 1 \end{gathered}`,
  },
  'anchors.prior': {
    display: true,
    tex: String.raw`\begin{gathered} b = -\log\frac{1 - \pi}{\pi} \\[4pt] \pi = 0.01 \;\Rightarrow\; b \approx -4.595 \end{gathered}`,
  },
  'cmp.crossEntropy': { display: false, tex: String.raw`-\log p_t` },
  'cmp.alphaCrossEntropy': { display: false, tex: String.raw`-\alpha_t \log p_t` },
  'cmp.focal': { display: false, tex: String.raw`-\alpha_t\,(1 - p_t)^{\gamma} \log p_t` },
  'cmp.focalStar': { display: false, tex: String.raw`-\log \sigma(\gamma x_t + \beta)\,/\,\gamma` },
  'cmp.qualityFocal': {
    display: false,
    tex: String.raw`-|y - \sigma|^{\beta}\,\big((1 - y)\log(1 - \sigma) + y \log \sigma\big)`,
  },
  'cmp.varifocal': {
    display: false,
    tex: String.raw`\begin{cases} -q\,\big(q \log p + (1 - q)\log(1 - p)\big) & q > 0 \\ -\alpha\,p^{\gamma} \log(1 - p) & q = 0 \end{cases}`,
  },
  'cmp.asymmetric': {
    display: false,
    tex: String.raw`\begin{cases} -(1 - p)^{\gamma_+} \log p & y = +1 \\ -p_m^{\gamma_-} \log(1 - p_m) & y = -1 \end{cases}`,
  },
  'cmp.polyOne': { display: false, tex: String.raw`-\log p_t + \varepsilon\,(1 - p_t)` },
  'cmp.polyOneFocal': { display: false, tex: String.raw`-\alpha_t\,(1 - p_t)^{\gamma} \log p_t + \varepsilon\,(1 - p_t)^{\gamma + 1}` },
  'cmp.flsd53': {
    display: false,
    tex: String.raw`-(1 - p_t)^{\gamma} \log p_t, \quad \gamma = \begin{cases} 5 & p_t < 0.2 \\ 3 & p_t \ge 0.2 \end{cases}`,
  },
};
