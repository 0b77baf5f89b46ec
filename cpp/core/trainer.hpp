// Two identical classifiers trained side by side on the same 2D data, from the same initial
// weights, on the same minibatches: one with cross-entropy (alpha-balanced if asked), one with
// focal loss (fixed gamma, or FLSD-53's). Only the loss differs, so whatever differs in the result
// is the loss's doing. With FLSD-53 a third model, FL with the fixed gamma, trains beside them
// the same way, so that the two focal losses' calibration can be compared.
//
// The losses are the focal kernel's (focal_kernel.hpp; alpha-CE is FL with gamma 0, FLSD-53 picks
// gamma per sample as variants.hpp says): each gives the loss and d loss / d logit per sample, and
// the models backpropagate that through their own layers (docs/numerics.md, "The trainer's
// arithmetic").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fast_tanh.hpp"
#include "metrics.hpp"
#include "seeded_random.hpp"
#include "toy_datasets.hpp"

namespace focal {

enum class ModelKind { Logistic, Mlp };
enum class Activation { Tanh, Relu };
enum class OptimizerKind { Sgd, Adam };
// How a batch's summed loss is scaled: by the batch size, or (RetinaNet) by the number of
// positives in the batch, at least 1.
enum class Normalization { Mean, Positives };

// Logistic regression: logit = w . x + b, parameters (w0, w1, b).
// MLP: logit = v . act(W x + c) + b with `hidden` units, parameters laid out as
// W (hidden rows of 2), c (hidden), v (hidden), b: 4 hidden + 1 values.
struct ModelShape {
  ModelKind kind = ModelKind::Mlp;
  std::size_t hidden = 12;  // 1 to 64; ignored by logistic regression
  Activation activation = Activation::Tanh;
};
constexpr std::size_t kMaxHidden = 64;

std::size_t parameterCount(const ModelShape& shape);
double modelLogit(const ModelShape& shape, const double* theta, double x0, double x1);

// What a model minimises: alpha-CE (alpha < 0: plain CE), FL(gamma, alpha), or with
// sampleDependentGamma FLSD-53's gamma (5 where p_t < 0.2, else 3; variants.hpp) in place of gamma.
struct TrainingLoss {
  bool focal = false;
  double alpha = -1.0;
  double gamma = 0.0;
  bool sampleDependentGamma = false;
};

// Scratch space of the blocked forward and backward passes, kept so that a training step
// allocates nothing. Any model shape may use any instance; one instance per thread.
class PassWorkspace {
 public:
  PassWorkspace();
  double* data() { return buffer_.data(); }
  // fast::kTanhConstants, held here so that the passes read them as values (fast_tanh.hpp says why).
  const fast::TanhConstants& tanhConstants() const { return tanhConstants_; }

 private:
  std::vector<double> buffer_;
  fast::TanhConstants tanhConstants_;
};

// The normalised loss over `count` samples (rows of `features`, indices[i] if indices is not null,
// else 0..count-1; labels 0 or 1) and, if grad is not null, its gradient with respect to theta
// (shape.hidden at most kMaxHidden). Returns NaN, leaving grad untouched, when a logit is not
// finite (a diverged model). The samples go through in blocks, each layer over a whole block at a
// time, so the compiler vectorises across samples; the gradient sums run in four fixed lanes, so
// the result does not depend on the vector width (docs/numerics.md, "The trainer's arithmetic").
double lossAndGradient(const ModelShape& shape, const double* theta, const TrainingLoss& loss,
                       Normalization normalization, const double* features, const double* labels,
                       const std::size_t* indices, std::size_t count, double* grad, PassWorkspace& workspace);
double lossAndGradient(const ModelShape& shape, const double* theta, const TrainingLoss& loss,
                       Normalization normalization, const double* features, const double* labels,
                       const std::size_t* indices, std::size_t count, double* grad);

// The logits of n points (features as in lossAndGradient) into out: the same values as modelLogit
// point by point, computed a block at a time.
void modelLogits(const ModelShape& shape, const double* theta, const double* features, std::size_t n, double* out,
                 PassWorkspace& workspace);

struct TrainingParams {
  DatasetParams dataset;
  std::string model = "mlp";         // "logistic" | "mlp"
  double hidden = 12;                // whole number in [1, 64]
  std::string activation = "tanh";   // "tanh" | "relu"
  std::string optimizer = "adam";    // "sgd" | "adam"
  double learningRate = 0.05;        // in (0, 10]
  double momentum = 0.0;             // SGD only, in [0, 1)
  double batchSize = 0;              // whole number >= 0; 0 or >= count: full batch
  double crossEntropyAlpha = -1.0;   // the CE model; < 0: plain CE, else alpha-CE
  double gamma = 2.0;                // the FL model
  double alpha = 0.25;               // the FL model; < 0: no weighting
  // The FL model's gamma: "fixed" (gamma above) or "flsd53" (5 where p_t < 0.2, else 3; the gamma
  // above then trains a third model, the fixed-gamma FL reference, beside it).
  std::string focalGamma = "fixed";
  bool priorInit = true;             // output bias -log((1 - pi) / pi) instead of 0
  double priorPi = 0.01;             // in (0, 1)
  std::string normalization = "mean";  // "mean" | "positives"
  double seed = 1;                   // initial weights and minibatch order; whole number in [0, 2^53]
};

struct SnapshotParams {
  double threshold = 0.5;   // probability at or above which a point is called minority
  double gridSize = 64;     // decision grid of gridSize x gridSize; 0 for none; whole number <= 512
  double curvePoints = 100; // precision-recall curve thinned to at most this; whole number in [2, 10000]
  // Reliability diagram of each model on a held-out sample with this many equal-width bins; 0 for
  // none (the sample is drawn the first time one is asked for); whole number in [0, 100].
  double calibrationBins = 0;
};

// A loss history that never grows past kCapacity entries: when full, neighbouring entries are
// averaged pairwise and the stride doubles, so the whole run stays in view at a fixed cost.
// Entry i is the mean loss of steps i stride + 1 ... (i + 1) stride.
struct LossHistory {
  static constexpr std::size_t kCapacity = 1024;
  std::vector<double> values;
  std::size_t stride = 1;
  double pendingSum = 0.0;
  std::size_t pendingCount = 0;
  void add(double loss);
  void clear();
};

struct ModelSnapshot {
  bool diverged = false;       // a logit overflowed; the model stopped updating
  double loss = 0.0;           // its own objective over the whole training set (noisy labels)
  double crossEntropy = 0.0;   // mean CE over the training set: one yardstick for both models
  // Against the clean labels, so label noise shows as what the model gets wrong, not as the target.
  ConfusionMatrix confusion;
  ClassMetrics metrics;
  double averagePrecision = 0.0;
  PrecisionRecallCurve curve;
  std::vector<double> grid;    // probabilities, row 0 at the top (maxY), column 0 at minX
  // On the held-out sample against its clean labels; no bins when not asked for, and no bins with
  // a NaN ece when a logit is not finite there (a diverged model).
  Calibration calibration;
  std::vector<double> lossHistory;
  std::size_t historyStride = 1;
};

struct TrainingSnapshot {
  std::size_t step = 0;
  double threshold = 0.5;
  std::size_t gridSize = 0;
  double noSkillAveragePrecision = 0.0;  // the clean minority fraction
  // 0: cross-entropy, 1: focal (FL, or FLSD-53), 2: with FLSD-53 only, FL with the fixed gamma.
  std::array<ModelSnapshot, 3> models;
  std::size_t modelCount = 2;
};

// What a seed repeat records of one model at a checkpoint: snapshot()'s loss, averagePrecision
// and recall, computed by the same code (NaN where the logits are not finite).
struct ModelCheckpoint {
  bool diverged = false;
  double loss = 0.0;
  double averagePrecision = 0.0;
  double recall = 0.0;
};

class TrainingRun {
 public:
  static constexpr int kCrossEntropy = 0;
  static constexpr int kFocal = 1;
  static constexpr int kFixedGammaFocal = 2;  // present with focalGamma "flsd53" unless skipped

