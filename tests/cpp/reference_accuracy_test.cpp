// Accuracy against tests/reference/focal_reference.csv: exact values (mpmath, 400 digits) of every
// loss and gradient at exact double inputs, logits over [-700, 700] and gamma over [0, 10].
//
// Bounds. FL, CE, alpha-CE, FL*, the modulating factor, softmax FL, Poly-1 and FLSD-53 must be within
// 1e-12 relative everywhere: their stable forms add terms of one sign only. The one error that grows
// with the inputs is exp(-gamma softplus(x_t)) for a non-integer gamma, whose argument carries a
// rounding error of a few ulps of gamma |x_t|; a result above the smallest normal double keeps that
// argument under 709, so the error stays below about 2e-13.
//
// Three variants subtract quantities that can be arbitrarily close, and no double-precision
// formula avoids it, because the exact result is ill-conditioned in x there:
//   - QFL with a soft target y: |y - p| when p = sigmoid(x) is near y (the loss's own zero);
//   - VFL's gradient q (p - q) for a soft positive q, near p = q;
//   - ASL's shifted probability p - m for a negative, near p = m;
//   - Poly-1 focal with alpha_t + epsilon < 0, near the point where the loss changes sign.
// p carries about 2 ulps of error, so the difference carries kappa * 2u relative error with
// kappa = (|a| + |b|) / |a - b|, and a power e of it multiplies that by e. Those rows are held to
// 1e-12 + (e + 2) * kappa * 4u, with the exponent and kappa computed per row below.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "batch.hpp"
#include "losses.hpp"
#include "softmax_focal.hpp"
#include "stable_math.hpp"
#include "test_support.hpp"
#include "variants.hpp"

#ifndef FOCAL_REFERENCE_DIR
#error "FOCAL_REFERENCE_DIR must name tests/reference (CMake defines it)"
#endif

namespace {

constexpr double kTight = 1e-12;
constexpr double kUnitRoundoff = DBL_EPSILON / 2;

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!text.empty() && text.back() == sep) parts.emplace_back();
  return parts;
}

double number(const std::string& field) {
  return field.empty() ? std::nan("") : std::strtod(field.c_str(), nullptr);
}

struct Row {
  int line;
  std::string loss;
  std::string xField;
  double x, y, a, b, c;
  std::string value, grad;  // empty: exact value below the smallest normal double
};

std::vector<Row> readReference() {
  std::ifstream in(std::string(FOCAL_REFERENCE_DIR) + "/focal_reference.csv");
  std::vector<Row> rows;
  std::string line;
  int number_ = 0;
  while (std::getline(in, line)) {
    ++number_;
    if (line.empty() || line[0] == '#' || line.rfind("loss,", 0) == 0) continue;
    const std::vector<std::string> f = split(line, ',');
    if (f.size() != 8) FAIL("line " << number_ << " has " << f.size() << " fields");
    rows.push_back({number_, f[0], f[1], number(f[1]), number(f[2]), number(f[3]), number(f[4]), number(f[5]), f[6], f[7]});
  }
  return rows;
}

// What the core says for one row, with the error bound each value is held to.
struct Computed {
  std::vector<double> values;  // the loss, then the gradient component(s)
  std::vector<double> bounds;
};

double cancellation(double a, double b) { return (std::fabs(a) + std::fabs(b)) / std::fabs(a - b); }

