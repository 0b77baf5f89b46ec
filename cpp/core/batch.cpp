#include "batch.hpp"

#include <algorithm>
#include <cmath>

#include "focal_kernel.hpp"
#include "registry.hpp"
#include "validation.hpp"
#include "variants.hpp"

namespace focal {
namespace {

void requireElements(LossKind kind, const double* logits, const double* targets, std::size_t n) {
  if (n == 0) failParameter("logits", "an empty array", "at least one element");
  const bool soft = lossSpec(kind).softTargets;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(logits[i]))
      failParameter("logits[" + std::to_string(i) + "]", formatValue(logits[i]), "a finite number");
    const double y = targets[i];
    if (soft ? !(y >= 0.0 && y <= 1.0) : !(y == 0.0 || y == 1.0))
      failParameter("targets[" + std::to_string(i) + "]", formatValue(y), soft ? "in [0, 1]" : "0 or 1");
  }
}

}  // namespace

LossKind parseLossKind(const std::string& name) {
  std::string known;
  for (const LossSpec& spec : lossRegistry()) {
    if (name == spec.name) return spec.kind;
    known += (known.empty() ? "" : ", ") + std::string(spec.name);
  }
  failParameter("loss", "'" + name + "'", "one of " + known);
}

const char* lossKindName(LossKind kind) { return lossSpec(kind).name; }

Reduction parseReduction(const std::string& name) {
  if (name == "none") return Reduction::None;
  if (name == "sum") return Reduction::Sum;
  if (name == "mean") return Reduction::Mean;
  if (name == "positives") return Reduction::Positives;
  failParameter("reduction", "'" + name + "'", "one of none, sum, mean, positives");
}

LossGrad evaluateLoss(LossKind kind, const LossParams& p, double x, double y) {
  switch (kind) {
    case LossKind::CrossEntropy: return binaryCrossEntropy(x, y);
    case LossKind::AlphaCrossEntropy: return alphaBalancedCrossEntropy(x, y, p.alpha);
    case LossKind::Focal: return sigmoidFocal(x, y, p.alpha, p.gamma);
    case LossKind::FocalStar: return focalStar(x, y, p.gamma, p.beta);
    case LossKind::QualityFocal: return qualityFocal(x, y, p.qualityBeta);
    case LossKind::Varifocal: return varifocal(x, y, p.alpha, p.gamma);
    case LossKind::Asymmetric: return asymmetric(x, y, p.gammaPos, p.gammaNeg, p.margin);
    case LossKind::PolyOne: return polyOneCrossEntropy(x, y, p.epsilon);
    case LossKind::PolyOneFocal: return polyOneFocal(x, y, p.alpha, p.gamma, p.epsilon);
    case LossKind::Flsd53: return flsd53(x, y);
  }
  failParameter("loss", std::to_string(static_cast<int>(kind)), "a known loss");
}

double lossBatch(LossKind kind, const LossParams& params, const double* logits, const double* targets,
                 std::size_t n, Reduction reduction, double* outLoss, double* outGrad) {
  const bool kernelLoss = kind == LossKind::Focal || kind == LossKind::AlphaCrossEntropy || kind == LossKind::CrossEntropy;
  // The vectorised pre-check clears the common valid call; the slow search runs only to find
  // the element to name in the error.
  if (!(kernelLoss && n > 0 && allBinaryAndFinite(logits, targets, n))) requireElements(kind, logits, targets, n);
  // Parameters are checked once here, on a valid element, so the loop below cannot throw.
  evaluateLoss(kind, params, 0.0, targets[0]);

  double scale = 1.0;
  if (reduction == Reduction::Mean) scale = 1.0 / static_cast<double>(n);
  if (reduction == Reduction::Positives) {
    const auto positives = std::count_if(targets, targets + n, [](double y) { return y > 0.0; });
    scale = 1.0 / static_cast<double>(std::max<std::ptrdiff_t>(1, positives));
  }
  if (kernelLoss) {
    // CE and alpha-CE are FL with gamma = 0 (and alpha off for CE).
    const double alpha = kind == LossKind::CrossEntropy ? -1.0 : params.alpha;
    const double gamma = kind == LossKind::Focal ? params.gamma : 0.0;
    const double sum = focalLossKernel(logits, targets, n, alpha, gamma, scale, outLoss, outGrad);
    return reduction == Reduction::None ? sum : scale * sum;
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const LossGrad lg = evaluateLoss(kind, params, logits[i], targets[i]);
    sum += lg.loss;
    if (outLoss) outLoss[i] = lg.loss;
    if (outGrad) outGrad[i] = scale * lg.grad;
  }
  return reduction == Reduction::None ? sum : scale * sum;
}

double sigmoidFocalLossBatch(const double* logits, const double* targets, std::size_t n, double alpha,
                             double gamma, double* outLoss, double* outGrad) {
  LossParams params;
  params.alpha = alpha;
  params.gamma = gamma;
  return lossBatch(LossKind::Focal, params, logits, targets, n, Reduction::None, outLoss, outGrad);
}

}  // namespace focal
