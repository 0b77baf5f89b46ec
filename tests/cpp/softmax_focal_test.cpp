// Multi-class (softmax) focal loss.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "losses.hpp"
#include "softmax_focal.hpp"
#include "test_support.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

double softmaxLoss(const std::vector<double>& z, std::size_t target, double alpha, double gamma) {
  return focal::softmaxFocal(z.data(), z.size(), target, alpha, gamma, nullptr);
}

std::vector<double> softmaxGrad(const std::vector<double>& z, std::size_t target, double alpha, double gamma) {
  std::vector<double> grad(z.size());
  focal::softmaxFocal(z.data(), z.size(), target, alpha, gamma, grad.data());
  return grad;
}

}  // namespace

TEST_CASE("softmax focal gradient matches central finite differences in every logit", "[softmax][grad]") {
  // One random problem per seed: 2 to 6 classes, logits in [-6, 6], any target.
  const unsigned seed = GENERATE(take(100, random(0u, 1u << 30)));
  // gamma in (0, 1) is where a careless (1 - p)^(gamma - 1) would blow up.
  const double gamma = GENERATE(0.0, 0.25, 0.8, 2.0, take(2, random(0.0, 10.0)));
  const double alpha = GENERATE(-1.0, 0.25);
  std::mt19937 rng(seed);
  const std::size_t n = 2 + rng() % 5;
  std::vector<double> z(n);
  for (double& v : z) v = std::uniform_real_distribution<double>(-6.0, 6.0)(rng);
  const std::size_t target = rng() % n;
  CAPTURE(seed, n, target, gamma, alpha);

  const std::vector<double> grad = softmaxGrad(z, target, alpha, gamma);
  for (std::size_t j = 0; j < n; ++j) {
    CAPTURE(j);
    focal_test::requireGradientMatches(
        [&](double t) {
          std::vector<double> moved = z;
          moved[j] = t;
          return softmaxLoss(moved, target, alpha, gamma);
        },
        z[j], grad[j]);
  }
}

TEST_CASE("two-class softmax over logits (0, x) is the sigmoid focal loss of x", "[softmax]") {
  const double x = GENERATE(take(100, random(-30.0, 30.0)));
  const double gamma = GENERATE(0.0, 0.5, 2.0, take(3, random(0.0, 10.0)));
  const std::size_t target = GENERATE(0u, 1u);
  const double y = target == 1 ? 1.0 : 0.0;
  const std::vector<double> z = {0.0, x};
  CAPTURE(x, gamma, target);

  SECTION("no alpha") {
    const focal::LossGrad binary = focal::sigmoidFocal(x, y, -1.0, gamma);
    REQUIRE_THAT(softmaxLoss(z, target, -1.0, gamma), WithinRel(binary.loss, 1e-12));
    const std::vector<double> grad = softmaxGrad(z, target, -1.0, gamma);
    REQUIRE_THAT(grad[1], WithinRel(binary.grad, 1e-12));
    REQUIRE_THAT(grad[0], WithinRel(-binary.grad, 1e-12));
  }
  SECTION("alpha") {
    // The softmax form weights the target class by alpha whichever class it is; the sigmoid form
    // weights negatives by 1 - alpha, so a negative needs the complementary alpha.
    const double alpha = 0.25;
    const focal::LossGrad binary = focal::sigmoidFocal(x, y, y == 1.0 ? alpha : 1 - alpha, gamma);
    REQUIRE_THAT(softmaxLoss(z, target, alpha, gamma), WithinRel(binary.loss, 1e-12));
    REQUIRE_THAT(softmaxGrad(z, target, alpha, gamma)[1], WithinRel(binary.grad, 1e-12));
  }
}