Computed evaluate(const Row& r) {
  using namespace focal;
  const auto pair = [](LossGrad lg, double lossBound, double gradBound) {
    return Computed{{lg.loss, lg.grad}, {lossBound, gradBound}};
  };
  if (r.loss == "bce") return pair(binaryCrossEntropy(r.x, r.y), kTight, kTight);
  if (r.loss == "alpha_ce") return pair(alphaBalancedCrossEntropy(r.x, r.y, r.a), kTight, kTight);
  if (r.loss == "focal") return pair(sigmoidFocal(r.x, r.y, r.a, r.b), kTight, kTight);
  if (r.loss == "focal_star") return pair(focalStar(r.x, r.y, r.a, r.b), kTight, kTight);
  if (r.loss == "modulating") return {{modulatingFactor(r.x, r.y, r.a), std::nan("")}, {kTight, kTight}};
  if (r.loss == "poly1_ce") return pair(polyOneCrossEntropy(r.x, r.y, r.a), kTight, kTight);
  if (r.loss == "flsd53") return pair(flsd53(r.x, r.y), kTight, kTight);
  if (r.loss == "qfl") {
    const double p = sigmoid(r.x), beta = r.a;
    if (r.y == 0.0 || r.y == 1.0) return pair(qualityFocal(r.x, r.y, beta), kTight, kTight);
    const double k = cancellation(p, r.y) * 4 * kUnitRoundoff;
    return pair(qualityFocal(r.x, r.y, beta), kTight + (beta + 2) * k, kTight + (beta + 3) * k);
  }
  if (r.loss == "vfl") {
    const double q = r.y;
    const double gradBound = q > 0 && q < 1 ? kTight + 3 * cancellation(sigmoid(r.x), q) * 4 * kUnitRoundoff : kTight;
    return pair(varifocal(r.x, q, r.a, r.b), kTight, gradBound);
  }
  if (r.loss == "asl") {
    const double gammaNeg = r.b, margin = r.c;
    if (r.y == 1.0 || margin == 0.0) return pair(asymmetric(r.x, r.y, r.a, gammaNeg, margin), kTight, kTight);
    const double k = cancellation(sigmoid(r.x), margin) * 4 * kUnitRoundoff;
    return pair(asymmetric(r.x, r.y, r.a, gammaNeg, margin), kTight + (gammaNeg + 2) * k, kTight + (gammaNeg + 3) * k);
  }
  if (r.loss == "poly1_focal") {
    const double alpha = r.a, gamma = r.b, epsilon = r.c;
    const LossGrad lg = polyOneFocal(r.x, r.y, alpha, gamma, epsilon);
    const double at = alpha < 0 ? 1.0 : (r.y == 1.0 ? alpha : 1 - alpha);
    if (at + epsilon >= 0) return pair(lg, kTight, kTight);
    // With u = 1 - p_t and L = -log p_t the loss is m ((alpha_t + eps) u + alpha_t (L - u)), a
    // difference of two positive terms; kappa is their size over the exact result.
    const double xt = r.y == 1.0 ? r.x : -r.x;
    const double u = sigmoid(-xt), p = sigmoid(xt), L = softplus(-xt);
    const double m = modulatingFactor(r.x, r.y, gamma);
    const double lossTerms = m * (-(at + epsilon) * u + at * L);
    const double gradTerms = m * (at * u * u - (at + epsilon) * (gamma + 1) * p * u + at * gamma * p * L);
    const double exactLoss = number(r.value), exactGrad = number(r.grad);
    return pair(lg, kTight + 8 * kUnitRoundoff * lossTerms / std::fabs(exactLoss),
                kTight + 8 * kUnitRoundoff * gradTerms / std::fabs(exactGrad));
  }
  if (r.loss == "softmax_focal") {
    std::vector<double> z;
    for (const std::string& s : split(r.xField, ';')) z.push_back(number(s));
    std::vector<double> grad(z.size());
    const double loss = softmaxFocal(z.data(), z.size(), static_cast<std::size_t>(r.y), r.a, r.b, grad.data());
    Computed out{{loss}, {kTight}};
    for (double g : grad) {
      out.values.push_back(g);
      out.bounds.push_back(kTight);
    }
    return out;
  }
  FAIL("unknown loss '" << r.loss << "' on line " << r.line);
  return {};
}

