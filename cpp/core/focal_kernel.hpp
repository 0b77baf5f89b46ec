// The batch sigmoid focal loss and its gradient, written for speed: one exp and one log1p per
// element (fast_math.hpp), everything else derived algebraically, no transcendental at all for
// the modulating factor when gamma is a small integer, and loops the compiler vectorises.
// Callers validate first (lossBatch does); the kernel itself never throws.
#pragma once

#include <cstddef>

namespace focal {

// Writes per-element FL into outLoss and gradScale * dFL/dx into outGrad (either may be null)
// and returns the sum of the losses. Targets must be 0 or 1 and logits finite; alpha <= 1
// (negative: no weighting); gamma >= 0.
double focalLossKernel(const double* logits, const double* targets, std::size_t n, double alpha, double gamma,
                       double gradScale, double* outLoss, double* outGrad);

// True when every logit is finite and every target is 0 or 1; a vectorised pre-check so the
// common valid call does not pay for the element-by-element error search.
bool allBinaryAndFinite(const double* logits, const double* targets, std::size_t n);

}  // namespace focal
