// The vectorisable exp/log1p and the batch focal kernel built on them, against long double libm
// and against the scalar core (which uses the platform's libm).
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <vector>

#include "batch.hpp"
#include "fast_math.hpp"
#include "focal_kernel.hpp"
#include "losses.hpp"

namespace {

double relativeError(double actual, long double expected) {
  if (expected == 0) return actual == 0 ? 0.0 : 1.0;
  return static_cast<double>(std::fabs((actual - expected) / expected));
}

}  // namespace

TEST_CASE("expNegative matches exp(-a) to 1e-15 over the whole normal range and flushes below it", "[fast][exp]") {
  const double lastNormal = -std::log(DBL_MIN);
  double worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const double a = lastNormal * i / 200000.0;
    worst = std::max(worst, relativeError(focal::fast::expNegative(a), std::exp(-static_cast<long double>(a))));
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-15);
  CHECK(focal::fast::expNegative(lastNormal) >= DBL_MIN);
  // Below the normal range the kernel needs no magnitude, and a zero keeps the loop short.
  CHECK(focal::fast::expNegative(std::nextafter(lastNormal, 800.0)) == 0.0);
  CHECK(focal::fast::expNegative(740.0) == 0.0);
  CHECK(focal::fast::expNegative(1e300) == 0.0);
  CHECK(focal::fast::expNegative(0.0) == 1.0);
}

TEST_CASE("log1pUnit matches log1p to 1e-15 on [0, 1], including tiny arguments", "[fast][log1p]") {
  double worst = 0;
  for (int i = 0; i <= 100000; ++i) {
    const double t = static_cast<double>(i) / 100000.0;
    worst = std::max(worst, relativeError(focal::fast::log1pUnit(t), std::log1p(static_cast<long double>(t))));
  }
  for (double t = 1e-300; t < 1e-3; t *= 1.37)
    worst = std::max(worst, relativeError(focal::fast::log1pUnit(t), std::log1p(static_cast<long double>(t))));
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-15);
  CHECK(focal::fast::log1pUnit(0.0) == 0.0);
}

TEST_CASE("the batch kernel agrees with the scalar focal loss for every gamma path", "[fast][kernel]") {
  // Integer gammas 0..5 take the exact-product path, others the exp path.
  const double gamma = GENERATE(0.0, 0.25, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0);
  const double alpha = GENERATE(-1.0, 0.25);
  std::vector<double> x, y;
  for (double v = -700; v <= 700; v += 0.37) {
    x.push_back(v);
    y.push_back(x.size() % 3 == 0 ? 1.0 : 0.0);
    x.push_back(-v);
    y.push_back(1.0 - y.back());
  }
  std::vector<double> loss(x.size()), grad(x.size());
  const double sum = focal::focalLossKernel(x.data(), y.data(), x.size(), alpha, gamma, 1.0, loss.data(), grad.data());
  double expectedSum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const focal::LossGrad lg = focal::sigmoidFocal(x[i], y[i], alpha, gamma);
    expectedSum += lg.loss;
    // Below the normal range relative error means nothing; the values must still agree closely.
    if (std::fabs(lg.loss) > 1e-300) REQUIRE(relativeError(loss[i], lg.loss) < 1e-12);
    else REQUIRE(std::fabs(loss[i] - lg.loss) < 1e-300);
    if (std::fabs(lg.grad) > 1e-300) REQUIRE(relativeError(grad[i], lg.grad) < 1e-12);
    else REQUIRE(std::fabs(grad[i] - lg.grad) < 1e-300);
    REQUIRE(std::isfinite(loss[i]));
    REQUIRE(std::isfinite(grad[i]));
  }
  CHECK_THAT(sum, Catch::Matchers::WithinRel(expectedSum, 1e-12));
}

TEST_CASE("the batch kernel writes only the outputs it is given", "[fast][kernel]") {
  const std::vector<double> x = {-3, -1, 0, 2, 9};
  const std::vector<double> y = {1, 0, 1, 1, 0};
  std::vector<double> loss(5, 7.0), grad(5, 7.0);
  const double both = focal::focalLossKernel(x.data(), y.data(), 5, 0.25, 2, 1.0, loss.data(), grad.data());
  std::vector<double> lossOnly(5), gradOnly(5);
  CHECK(focal::focalLossKernel(x.data(), y.data(), 5, 0.25, 2, 1.0, lossOnly.data(), nullptr) == both);
  CHECK(focal::focalLossKernel(x.data(), y.data(), 5, 0.25, 2, 1.0, nullptr, gradOnly.data()) == both);
  CHECK(focal::focalLossKernel(x.data(), y.data(), 5, 0.25, 2, 1.0, nullptr, nullptr) == both);
  CHECK(lossOnly == loss);
  CHECK(gradOnly == grad);
}

TEST_CASE("the validity pre-check flags non-finite logits and non-binary targets", "[fast][validation]") {
  const std::vector<double> x = {0, 1, -2};
  CHECK(focal::allBinaryAndFinite(x.data(), std::vector<double>{0, 1, 1}.data(), 3));
  CHECK_FALSE(focal::allBinaryAndFinite(x.data(), std::vector<double>{0, 0.5, 1}.data(), 3));
  CHECK_FALSE(focal::allBinaryAndFinite(std::vector<double>{0, NAN, 1}.data(), std::vector<double>{0, 1, 1}.data(), 3));
  CHECK_FALSE(focal::allBinaryAndFinite(std::vector<double>{0, 1, INFINITY}.data(), std::vector<double>{0, 1, 1}.data(), 3));

  SECTION("one bad element anywhere in a long array, in any lane or the tail") {
    const std::size_t n = 1031;  // not a multiple of the four lanes
    std::vector<double> logits(n, 3.0), targets(n, 1.0);
    logits[0] = -DBL_MAX;
    logits[1] = DBL_MAX;  // huge but finite: valid
    targets[2] = -0.0;    // compares equal to 0: valid
    REQUIRE(focal::allBinaryAndFinite(logits.data(), targets.data(), n));
    const double badTargets[] = {0.5, 2.0, -1.0, std::nextafter(1.0, 2.0), std::nextafter(1.0, 0.0), DBL_TRUE_MIN,
                                 DBL_MIN, 1e308, -INFINITY, NAN};
    const double badLogits[] = {INFINITY, -INFINITY, NAN};
    for (const std::size_t at : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{517}, n - 1}) {
      for (const double bad : badTargets) {
        std::vector<double> y = targets;
        y[at] = bad;
        INFO("target " << bad << " at " << at);
        CHECK_FALSE(focal::allBinaryAndFinite(logits.data(), y.data(), n));
      }
      for (const double bad : badLogits) {
        std::vector<double> x = logits;
        x[at] = bad;
        INFO("logit " << bad << " at " << at);
        CHECK_FALSE(focal::allBinaryAndFinite(x.data(), targets.data(), n));
      }
    }
  }
}
