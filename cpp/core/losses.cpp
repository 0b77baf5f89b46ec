#include "losses.hpp"

#include <cmath>

#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

void requireLogit(double x) { requireFinite("x", x); }

}  // namespace

// CE = -log p_t = softplus(-x_t);  dCE/dx = y (p_t - 1) = -y (1 - p_t)
LossGrad binaryCrossEntropy(double x, double y) {
  return alphaBalancedCrossEntropy(x, y, -1.0);
}

// alpha-CE = -alpha_t log p_t;  d/dx = -y alpha_t (1 - p_t)
LossGrad alphaBalancedCrossEntropy(double x, double y, double alpha) {
  requireLogit(x);
  requireBinaryTarget("y", y);
  requireAlpha(alpha);
  const double s = targetSign(y);
  const LogitTerms t = logitTerms(s * x);
  const double at = alphaWeight(alpha, y);
  return {at * t.negLogPt, -s * at * t.qt};
}

// FL = -alpha_t (1 - p_t)^gamma log p_t
// dFL/dx = y alpha_t (1 - p_t)^gamma (gamma p_t log p_t + p_t - 1)
//        = -y alpha_t (1 - p_t)^gamma ((1 - p_t) + gamma p_t softplus(-x_t))
// The second form adds two non-negative terms, so it never cancels.
LossGrad sigmoidFocal(double x, double y, double alpha, double gamma) {
  requireLogit(x);
  requireBinaryTarget("y", y);
  requireAlpha(alpha);
  requireGamma(gamma);
  const double s = targetSign(y);
  const LogitTerms t = logitTerms(s * x);
  const double at = alphaWeight(alpha, y);
  const double m = modulatingPower(t, gamma);
  return {at * m * t.negLogPt, -s * at * m * (t.qt + gamma * t.pt * t.negLogPt)};
}

// FL* = -log(sigmoid(gamma x_t + beta)) / gamma = softplus(-(gamma x_t + beta)) / gamma
// dFL*/dx = y (sigmoid(gamma x_t + beta) - 1) = -y sigmoid(-(gamma x_t + beta))
LossGrad focalStar(double x, double y, double gamma, double beta) {
  requireLogit(x);
  requireBinaryTarget("y", y);
  requirePositiveGamma("gamma", gamma);
  requireFinite("beta", beta);
  const double s = targetSign(y);
  const double z = gamma * s * x + beta;
  return {softplus(-z) / gamma, -s * sigmoid(-z)};
}

double sigmoidFocalLoss(double x, double y, double alpha, double gamma) { return sigmoidFocal(x, y, alpha, gamma).loss; }
double sigmoidFocalLossGrad(double x, double y, double alpha, double gamma) { return sigmoidFocal(x, y, alpha, gamma).grad; }
double focalLossStar(double x, double y, double gamma, double beta) { return focalStar(x, y, gamma, beta).loss; }
double focalLossStarGrad(double x, double y, double gamma, double beta) { return focalStar(x, y, gamma, beta).grad; }

double modulatingFactor(double x, double y, double gamma) {
  requireLogit(x);
  requireBinaryTarget("y", y);
  requireGamma(gamma);
  return modulatingPower(logitTerms(targetSign(y) * x), gamma);
}

// b = -log((1 - pi) / pi) = log(pi) - log1p(-pi); log1p keeps small pi exact.
double priorBias(double pi) {
  if (!(pi > 0.0 && pi < 1.0)) failParameter("pi", formatValue(pi), "in (0, 1)");
  return std::log(pi) - std::log1p(-pi);
}

}  // namespace focal
