// The focal-loss variants: QFL, VFL, ASL, Poly-1 (both forms), FLSD-53 and class-balanced weights.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <vector>

#include "losses.hpp"
#include "stable_math.hpp"
#include "test_support.hpp"
#include "variants.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using focal_test::requireGradientMatches;

namespace {

double logit(double p) { return std::log(p / (1 - p)); }

}  // namespace

TEST_CASE("variant gradients match central finite differences", "[variants][grad]") {
  const double x = GENERATE(take(100, random(-12.0, 12.0)));
  const double gamma = GENERATE(0.0, 0.3, 2.0, take(2, random(0.0, 10.0)));
  const double y = GENERATE(0.0, 1.0);
  // A soft target for QFL and VFL, different on every run.
  const double soft = std::fmod(std::fabs(x) * 7.31 + gamma, 1.0);
  CAPTURE(x, gamma, y, soft);

  SECTION("QFL") {
    // |y - p|^beta has a kink at p = y for beta <= 1 (a singular gradient for beta < 1); the
    // stencil must stay clear of it.
    const double beta = gamma;
    for (const double target : {y, soft}) {
      if (target > 0 && target < 1 && std::fabs(x - logit(target)) < 0.25) continue;
      CAPTURE(target, beta);
      requireGradientMatches([&](double t) { return focal::qualityFocal(t, target, beta).loss; }, x,
                             focal::qualityFocal(x, target, beta).grad);
    }
  }
  SECTION("VFL") {
    for (const double q : {y, soft}) {
      CAPTURE(q);
      requireGradientMatches([&](double t) { return focal::varifocal(t, q, 0.75, gamma).loss; }, x,
                             focal::varifocal(x, q, 0.75, gamma).grad);
    }
  }
  SECTION("ASL") {
    for (const double margin : {0.0, 0.05, 0.2}) {
      // p_m = max(p - m, 0) has a kink at p = m (a singular gradient for gammaNeg < 1); the
      // stencil must stay clear of it.
      if (margin > 0 && std::fabs(x - logit(margin)) < 0.25) continue;
      CAPTURE(margin);
      requireGradientMatches([&](double t) { return focal::asymmetric(t, y, 1.0, gamma, margin).loss; }, x,
                             focal::asymmetric(x, y, 1.0, gamma, margin).grad);
    }
  }
  SECTION("Poly-1") {
    for (const double epsilon : {-1.0, 0.0, 1.0, 2.0}) {
      CAPTURE(epsilon);
      requireGradientMatches([&](double t) { return focal::polyOneCrossEntropy(t, y, epsilon).loss; }, x,
                             focal::polyOneCrossEntropy(x, y, epsilon).grad);
    }
  }
  SECTION("Poly-1 focal") {
    for (const double epsilon : {-1.0, 0.0, 1.0, 2.0}) {
      for (const double alpha : {-1.0, 0.25}) {
        CAPTURE(epsilon, alpha);
        requireGradientMatches([&](double t) { return focal::polyOneFocal(t, y, alpha, gamma, epsilon).loss; }, x,
                               focal::polyOneFocal(x, y, alpha, gamma, epsilon).grad);
      }
    }
  }
  SECTION("FLSD-53") {
    // The loss jumps at p_t = 0.2 (x_t = -log 4): stay away from the jump.
    const double xt = y == 1.0 ? x : -x;
    if (std::fabs(xt + std::log(4.0)) > 0.05)
      requireGradientMatches([&](double t) { return focal::flsd53(t, y).loss; }, x, focal::flsd53(x, y).grad);
  }
}

TEST_CASE("QFL with a hard target is FL without alpha, beta playing gamma", "[variants]") {
  const double x = GENERATE(take(100, random(-700.0, 700.0)));
  const double beta = GENERATE(0.0, 0.5, 2.0, 3.0);
  const double y = GENERATE(0.0, 1.0);
  const focal::LossGrad qfl = focal::qualityFocal(x, y, beta);
  const focal::LossGrad fl = focal::sigmoidFocal(x, y, -1.0, beta);
  REQUIRE_THAT(qfl.loss, WithinRel(fl.loss, 1e-13) || WithinAbs(fl.loss, 1e-300));
  REQUIRE_THAT(qfl.grad, WithinRel(fl.grad, 1e-13) || WithinAbs(fl.grad, 1e-300));
}

