#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "validation.hpp"

namespace focal {
namespace {

void requireSamples(const double* scores, const double* labels, std::size_t n) {
  if (n == 0) failParameter("scores", "an empty array", "at least one element");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(scores[i]))
      failParameter("scores[" + std::to_string(i) + "]", formatValue(scores[i]), "a finite number");
    if (!(labels[i] == 0.0 || labels[i] == 1.0))
      failParameter("labels[" + std::to_string(i) + "]", formatValue(labels[i]), "0 or 1");
  }
}

// Only read before validation to size the recall steps; walkThresholds validates and rejects 0.
double countPositives(const double* labels, std::size_t n) {
  std::size_t positives = 0;
  for (std::size_t i = 0; i < n; ++i) positives += labels[i] == 1.0;
  return static_cast<double>(positives);
}

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

// Walks the samples from the highest score down, one step per distinct score, calling
// visit(truePositives, falsePositives, score) after each group of ties.
template <typename Visit>
void walkThresholds(const double* scores, const double* labels, std::size_t n, MetricsWorkspace& ws,
                           Visit&& visit) {
  requireSamples(scores, labels, n);
  std::size_t positives = 0;
  for (std::size_t i = 0; i < n; ++i) positives += labels[i] == 1.0;
  if (positives == 0) failParameter("labels", "no positive label", "at least one 1");
  ws.order.resize(n);
  for (std::size_t i = 0; i < n; ++i) ws.order[i] = i;
  // Ties are broken by index only to make the sort deterministic; the walk treats them as one step.
  std::sort(ws.order.begin(), ws.order.end(), [scores](std::size_t a, std::size_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  });
  std::size_t tp = 0, fp = 0;
  for (std::size_t k = 0; k < n;) {
    const double score = scores[ws.order[k]];
    for (; k < n && scores[ws.order[k]] == score; ++k) {
      if (labels[ws.order[k]] == 1.0) ++tp;
      else ++fp;
    }
    visit(tp, fp, score);
  }
}

}  // namespace

ConfusionMatrix confusionMatrix(const double* scores, const double* labels, std::size_t n, double threshold) {
  requireSamples(scores, labels, n);
  if (std::isnan(threshold)) failParameter("threshold", formatValue(threshold), "a number");
  ConfusionMatrix cm;
  for (std::size_t i = 0; i < n; ++i) {
    const bool predicted = scores[i] >= threshold;
    if (labels[i] == 1.0) {
      if (predicted) ++cm.truePositives;
      else ++cm.falseNegatives;
    } else {
      if (predicted) ++cm.falsePositives;
      else ++cm.trueNegatives;
    }
  }
  return cm;
}

ClassMetrics classMetrics(const ConfusionMatrix& cm) {
  const double tp = static_cast<double>(cm.truePositives);
  ClassMetrics m;
  m.precision = ratio(tp, tp + static_cast<double>(cm.falsePositives));
  m.recall = ratio(tp, tp + static_cast<double>(cm.falseNegatives));
  // F1 = 2 TP / (2 TP + FP + FN): the harmonic mean without dividing by a zero precision.
  m.f1 = ratio(2 * tp, 2 * tp + static_cast<double>(cm.falsePositives) + static_cast<double>(cm.falseNegatives));
  return m;
}

double precisionRecall(const double* scores, const double* labels, std::size_t n, std::size_t maxPoints,
                       MetricsWorkspace& ws, PrecisionRecallCurve& curve) {
  if (maxPoints < 2) failParameter("maxPoints", std::to_string(maxPoints), "at least 2");
  curve.recall.clear();
  curve.precision.clear();
  curve.threshold.clear();
  const double positives = countPositives(labels, n);
  double ap = 0.0, previousRecall = 0.0;
  walkThresholds(scores, labels, n, ws, [&](std::size_t tp, std::size_t fp, double score) {
    const double recall = static_cast<double>(tp) / positives;
    const double precision = static_cast<double>(tp) / static_cast<double>(tp + fp);
    ap += (recall - previousRecall) * precision;
    previousRecall = recall;
    curve.recall.push_back(recall);
    curve.precision.push_back(precision);
    curve.threshold.push_back(score);
  });
  // Thin in place: point j of the result is point round(j (m - 1) / (maxPoints - 1)) of the full
  // list, increasing in j, so reading ahead of the write position is safe.
  const std::size_t m = curve.recall.size();
  if (m > maxPoints) {
    for (std::size_t j = 0; j < maxPoints; ++j) {
      // 64-bit: size_t is 32 bits in wasm.
      const std::uint64_t span = m - 1, steps = maxPoints - 1;
      const auto from = static_cast<std::size_t>((2 * static_cast<std::uint64_t>(j) * span + steps) / (2 * steps));
      curve.recall[j] = curve.recall[from];
      curve.precision[j] = curve.precision[from];
      curve.threshold[j] = curve.threshold[from];
    }
    curve.recall.resize(maxPoints);
    curve.precision.resize(maxPoints);
    curve.threshold.resize(maxPoints);
  }
  return ap;
}

Calibration calibration(const double* probabilities, const double* labels, std::size_t n, std::size_t bins) {
  if (n == 0) failParameter("probabilities", "an empty array", "at least one element");
  if (bins == 0) failParameter("bins", "0", "a whole number of at least 1");
  for (std::size_t i = 0; i < n; ++i) {
    if (!(probabilities[i] >= 0.0 && probabilities[i] <= 1.0))
      failParameter("probabilities[" + std::to_string(i) + "]", formatValue(probabilities[i]), "a probability in [0, 1]");
    if (!(labels[i] == 0.0 || labels[i] == 1.0))
      failParameter("labels[" + std::to_string(i) + "]", formatValue(labels[i]), "0 or 1");
  }
  CalibrationSums sums(bins);
  for (std::size_t i = 0; i < n; ++i) sums.add(probabilities[i], labels[i]);
  return sums.result();
}

CalibrationSums::CalibrationSums(std::size_t bins) : count(bins, 0.0), sumProbability(bins, 0.0), positives(bins, 0.0) {}

Calibration CalibrationSums::result() const {
  Calibration result;
  result.bins.resize(count.size());
  double n = 0.0;
  for (double c : count) n += c;
  for (std::size_t b = 0; b < count.size(); ++b) {
    CalibrationBin& bin = result.bins[b];
    if (count[b] == 0) continue;
    bin.count = static_cast<std::size_t>(count[b]);
    bin.meanProbability = sumProbability[b] / count[b];
    bin.positiveRate = positives[b] / count[b];
    result.ece += count[b] / n * std::fabs(bin.positiveRate - bin.meanProbability);
  }
  return result;
}

}  // namespace focal
