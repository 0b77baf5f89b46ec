// Bad input is rejected at the API boundary with std::invalid_argument naming the parameter and
// the value, and a rejected batch call leaves the caller's arrays as they were.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "batch.hpp"
#include "losses.hpp"
#include "softmax_focal.hpp"
#include "test_support.hpp"
#include "variants.hpp"

using focal_test::requireRejects;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// A rejected value and how the message must spell it.
struct Bad {
  double value;
  const char* text;
};

}  // namespace

TEST_CASE("gamma must be a finite number >= 0", "[validation]") {
  for (const Bad& bad : {Bad{-1, "-1"}, Bad{-1e-300, "-1e-300"}, Bad{kNaN, "NaN"}, Bad{kInf, "Infinity"}}) {
    const double gamma = bad.value;
    const std::string text = bad.text;
    requireRejects([&] { focal::sigmoidFocalLoss(0.5, 1, 0.25, gamma); }, "gamma", text);
    requireRejects([&] { focal::sigmoidFocalLossGrad(0.5, 1, 0.25, gamma); }, "gamma", text);
    requireRejects([&] { focal::modulatingFactor(0.5, 1, gamma); }, "gamma", text);
    requireRejects([&] { focal::polyOneFocal(0.5, 1, 0.25, gamma, 1); }, "gamma", text);
    requireRejects([&] { focal::varifocal(0.5, 0, 0.75, gamma); }, "gamma", text);
    const double z[] = {0, 1};
    requireRejects([&] { focal::softmaxFocal(z, 2, 0, 0.25, gamma, nullptr); }, "gamma", text);
  }
}

TEST_CASE("FL* needs gamma > 0 because it divides by gamma", "[validation]") {
  requireRejects([] { focal::focalLossStar(0.5, 1, 0, 1); }, "gamma", "0");
  requireRejects([] { focal::focalLossStarGrad(0.5, 1, -2, 1); }, "gamma", "-2");
  requireRejects([] { focal::focalLossStar(0.5, 1, kNaN, 1); }, "gamma", "NaN");
  requireRejects([] { focal::focalLossStar(0.5, 1, 2, kInf); }, "beta", "Infinity");
}

TEST_CASE("alpha must be at most 1 and not NaN (negative switches weighting off)", "[validation]") {
  requireRejects([] { focal::sigmoidFocalLoss(0.5, 1, 1.5, 2); }, "alpha", "1.5");
  requireRejects([] { focal::sigmoidFocalLoss(0.5, 1, kNaN, 2); }, "alpha", "NaN");
  requireRejects([] { focal::alphaBalancedCrossEntropy(0.5, 0, 1.0000000000000002); }, "alpha", "1.0000000000000002");
  const double z[] = {0, 1, 2};
  requireRejects([&] { focal::softmaxFocal(z, 3, 1, 2.5, 2, nullptr); }, "alpha", "2.5");
  // VFL's alpha scales the negatives and has no "off" value.
  requireRejects([] { focal::varifocal(0.5, 0, -0.5, 2); }, "alpha", "-0.5");
  REQUIRE_NOTHROW(focal::sigmoidFocalLoss(0.5, 1, -1, 2));
  REQUIRE_NOTHROW(focal::sigmoidFocalLoss(0.5, 1, 1, 2));
}

TEST_CASE("binary targets must be exactly 0 or 1", "[validation]") {
  for (const Bad& bad : {Bad{0.5, "0.5"}, Bad{2, "2"}, Bad{-1, "-1"}, Bad{kNaN, "NaN"}}) {
    const double y = bad.value;
    const std::string text = bad.text;
    requireRejects([&] { focal::binaryCrossEntropy(0.5, y); }, "y", text);
    requireRejects([&] { focal::alphaBalancedCrossEntropy(0.5, y, 0.25); }, "y", text);
    requireRejects([&] { focal::sigmoidFocalLoss(0.5, y, 0.25, 2); }, "y", text);
    requireRejects([&] { focal::focalLossStar(0.5, y, 2, 1); }, "y", text);
    requireRejects([&] { focal::modulatingFactor(0.5, y, 2); }, "y", text);
    requireRejects([&] { focal::asymmetric(0.5, y, 0, 4, 0.05); }, "y", text);
    requireRejects([&] { focal::polyOneCrossEntropy(0.5, y, 1); }, "y", text);
    requireRejects([&] { focal::polyOneFocal(0.5, y, 0.25, 2, 1); }, "y", text);
    requireRejects([&] { focal::flsd53(0.5, y); }, "y", text);
  }
  // Soft targets are allowed only in [0, 1].
  requireRejects([] { focal::qualityFocal(0.5, 1.5, 2); }, "y", "1.5");
  requireRejects([] { focal::qualityFocal(0.5, kNaN, 2); }, "y", "NaN");
  requireRejects([] { focal::varifocal(0.5, -0.1, 0.75, 2); }, "q", "-0.1");
}