TEST_CASE("QFL with a soft target is smallest where the prediction meets the target", "[variants]") {
  const double y = GENERATE(0.1, 0.4, 0.75);
  const double x0 = logit(y);
  // At p = y the factor |y - p|^beta vanishes, so do the loss and its gradient.
  REQUIRE(focal::qualityFocal(x0, y, 2.0).loss < 1e-25);
  REQUIRE(focal::qualityFocal(x0 - 0.5, y, 2.0).grad < 0);
  REQUIRE(focal::qualityFocal(x0 + 0.5, y, 2.0).grad > 0);
}

TEST_CASE("VFL weights positives by their quality q and down-weights negatives by p^gamma", "[variants]") {
  const double x = GENERATE(take(50, random(-30.0, 30.0)));
  const double gamma = GENERATE(0.0, 2.0, 3.5);
  // q = 1 is CE; a soft positive is q times BCE towards q.
  REQUIRE_THAT(focal::varifocal(x, 1.0, 0.75, gamma).loss, WithinRel(focal::binaryCrossEntropy(x, 1.0).loss, 1e-15));
  const double q = 0.6;
  const double softBce = q * focal::binaryCrossEntropy(x, 1.0).loss + (1 - q) * focal::binaryCrossEntropy(x, 0.0).loss;
  REQUIRE_THAT(focal::varifocal(x, q, 0.75, gamma).loss, WithinRel(q * softBce, 1e-14));
  // Negatives: alpha p^gamma (-log(1 - p)).
  const double p = focal::sigmoid(x);
  REQUIRE_THAT(focal::varifocal(x, 0.0, 0.75, gamma).loss,
               WithinRel(0.75 * std::pow(p, gamma) * focal::binaryCrossEntropy(x, 0.0).loss, 1e-13));
}

TEST_CASE("ASL without margin is FL per side, and negatives under the margin cost nothing", "[variants]") {
  const double x = GENERATE(take(50, random(-50.0, 50.0)));
  const double gammaPos = GENERATE(0.0, 1.0);
  const double gammaNeg = GENERATE(0.0, 2.5, 4.0);
  const focal::LossGrad pos = focal::asymmetric(x, 1.0, gammaPos, gammaNeg, 0.05);
  REQUIRE_THAT(pos.loss, WithinRel(focal::sigmoidFocalLoss(x, 1.0, -1.0, gammaPos), 1e-15));
  const focal::LossGrad neg = focal::asymmetric(x, 0.0, gammaPos, gammaNeg, 0.0);
  REQUIRE_THAT(neg.loss, WithinRel(focal::sigmoidFocalLoss(x, 0.0, -1.0, gammaNeg), 1e-15));

  const double margin = 0.05;
  const focal::LossGrad shifted = focal::asymmetric(x, 0.0, gammaPos, gammaNeg, margin);
  if (focal::sigmoid(x) <= margin) {
    REQUIRE_THAT(shifted.loss, WithinAbs(0.0, 0.0));
    REQUIRE_THAT(shifted.grad, WithinAbs(0.0, 0.0));
  } else {
    // Shifting p down by the margin can only lower a negative's loss.
    REQUIRE(shifted.loss > 0);
    REQUIRE(shifted.loss <= neg.loss);
  }
}

TEST_CASE("Poly-1 adds epsilon (1 - p_t)^(gamma + 1) to CE or FL", "[variants]") {
  const double x = GENERATE(take(50, random(-40.0, 40.0)));
  const double y = GENERATE(0.0, 1.0);
  const double gamma = GENERATE(0.0, 0.5, 2.0);
  const double qt = focal::modulatingFactor(x, y, 1.0);
  REQUIRE_THAT(focal::polyOneCrossEntropy(x, y, 0.0).loss, WithinRel(focal::binaryCrossEntropy(x, y).loss, 1e-14));
  REQUIRE_THAT(focal::polyOneCrossEntropy(x, y, 2.0).loss,
               WithinRel(focal::binaryCrossEntropy(x, y).loss + 2 * qt, 1e-14));
  REQUIRE_THAT(focal::polyOneFocal(x, y, 0.25, gamma, 0.0).loss,
               WithinRel(focal::sigmoidFocalLoss(x, y, 0.25, gamma), 1e-14) || WithinAbs(0.0, 1e-300));
  REQUIRE_THAT(focal::polyOneFocal(x, y, -1.0, gamma, 1.0).loss,
               WithinRel(focal::sigmoidFocalLoss(x, y, -1.0, gamma) + std::pow(qt, gamma + 1), 1e-13));
}

