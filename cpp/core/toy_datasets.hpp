// Small 2D data sets with a rare class (label 1, the minority) for the side-by-side training panel.
// Each is drawn from the portable seeded generator, so a seed reproduces the same points natively
// and in every browser.
//
//   cluster  majority ~ N((0, 0), I); minority a tight blob ~ N((1, 0.6), 0.3^2 I) inside it.
//            A straight line can cut off much of the blob: logistic regression has something to find.
//   ring     majority ~ N((0, 0), 0.8^2 I); minority on a ring of radius 2 (radial jitter 0.15).
//            No straight line separates it: logistic regression stays near no skill, the MLP does not.
//   moons    the two interleaved half circles, majority the upper one, minority the lower one,
//            jittered by N(0, 0.15^2) per coordinate.
//
// The minority count is exact, round(count minorityFraction) kept in [1, count - 1]; the points are
// then shuffled so that drawing them in order does not paint one class over the other. Label noise
// flips each label independently with probability labelNoise: training sees the noisy labels, and
// cleanLabels keeps the truth for evaluation.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace focal {

enum class DatasetKind { Cluster, Ring, Moons };

// "cluster", "ring" or "moons"; anything else throws std::invalid_argument naming "dataset".
DatasetKind parseDatasetKind(const std::string& name);
const char* datasetKindName(DatasetKind kind);

struct DatasetParams {
  std::string kind = "cluster";
  double count = 2000;             // whole number in [10, 100000]
  double minorityFraction = 0.05;  // in [0.001, 0.5]
  double labelNoise = 0.0;         // in [0, 0.5]
  double seed = 1;                 // whole number in [0, 2^53]
};

struct Dataset {
  std::size_t count = 0;
  std::size_t minorityCount = 0;   // before label noise
  std::vector<double> features;    // 2 count values, (x, y) per point
  std::vector<double> labels;      // what training sees (noise applied), 0 or 1
  std::vector<double> cleanLabels; // the truth, 0 or 1
  // The points' bounding box widened by 5% on each side (the decision grid covers it).
  double minX = 0, maxX = 0, minY = 0, maxY = 0;
};

// Validates params (std::invalid_argument naming the parameter) and fills `out`, reusing its buffers.
void makeDataset(const DatasetParams& params, Dataset& out);

// The same three shapes with three classes: class 0 is the two-class majority, class 2 the rare
// class drawn as the two-class minority (its count round(count minorityFraction), kept in
// [1, count - 2], in minorityCount), and class 1 a second common class beside them:
//   cluster  class 1 ~ N((2.2, -0.2), 0.8^2 I), so the rare blob sits between the two commons.
//   ring     class 1 on an outer ring of radius 3.2 (radial jitter 0.2) around the rare ring.
//   moons    class 1 a third moon, the majority's shifted right by 2, interleaved with the rare one.
// The two common classes share the rest, class 0 taking the odd point. Labels are 0, 1 or 2; label
// noise moves a label, with probability labelNoise, to one of the other two classes, each as likely.
void makeThreeClassDataset(const DatasetParams& params, Dataset& out);

}  // namespace focal
