// Array forms and reductions: each must agree with the scalar loss it wraps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "batch.hpp"
#include "losses.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct Batch {
  std::vector<double> logits, targets;
};

// Fixed seed: a batch of detector-like logits, mostly easy negatives, with a few positives.
Batch makeBatch(bool softTargets, std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> logit(-12.0, 6.0), unit(0.0, 1.0);
  Batch b;
  for (std::size_t i = 0; i < n; ++i) {
    b.logits.push_back(logit(rng));
    const bool positive = unit(rng) < 0.2;
    b.targets.push_back(positive ? (softTargets ? 0.05 + 0.95 * unit(rng) : 1.0) : 0.0);
  }
  return b;
}

}  // namespace

TEST_CASE("batch losses and reductions agree with the scalar functions", "[batch]") {
  const std::string name = GENERATE("crossEntropy", "alphaCrossEntropy", "focal", "focalStar", "qualityFocal",
                                    "varifocal", "asymmetric", "polyOne", "polyOneFocal", "flsd53");
  const std::string reductionName = GENERATE("none", "sum", "mean", "positives");
  const focal::LossKind kind = focal::parseLossKind(name);
  const focal::Reduction reduction = focal::parseReduction(reductionName);
  CAPTURE(name, reductionName);
  REQUIRE(focal::lossKindName(kind) == name);

  focal::LossParams params;
  params.alpha = 0.75;  // VFL needs alpha in [0, 1]; every other loss takes it as well
  params.gamma = 1.5;
  const bool soft = kind == focal::LossKind::QualityFocal || kind == focal::LossKind::Varifocal;
  const Batch b = makeBatch(soft, 257, 20170807);
  const std::size_t n = b.logits.size();

  std::vector<double> outLoss(n), outGrad(n);
  const double reduced = focal::lossBatch(kind, params, b.logits.data(), b.targets.data(), n, reduction,
                                          outLoss.data(), outGrad.data());

  const std::size_t positives = std::count_if(b.targets.begin(), b.targets.end(), [](double y) { return y > 0; });
  REQUIRE(positives > 0);
  double scale = 1.0;
  if (reduction == focal::Reduction::Mean) scale = 1.0 / static_cast<double>(n);
  if (reduction == focal::Reduction::Positives) scale = 1.0 / static_cast<double>(positives);

  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const focal::LossGrad scalar = focal::evaluateLoss(kind, params, b.logits[i], b.targets[i]);
    CAPTURE(i, b.logits[i], b.targets[i]);
    // FL, CE and alpha-CE run through the vectorised kernel with its own exp and log1p, so they
    // agree with the scalar path to the core's accuracy rather than bit for bit.
    REQUIRE_THAT(outLoss[i], WithinRel(scalar.loss, 1e-12));
    // The gradient is that of the reduced loss: per element for none and sum, scaled otherwise.
    REQUIRE_THAT(outGrad[i], WithinRel(scale * scalar.grad, 1e-12));
    sum += scalar.loss;
  }
  // none reports the sum, like sum does.
  REQUIRE_THAT(reduced, WithinRel(reduction == focal::Reduction::None ? sum : scale * sum, 1e-12));

  SECTION("outputs are optional") {
    const double alone = focal::lossBatch(kind, params, b.logits.data(), b.targets.data(), n, reduction, nullptr, nullptr);
    REQUIRE_THAT(alone, WithinRel(reduced, 1e-15));
  }
}

TEST_CASE("the positives reduction divides by max(1, number of targets > 0)", "[batch]") {
  const double logits[] = {-3.0, 0.5, -1.0, 2.0};
  focal::LossParams params;

  SECTION("no positives: divide by 1, not 0") {
    const double negatives[] = {0, 0, 0, 0};
    const double sum = focal::lossBatch(focal::LossKind::Focal, params, logits, negatives, 4, focal::Reduction::Sum, nullptr, nullptr);
    std::vector<double> grad(4);
    const double normalised = focal::lossBatch(focal::LossKind::Focal, params, logits, negatives, 4,
                                               focal::Reduction::Positives, nullptr, grad.data());
    REQUIRE_THAT(normalised, WithinRel(sum, 1e-15));
    REQUIRE_THAT(grad[1], WithinRel(focal::sigmoidFocalLossGrad(0.5, 0, params.alpha, params.gamma), 1e-12));
  }
  SECTION("two positives") {
    const double targets[] = {0, 1, 0, 1};
    const double sum = focal::lossBatch(focal::LossKind::Focal, params, logits, targets, 4, focal::Reduction::Sum, nullptr, nullptr);
    REQUIRE_THAT(focal::lossBatch(focal::LossKind::Focal, params, logits, targets, 4, focal::Reduction::Positives, nullptr, nullptr),
                 WithinRel(sum / 2, 1e-15));
  }
  SECTION("soft targets count as positives when above 0") {
    const double targets[] = {0, 0.3, 0, 1e-9};
    const double sum = focal::lossBatch(focal::LossKind::QualityFocal, params, logits, targets, 4, focal::Reduction::Sum, nullptr, nullptr);
    REQUIRE_THAT(focal::lossBatch(focal::LossKind::QualityFocal, params, logits, targets, 4, focal::Reduction::Positives, nullptr, nullptr),
                 WithinRel(sum / 2, 1e-15));
  }
}

TEST_CASE("the public FL batch returns the sum with per-element loss and gradient", "[batch][focal]") {
  const Batch b = makeBatch(false, 100, 7);
  std::vector<double> loss(100), grad(100);
  const double total = focal::sigmoidFocalLossBatch(b.logits.data(), b.targets.data(), 100, 0.25, 2.0, loss.data(), grad.data());
  double sum = 0;
  for (std::size_t i = 0; i < 100; ++i) {
    REQUIRE_THAT(loss[i], WithinRel(focal::sigmoidFocalLoss(b.logits[i], b.targets[i], 0.25, 2.0), 1e-12));
    REQUIRE_THAT(grad[i], WithinRel(focal::sigmoidFocalLossGrad(b.logits[i], b.targets[i], 0.25, 2.0), 1e-12));
    sum += loss[i];
  }
  REQUIRE_THAT(total, WithinRel(sum, 1e-12));
  REQUIRE_THAT(focal::sigmoidFocalLossBatch(b.logits.data(), b.targets.data(), 100, 0.25, 2.0, nullptr, nullptr),
               WithinRel(total, 1e-15));
}

TEST_CASE("every loss name parses back to itself", "[batch]") {
  for (const char* name : {"crossEntropy", "alphaCrossEntropy", "focal", "focalStar", "qualityFocal", "varifocal",
                           "asymmetric", "polyOne", "polyOneFocal", "flsd53"}) {
    REQUIRE(std::string(focal::lossKindName(focal::parseLossKind(name))) == name);
  }
  REQUIRE(focal::parseReduction("none") == focal::Reduction::None);
  REQUIRE(focal::parseReduction("sum") == focal::Reduction::Sum);
  REQUIRE(focal::parseReduction("mean") == focal::Reduction::Mean);
  REQUIRE(focal::parseReduction("positives") == focal::Reduction::Positives);
}
