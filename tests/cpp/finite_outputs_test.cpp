// The page sweeps sliders across the whole logit range; a single NaN or Inf would blank a chart.
// Every loss and gradient must stay finite for every finite logit in [-700, 700] and gamma in [0, 10].
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "batch.hpp"
#include "losses.hpp"
#include "softmax_focal.hpp"

namespace {

std::vector<double> logitGrid() {
  std::vector<double> xs = {0.0, 1e-300, -1e-300, 700.0, -700.0, 699.9999999999999, -699.9999999999999};
  for (int i = 0; i <= 2000; ++i) xs.push_back(-700.0 + 0.7 * i);
  // Log-spaced magnitudes: dense near 0 and near the ends.
  for (int i = 0; i <= 400; ++i) {
    const double m = std::pow(10.0, -12.0 + 14.845098 * i / 400.0);
    if (m <= 700.0) {
      xs.push_back(m);
      xs.push_back(-m);
    }
  }
  return xs;
}

const std::vector<double> kGammas = {0.0, 1e-3, 0.3, 0.5, 0.999, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 7.3, 8.0, 9.0, 10.0};

// Collects the first few offending calls so a failure says where, without an assertion per call.
struct Offenders {
  std::size_t count = 0;
  std::ostringstream first;
  void check(const std::string& what, double x, double y, double gamma, double loss, double grad) {
    if (std::isfinite(loss) && std::isfinite(grad)) return;
    if (count++ < 5) first << what << " x=" << x << " y=" << y << " gamma=" << gamma << " -> " << loss << ", " << grad << "\n";
  }
};

}  // namespace

TEST_CASE("no loss or gradient is NaN or Inf for finite inputs", "[robustness]") {
  const std::vector<double> xs = logitGrid();
  Offenders bad;
  std::size_t calls = 0;
  for (const char* name : {"crossEntropy", "alphaCrossEntropy", "focal", "focalStar", "qualityFocal", "varifocal",
                           "asymmetric", "polyOne", "polyOneFocal", "flsd53"}) {
    const focal::LossKind kind = focal::parseLossKind(name);
    const bool soft = kind == focal::LossKind::QualityFocal || kind == focal::LossKind::Varifocal;
    const std::vector<double> targets = soft ? std::vector<double>{0.0, 0.3, 0.999, 1.0} : std::vector<double>{0.0, 1.0};
    for (const double gamma : kGammas) {
      for (const double alpha : {-1.0, 0.0, 0.25, 0.5, 0.9, 1.0}) {
        if (kind == focal::LossKind::FocalStar && gamma == 0) continue;
        if (kind == focal::LossKind::Varifocal && alpha < 0) continue;
        focal::LossParams params;
        params.alpha = alpha;
        params.gamma = gamma;
        // Spread the other parameters over their ranges too, tied to alpha so the grid stays small.
        params.beta = 20 * alpha - 10;
        params.qualityBeta = gamma;
        params.gammaNeg = gamma;
        params.gammaPos = gamma / 2;
        params.margin = alpha < 0 ? 0.0 : alpha;
        params.epsilon = alpha < 0 ? -1.0 : 2 * alpha - 1;
        for (const double y : targets)
          for (const double x : xs) {
            const focal::LossGrad lg = focal::evaluateLoss(kind, params, x, y);
            bad.check(name, x, y, gamma, lg.loss, lg.grad);
            ++calls;
          }
      }
    }
  }
  for (const double gamma : kGammas)
    for (const double y : {0.0, 1.0})
      for (const double x : xs) {
        bad.check("modulatingFactor", x, y, gamma, focal::modulatingFactor(x, y, gamma), 0.0);
        ++calls;
      }
  // Arrays of FL, CE and alpha-CE take lossBatch's vectorised kernel, with its own exp and log1p.
  for (const double y : {0.0, 1.0}) {
    const std::vector<double> targets(xs.size(), y);
    std::vector<double> loss(xs.size()), grad(xs.size());
    for (const char* name : {"crossEntropy", "alphaCrossEntropy", "focal"})
      for (const double gamma : kGammas)
        for (const double alpha : {-1.0, 0.0, 0.25, 1.0}) {
          focal::LossParams params;
          params.alpha = alpha;
          params.gamma = gamma;
          const double total = focal::lossBatch(focal::parseLossKind(name), params, xs.data(), targets.data(), xs.size(),
                                                focal::Reduction::Mean, loss.data(), grad.data());
          bad.check(std::string(name) + " batch total", 0, y, gamma, total, 0.0);
          for (std::size_t i = 0; i < xs.size(); ++i) bad.check(std::string(name) + " batch", xs[i], y, gamma, loss[i], grad[i]);
          calls += xs.size();
        }
  }
  INFO(bad.count << " of " << calls << " calls were not finite; the first:\n" << bad.first.str());
  REQUIRE(bad.count == 0);
}