TEST_CASE("logits must be finite", "[validation]") {
  for (const Bad& bad : {Bad{kInf, "Infinity"}, Bad{-kInf, "-Infinity"}, Bad{kNaN, "NaN"}}) {
    const double x = bad.value;
    const std::string text = bad.text;
    requireRejects([&] { focal::binaryCrossEntropy(x, 1); }, "x", text);
    requireRejects([&] { focal::sigmoidFocalLoss(x, 1, 0.25, 2); }, "x", text);
    requireRejects([&] { focal::focalLossStar(x, 1, 2, 1); }, "x", text);
    requireRejects([&] { focal::modulatingFactor(x, 0, 2); }, "x", text);
    requireRejects([&] { focal::qualityFocal(x, 0.3, 2); }, "x", text);
    requireRejects([&] { focal::varifocal(x, 0.3, 0.75, 2); }, "x", text);
    requireRejects([&] { focal::asymmetric(x, 0, 0, 4, 0.05); }, "x", text);
    requireRejects([&] { focal::polyOneCrossEntropy(x, 1, 1); }, "x", text);
    requireRejects([&] { focal::polyOneFocal(x, 1, 0.25, 2, 1); }, "x", text);
    requireRejects([&] { focal::flsd53(x, 1); }, "x", text);
    const double z[] = {0, x, 1};
    requireRejects([&] { focal::softmaxFocal(z, 3, 0, 0.25, 2, nullptr); }, "logits[1]", text);
  }
}

TEST_CASE("variant parameters are range-checked", "[validation]") {
  requireRejects([] { focal::qualityFocal(0.5, 0.3, -1); }, "beta", "-1");
  requireRejects([] { focal::asymmetric(0.5, 0, -1, 4, 0.05); }, "gammaPos", "-1");
  requireRejects([] { focal::asymmetric(0.5, 0, 0, kNaN, 0.05); }, "gammaNeg", "NaN");
  requireRejects([] { focal::asymmetric(0.5, 0, 0, 4, 1.5); }, "margin", "1.5");
  requireRejects([] { focal::polyOneCrossEntropy(0.5, 1, -2); }, "epsilon", "-2");
  requireRejects([] { focal::polyOneFocal(0.5, 1, 0.25, 2, kNaN); }, "epsilon", "NaN");
  requireRejects([] { focal::priorBias(0); }, "pi", "0");
  requireRejects([] { focal::priorBias(1); }, "pi", "1");
}

TEST_CASE("softmax focal needs two classes and a target among them", "[validation]") {
  const double z[] = {0.5, -1, 2};
  requireRejects([&] { focal::softmaxFocal(z, 1, 0, 0.25, 2, nullptr); }, "logits", "length 1");
  requireRejects([&] { focal::softmaxFocal(z, 0, 0, 0.25, 2, nullptr); }, "logits", "length 0");
  requireRejects([&] { focal::softmaxFocal(z, 3, 3, 0.25, 2, nullptr); }, "target", "3");

  // Nothing reaches the gradient buffer before the call has been validated.
  std::vector<double> grad(3, -777.0);
  const std::vector<double> before = grad;
  requireRejects([&] { focal::softmaxFocal(z, 3, 5, 0.25, 2, grad.data()); }, "target", "5");
  requireRejects([&] { focal::softmaxFocal(z, 3, 0, 0.25, -1, grad.data()); }, "gamma", "-1");
  REQUIRE(grad == before);
}

TEST_CASE("batch calls reject empty arrays and name the bad element", "[validation][batch]") {
  const focal::LossParams params;
  const double none[] = {0.0};
  requireRejects([&] { focal::lossBatch(focal::LossKind::Focal, params, none, none, 0, focal::Reduction::Sum, nullptr, nullptr); },
                 "logits", "an empty array");
  requireRejects([&] { focal::sigmoidFocalLossBatch(none, none, 0, 0.25, 2, nullptr, nullptr); }, "logits",
                 "an empty array");

  const double logits[] = {0.5, -1, kNaN, 3};
  const double targets[] = {1, 0, 1, 0};
  requireRejects([&] { focal::lossBatch(focal::LossKind::CrossEntropy, params, logits, targets, 4, focal::Reduction::Mean, nullptr, nullptr); },
                 "logits[2]", "NaN");
  const double fine[] = {0.5, -1, 2, 3};
  const double soft[] = {1, 0.5, 0, 1};
  requireRejects([&] { focal::lossBatch(focal::LossKind::Focal, params, fine, soft, 4, focal::Reduction::Sum, nullptr, nullptr); },
                 "targets[1]", "0.5");
  const double tooBig[] = {1, 0, 2, 1};
  requireRejects([&] { focal::lossBatch(focal::LossKind::QualityFocal, params, fine, tooBig, 4, focal::Reduction::Sum, nullptr, nullptr); },
                 "targets[2]", "2");
  focal::LossParams badGamma;
  badGamma.gamma = -0.5;
  requireRejects([&] { focal::lossBatch(focal::LossKind::Focal, badGamma, fine, targets, 4, focal::Reduction::Sum, nullptr, nullptr); },
                 "gamma", "-0.5");
}

