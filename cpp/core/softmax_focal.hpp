// Multi-class (softmax) focal loss: FL = -alpha (1 - p_c)^gamma log p_c with p = softmax(z).
// alpha is one scalar weight for every class (negative: no weighting), or one weight per class, of
// which the target's, alpha_c, applies: the per-class form hands alpha_c to the scalar one.
#pragma once

#include <cmath>
#include <cstddef>

namespace focal {

// The formula, for callers that have already validated their inputs: n >= 2, target < n, every
// logit finite, alpha <= 1 (negative: no weighting), gamma finite and >= 0. softmaxFocal below
// validates and calls it; the three-class trainer calls it once per sample after checking its
// logits a block at a time (multiclass_trainer.cpp).
//
// With e_j = exp(z_j - max z), p_c = e_c / sum e and 1 - p_c = (sum_{j != c} e_j) / sum e: both
// are sums of non-negative terms, so 1 - p_c keeps full relative accuracy even when p_c rounds to 1.
// -log p_c is log1p(sum_{j != c} exp(z_j - z_c)) when z_c is the largest logit (no cancellation
// near p_c = 1) and (max - z_c) + log(sum e) otherwise.
//
// For j != c: dFL/dz_j = alpha q_j (1 - p_c)^gamma ((1 - p_c) + gamma p_c (-log p_c)),
// q_j = p_j / (1 - p_c) = e_j / sum_{k != c} e_k. No (1 - p_c)^(gamma - 1) appears, so the gradient
// stays finite for 0 < gamma < 1. The loss is invariant to adding a constant to every logit, so
// dFL/dz_c = -sum_{j != c} dFL/dz_j.
inline double softmaxFocalUnchecked(const double* logits, std::size_t n, std::size_t target, double alpha, double gamma,
                                    double* grad) {
  const double zc = logits[target];
  double zmax = logits[0];
  for (std::size_t j = 1; j < n; ++j) zmax = logits[j] > zmax ? logits[j] : zmax;
  double others = 0.0;  // sum_{j != c} exp(z_j - zmax); each term waits in grad for the gradient
  for (std::size_t j = 0; j < n; ++j) {
    if (j == target) continue;
    const double e = std::exp(logits[j] - zmax);
    others += e;
    if (grad) grad[j] = e;
  }
  const double ec = std::exp(zc - zmax);
  const double total = others + ec;
  const double pc = ec / total;
  const double qc = others / total;
  // ec == 1 when z_c is the largest, so others = sum_{j != c} exp(z_j - z_c).
  const double negLogP = zc == zmax ? std::log1p(others) : (zmax - zc) + std::log(total);
  const double weight = alpha < 0 ? 1.0 : alpha;
  // (1 - p_c)^gamma: small whole gammas (the common 1, 2, 3, 5) as exact products, as the sigmoid
  // losses do (stable_math.hpp, modulatingPower); pow for the rest.
  double m = 1.0;
  if (gamma >= 1.0 && gamma <= 8.0 && gamma == std::floor(gamma)) {
    for (int i = 0; i < static_cast<int>(gamma); ++i) m *= qc;
  } else if (gamma != 0.0) {
    m = std::pow(qc, gamma);
  }
  const double loss = weight * m * negLogP;
  if (grad) {
    // p_c log p_c -> 0 as p_c -> 0; spelled out because logits further apart than DBL_MAX make
    // p_c = 0 and -log p_c = Inf, and 0 * Inf would turn every gradient into NaN.
    const double pcNegLogP = pc > 0.0 ? pc * negLogP : 0.0;
    const double scale = weight * m * (qc + gamma * pcNegLogP);
    double sumOthers = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == target) continue;
      grad[j] = others > 0 ? scale * (grad[j] / others) : 0.0;
      sumOthers += grad[j];
    }
    grad[target] = -sumOthers;
  }
  return loss;
}

// Returns the loss; when grad is not null it receives d loss / d z_j for every j (length n).
// Validation happens before anything is written to grad.
double softmaxFocal(const double* logits, std::size_t n, std::size_t target, double alpha, double gamma,
                    double* grad);

// FL = -alpha_c (1 - p_c)^gamma log p_c with alphas[j] in [0, 1] the weight of class j (length n).
double softmaxFocal(const double* logits, std::size_t n, std::size_t target, const double* alphas, double gamma,
                    double* grad);

}  // namespace focal
