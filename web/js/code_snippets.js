// Code to take away: the loss for the page's current gamma, alpha and reduction, in PyTorch, as a
// torchvision call, in C++ through this project's core and in JS through its wasm API. One
// template per language; values go in through fillTemplate, which refuses a template that names
// a value it was not given. tests/code/check_snippets.mjs runs every snippet (PyTorch and
// torchvision with Debian's python3-torch, C++ with g++ against cpp/core, JS in Node) and
// compares it with the core, so a template that drifts from the core fails the build.

export const CODE_LANGUAGES = ['pytorch', 'torchvision', 'cpp', 'js'];
export const REDUCTIONS = ['none', 'sum', 'mean', 'positives'];

// The batch the C++ and JS snippets run on: logits of confident, unsure and wrong examples.
export const EXAMPLE_BATCH = { logits: [-3, -0.5, 0, 1.5, 4, 12], targets: [1, 0, 1, 0, 0, 1] };

const TEMPLATES = {
  pytorch: `import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SigmoidFocalLoss(nn.Module):
    """Focal loss FL = -alpha_t (1 - p_t)^gamma log(p_t) on logits (Lin et al. 2017, eq. 5).

    targets are 0 (background) or 1 (foreground). alpha weighs foreground by alpha and
    background by 1 - alpha; alpha=None means no weighting. reduction: "none", "sum",
    "mean", or "positives" (the sum over the number of positive targets, at least 1,
    as RetinaNet normalises).
    """

    def __init__(self, gamma={{gamma}}, alpha={{pyAlpha}}, reduction="{{reduction}}"):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha
        self.reduction = reduction

    def forward(self, logits, targets):
        targets = targets.to(logits.dtype)
        x_t = logits * (2 * targets - 1)  # the logit of the true class
        # log p_t and log(1 - p_t) straight from the logit: 1 - sigmoid(x) would round to 0
        # for confident examples and lose their loss and gradient.
        loss = -torch.exp(self.gamma * F.logsigmoid(-x_t)) * F.logsigmoid(x_t)
        if self.alpha is not None:
            loss = loss * (self.alpha * targets + (1 - self.alpha) * (1 - targets))
        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        if self.reduction == "mean":
            return loss.mean()
        if self.reduction == "positives":
            return loss.sum() / targets.sum().clamp(min=1)
        raise ValueError(f"reduction must be none, sum, mean or positives, got {self.reduction!r}")


class SoftmaxFocalLoss(nn.Module):
    """Multi-class focal loss -alpha[y] (1 - p_y)^gamma log(p_y), p = softmax(logits).

    alpha holds one weight per class: a single number would scale every class alike.
    target holds class indices. reduction: "none", "sum" or "mean".
    """

    def __init__(self, alpha, gamma={{gamma}}, reduction="{{softmaxReduction}}"):
        super().__init__()
        self.register_buffer("alpha", torch.as_tensor(alpha, dtype=torch.float64))
        self.gamma = gamma
        self.reduction = reduction

    def forward(self, logits, target):
        index = target.unsqueeze(-1)
        log_p = F.log_softmax(logits, dim=-1).gather(-1, index).squeeze(-1)
        # When the true class has the largest logit, p_y can be so close to 1 that log_softmax
        # rounds log p_y; -log1p(sum of the other classes' exp(z_j - z_y)) keeps it exact.
        shifted = logits - logits.gather(-1, index)
        others = torch.exp(shifted.clamp(max=0)).scatter(-1, index, 0.0).sum(-1)
        log_p = torch.where((shifted <= 0).all(-1), -torch.log1p(others), log_p)
        one_minus_p = -torch.expm1(log_p)  # 1 - p_y without cancellation
        loss = -self.alpha.to(logits.dtype)[target] * one_minus_p.pow(self.gamma) * log_p
        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        if self.reduction == "mean":
            return loss.mean()
        raise ValueError(f"reduction must be none, sum or mean, got {self.reduction!r}")


criterion = SigmoidFocalLoss(gamma={{gamma}}, alpha={{pyAlpha}}, reduction="{{reduction}}")
# loss = criterion(logits, targets)  # raw logits (no sigmoid), targets 0/1 of the same shape

# Three classes, class 0 background: one alpha per class.
softmax_criterion = SoftmaxFocalLoss(alpha=[{{softmaxAlphas}}], gamma={{gamma}})

# RetinaNet's prior: every anchor starts at foreground probability pi = 0.01. Use your
# detector's last classification layer in place of this one (9 anchors x 1 class).
classifier = nn.Conv2d(256, 9, kernel_size=3, padding=1)
nn.init.constant_(classifier.bias, -math.log((1 - 0.01) / 0.01))
`,
  torchvision: `from torchvision.ops import sigmoid_focal_loss

# logits: raw scores; targets: 0/1 as floats, same shape. alpha=-1 switches alpha off.
loss = sigmoid_focal_loss(logits, targets, alpha={{tvAlpha}}, gamma={{gamma}}, reduction="{{tvReduction}}"){{tvNormalise}}
`,
  cpp: `// g++ -std=c++17 -I cpp/core example.cpp build-native/libfocal_core.a
#include <cstdio>
#include <vector>

#include "batch.hpp"

int main() {
  std::vector<double> logits = {{{cppLogits}}};
  std::vector<double> targets = {{{cppTargets}}};
  std::vector<double> grad(logits.size());
  focal::LossParams params;
  params.gamma = {{gamma}};
  params.alpha = {{coreAlpha}};  // a negative alpha switches the weighting off
  double loss = focal::lossBatch(focal::LossKind::Focal, params, logits.data(), targets.data(), logits.size(),
                                 focal::Reduction::{{cppReduction}}, nullptr, grad.data());
  std::printf("loss %.17g\\n", loss);
  for (double g : grad) std::printf("grad %.17g\\n", g);
}
`,
  js: `// In Node: const createFocalCore = require('./focal_core.js');
// in a page, load focal_core.js with a script tag first.
const core = await createFocalCore();
const logits = new Float64Array([{{jsLogits}}]);
const targets = new Float64Array([{{jsTargets}}]);
const grad = new Float64Array(logits.length);
// alpha -1 switches the weighting off
const loss = core.lossBatch('focal', { gamma: {{gamma}}, alpha: {{coreAlpha}} }, logits, targets, null, grad, '{{reduction}}');
console.log(loss, grad);
`,
};

