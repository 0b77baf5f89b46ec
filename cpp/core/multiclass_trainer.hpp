// The three-class counterpart of the side-by-side training run (trainer.hpp): two identical
// classifiers with three outputs, trained from the same initial weights on the same minibatches of
// a three-class data set (toy_datasets.hpp, makeThreeClassDataset). One minimises softmax
// cross-entropy; the other focal loss with one alpha per class, either in softmax form
// (softmax_focal.hpp: -alpha_c (1 - p_c)^gamma log p_c) or in RetinaNet's per-class sigmoid form
// (multiclass.hpp: oneHotSigmoidFocal). Only the loss differs, as in the two-class run.
//
// The models are the two-class ones with three outputs: softmax regression z = W x + b, or an MLP
// z = V act(W1 x + c) + b. Everything else (initialisation, optimisers, minibatch order, loss
// history) follows the two-class trainer, so a setting means the same in both.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fast_tanh.hpp"
#include "multiclass.hpp"
#include "trainer.hpp"

namespace focal {

// Softmax regression: W (3 rows of 2), b (3): 9 values. MLP: W1 (hidden rows of 2), c (hidden),
// V (3 rows of hidden), b (3): 6 hidden + 3 values.
std::size_t multiclassParameterCount(const ModelShape& shape);
// The three logits of a model at the point (x0, x1).
void multiclassLogits(const ModelShape& shape, const double* theta, double x0, double x1, double* logits);

// Scratch space of the blocked passes, kept so that a training step allocates nothing.
class MulticlassPassWorkspace {
 public:
  MulticlassPassWorkspace();
  double* data() { return buffer_.data(); }
  // fast::kTanhConstants, held here so that the passes read them as values (fast_tanh.hpp says why).
  const fast::TanhConstants& tanhConstants() const { return tanhConstants_; }

 private:
  std::vector<double> buffer_;
  fast::TanhConstants tanhConstants_;
};

// The logits of n points (features: n rows of 2) into out (n rows of 3), a block at a time: the
// same values as multiclassLogits point by point.
void multiclassLogits(const ModelShape& shape, const double* theta, const double* features, std::size_t n, double* out,
                      MulticlassPassWorkspace& workspace);

// What a model minimises per sample, averaged over the batch.
//   softmax: -alpha_c (1 - p_c)^gamma log p_c with alpha_c = alphas[label] when weighted, else 1
//            (gamma = 0: cross-entropy);
//   sigmoid: oneHotSigmoidFocal(z, label, alphas, gamma), which always weighs by alphas.
struct MulticlassLoss {
  bool sigmoid = false;
  bool weighted = false;
  double gamma = 0.0;
  std::array<double, kClassCount> alphas{1.0, 1.0, 1.0};
};

// The mean loss over `count` samples (rows of `features`, indices[i] if indices is not null, else
// 0..count-1; labels 0, 1 or 2) and, if grad is not null, its gradient with respect to theta
// (shape.hidden at most kMaxHidden). Returns NaN, leaving grad untouched, when a logit is not finite.
// The samples go through in blocks, each layer over a whole block at a time, as in the two-class
// trainer (trainer.hpp, lossAndGradient); the sigmoid form's terms come from the
// focal kernel (focal_kernel.hpp), so they agree with oneHotSigmoidFocal to a few ulps, not bits.
double multiclassLossAndGradient(const ModelShape& shape, const double* theta, const MulticlassLoss& loss,
                                 const double* features, const double* labels, const std::size_t* indices,
                                 std::size_t count, double* grad, MulticlassPassWorkspace& workspace);
double multiclassLossAndGradient(const ModelShape& shape, const double* theta, const MulticlassLoss& loss,
                                 const double* features, const double* labels, const std::size_t* indices,
                                 std::size_t count, double* grad);

// The two-class run's defaults, which the three-class run shares.
inline const TrainingParams& twoClassDefaults() {
  static const TrainingParams defaults;
  return defaults;
}

struct MulticlassParams {
  DatasetParams dataset;  // drawn with three classes; minorityFraction is the rare class's share
  std::string model = twoClassDefaults().model;
  double hidden = twoClassDefaults().hidden;
  std::string activation = twoClassDefaults().activation;
  std::string optimizer = twoClassDefaults().optimizer;
  double learningRate = twoClassDefaults().learningRate;
  double momentum = twoClassDefaults().momentum;
  double batchSize = twoClassDefaults().batchSize;
  double gamma = twoClassDefaults().gamma;  // the FL model
  // One weight per class, each in [0, 1]. In both forms the rare class's positives weigh twice a
  // common class's, and the common classes keep the paper's alpha = 0.25 (its best with gamma = 2,
  // docs/paper-notes.md, Table 1b); in the sigmoid form 0.5 weighs the rare class's positives and
  // negatives alike. (1, 1, 1 would mean "no weighting" to softmax but would silence every
  // negative of the sigmoid form.)
  std::vector<double> alphas = {0.25, 0.25, 0.5};
  bool crossEntropyAlphas = false;  // the CE model weighted by the same alphas (alpha-CE)
  std::string lossForm = "softmax"; // the FL model: "softmax" | "sigmoid"
  // Every output bias starts at -log((1 - pi) / pi). Equal biases cancel in a softmax, so this only
  // changes where a sigmoid model starts (RetinaNet's reason for it).
  bool priorInit = twoClassDefaults().priorInit;
  double priorPi = twoClassDefaults().priorPi;
  double seed = twoClassDefaults().seed;  // initial weights and minibatch order
};

struct MulticlassSnapshotParams {
  double gridSize = 64;  // decision grid of gridSize x gridSize; 0 for none; whole number <= 512
};

struct MulticlassModelSnapshot {
  bool diverged = false;  // a logit overflowed; the model stopped updating
  double loss = 0.0;      // its own objective over the whole training set (noisy labels)
  // Against the clean labels, from the model's probabilities (softmax, or the per-class sigmoids).
  // A model with a non-finite logit on the data has no metrics: all NaN, the confusion all 0.
  MulticlassMetrics metrics;
  // The decision regions, row 0 at the top (maxY), column 0 at minX: the predicted class of each
  // cell centre and the probability the model gives it (0 where a logit is not finite).
  std::vector<std::uint8_t> gridClass;
  std::vector<double> gridProbability;
  std::vector<double> lossHistory;
  std::size_t historyStride = 1;
};

struct MulticlassSnapshot {
  std::size_t step = 0;
  std::size_t gridSize = 0;
  std::array<std::size_t, kClassCount> classCounts{};  // of the clean labels
  std::array<MulticlassModelSnapshot, 2> models;       // 0: cross-entropy, 1: focal
};

class MulticlassRun {
 public:
  static constexpr int kCrossEntropy = 0;
  static constexpr int kFocal = 1;

