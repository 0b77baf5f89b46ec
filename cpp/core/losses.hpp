// Binary (sigmoid) losses of Focal Loss Explorer, each beside its derivative with respect to the
// logit x. Targets y are 0 or 1 unless a loss says otherwise; internally x_t = (2y - 1) x.
// All functions validate their parameters and throw std::invalid_argument naming the bad one.
#pragma once

#include <cstddef>

namespace focal {

// A loss value and its derivative d loss / d x, computed together (they share the costly terms).
struct LossGrad {
  double loss;
  double grad;
};

// CE = -log p_t
LossGrad binaryCrossEntropy(double x, double y);
// alpha-CE = -alpha_t log p_t (alpha < 0: no weighting)
LossGrad alphaBalancedCrossEntropy(double x, double y, double alpha);
// FL = -alpha_t (1 - p_t)^gamma log p_t (alpha < 0: no weighting)
LossGrad sigmoidFocal(double x, double y, double alpha, double gamma);
// FL* = -log(sigmoid(gamma x_t + beta)) / gamma, gamma > 0 (paper, Appendix A)
LossGrad focalStar(double x, double y, double gamma, double beta);

// Public scalar forms; the names match the JS API.
double sigmoidFocalLoss(double x, double y, double alpha, double gamma);
double sigmoidFocalLossGrad(double x, double y, double alpha, double gamma);
double focalLossStar(double x, double y, double gamma, double beta);
double focalLossStarGrad(double x, double y, double gamma, double beta);

// (1 - p_t)^gamma, the factor by which FL scales CE (alpha aside).
double modulatingFactor(double x, double y, double gamma);
// The classifier bias b = -log((1 - pi) / pi) that makes every anchor start at p = pi.
double priorBias(double pi);

}  // namespace focal
