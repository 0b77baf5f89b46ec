// The binary (sigmoid) losses: FL, CE, alpha-CE, FL* and the modulating factor.
#include <catch2/catch.hpp>

#include <cmath>

#include "losses.hpp"
#include "test_support.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using focal_test::requireGradientMatches;

TEST_CASE("binary loss gradients match central finite differences", "[focal][grad]") {
  const double x = GENERATE(take(100, random(-15.0, 15.0)));
  const double gamma = GENERATE(0.0, 0.3, 0.75, take(3, random(0.0, 10.0)));
  const double alpha = GENERATE(-1.0, 0.25, 0.5, 0.9);
  const double y = GENERATE(0.0, 1.0);
  CAPTURE(gamma, alpha, y);

  SECTION("FL") {
    requireGradientMatches([&](double t) { return focal::sigmoidFocalLoss(t, y, alpha, gamma); }, x,
                           focal::sigmoidFocalLossGrad(x, y, alpha, gamma));
  }
  SECTION("CE") {
    requireGradientMatches([&](double t) { return focal::binaryCrossEntropy(t, y).loss; }, x,
                           focal::binaryCrossEntropy(x, y).grad);
  }
  SECTION("alpha-CE") {
    requireGradientMatches([&](double t) { return focal::alphaBalancedCrossEntropy(t, y, alpha).loss; }, x,
                           focal::alphaBalancedCrossEntropy(x, y, alpha).grad);
  }
  SECTION("FL*") {
    // FL* needs gamma > 0; alpha stands in as a shift beta so both signs of beta are covered.
    const double g = gamma > 0 ? gamma : 1.0;
    const double beta = 4 * alpha;
    requireGradientMatches([&](double t) { return focal::focalLossStar(t, y, g, beta); }, x,
                           focal::focalLossStarGrad(x, y, g, beta));
  }
}

TEST_CASE("gamma = 0 turns FL into (alpha-balanced) cross-entropy", "[focal]") {
  const double x = GENERATE(take(100, random(-60.0, 60.0)));
  const double y = GENERATE(0.0, 1.0);
  const double alpha = GENERATE(0.25, 0.5, 0.9);

  const focal::LossGrad fl = focal::sigmoidFocal(x, y, alpha, 0.0);
  const focal::LossGrad ace = focal::alphaBalancedCrossEntropy(x, y, alpha);
  REQUIRE_THAT(fl.loss, WithinRel(ace.loss, 1e-15));
  REQUIRE_THAT(fl.grad, WithinRel(ace.grad, 1e-15));

  const focal::LossGrad plain = focal::sigmoidFocal(x, y, -1.0, 0.0);
  const focal::LossGrad ce = focal::binaryCrossEntropy(x, y);
  REQUIRE_THAT(plain.loss, WithinRel(ce.loss, 1e-15));
  REQUIRE_THAT(plain.grad, WithinRel(ce.grad, 1e-15));
  // CE = -log p_t; at moderate logits the textbook form is accurate enough to pin the convention.
  const double p = 1.0 / (1.0 + std::exp(-x));
  if (std::fabs(x) < 5) REQUIRE_THAT(ce.loss, WithinRel(-std::log(y == 1.0 ? p : 1.0 - p), 1e-12));
}

TEST_CASE("alpha weights positives by alpha, negatives by 1 - alpha, and a negative alpha disables it", "[focal]") {
  const double x = GENERATE(take(50, random(-20.0, 20.0)));
  const double gamma = GENERATE(0.0, 0.5, 2.0, 5.0);
  const double alpha = GENERATE(0.0, 0.25, 0.9, 1.0);

  const double off = focal::sigmoidFocalLoss(x, 1.0, -1.0, gamma);
  REQUIRE_THAT(focal::sigmoidFocalLoss(x, 1.0, alpha, gamma), WithinRel(alpha * off, 1e-15));
  const double offNeg = focal::sigmoidFocalLoss(x, 0.0, -1.0, gamma);
  REQUIRE_THAT(focal::sigmoidFocalLoss(x, 0.0, alpha, gamma), WithinRel((1 - alpha) * offNeg, 1e-15));
  REQUIRE_THAT(focal::sigmoidFocalLoss(x, 1.0, -0.5, gamma), WithinRel(off, 1e-15));
}

TEST_CASE("a negative with logit x costs what a positive with logit -x does", "[focal]") {
  const double x = GENERATE(take(50, random(-700.0, 700.0)));
  const double gamma = GENERATE(0.0, 0.3, 2.0, 10.0);
  const focal::LossGrad pos = focal::sigmoidFocal(-x, 1.0, -1.0, gamma);
  const focal::LossGrad neg = focal::sigmoidFocal(x, 0.0, -1.0, gamma);
  REQUIRE_THAT(neg.loss, WithinRel(pos.loss, 1e-15));
  REQUIRE_THAT(neg.grad, WithinRel(-pos.grad, 1e-15));
}

TEST_CASE("FL is CE scaled by the modulating factor (1 - p_t)^gamma", "[focal]") {
  const double x = GENERATE(take(100, random(-40.0, 40.0)));
  const double gamma = GENERATE(0.0, 0.3, 1.0, 2.0, 2.5, 9.0, 10.0);
  const double y = GENERATE(0.0, 1.0);

  const double m = focal::modulatingFactor(x, y, gamma);
  REQUIRE_THAT(focal::sigmoidFocalLoss(x, y, -1.0, gamma), WithinRel(m * focal::binaryCrossEntropy(x, y).loss, 1e-13));
  REQUIRE(m <= 1.0);
  REQUIRE(m >= 0.0);
  // 1 - p_t = sigmoid(-x_t): at gamma = 1 the factor is the probability of the wrong class.
  const double xt = y == 1.0 ? x : -x;
  REQUIRE_THAT(focal::modulatingFactor(x, y, 1.0), WithinRel(std::exp(-xt) / (1 + std::exp(-xt)), 1e-13));
}

TEST_CASE("FL* is -log sigmoid(gamma x_t + beta) / gamma and its gradient stays inside (-1, 1)", "[focal][star]") {
  const double x = GENERATE(take(100, random(-30.0, 30.0)));
  const double gamma = GENERATE(0.5, 1.0, 2.0, 4.0);
  const double beta = GENERATE(0.0, 1.0, -3.0);
  const double y = GENERATE(0.0, 1.0);

  const focal::LossGrad star = focal::focalStar(x, y, gamma, beta);
  // gamma = 1, beta = 0 is exactly CE.
  if (gamma == 1.0 && beta == 0.0) {
    const focal::LossGrad ce = focal::binaryCrossEntropy(x, y);
    REQUIRE_THAT(star.loss, WithinRel(ce.loss, 1e-15));
    REQUIRE_THAT(star.grad, WithinRel(ce.grad, 1e-15));
  }
  // The loss is CE evaluated at the logit gamma x_t + beta, divided by gamma.
  const double xt = y == 1.0 ? x : -x;
  REQUIRE_THAT(star.loss, WithinRel(focal::binaryCrossEntropy(gamma * xt + beta, 1.0).loss / gamma, 1e-14));
  REQUIRE(std::fabs(star.grad) <= 1.0);  // sigmoid(-z) rounds to exactly 1 once z < -37
  REQUIRE_THAT(focal::focalLossStar(x, y, gamma, beta), WithinRel(star.loss, 1e-15));
  REQUIRE_THAT(focal::focalLossStarGrad(x, y, gamma, beta), WithinRel(star.grad, 1e-15));
}