  // Validates everything (std::invalid_argument naming the parameter), draws the data set and the
  // shared initial weights.
  explicit MulticlassRun(const MulticlassParams& params);

  // k optimiser steps for both models (k a whole number in [0, 100000]). Deterministic: the same
  // params give the same weights after the same number of steps, however the steps are split.
  void step(double k);
  // Back to step 0: same data, same initial weights, same minibatch order.
  void reset();

  std::size_t steps() const { return steps_; }
  const MulticlassParams& params() const { return params_; }
  const ModelShape& shape() const { return shape_; }
  const Dataset& dataset() const { return data_; }
  const MulticlassLoss& loss(int model) const { return models_[model].loss; }
  const std::vector<double>& parameters(int model) const { return models_[model].theta; }

  // Evaluates both models on the whole data set; valid until the next call.
  const MulticlassSnapshot& snapshot(const MulticlassSnapshotParams& params);

 private:
  struct Model {
    MulticlassLoss loss;
    std::vector<double> theta, grad, first, second;
    double decayFirst = 1.0, decaySecond = 1.0;  // beta1^t, beta2^t for Adam's bias correction
    bool diverged = false;
    LossHistory history;
  };

  void initialise();
  const std::size_t* nextBatch(std::size_t& count);
  void update(Model& model, const std::size_t* batch, std::size_t count);
  // The model's scores at n points (rows of 2): softmax probabilities, or one sigmoid per class,
  // n rows of 3 into out. False when a logit is not finite.
  bool probabilities(const Model& model, const double* points, std::size_t n, double* out);

  MulticlassParams params_;
  ModelShape shape_;
  OptimizerKind optimizer_ = OptimizerKind::Adam;
  std::size_t batchSize_ = 0;
  Dataset data_;
  std::array<Model, 2> models_;
  std::vector<std::size_t> order_;
  std::size_t orderPosition_ = 0;
  std::uint64_t seed_ = 0;
  Random batchRandom_{0};
  std::size_t steps_ = 0;
  std::vector<double> logits_, scores_, gridScores_;
  std::vector<double> gridPoints_;  // the decision grid's cell centres, for the grid size last asked
  std::size_t gridPointsSize_ = 0;
  MulticlassPassWorkspace pass_;
  MulticlassWorkspace workspace_;
  MulticlassSnapshot snapshot_;
};

}  // namespace focal
