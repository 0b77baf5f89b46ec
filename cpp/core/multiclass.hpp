// Three classes: the per-sample losses the softmax trainer (multiclass_trainer.hpp) minimises, the
// loss over the probability simplex, and per-class metrics. Labels are class indices 0, 1, 2 held
// as doubles, as the data sets hold them (toy_datasets.hpp, makeThreeClassDataset). Every function
// validates its inputs and throws std::invalid_argument naming the bad one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "metrics.hpp"

namespace focal {

constexpr std::size_t kClassCount = 3;

// Per-class sigmoid focal loss, RetinaNet's form: n independent sigmoids with one-hot targets,
//   FL = sum_k -alpha_t,k (1 - p_t,k)^gamma log p_t,k,  p_k = sigmoid(z_k),
// alpha_t,k = alphas[k] for the target's sigmoid and 1 - alphas[k] for the others (alphas[k] in
// [0, 1]). Each term is sigmoidFocal (losses.hpp) of its own logit, so d FL / d z_k is that term's
// derivative alone. Returns the loss; grad (length n) receives the derivatives when not null.
double oneHotSigmoidFocal(const double* logits, std::size_t n, std::size_t target, const double* alphas, double gamma,
                          double* grad);

// The loss over the probability simplex of three classes. The triangle is cut into resolution^2
// small triangles by the lines p_j = m / resolution; each cell is evaluated at its centroid, where
// every p_j >= 1 / (3 resolution) > 0. Cells are listed upward ones first (corners
// (a + 1, b, c), (a, b + 1, c), (a, b, c + 1), a + b + c = resolution - 1), then downward ones
// (corners (a + 1, b + 1, c), (a + 1, b, c + 1), (a, b + 1, c + 1), a + b + c = resolution - 2),
// each by a, then b, all over resolution.
struct SimplexParams {
  double resolution = 32;  // whole number in [1, 256]
  double gamma = 2.0;      // finite, >= 0
  double alpha = -1.0;     // the target class's weight alpha_c, <= 1; negative: no weighting
  double target = 2;       // the true class c: 0, 1 or 2
};

struct SimplexGrid {
  std::size_t resolution = 0;
  std::size_t cells = 0;                // resolution^2
  std::vector<std::uint8_t> upward;     // 1 for an upward cell, 0 for a downward one
  std::vector<double> probabilities;    // 3 per cell: its centroid (p_1, p_2, p_3)
  std::vector<double> loss;             // softmaxFocal(log p, target, alpha, gamma)
  std::vector<double> gradient;         // 3 per cell: d loss / d z at z = log p
  // 3 per cell: where one gradient step on the logits moves the probabilities, dp = -J grad with
  // J = diag(p) - p p^T the softmax Jacobian (per unit learning rate; the three sum to zero).
  std::vector<double> flow;
};

// Validates params and fills `out`, reusing its buffers.
void simplexGrid(const SimplexParams& params, SimplexGrid& out);

// Per-class metrics of a classifier over three classes from one score per class and sample
// (probabilities: n rows of 3; softmax probabilities or per-class sigmoids, any score where higher
// means "more likely that class"). The predicted class is the highest score (the lowest index on a
// tie). confusion[3 t + p] counts samples of true class t predicted as p. Precision and recall per
// class as classMetrics (metrics.hpp) computes them one-vs-rest, a zero denominator giving 0; AP
// per class one-vs-rest from that class's score, as precisionRecall defines it. Needs every class
// among the labels.
struct MulticlassMetrics {
  std::array<std::size_t, kClassCount * kClassCount> confusion{};
  std::array<double, kClassCount> precision{}, recall{}, averagePrecision{};
  double accuracy = 0.0;
};

// Reusable buffers: no allocation once they have grown.
struct MulticlassWorkspace {
  std::vector<double> scores, positives;
  MetricsWorkspace metrics;
  PrecisionRecallCurve curve;
};

MulticlassMetrics multiclassMetrics(const double* probabilities, const double* labels, std::size_t n,
                                    MulticlassWorkspace& workspace);

}  // namespace focal