TEST_CASE("Poly-1 at epsilon = -1 keeps full precision and stays non-negative on easy examples", "[variants]") {
  // CE - (1 - p_t) = -log(1 - u) - u with u = 1 - p_t, the series u^2/2 + u^3/3 + ...: the first-order
  // terms cancel exactly, so subtracting them in floating point would leave only rounding noise.
  const double xt = GENERATE(5.0, 10.0, 20.0, 30.0, 40.0, 100.0, 300.0, 700.0);
  CAPTURE(xt);
  const double u = focal::sigmoid(-xt);
  double expected = 0;
  for (int k = 40; k >= 2; --k) expected += std::pow(u, k) / k;
  for (const double y : {1.0, 0.0}) {
    const double x = y == 1.0 ? xt : -xt;
    const focal::LossGrad poly = focal::polyOneCrossEntropy(x, y, -1.0);
    REQUIRE(poly.loss >= 0);
    if (expected > 1e-300) REQUIRE_THAT(poly.loss, WithinRel(expected, 1e-12));
    // d/dx_t = -(1 - p_t)^2 once the linear terms cancel.
    if (u * u > 1e-300) REQUIRE_THAT(y == 1.0 ? poly.grad : -poly.grad, WithinRel(-u * u, 1e-12));
    // The focal form with gamma = 0 and no alpha is the same loss.
    REQUIRE_THAT(focal::polyOneFocal(x, y, -1.0, 0.0, -1.0).loss, WithinRel(poly.loss, 1e-12) || WithinAbs(0.0, 1e-300));
  }
}

TEST_CASE("FLSD-53 uses gamma = 5 below p_t = 0.2 and gamma = 3 above", "[variants]") {
  const double xt = GENERATE(take(100, random(-20.0, 20.0)));
  const double y = GENERATE(0.0, 1.0);
  const double x = y == 1.0 ? xt : -xt;
  const double gamma = focal::sigmoid(xt) < 0.2 ? 5.0 : 3.0;
  const focal::LossGrad flsd = focal::flsd53(x, y);
  const focal::LossGrad fl = focal::sigmoidFocal(x, y, -1.0, gamma);
  REQUIRE_THAT(flsd.loss, WithinRel(fl.loss, 1e-15));
  REQUIRE_THAT(flsd.grad, WithinRel(fl.grad, 1e-15));
}

TEST_CASE("class-balanced weights follow the effective number of samples", "[variants][class-balanced]") {
  SECTION("effective number") {
    REQUIRE_THAT(focal::effectiveNumber(1, 0.9), WithinRel(1.0, 1e-15));
    REQUIRE_THAT(focal::effectiveNumber(3, 0.5), WithinRel(1.75, 1e-15));  // 1 + 0.5 + 0.25
    REQUIRE_THAT(focal::effectiveNumber(1000, 0.0), WithinRel(1.0, 1e-15));
    // beta -> 1 recovers the raw count; the expm1 form keeps that accurate.
    REQUIRE_THAT(focal::effectiveNumber(100, 1 - 1e-12), WithinRel(100.0, 1e-8));
    // and the number saturates at 1 / (1 - beta) for huge counts.
    REQUIRE_THAT(focal::effectiveNumber(1e9, 0.99), WithinRel(100.0, 1e-12));
  }
  SECTION("weights") {
    const std::vector<double> counts = {10, 100, 1000, 1};
    for (const double beta : {0.0, 0.9, 0.999, 0.9999}) {
      CAPTURE(beta);
      const std::vector<double> w = focal::classBalancedWeights(counts.data(), counts.size(), beta);
      REQUIRE_THAT(std::accumulate(w.begin(), w.end(), 0.0), WithinRel(4.0, 1e-14));
      for (std::size_t c = 0; c < counts.size(); ++c) {
        const double expected = 1 / focal::effectiveNumber(counts[c], beta);
        REQUIRE_THAT(w[c] / w[0], WithinRel(expected * focal::effectiveNumber(counts[0], beta), 1e-13));
      }
      if (beta > 0) {
        // Rarer classes weigh more.
        REQUIRE(w[3] > w[0]);
        REQUIRE(w[0] > w[1]);
        REQUIRE(w[1] > w[2]);
      } else {
        for (double v : w) REQUIRE_THAT(v, WithinRel(1.0, 1e-15));
      }
    }
  }
}