TEST_CASE("softmax focal loss and gradient are finite for logits anywhere from -700 to 700", "[robustness][softmax]") {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> anywhere(-700.0, 700.0);
  const std::vector<double> extremes = {-700.0, 700.0, 0.0, 1e-300};
  Offenders bad;
  std::size_t calls = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t n = 2 + trial % 9;
    std::vector<double> z(n);
    for (std::size_t j = 0; j < n; ++j) z[j] = trial % 2 ? anywhere(rng) : extremes[rng() % extremes.size()];
    std::vector<double> grad(n);
    for (const double gamma : kGammas)
      for (std::size_t target = 0; target < n; ++target) {
        const double loss = focal::softmaxFocal(z.data(), n, target, trial % 3 ? 0.25 : -1.0, gamma, grad.data());
        for (double g : grad) bad.check("softmaxFocal", z[target], static_cast<double>(target), gamma, loss, g);
        ++calls;
      }
  }
  INFO(bad.count << " of " << calls << " calls were not finite; the first:\n" << bad.first.str());
  REQUIRE(bad.count == 0);
}

TEST_CASE("logits beyond +-700 never give NaN, and gradients stay finite", "[robustness]") {
  // The core accepts any finite logit, and a caller's raw network output can be anything.
  const std::vector<double> magnitudes = {DBL_MAX, 1e308, 1e300, 1e5, 745, 740, 720, 710, 5e-324};
  Offenders bad;
  std::size_t calls = 0;
  for (const char* name : {"crossEntropy", "alphaCrossEntropy", "focal", "focalStar", "qualityFocal", "varifocal",
                           "asymmetric", "polyOne", "polyOneFocal", "flsd53"}) {
    const focal::LossKind kind = focal::parseLossKind(name);
    const bool soft = kind == focal::LossKind::QualityFocal || kind == focal::LossKind::Varifocal;
    for (const double gamma : {0.0, 0.01, 0.3, 1.0, 2.0, 2.5, 10.0})
      for (const double alpha : {0.0, 0.25, 1.0})
        for (const double y : soft ? std::vector<double>{0.0, 0.3, 1.0} : std::vector<double>{0.0, 1.0})
          for (const double m : magnitudes)
            for (const double x : {m, -m}) {
              if (kind == focal::LossKind::FocalStar && gamma == 0) continue;
              focal::LossParams params;
              params.alpha = alpha;
              params.gamma = gamma;
              params.qualityBeta = gamma;
              params.gammaNeg = gamma;
              params.margin = 0.2 * alpha;
              params.epsilon = 2 * alpha - 1;
              const focal::LossGrad lg = focal::evaluateLoss(kind, params, x, y);
              ++calls;
              // FL* forms gamma x_t before dividing by gamma, so its loss (about |x|) overflows once
              // gamma |x| passes DBL_MAX; that is the one Inf allowed, and never a NaN.
              const bool overflowAllowed = kind == focal::LossKind::FocalStar && gamma * std::fabs(x) > DBL_MAX / 2;
              const double loss = overflowAllowed && std::isinf(lg.loss) ? 0.0 : lg.loss;
              bad.check(name, x, y, gamma, loss, lg.grad);
            }
  }
  // Softmax logits further apart than DBL_MAX: the loss itself exceeds DBL_MAX, the gradient does not.
  for (const std::vector<double>& z : {std::vector<double>{-1e308, 1e308}, std::vector<double>{-DBL_MAX, DBL_MAX, 0.0},
                                       std::vector<double>{0.0, 745.0}, std::vector<double>{-720.0, 0.0, 720.0}}) {
    std::vector<double> grad(z.size());
    for (const double gamma : {0.0, 0.3, 2.0})
      for (std::size_t target = 0; target < z.size(); ++target) {
        const double loss = focal::softmaxFocal(z.data(), z.size(), target, 0.25, gamma, grad.data());
        for (double g : grad)
          bad.check("softmaxFocal", z[target], static_cast<double>(target), gamma, std::isnan(loss) ? loss : 0.0, g);
        ++calls;
      }
  }
  INFO(bad.count << " of " << calls << " calls were NaN or had an infinite gradient; the first:\n" << bad.first.str());
  REQUIRE(bad.count == 0);
}