// FL, CE and alpha-CE in arrays go through lossBatch's vectorised kernel, which has its own exp
// and log1p; the page draws from that path, so it is held to the same bounds.
bool hasBatchPath(const Row& r) { return r.loss == "bce" || r.loss == "alpha_ce" || r.loss == "focal"; }

Computed evaluateBatch(const Row& r) {
  focal::LossParams params;
  focal::LossKind kind = focal::LossKind::CrossEntropy;
  if (r.loss == "alpha_ce") {
    kind = focal::LossKind::AlphaCrossEntropy;
    params.alpha = r.a;
  } else if (r.loss == "focal") {
    kind = focal::LossKind::Focal;
    params.alpha = r.a;
    params.gamma = r.b;
  }
  double loss = 0, grad = 0;
  focal::lossBatch(kind, params, &r.x, &r.y, 1, focal::Reduction::None, &loss, &grad);
  return {{loss, grad}, {kTight, kTight}};
}

struct Worst {
  std::size_t count = 0;
  double relative = 0;        // largest |computed - exact| / |exact|
  double ofBound = 0;         // largest error as a fraction of its row's bound
  double conditioned = 0;     // largest relative error among rows held to the plain 1e-12
  int line = 0;
};

}  // namespace

TEST_CASE("every loss and gradient matches the high-precision reference", "[accuracy]") {
  const std::vector<Row> rows = readReference();
  REQUIRE(rows.size() > 3000);

  std::map<std::string, Worst> worst;
  const auto record = [&](const Row& r, const std::string& name, const Computed& c) {
    std::vector<std::string> exact = {r.value};
    for (const std::string& g : split(r.grad, ';')) exact.push_back(g);
    if (r.loss != "softmax_focal" && exact.size() < 2) exact.emplace_back();
    REQUIRE(exact.size() == c.values.size());
    for (std::size_t k = 0; k < exact.size(); ++k) {
      if (exact[k].empty()) continue;
      const double err = focal_test::relativeError(c.values[k], number(exact[k]));
      Worst& w = worst[name + (k == 0 ? " loss" : " grad")];
      ++w.count;
      if (c.bounds[k] == kTight) w.conditioned = std::max(w.conditioned, err);
      w.relative = std::max(w.relative, err);
      if (err / c.bounds[k] > w.ofBound) {
        w.ofBound = err / c.bounds[k];
        w.line = r.line;
      }
    }
  };
  for (const Row& r : rows) {
    record(r, r.loss, evaluate(r));
    if (hasBatchPath(r)) record(r, r.loss + " batch", evaluateBatch(r));
  }

  // Columns: values compared, worst relative error, worst among rows held to 1e-12, worst error as
  // a fraction of its row's bound and the CSV line where that happened.
  std::ostringstream table;
  table << "accuracy against focal_reference.csv\n";
  for (const auto& [key, w] : worst) {
    table << std::left << std::setw(20) << key << std::right << std::setw(5) << w.count << std::scientific
          << std::setprecision(1) << std::setw(9) << w.relative << std::setw(9) << w.conditioned << std::fixed
          << std::setprecision(3) << std::setw(8) << w.ofBound << std::setw(6) << w.line << "\n";
  }
  WARN(table.str());

  for (const char* loss : {"bce", "alpha_ce", "focal", "bce batch", "alpha_ce batch", "focal batch", "focal_star",
                           "modulating", "softmax_focal", "qfl", "vfl", "asl", "poly1_ce", "poly1_focal", "flsd53"}) {
    const Worst& w = worst[std::string(loss) + " loss"];
    CAPTURE(loss, w.line);
    REQUIRE(w.count >= 100);
    REQUIRE(w.ofBound <= 1.0);
    if (std::string(loss) != "modulating") {
      const Worst& g = worst[std::string(loss) + " grad"];
      CAPTURE(g.line);
      REQUIRE(g.count >= 100);
      REQUIRE(g.ofBound <= 1.0);
    }
  }
}
