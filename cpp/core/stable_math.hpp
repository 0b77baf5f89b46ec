// Numerically stable building blocks in logit space. Everything in the core is written with
// these so that no formula ever forms 1 - sigmoid(x) by subtraction (which loses every digit
// once sigmoid(x) rounds to 1) or takes log of a probability that has underflowed.
#pragma once

#include <cmath>

namespace focal {

// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|): the exponent is never positive, so it
// cannot overflow, and log1p keeps full relative accuracy when e^-|z| is tiny.
inline double softplus(double z) { return std::fmax(z, 0.0) + std::log1p(std::exp(-std::fabs(z))); }

// sigmoid(z) = 1 / (1 + e^-z), evaluated from the side where the exponential is at most 1 so
// both tails keep full relative accuracy (sigmoid(-700) is about 1e-304, not 0).
inline double sigmoid(double z) {
  const double t = std::exp(-std::fabs(z));
  return z >= 0 ? 1.0 / (1.0 + t) : t / (1.0 + t);
}

// Everything a binary loss needs about one logit, from one exp and one log1p.
// x_t = y x with y in {+1, -1}; p_t = sigmoid(x_t).
struct LogitTerms {
  double pt;        // p_t
  double qt;        // 1 - p_t, computed directly as sigmoid(-x_t)
  double negLogPt;  // -log p_t = softplus(-x_t)
  double negLogQt;  // -log(1 - p_t) = softplus(x_t)
};

inline LogitTerms logitTerms(double xt) {
  const double t = std::exp(-std::fabs(xt));
  const double l = std::log1p(t);
  const double big = 1.0 / (1.0 + t);  // sigmoid(|x_t|)
  const double small = t / (1.0 + t);  // sigmoid(-|x_t|)
  if (xt >= 0) return {big, small, l, xt + l};
  return {small, big, -xt + l, l};
}

// (1 - p_t)^gamma. Small integer gammas (the common 1, 2, 3, 5) are exact products of an
// accurately computed 1 - p_t; other gammas go through exp(-gamma softplus(x_t)), which never
// underflows early the way pow(1 - p_t, gamma) does when 1 - p_t itself is subnormal.
// The batch kernel and the anchor walk special-case other gammas: docs/numerics.md says why.
inline double modulatingPower(const LogitTerms& terms, double gamma) {
  if (gamma == 0.0) return 1.0;
  // The bound comes before the cast: converting a gamma beyond int's range (a finite 3e296 is a
  // valid gamma) to int is undefined behaviour.
  if (gamma >= 1.0 && gamma <= 8.0 && gamma == std::floor(gamma)) {
    const int k = static_cast<int>(gamma);
    double m = terms.qt;
    for (int i = 1; i < k; ++i) m *= terms.qt;
    return m;
  }
  return std::exp(-gamma * terms.negLogQt);
}

}  // namespace focal
