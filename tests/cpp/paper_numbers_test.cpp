// The numbers the explainer quotes from Lin et al. 2017, and the ones docs/paper-notes.md marks as computed.
// A reader checks these against the figures, so each is pinned to what the text claims.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "losses.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const double kLn2 = std::log(2.0);

// The positive (y = 1) logit with sigmoid(x_t) = p_t, for p_t as an exact fraction num / den.
double logitOf(double num, double den) { return std::log(num / (den - num)); }

}  // namespace

TEST_CASE("p_t = 0.9 with gamma = 2 gives exactly 100x less loss than CE", "[paper]") {
  const double xt = logitOf(9, 10);  // log 9
  for (const double y : {1.0, 0.0}) {
    const double x = y == 1.0 ? xt : -xt;
    const double ce = focal::binaryCrossEntropy(x, y).loss;
    REQUIRE_THAT(focal::sigmoidFocalLoss(x, y, -1.0, 2.0), WithinRel(ce / 100, 1e-12));
  }
}

TEST_CASE("1000x less loss needs p_t = 1 - 10^-1.5 = 0.968377", "[paper]") {
  // p_t / (1 - p_t) = (1 - 10^-1.5) / 10^-1.5 = 10^1.5 - 1
  const double xt = std::log(std::pow(10.0, 1.5) - 1);
  REQUIRE_THAT(1 / (1 + std::exp(-xt)), WithinAbs(0.968377, 5e-7));
  const double ce = focal::binaryCrossEntropy(xt, 1.0).loss;
  REQUIRE_THAT(focal::sigmoidFocalLoss(xt, 1.0, -1.0, 2.0), WithinRel(ce / 1000, 1e-12));
}

TEST_CASE("CE uses the natural log: CE(p_t = 0.9) = 0.1054, not log10's 0.0457", "[paper]") {
  REQUIRE_THAT(focal::binaryCrossEntropy(logitOf(9, 10), 1.0).loss, WithinAbs(0.1054, 5e-5));
}

TEST_CASE("FL at p_t = 0.5 is 2^-gamma ln 2", "[paper]") {
  const double gamma = GENERATE(0.0, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, take(10, random(0.0, 10.0)));
  REQUIRE_THAT(focal::sigmoidFocalLoss(0.0, 1.0, -1.0, gamma), WithinRel(std::pow(2.0, -gamma) * kLn2, 1e-14));
  REQUIRE_THAT(focal::sigmoidFocalLoss(0.0, 0.0, -1.0, gamma), WithinRel(std::pow(2.0, -gamma) * kLn2, 1e-14));
}

TEST_CASE("for p_t <= 0.5, gamma = 2 cuts the loss at most 4x", "[paper]") {
  const double xt = GENERATE(take(100, random(-30.0, 0.0)));
  const double ratio = focal::sigmoidFocalLoss(xt, 1.0, -1.0, 2.0) / focal::binaryCrossEntropy(xt, 1.0).loss;
  REQUIRE(ratio >= 0.25 * (1 - 1e-15));
  REQUIRE(ratio < 1.0);
}

TEST_CASE("dFL/dx_t at x_t = 0 is -2^-(gamma+1) (1 + gamma ln 2)", "[paper][grad]") {
  const double gamma = GENERATE(0.0, 0.5, 1.0, 2.0, 5.0, take(10, random(0.0, 10.0)));
  const double expected = -std::pow(2.0, -(gamma + 1)) * (1 + gamma * kLn2);
  REQUIRE_THAT(focal::sigmoidFocalLossGrad(0.0, 1.0, -1.0, gamma), WithinRel(expected, 1e-14));
  // A negative at x = 0 has x_t = -x, so its gradient in x has the opposite sign.
  REQUIRE_THAT(focal::sigmoidFocalLossGrad(0.0, 0.0, -1.0, gamma), WithinRel(-expected, 1e-14));
  if (gamma == 2.0) REQUIRE_THAT(expected, WithinAbs(-0.2983, 5e-5));
}