const CPP_REDUCTIONS = { none: 'None', sum: 'Sum', mean: 'Mean', positives: 'Positives' };

// Numbers as every one of these languages writes them (2, 0.5, 0.75, -1).
function literal(value) {
  if (!Number.isFinite(value)) throw new RangeError(`code: a snippet value must be a finite number, got ${value}`);
  return String(value);
}

// The values every template may use, from {gamma, alpha (-1: off), reduction}.
export function snippetValues({ gamma, alpha, reduction }) {
  if (!REDUCTIONS.includes(reduction)) throw new RangeError(`code: reduction must be one of ${REDUCTIONS.join(', ')}, got ${reduction}`);
  const on = alpha >= 0;
  return {
    gamma: literal(gamma),
    reduction,
    pyAlpha: on ? literal(alpha) : 'None',
    coreAlpha: on ? literal(alpha) : '-1',
    tvAlpha: on ? literal(alpha) : '-1',
    // torchvision has no "positives": sum, then divide by the positives as RetinaNet does.
    tvReduction: reduction === 'positives' ? 'sum' : reduction,
    tvNormalise: reduction === 'positives' ? ' / targets.sum().clamp(min=1)' : '',
    softmaxReduction: reduction === 'positives' ? 'mean' : reduction,
    softmaxAlphas: on ? [1 - alpha, alpha, alpha].map((value) => literal(Math.round(value * 1e12) / 1e12)).join(', ') : '1.0, 1.0, 1.0',
    cppReduction: CPP_REDUCTIONS[reduction],
    cppLogits: EXAMPLE_BATCH.logits.map((value) => literal(value)).join(', '),
    cppTargets: EXAMPLE_BATCH.targets.map((value) => literal(value)).join(', '),
    jsLogits: EXAMPLE_BATCH.logits.map((value) => literal(value)).join(', '),
    jsTargets: EXAMPLE_BATCH.targets.map((value) => literal(value)).join(', '),
  };
}

export function fillTemplate(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`code template names {{${name}}}, which has no value`);
    return values[name];
  });
}

// The snippet for one language and the settings {gamma, alpha, reduction}.
export function snippet(language, settings) {
  if (!CODE_LANGUAGES.includes(language)) throw new RangeError(`code: language must be one of ${CODE_LANGUAGES.join(', ')}, got ${language}`);
  return fillTemplate(TEMPLATES[language], snippetValues(settings));
}