  // Validates everything (std::invalid_argument naming the parameter), draws the data set and the
  // shared initial weights. trainReference false leaves out the fixed-gamma FL reference that
  // FLSD-53 otherwise trains beside it (a seed repeat compares the two main models only).
  explicit TrainingRun(const TrainingParams& params, bool trainReference = true);

  // k optimiser steps for both models (k a whole number in [0, 100000]). Deterministic: the same
  // params give the same weights after the same number of steps, however the steps are split.
  void step(double k);
  // Back to step 0: same data, same initial weights, same minibatch order.
  void reset();

  std::size_t steps() const { return steps_; }
  const TrainingParams& params() const { return params_; }
  const ModelShape& shape() const { return shape_; }
  const Dataset& dataset() const { return data_; }
  // A second sample of the same data set's distribution, never trained on: the training seed's
  // data with seed + 2^52 (mod 2^53). Empty until a snapshot asks for calibration.
  const Dataset& heldOut() const { return heldOut_; }
  std::size_t modelCount() const { return modelCount_; }
  const std::vector<double>& parameters(int model) const { return models_[model].theta; }

  // Evaluates every model on the whole data set; valid until the next call.
  const TrainingSnapshot& snapshot(const SnapshotParams& params);
  // The CE and focal models' loss, AP and recall at `threshold` (not validated: a seed repeat
  // checks it once), as snapshot() computes them, without the rest of a snapshot's work.
  std::array<ModelCheckpoint, 2> checkpoint(double threshold);

 private:
  struct Model {
    TrainingLoss loss;
    std::vector<double> theta, grad, first, second;
    double decayFirst = 1.0, decaySecond = 1.0;  // beta1^t, beta2^t for Adam's bias correction
    bool diverged = false;
    LossHistory history;
  };

  // Fills scores_ with the model's probabilities on the training set; returns false, leaving the
  // rest unset, when a logit is not finite. loss and crossEntropy get the normalised objective
  // and the mean CE.
  bool scoreTrainingSet(const Model& model, double& loss, double& crossEntropy);
  void initialise();
  const std::size_t* nextBatch(std::size_t& count);
  void update(Model& model, const std::size_t* batch, std::size_t count);

  TrainingParams params_;
  ModelShape shape_;
  OptimizerKind optimizer_;
  Normalization normalization_;
  std::size_t batchSize_ = 0;
  Dataset data_;
  Dataset heldOut_;
  std::array<Model, 3> models_;
  std::size_t modelCount_ = 2;
  std::vector<std::size_t> order_;
  std::size_t orderPosition_ = 0;
  std::uint64_t seed_ = 0;
  Random batchRandom_{0};
  std::size_t steps_ = 0;
  std::vector<double> scores_;
  std::vector<double> heldOutScores_;
  std::vector<double> logits_;
  std::vector<double> gridRow_;
  PrecisionRecallCurve checkpointCurve_;
  PassWorkspace passWorkspace_;
  MetricsWorkspace metricsWorkspace_;
  TrainingSnapshot snapshot_;
};

}  // namespace focal
