// Inputs the sanitizer build and the fuzzer (tests/fuzz) turned up, pinned so that the ordinary
// native build checks them too.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "batch.hpp"
#include "losses.hpp"
#include "softmax_focal.hpp"
#include "variants.hpp"

using Catch::Matchers::WithinAbs;

namespace {

// Finite gammas far beyond the small whole numbers that modulatingPower multiplies out: 3e296 is
// beyond int's range (casting it to int was undefined behaviour, which UBSan reported).
const double kHugeGammas[] = {1e10, 3e296};
const double kLogits[] = {-700.0, -30.0, -1.0, -1e-300, 0.0, 1e-300, 1.0, 30.0, 700.0};

}  // namespace

TEST_CASE("a huge finite gamma gives finite losses and gradients", "[robustness][focal]") {
  for (const double gamma : kHugeGammas) {
    for (const double y : {0.0, 1.0}) {
      for (const double x : kLogits) {
        CAPTURE(gamma, y, x);
        const focal::LossGrad fl = focal::sigmoidFocal(x, y, 0.25, gamma);
        CHECK(std::isfinite(fl.loss));
        CHECK(std::isfinite(fl.grad));
        CHECK(std::isfinite(focal::sigmoidFocalLoss(x, y, -1, gamma)));
        CHECK(std::isfinite(focal::sigmoidFocalLossGrad(x, y, -1, gamma)));
        CHECK(std::isfinite(focal::modulatingFactor(x, y, gamma)));
        focal::LossParams params;
        params.gamma = params.qualityBeta = params.gammaPos = params.gammaNeg = gamma;
        for (int kind = 0; kind <= static_cast<int>(focal::LossKind::Flsd53); ++kind) {
          CAPTURE(focal::lossKindName(static_cast<focal::LossKind>(kind)));
          const focal::LossGrad lg = focal::evaluateLoss(static_cast<focal::LossKind>(kind), params, x, y);
          CHECK(std::isfinite(lg.loss));
          CHECK(std::isfinite(lg.grad));
        }
      }
    }
    std::vector<double> logits(std::begin(kLogits), std::end(kLogits));
    std::vector<double> targets(logits.size());
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = static_cast<double>(i % 2);
    std::vector<double> loss(logits.size()), grad(logits.size());
    CHECK(std::isfinite(focal::sigmoidFocalLossBatch(logits.data(), targets.data(), logits.size(), 0.25, gamma,
                                                     loss.data(), grad.data())));
    for (std::size_t i = 0; i < logits.size(); ++i) {
      CHECK(std::isfinite(loss[i]));
      CHECK(std::isfinite(grad[i]));
    }
    std::vector<double> softmaxGrad(logits.size());
    CHECK(std::isfinite(focal::softmaxFocal(logits.data(), logits.size(), 4, 0.25, gamma, softmaxGrad.data())));
    for (const double g : softmaxGrad) CHECK(std::isfinite(g));
  }
}

TEST_CASE("a huge gamma silences every example that is not already hopeless", "[focal]") {
  // (1 - p_t)^gamma with 1 - p_t = 0.5 is 2^-gamma, zero for gamma = 1e10 and 3e296 alike.
  for (const double gamma : kHugeGammas) {
    CHECK_THAT(focal::sigmoidFocalLoss(0.0, 1.0, -1, gamma), WithinAbs(0.0, 0.0));
    CHECK_THAT(focal::modulatingFactor(0.0, 1.0, gamma), WithinAbs(0.0, 0.0));
  }
}
