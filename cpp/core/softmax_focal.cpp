#include "softmax_focal.hpp"

#include <cmath>
#include <string>

#include "validation.hpp"

namespace focal {

// Validates, then evaluates the formula (softmax_focal.hpp, softmaxFocalUnchecked).
double softmaxFocal(const double* logits, std::size_t n, std::size_t target, double alpha, double gamma,
                    double* grad) {
  if (n < 2) failParameter("logits", "length " + std::to_string(n), "at least 2 classes");
  if (target >= n)
    failParameter("target", std::to_string(target), "a class index in [0, " + std::to_string(n - 1) + "]");
  for (std::size_t j = 0; j < n; ++j)
    if (!std::isfinite(logits[j])) failParameter("logits[" + std::to_string(j) + "]", formatValue(logits[j]), "a finite number");
  requireAlpha(alpha);
  requireGamma(gamma);
  return softmaxFocalUnchecked(logits, n, target, alpha, gamma, grad);
}

// The weights are checked first (the scalar form checks the rest), so a bad weight of any class
// is named even when another class is the target.
double softmaxFocal(const double* logits, std::size_t n, std::size_t target, const double* alphas, double gamma,
                    double* grad) {
  for (std::size_t j = 0; j < n; ++j)
    if (!(alphas[j] >= 0.0 && alphas[j] <= 1.0)) failParameter("alphas[" + std::to_string(j) + "]", formatValue(alphas[j]), "in [0, 1]");
  // Too few classes or a target out of range: the scalar form names which, before it reads alpha.
  if (n < 2 || target >= n) return softmaxFocal(logits, n, target, 1.0, gamma, grad);
  return softmaxFocal(logits, n, target, alphas[target], gamma, grad);
}

}  // namespace focal
