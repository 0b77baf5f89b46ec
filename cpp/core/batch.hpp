// Array forms: every binary loss of the core over (logits, targets) arrays, with the reductions
// detectors use. Everything is validated before the first output element is written, so a bad
// element or parameter leaves the caller's arrays untouched.
#pragma once

#include <cstddef>
#include <string>

#include "losses.hpp"

namespace focal {

enum class LossKind {
  CrossEntropy,       // -log p_t
  AlphaCrossEntropy,  // -alpha_t log p_t
  Focal,              // -alpha_t (1 - p_t)^gamma log p_t
  FocalStar,          // -log sigmoid(gamma x_t + beta) / gamma
  QualityFocal,       // soft target y in [0, 1], exponent qualityBeta
  Varifocal,          // IoU target q = y in [0, 1], alpha, gamma
  Asymmetric,         // gammaPos, gammaNeg, margin
  PolyOne,            // CE + epsilon (1 - p_t)
  PolyOneFocal,       // FL + epsilon (1 - p_t)^(gamma + 1)
  Flsd53,             // gamma 5 below p_t = 0.2, else 3
};

// The union of every loss's parameters; each loss reads the ones it names. Defaults are the
// values the papers recommend.
struct LossParams {
  double alpha = 0.25;
  double gamma = 2.0;
  double beta = 1.0;         // FL* shift
  double qualityBeta = 2.0;  // QFL exponent
  double epsilon = 1.0;      // Poly-1
  double gammaPos = 0.0;     // ASL
  double gammaNeg = 4.0;     // ASL
  double margin = 0.05;      // ASL
};

enum class Reduction { None, Sum, Mean, Positives };

// Names as the JS API spells them ("crossEntropy", "focal", ...; "none", "sum", "mean",
// "positives"); an unknown name throws std::invalid_argument naming the parameter.
LossKind parseLossKind(const std::string& name);
Reduction parseReduction(const std::string& name);
const char* lossKindName(LossKind kind);

// One element, validated.
LossGrad evaluateLoss(LossKind kind, const LossParams& params, double x, double y);

// Per-element losses into outLoss and gradients of the *reduced* loss into outGrad (either may be
// null). Returns the reduced loss; Reduction::None returns the sum. Positives divides by
// max(1, number of targets > 0), RetinaNet's normalisation.
double lossBatch(LossKind kind, const LossParams& params, const double* logits, const double* targets,
                 std::size_t n, Reduction reduction, double* outLoss, double* outGrad);

// The public FL batch: per-element loss and d loss / d x, returns the sum.
double sigmoidFocalLossBatch(const double* logits, const double* targets, std::size_t n, double alpha,
                             double gamma, double* outLoss, double* outGrad);

}  // namespace focal