TEST_CASE("unknown loss and reduction names are rejected by name", "[validation][batch]") {
  requireRejects([] { focal::parseReduction("median"); }, "reduction", "'median'");
  requireRejects([] { focal::parseReduction(""); }, "reduction", "''");
  requireRejects([] { focal::parseLossKind("focus"); }, "loss", "'focus'");
  requireRejects([] { focal::parseLossKind("Focal"); }, "loss", "'Focal'");
}

TEST_CASE("class-balanced weights need 0 <= beta < 1 and counts >= 1", "[validation][class-balanced]") {
  const std::vector<double> counts = {10, 0, 5};
  const std::vector<double> good = {10, 20, 5};
  requireRejects([&] { focal::classBalancedWeights(good.data(), 3, 1.0); }, "beta", "1");
  requireRejects([&] { focal::classBalancedWeights(good.data(), 3, -0.1); }, "beta", "-0.1");
  requireRejects([&] { focal::classBalancedWeights(good.data(), 3, kNaN); }, "beta", "NaN");
  requireRejects([&] { focal::classBalancedWeights(counts.data(), 3, 0.9); }, "counts[1]", "0");
  requireRejects([&] { focal::classBalancedWeights(good.data(), 0, 0.9); }, "counts", "an empty array");
  requireRejects([] { focal::effectiveNumber(0.5, 0.9); }, "count", "0.5");
  requireRejects([] { focal::effectiveNumber(10, 1); }, "beta", "1");
}

TEST_CASE("a batch call that throws leaves the output arrays untouched", "[validation][batch]") {
  const std::size_t n = 9;
  std::vector<double> logits(n), targets(n);
  for (std::size_t i = 0; i < n; ++i) {
    logits[i] = -4.0 + static_cast<double>(i);
    targets[i] = static_cast<double>(i % 2);
  }
  targets[n / 2] = 0.5;  // one bad binary target in the middle: elements before it are valid
  const std::vector<double> sentinel(n, -12345.0);
  std::vector<double> outLoss = sentinel, outGrad = sentinel;

  SECTION("every binary-target loss and reduction") {
    for (const char* name : {"crossEntropy", "alphaCrossEntropy", "focal", "focalStar", "asymmetric", "polyOne",
                             "polyOneFocal", "flsd53"}) {
      for (const char* reduction : {"none", "sum", "mean", "positives"}) {
        CAPTURE(name, reduction);
        requireRejects(
            [&] {
              focal::lossBatch(focal::parseLossKind(name), focal::LossParams{}, logits.data(), targets.data(), n,
                               focal::parseReduction(reduction), outLoss.data(), outGrad.data());
            },
            "targets[4]", "0.5");
        REQUIRE(outLoss == sentinel);
        REQUIRE(outGrad == sentinel);
      }
    }
  }
  SECTION("soft-target losses with a target above 1") {
    targets[n / 2] = 1.25;
    for (const char* name : {"qualityFocal", "varifocal"}) {
      CAPTURE(name);
      requireRejects(
          [&] {
            focal::lossBatch(focal::parseLossKind(name), focal::LossParams{}, logits.data(), targets.data(), n,
                             focal::Reduction::Sum, outLoss.data(), outGrad.data());
          },
          "targets[4]", "1.25");
      REQUIRE(outLoss == sentinel);
      REQUIRE(outGrad == sentinel);
    }
  }
  SECTION("the public FL batch") {
    requireRejects(
        [&] { focal::sigmoidFocalLossBatch(logits.data(), targets.data(), n, 0.25, 2, outLoss.data(), outGrad.data()); },
        "targets[4]", "0.5");
    REQUIRE(outLoss == sentinel);
    REQUIRE(outGrad == sentinel);
  }
  SECTION("a bad logit at the end") {
    targets[n / 2] = 1;
    logits[n - 1] = kInf;
    requireRejects(
        [&] { focal::sigmoidFocalLossBatch(logits.data(), targets.data(), n, 0.25, 2, outLoss.data(), outGrad.data()); },
        "logits[8]", "Infinity");
    REQUIRE(outLoss == sentinel);
    REQUIRE(outGrad == sentinel);
  }
  SECTION("a bad parameter") {
    targets[n / 2] = 1;
    focal::LossParams params;
    params.epsilon = -3;
    requireRejects(
        [&] {
          focal::lossBatch(focal::LossKind::PolyOneFocal, params, logits.data(), targets.data(), n,
                           focal::Reduction::Positives, outLoss.data(), outGrad.data());
        },
        "epsilon", "-3");
    REQUIRE(outLoss == sentinel);
    REQUIRE(outGrad == sentinel);
  }
}
