#include "variants.hpp"

#include <cmath>
#include <string>

#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

// |d|^e with 0^0 = 1, the limit the formulas intend.
double absPower(double d, double e) { return e == 0.0 ? 1.0 : std::pow(std::fabs(d), e); }

// g = -log p_t - (1 - p_t) >= 0, what is left of CE once Poly-1's epsilon (1 - p_t) has taken its
// leading term. At epsilon = -1 Poly-1 is g itself, and forming it as CE - (1 - p_t) cancels the
// leading term u of -log(1 - u) = u + u^2/2 + ..., u = 1 - p_t: its relative error grows like
// 4e-16 / u, past 1e-12 from p_t = 0.9996 on and pure rounding noise (0, or either sign) beyond
// x_t = 37. For u < 1/4 the series sum_{k >= 2} u^k / k is summed instead (terms fall by at
// least 4x); above, the subtraction costs at most 3 bits.
double crossEntropyExcess(const LogitTerms& t) {
  const double u = t.qt;
  if (u >= 0.25) return t.negLogPt - u;
  double power = u * u;
  double sum = 0.0;
  for (int k = 2; k < 64; ++k) {
    const double term = power / k;
    sum += term;
    if (term <= 1e-17 * sum) break;
    power *= u;
  }
  return sum;
}

}  // namespace

// B = BCE(x, y) = y softplus(-x) + (1 - y) softplus(x), dB/dx = p - y = d.
// QFL = |d|^beta B;  dQFL/dx = beta |d|^(beta - 1) sign(d) p (1 - p) B + |d|^beta d.
LossGrad qualityFocal(double x, double y, double beta) {
  requireFinite("x", x);
  requireUnitInterval("y", y);
  requireNonNegative("beta", beta);
  // A hard target makes QFL exactly FL without alpha, beta as gamma. FL's gradient has no
  // |d|^(beta - 1): here that factor overflowed to Inf for beta near 0 once |d| = 1 - p_t was
  // subnormal (|x| beyond about 710), although the gradient itself is tiny there.
  if (y == 0.0 || y == 1.0) return sigmoidFocal(x, y, -1.0, beta);
  const LogitTerms t = logitTerms(x);  // pt = p, qt = 1 - p
  const double d = t.pt - y;
  const double bce = y * t.negLogPt + (1.0 - y) * t.negLogQt;
  const double scale = absPower(d, beta);
  double grad = scale * d;
  if (d != 0.0 && beta != 0.0) grad += beta * absPower(d, beta - 1.0) * (d > 0 ? 1.0 : -1.0) * t.pt * t.qt * bce;
  return {scale * bce, grad};
}

// Positives: q BCE(x, q), derivative q (p - q). Negatives: alpha p^gamma softplus(x), derivative
// alpha p^gamma (gamma (1 - p) softplus(x) + p), with p^gamma = exp(-gamma softplus(-x)).
LossGrad varifocal(double x, double q, double alpha, double gamma) {
  requireFinite("x", x);
  requireUnitInterval("q", q);
  requireUnitInterval("alpha", alpha);
  requireGamma(gamma);
  const LogitTerms t = logitTerms(x);
  if (q > 0.0) {
    const double d = q == 1.0 ? -t.qt : t.pt - q;
    return {q * (q * t.negLogPt + (1.0 - q) * t.negLogQt), q * d};
  }
  const double pg = gamma == 0.0 ? 1.0 : std::exp(-gamma * t.negLogPt);
  return {alpha * pg * t.negLogQt, alpha * pg * (gamma * t.qt * t.negLogQt + t.pt)};
}

// Negatives with p_m = p - m > 0: L = p_m^g (-log(1 - p_m)),
// dL/dx = p_m^g (g (-log(1 - p_m)) / p_m + 1 / (1 - p_m)) p (1 - p); zero where p <= m.
LossGrad asymmetric(double x, double y, double gammaPos, double gammaNeg, double margin) {
  requireFinite("x", x);
  requireBinaryTarget("y", y);
  requireNonNegative("gammaPos", gammaPos);
  requireNonNegative("gammaNeg", gammaNeg);
  requireUnitInterval("margin", margin);
  if (y == 1.0) {
    const LossGrad fl = sigmoidFocal(x, 1.0, -1.0, gammaPos);
    return fl;
  }
  const LogitTerms t = logitTerms(x);
  if (margin == 0.0) {
    const LossGrad fl = sigmoidFocal(x, 0.0, -1.0, gammaNeg);  // p_m = p: ASL is FL on negatives
    return fl;
  }
  const double pm = t.pt - margin;
  if (pm <= 0.0) return {0.0, 0.0};
  const double oneMinusPm = t.qt + margin;  // 1 - p_m as a sum: no cancellation
  // -log(1 - p_m): log1p(-p_m) is exact for small p_m, log of the sum for large p_m.
  const double negLog = pm < 0.5 ? -std::log1p(-pm) : -std::log(oneMinusPm);
  const double pmg = absPower(pm, gammaNeg);
  return {pmg * negLog, pmg * (gammaNeg * negLog / pm + 1.0 / oneMinusPm) * t.pt * t.qt};
}

