// Multi-class (softmax) focal loss: FL = -alpha (1 - p_c)^gamma log p_c with p = softmax(z).
// alpha is one scalar weight for every class (negative: no weighting).
#pragma once

#include <cstddef>

namespace focal {

// Returns the loss; when grad is not null it receives d loss / d z_j for every j (length n).
// Validation happens before anything is written to grad.
double softmaxFocal(const double* logits, std::size_t n, std::size_t target, double alpha, double gamma,
                    double* grad);

}  // namespace focal
