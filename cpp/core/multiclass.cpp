#include "multiclass.hpp"

#include <cmath>
#include <string>

#include "losses.hpp"
#include "softmax_focal.hpp"
#include "validation.hpp"

namespace focal {
namespace {

void requireClassIndex(const char* name, std::size_t value, std::size_t n) {
  if (value >= n) failParameter(name, std::to_string(value), "a class index in [0, " + std::to_string(n - 1) + "]");
}

// A label is a class index held as a double: 0, 1 or 2, nothing in between.
bool isClassLabel(double y) { return y == 0.0 || y == 1.0 || y == 2.0; }

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

}  // namespace

// FL = sum_k -alpha_t,k (1 - p_t,k)^gamma log p_t,k; every term and its derivative come from
// sigmoidFocal, the binary loss in its stable logit-space form.
double oneHotSigmoidFocal(const double* logits, std::size_t n, std::size_t target, const double* alphas, double gamma,
                          double* grad) {
  if (n < 2) failParameter("logits", "length " + std::to_string(n), "at least 2 classes");
  requireClassIndex("target", target, n);
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(logits[k])) failParameter("logits[" + std::to_string(k) + "]", formatValue(logits[k]), "a finite number");
    if (!(alphas[k] >= 0.0 && alphas[k] <= 1.0)) failParameter("alphas[" + std::to_string(k) + "]", formatValue(alphas[k]), "in [0, 1]");
  }
  requireGamma(gamma);
  double loss = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const LossGrad term = sigmoidFocal(logits[k], k == target ? 1.0 : 0.0, alphas[k], gamma);
    loss += term.loss;
    if (grad) grad[k] = term.grad;
  }
  return loss;
}

void simplexGrid(const SimplexParams& params, SimplexGrid& out) {
  requireWholeNumber("resolution", params.resolution, 1, 256);
  requireGamma(params.gamma);
  requireAlpha(params.alpha);
  requireWholeNumber("target", params.target, 0, static_cast<long long>(kClassCount) - 1);
  const std::size_t n = static_cast<std::size_t>(params.resolution);
  const std::size_t target = static_cast<std::size_t>(params.target);
  out.resolution = n;
  out.cells = n * n;
  out.upward.resize(out.cells);
  out.probabilities.resize(kClassCount * out.cells);
  out.loss.resize(out.cells);
  out.gradient.resize(kClassCount * out.cells);
  out.flow.resize(kClassCount * out.cells);

  const double step = 1.0 / static_cast<double>(n);
  std::size_t cell = 0;
  // The centroid of the cell whose corners' lattice coordinates are (a, b, c) plus offset, offset
  // 1/3 for an upward cell and 2/3 for a downward one.
  const auto evaluate = [&](std::size_t a, std::size_t b, std::size_t c, bool upward) {
    const double offset = upward ? 1.0 / 3.0 : 2.0 / 3.0;
    double* p = &out.probabilities[kClassCount * cell];
    p[0] = (static_cast<double>(a) + offset) * step;
    p[1] = (static_cast<double>(b) + offset) * step;
    p[2] = (static_cast<double>(c) + offset) * step;
    // Any z with softmax(z) = p gives the same loss and gradient (both are shift-invariant);
    // z = log p is the one with sum exp z = 1.
    const double z[kClassCount] = {std::log(p[0]), std::log(p[1]), std::log(p[2])};
    double* g = &out.gradient[kClassCount * cell];
    out.loss[cell] = softmaxFocal(z, kClassCount, target, params.alpha, params.gamma, g);
    // J g = p (.) g - p (p . g), and the flow is its negative.
    const double pg = p[0] * g[0] + p[1] * g[1] + p[2] * g[2];
    for (std::size_t j = 0; j < kClassCount; ++j) out.flow[kClassCount * cell + j] = -(p[j] * g[j] - p[j] * pg);
    out.upward[cell] = upward ? 1 : 0;
    ++cell;
  };
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; a + b < n; ++b) evaluate(a, b, n - 1 - a - b, true);
  for (std::size_t a = 0; a + 1 < n; ++a)
    for (std::size_t b = 0; a + b + 1 < n; ++b) evaluate(a, b, n - 2 - a - b, false);
}

MulticlassMetrics multiclassMetrics(const double* probabilities, const double* labels, std::size_t n,
                                    MulticlassWorkspace& ws) {
  if (n == 0) failParameter("probabilities", "an empty array", "at least one row of 3 scores");
  std::array<std::size_t, kClassCount> perClass{};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < kClassCount; ++k) {
      const std::size_t at = kClassCount * i + k;
      if (!std::isfinite(probabilities[at]))
        failParameter("probabilities[" + std::to_string(at) + "]", formatValue(probabilities[at]), "a finite number");
    }
    if (!isClassLabel(labels[i])) failParameter("labels[" + std::to_string(i) + "]", formatValue(labels[i]), "0, 1 or 2");
    ++perClass[static_cast<std::size_t>(labels[i])];
  }
  for (std::size_t k = 0; k < kClassCount; ++k)
    if (perClass[k] == 0) failParameter("labels", "no sample of class " + std::to_string(k), "at least one sample of each class 0, 1 and 2");

  MulticlassMetrics m;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* s = probabilities + kClassCount * i;
    std::size_t predicted = 0;
    for (std::size_t k = 1; k < kClassCount; ++k)
      if (s[k] > s[predicted]) predicted = k;
    const std::size_t truth = static_cast<std::size_t>(labels[i]);
    ++m.confusion[kClassCount * truth + predicted];
    correct += predicted == truth;
  }
  m.accuracy = static_cast<double>(correct) / static_cast<double>(n);
  ws.scores.resize(n);
  ws.positives.resize(n);
  for (std::size_t k = 0; k < kClassCount; ++k) {
    std::size_t called = 0;
    for (std::size_t t = 0; t < kClassCount; ++t) called += m.confusion[kClassCount * t + k];
    const double hits = static_cast<double>(m.confusion[kClassCount * k + k]);
    m.precision[k] = ratio(hits, static_cast<double>(called));
    m.recall[k] = ratio(hits, static_cast<double>(perClass[k]));
    for (std::size_t i = 0; i < n; ++i) {
      ws.scores[i] = probabilities[kClassCount * i + k];
      ws.positives[i] = labels[i] == static_cast<double>(k) ? 1.0 : 0.0;
    }
    m.averagePrecision[k] = precisionRecall(ws.scores.data(), ws.positives.data(), n, 2, ws.metrics, ws.curve);
  }
  return m;
}

}  // namespace focal