// Poly-1 = CE + epsilon u = (1 + epsilon) u + g, u = 1 - p_t, g = CE - u (crossEntropyExcess);
// d/dx = -y u (1 + epsilon p_t) = -y u ((1 + epsilon) p_t + u).
// For epsilon >= -1 both forms add non-negative terms, so neither cancels (at epsilon = -1 the
// naive CE + epsilon u and its gradient -y (u - p_t u) cancel completely for easy examples).
LossGrad polyOneCrossEntropy(double x, double y, double epsilon) {
  if (!(std::isfinite(epsilon) && epsilon >= -1.0)) failParameter("epsilon", formatValue(epsilon), "a finite number >= -1");
  requireFinite("x", x);
  requireBinaryTarget("y", y);
  const double s = targetSign(y);
  const LogitTerms t = logitTerms(s * x);
  const double e1 = 1.0 + epsilon;
  return {e1 * t.qt + crossEntropyExcess(t), -s * t.qt * (e1 * t.pt + t.qt)};
}

// Poly-1 focal = FL + epsilon u^(gamma + 1) = m ((alpha_t + epsilon) u + alpha_t g), m = u^gamma;
// d/dx = -y m (alpha_t u^2 + (alpha_t + epsilon) (gamma + 1) p_t u + alpha_t gamma p_t g),
// from dFL/dx = -y alpha_t m (u + gamma p_t (u + g)) and d/dx_t u^(gamma + 1) = -(gamma + 1) p_t m u.
// Written this way every term is non-negative whenever alpha_t + epsilon >= 0 (epsilon = -1
// without alpha included); otherwise the loss really does change sign, and cancels only there.
LossGrad polyOneFocal(double x, double y, double alpha, double gamma, double epsilon) {
  if (!(std::isfinite(epsilon) && epsilon >= -1.0)) failParameter("epsilon", formatValue(epsilon), "a finite number >= -1");
  requireFinite("x", x);
  requireBinaryTarget("y", y);
  requireAlpha(alpha);
  requireGamma(gamma);
  const double s = targetSign(y);
  const LogitTerms t = logitTerms(s * x);
  const double at = alphaWeight(alpha, y);
  const double m = modulatingPower(t, gamma);
  const double g = crossEntropyExcess(t);
  const double ae = at + epsilon;
  const double loss = m * (ae * t.qt + at * g);
  const double grad = -s * m * (at * t.qt * t.qt + ae * (gamma + 1.0) * t.pt * t.qt + at * gamma * t.pt * g);
  return {loss, grad};
}

LossGrad flsd53(double x, double y) { return flsd53(x, y, -1.0); }

LossGrad flsd53(double x, double y, double alpha) {
  requireFinite("x", x);
  requireBinaryTarget("y", y);
  return sigmoidFocal(x, y, alpha, flsd53Gamma(targetSign(y) * x));
}

double effectiveNumber(double count, double beta) {
  if (!(std::isfinite(count) && count >= 1.0)) failParameter("count", formatValue(count), "a finite number >= 1");
  if (!(beta >= 0.0 && beta < 1.0)) failParameter("beta", formatValue(beta), "in [0, 1)");
  if (beta == 0.0) return 1.0;
  // (1 - beta^n) / (1 - beta) with 1 - beta^n = -expm1(n log beta): exact when beta^n is near 1.
  return -std::expm1(count * std::log(beta)) / (1.0 - beta);
}

std::vector<double> classBalancedWeights(const double* counts, std::size_t n, double beta) {
  if (n == 0) failParameter("counts", "an empty array", "at least one class count");
  if (!(beta >= 0.0 && beta < 1.0)) failParameter("beta", formatValue(beta), "in [0, 1)");
  for (std::size_t c = 0; c < n; ++c)
    if (!(std::isfinite(counts[c]) && counts[c] >= 1.0))
      failParameter("counts[" + std::to_string(c) + "]", formatValue(counts[c]), "a finite number >= 1");
  std::vector<double> weights(n);
  double sum = 0.0;
  for (std::size_t c = 0; c < n; ++c) {
    weights[c] = 1.0 / effectiveNumber(counts[c], beta);
    sum += weights[c];
  }
  for (double& w : weights) w *= static_cast<double>(n) / sum;
  return weights;
}

}  // namespace focal
