// Focal-loss variants the page compares against, each with d loss / d x (x the logit).
// p = sigmoid(x). Sources are named per function; see README "The core" for the conventions.
#pragma once

#include <cstddef>
#include <vector>

#include "losses.hpp"

namespace focal {

// Quality Focal Loss (Li et al. 2020), soft target y in [0, 1]:
// QFL = -|y - p|^beta ((1 - y) log(1 - p) + y log p)
LossGrad qualityFocal(double x, double y, double beta);

// Varifocal Loss (Zhang et al. 2021), IoU target q in [0, 1]:
// q > 0: -q (q log p + (1 - q) log(1 - p));  q = 0: -alpha p^gamma log(1 - p)
LossGrad varifocal(double x, double q, double alpha, double gamma);

// Asymmetric Loss (Ridnik et al. 2021), y in {0, 1}, p_m = max(p - m, 0):
// y = 1: -(1 - p)^gammaPos log p;  y = 0: -p_m^gammaNeg log(1 - p_m)
LossGrad asymmetric(double x, double y, double gammaPos, double gammaNeg, double margin);

// Poly-1 (Leng et al. 2022): CE + epsilon (1 - p_t)
LossGrad polyOneCrossEntropy(double x, double y, double epsilon);
// Poly-1 focal form: FL + epsilon (1 - p_t)^(gamma + 1)
LossGrad polyOneFocal(double x, double y, double alpha, double gamma, double epsilon);

// FLSD-53 (Mukhoti et al. 2020): FL without alpha, gamma = 5 where p_t < 0.2, else 3.
// The gradient treats gamma as locally constant (the loss jumps at p_t = 0.2; docs/numerics.md).
LossGrad flsd53(double x, double y);
// The same gamma with FL's alpha weighting (alpha < 0: none, which is flsd53(x, y)); the training
// panel's FL model uses it when FLSD-53 replaces its fixed gamma.
LossGrad flsd53(double x, double y, double alpha);
// FLSD-53's gamma at x_t = y x. p_t < 0.2 exactly when x_t < log(0.2 / 0.8) = -ln 4, so the switch
// is decided on the logit, with no rounded p_t in between; every FLSD-53 in the core uses this.
constexpr double kFlsd53Switch = -1.3862943611198906;  // -ln 4, to the nearest double
inline double flsd53Gamma(double xt) { return xt < kFlsd53Switch ? 5.0 : 3.0; }

// Class-balanced weights (Cui et al. 2019): w_c = (1 - beta) / (1 - beta^n_c), renormalised so
// the weights sum to the number of classes. beta in [0, 1), every count >= 1.
std::vector<double> classBalancedWeights(const double* counts, std::size_t n, double beta);
// Effective number of samples E_n = (1 - beta^n) / (1 - beta).
double effectiveNumber(double count, double beta);

}  // namespace focal