TEST_CASE("FL's gradient dips below -1 for hard examples, unlike CE's", "[paper][grad]") {
  struct Dip {
    double gamma, minimum, ptAtMinimum;
  };
  // docs/paper-notes.md, "Asymptotes and the gradient's minimum"; p_t at the minimum is quoted only for gamma = 2.
  const Dip dip = GENERATE(values<Dip>({{0.5, -1.009, -1}, {1, -1.045, -1}, {2, -1.129, 0.058}, {3, -1.202, -1},
                                        {5, -1.315, -1}}));
  CAPTURE(dip.gamma);
  double lowest = 0, xtAtLowest = 0;
  for (double xt = -10; xt <= 2; xt += 1e-4) {
    const double g = focal::sigmoidFocalLossGrad(xt, 1.0, -1.0, dip.gamma);
    if (g < lowest) {
      lowest = g;
      xtAtLowest = xt;
    }
  }
  REQUIRE_THAT(lowest, WithinAbs(dip.minimum, 5e-4));
  if (dip.ptAtMinimum > 0) REQUIRE_THAT(1 / (1 + std::exp(-xtAtLowest)), WithinAbs(dip.ptAtMinimum, 5e-4));
  // CE's gradient y (p_t - 1) never leaves (-1, 0).
  REQUIRE(focal::binaryCrossEntropy(xtAtLowest, 1.0).grad > -1.0);
}

TEST_CASE("as x_t -> -inf, FL ~ -x_t with slope -1, like CE", "[paper][asymptote]") {
  const double gamma = GENERATE(0.0, 0.5, 1.0, 2.0, 5.0, 10.0);
  CAPTURE(gamma);
  for (const double xt : {-50.0, -100.0, -300.0, -700.0}) {
    CAPTURE(xt);
    REQUIRE_THAT(focal::sigmoidFocalLossGrad(xt, 1.0, -1.0, gamma), WithinRel(-1.0, 1e-12));
    REQUIRE_THAT(focal::sigmoidFocalLoss(xt, 1.0, -1.0, gamma) / -xt, WithinRel(1.0, 1e-12));
  }
  // The approach is monotone: the slope gets closer to -1 the harder the example.
  double previous = 1.0;
  for (const double xt : {-5.0, -10.0, -20.0, -30.0}) {
    const double gap = std::fabs(focal::sigmoidFocalLossGrad(xt, 1.0, -1.0, gamma) + 1.0);
    REQUIRE(gap < previous);
    previous = gap;
  }
}

TEST_CASE("as x_t -> +inf, FL ~ exp(-(1 + gamma) x_t)", "[paper][asymptote]") {
  const double gamma = GENERATE(0.0, 0.5, 1.0, 2.0, 5.0);
  CAPTURE(gamma);
  // FL / exp(-(1 + gamma) x_t) = 1 - (gamma + 1/2) e^-x_t + ..., about 5e-13 off at x_t = 30.
  REQUIRE_THAT(focal::sigmoidFocalLoss(30.0, 1.0, -1.0, gamma) / std::exp(-(1 + gamma) * 30.0), WithinRel(1.0, 1e-11));
  REQUIRE_THAT(focal::sigmoidFocalLoss(50.0, 1.0, -1.0, gamma) / std::exp(-(1 + gamma) * 50.0), WithinRel(1.0, 1e-12));
  // The gradient decays with the same rate: dFL/dx_t ~ -(1 + gamma) FL.
  REQUIRE_THAT(focal::sigmoidFocalLossGrad(50.0, 1.0, -1.0, gamma) / focal::sigmoidFocalLoss(50.0, 1.0, -1.0, gamma),
               WithinRel(-(1 + gamma), 1e-12));
}

TEST_CASE("the prior bias starts every anchor at p = 0.01 and cuts the first negative CE about 69x", "[paper][prior]") {
  const double b = focal::priorBias(0.01);
  REQUIRE_THAT(b, WithinAbs(-4.5951, 5e-5));
  REQUIRE_THAT(1 / (1 + std::exp(-b)), WithinRel(0.01, 1e-14));
  const double firstNegativeCe = focal::binaryCrossEntropy(b, 0.0).loss;
  REQUIRE_THAT(firstNegativeCe, WithinAbs(0.01005, 5e-6));
  REQUIRE_THAT(focal::binaryCrossEntropy(0.0, 0.0).loss / firstNegativeCe, WithinAbs(69.0, 0.05));
  // log1p keeps tiny priors exact: b = log(pi) - log1p(-pi), about log(pi) for pi -> 0.
  REQUIRE_THAT(focal::priorBias(1e-300), WithinRel(std::log(1e-300), 1e-15));
}
