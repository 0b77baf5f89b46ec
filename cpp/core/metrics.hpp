// Metrics for the minority (positive, label 1) class of a binary classifier: what the training
// panel shows for each model. Scores are probabilities (or any score where higher means "more
// positive"); labels are 0 or 1. Every function validates its inputs and throws
// std::invalid_argument naming the bad one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace focal {

struct ConfusionMatrix {
  std::size_t truePositives = 0;
  std::size_t falsePositives = 0;
  std::size_t trueNegatives = 0;
  std::size_t falseNegatives = 0;
};

// A sample is predicted positive when its score is >= threshold.
ConfusionMatrix confusionMatrix(const double* scores, const double* labels, std::size_t n, double threshold);

// Precision, recall and F1 of the positive class. A ratio whose denominator is 0 (no predicted
// positives, no actual positives) is reported as 0, as scikit-learn does with zero_division=0.
struct ClassMetrics {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};
ClassMetrics classMetrics(const ConfusionMatrix& cm);

// Points of the precision-recall curve, one per distinct score from the highest down: at point i
// every sample scoring >= threshold[i] is predicted positive. Recall rises to 1 at the last point.
struct PrecisionRecallCurve {
  std::vector<double> recall;
  std::vector<double> precision;
  std::vector<double> threshold;
};

// Reusable buffers for the sort behind AP and the curve; no allocation once they have grown.
struct MetricsWorkspace {
  std::vector<std::size_t> order;
};

// Returns the average precision and fills the curve, both from one sort. AP is as scikit-learn
// defines it: sum over distinct thresholds of (R_i - R_{i-1}) P_i, a step function with no
// interpolation, over the full curve. Equal scores form one threshold, so the result does not
// depend on the order of tied samples. Needs at least one positive label. A classifier with no
// skill scores the positive fraction (its expected value under random scores).
// The curve is then thinned to at most maxPoints points (>= 2), keeping the first and the last and
// spreading the rest evenly over the list of thresholds.
double precisionRecall(const double* scores, const double* labels, std::size_t n, std::size_t maxPoints,
                       MetricsWorkspace& workspace, PrecisionRecallCurve& curve);

// A reliability diagram: `bins` equal-width bins of the predicted probability of the positive
// class (bin b holds [b / bins, (b + 1) / bins), the last one also p = 1), each with its sample
// count, mean predicted probability and observed positive rate (both 0 for an empty bin), and
// the expected calibration error ECE = sum over bins of (n_b / N) |rate_b - mean p_b|.
struct CalibrationBin {
  std::size_t count = 0;
  double meanProbability = 0.0;
  double positiveRate = 0.0;
};
struct Calibration {
  std::vector<CalibrationBin> bins;
  double ece = 0.0;
};
Calibration calibration(const double* probabilities, const double* labels, std::size_t n, std::size_t bins);

// The same diagram accumulated one sample at a time, for data that arrives in chunks and is never
// stored (data_summary.hpp); calibration() is built on it, so both bin and average alike. Per bin
// the count, the sum of p and the number of positives, as doubles (exact up to 2^53 samples).
struct CalibrationSums {
  std::vector<double> count, sumProbability, positives;
  explicit CalibrationSums(std::size_t bins);
  // p in [0, 1] and the label 0 or 1, both unchecked: callers validate.
  void add(double probability, double label) {
    const std::size_t bins = count.size();
    const std::size_t b = std::min(bins - 1, static_cast<std::size_t>(probability * static_cast<double>(bins)));
    count[b] += 1.0;
    sumProbability[b] += probability;
    positives[b] += label;
  }
  Calibration result() const;
};

}  // namespace focal
