#include "softmax_focal.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "validation.hpp"

namespace focal {

// With e_j = exp(z_j - max z), p_c = e_c / sum e and 1 - p_c = (sum_{j != c} e_j) / sum e: both
// are sums of non-negative terms, so 1 - p_c keeps full relative accuracy even when p_c rounds to 1.
// -log p_c is log1p(sum_{j != c} exp(z_j - z_c)) when z_c is the largest logit (no cancellation
// near p_c = 1) and (max - z_c) + log(sum e) otherwise.
//
// For j != c: dFL/dz_j = alpha q_j (1 - p_c)^gamma ((1 - p_c) + gamma p_c (-log p_c)),
// q_j = p_j / (1 - p_c) = e_j / sum_{k != c} e_k. No (1 - p_c)^(gamma - 1) appears, so the gradient
// stays finite for 0 < gamma < 1. The loss is invariant to adding a constant to every logit, so
// dFL/dz_c = -sum_{j != c} dFL/dz_j.
double softmaxFocal(const double* logits, std::size_t n, std::size_t target, double alpha, double gamma,
                    double* grad) {
  if (n < 2) failParameter("logits", "length " + std::to_string(n), "at least 2 classes");
  if (target >= n)
    failParameter("target", std::to_string(target), "a class index in [0, " + std::to_string(n - 1) + "]");
  for (std::size_t j = 0; j < n; ++j)
    if (!std::isfinite(logits[j])) failParameter("logits[" + std::to_string(j) + "]", formatValue(logits[j]), "a finite number");
  requireAlpha(alpha);
  requireGamma(gamma);

  const double zc = logits[target];
  const double zmax = *std::max_element(logits, logits + n);
  double others = 0.0;  // sum_{j != c} exp(z_j - zmax)
  for (std::size_t j = 0; j < n; ++j)
    if (j != target) others += std::exp(logits[j] - zmax);
  const double ec = std::exp(zc - zmax);
  const double total = others + ec;
  const double pc = ec / total;
  const double qc = others / total;
  double negLogP;
  if (zc == zmax) {
    negLogP = std::log1p(others);  // ec == 1 here, so others = sum_{j != c} exp(z_j - z_c)
  } else {
    negLogP = (zmax - zc) + std::log(total);
  }
  const double weight = alpha < 0 ? 1.0 : alpha;
  const double m = gamma == 0.0 ? 1.0 : std::pow(qc, gamma);
  const double loss = weight * m * negLogP;
  if (grad) {
    // p_c log p_c -> 0 as p_c -> 0; spelled out because logits further apart than DBL_MAX make
    // p_c = 0 and -log p_c = Inf, and 0 * Inf would turn every gradient into NaN.
    const double pcNegLogP = pc > 0.0 ? pc * negLogP : 0.0;
    const double scale = weight * m * (qc + gamma * pcNegLogP);
    double sumOthers = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == target) continue;
      grad[j] = others > 0 ? scale * (std::exp(logits[j] - zmax) / others) : 0.0;
      sumOthers += grad[j];
    }
    grad[target] = -sumOthers;
  }
  return loss;
}

}  // namespace focal