TEST_CASE("softmax focal ignores a common shift of the logits and its gradient sums to zero", "[softmax]") {
  const unsigned seed = GENERATE(take(50, random(0u, 1u << 30)));
  const double gamma = GENERATE(0.0, 0.5, 2.0, 7.0);
  std::mt19937 rng(seed);
  const std::size_t n = 2 + rng() % 8;
  std::vector<double> z(n);
  for (double& v : z) v = std::uniform_real_distribution<double>(-20.0, 20.0)(rng);
  const std::size_t target = rng() % n;
  std::vector<double> shifted = z;
  for (double& v : shifted) v += 123.25;  // exact in binary, so only the loss's own rounding shows

  REQUIRE_THAT(softmaxLoss(shifted, target, 0.5, gamma), WithinRel(softmaxLoss(z, target, 0.5, gamma), 1e-12));
  const std::vector<double> grad = softmaxGrad(z, target, 0.5, gamma);
  double sum = 0, scale = 0;
  for (double g : grad) {
    sum += g;
    scale += std::fabs(g);
  }
  REQUIRE_THAT(sum, WithinAbs(0.0, 1e-15 * scale));
  // Only the target's logit pulls up; every other class is pushed down.
  for (std::size_t j = 0; j < n; ++j) REQUIRE((j == target ? grad[j] <= 0 : grad[j] >= 0));
}

TEST_CASE("softmax focal with gamma = 0 is softmax cross-entropy", "[softmax]") {
  const unsigned seed = GENERATE(take(50, random(0u, 1u << 30)));
  std::mt19937 rng(seed);
  const std::size_t n = 2 + rng() % 8;
  std::vector<double> z(n);
  for (double& v : z) v = std::uniform_real_distribution<double>(-10.0, 10.0)(rng);
  const std::size_t target = rng() % n;

  // The textbook log-sum-exp form, in long double: a confident target makes log(total) - z_c and
  // p_c - 1 cancel, and the extra 11 bits keep that cancellation below the tolerance.
  long double total = 0;
  for (double v : z) total += std::exp(static_cast<long double>(v));
  const double expectedLoss = static_cast<double>(std::log(total) - z[target]);
  REQUIRE_THAT(softmaxLoss(z, target, -1.0, 0.0), WithinRel(expectedLoss, 1e-12));
  const std::vector<double> grad = softmaxGrad(z, target, 0.9, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    const double expected =
        static_cast<double>(0.9L * (std::exp(static_cast<long double>(z[j])) / total - (j == target ? 1.0L : 0.0L)));
    REQUIRE_THAT(grad[j], WithinRel(expected, 1e-12) || WithinAbs(expected, 1e-300));
  }
}

TEST_CASE("softmax focal stays finite when the target is certain or hopeless, even for gamma < 1", "[softmax]") {
  const double gamma = GENERATE(0.0, 0.1, 0.5, 0.999, 2.0, 10.0);
  const std::vector<std::vector<double>> cases = {{700, -700}, {-700, 700}, {700, 700, -700}, {0, 0, 0}, {40, 0, -40}};
  for (const auto& z : cases) {
    for (std::size_t target = 0; target < z.size(); ++target) {
      CAPTURE(z, target, gamma);
      const double loss = softmaxLoss(z, target, 0.25, gamma);
      REQUIRE(std::isfinite(loss));
      REQUIRE(loss >= 0);
      for (double g : softmaxGrad(z, target, 0.25, gamma)) REQUIRE(std::isfinite(g));
    }
  }
  // A hopeless target costs its logit gap, and the gradient tends to (alpha, -alpha) as in CE.
  const std::vector<double> grad = softmaxGrad({700, -700}, 1, 0.25, gamma);
  REQUIRE_THAT(softmaxLoss({700, -700}, 1, 0.25, gamma), WithinRel(0.25 * 1400, 1e-15));
  REQUIRE_THAT(grad[1], WithinRel(-0.25, 1e-15));
  REQUIRE_THAT(grad[0], WithinRel(0.25, 1e-15));
}

TEST_CASE("softmax focal returns the same loss with or without a gradient buffer", "[softmax]") {
  const std::vector<double> z = {1.5, -0.25, 3.0, 0.0};
  for (std::size_t target = 0; target < z.size(); ++target) {
    std::vector<double> grad(z.size());
    const double withGrad = focal::softmaxFocal(z.data(), z.size(), target, 0.25, 2.0, grad.data());
    REQUIRE_THAT(softmaxLoss(z, target, 0.25, 2.0), WithinRel(withGrad, 1e-15));
  }
}
