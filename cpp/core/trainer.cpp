#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "losses.hpp"
#include "registry.hpp"
#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

constexpr std::uint64_t kInitStream = 201;
constexpr std::uint64_t kBatchStream = 202;
constexpr double kAdamBeta1 = 0.9, kAdamBeta2 = 0.999, kAdamEpsilon = 1e-8;
// RetinaNet starts its last layer's weights at N(0, 0.01^2) so every anchor's first logit is about
// the bias; the MLP's output weights follow it, so prior initialisation means the same thing here.
constexpr double kOutputWeightStd = 0.01;

ModelKind parseModelKind(const std::string& name) {
  if (name == "logistic") return ModelKind::Logistic;
  if (name == "mlp") return ModelKind::Mlp;
  rejectChoice(trainingOptionRegistry(), "model", name);
}

Activation parseActivation(const std::string& name) {
  if (name == "tanh") return Activation::Tanh;
  if (name == "relu") return Activation::Relu;
  rejectChoice(trainingOptionRegistry(), "activation", name);
}

OptimizerKind parseOptimizer(const std::string& name) {
  if (name == "sgd") return OptimizerKind::Sgd;
  if (name == "adam") return OptimizerKind::Adam;
  rejectChoice(trainingOptionRegistry(), "optimizer", name);
}

Normalization parseNormalization(const std::string& name) {
  if (name == "mean") return Normalization::Mean;
  if (name == "positives") return Normalization::Positives;
  rejectChoice(trainingOptionRegistry(), "normalization", name);
}

// The two objectives as small functors, so the training kernel is compiled once per loss and the
// per-sample call is direct.
struct CrossEntropyLoss {
  double alpha;
  // alpha-CE = -alpha_t log p_t (plain CE when alpha < 0)
  LossGrad operator()(double x, double y) const { return alphaBalancedCrossEntropy(x, y, alpha); }
};
struct FocalObjective {
  double alpha, gamma;
  // FL = -alpha_t (1 - p_t)^gamma log p_t
  LossGrad operator()(double x, double y) const { return sigmoidFocal(x, y, alpha, gamma); }
};

// tanh(a) = 1 - 2 / (e^{2a} + 1): one exp, which in wasm costs less than half of libm's tanh
// (measured 15 ns against 34 per call), and the hidden layer is where training spends its time.
// Its absolute error stays near 1e-16 everywhere; e^{2a} overflowing to inf gives exactly 1.
inline double tanhFromExp(double a) { return 1.0 - 2.0 / (std::exp(2.0 * a) + 1.0); }

// tanh'(a) = 1 - tanh(a)^2, relu'(a) = [a > 0]; both from values the forward pass already has.
template <Activation A>
inline double activate(double a) {
  if constexpr (A == Activation::Tanh) return tanhFromExp(a);
  else return a > 0 ? a : 0.0;
}
template <Activation A>
inline double activationSlope(double a, double h) {
  if constexpr (A == Activation::Tanh) return 1.0 - h * h;
  else return a > 0 ? 1.0 : 0.0;
}

// The hot loop: forward, loss, backward per sample, with the hidden layer in two small stack arrays
// and the gradient accumulated straight into grad. Nothing allocates.
template <Activation A, typename Loss>
double mlpPass(std::size_t hidden, const double* theta, const Loss& loss, const double* features, const double* labels,
               const std::size_t* indices, std::size_t count, double* grad) {
  const double* W = theta;
  const double* c = theta + 2 * hidden;
  const double* v = theta + 3 * hidden;
  const double b = theta[4 * hidden];
  double* gW = grad;
  double* gc = grad ? grad + 2 * hidden : nullptr;
  double* gv = grad ? grad + 3 * hidden : nullptr;
  double pre[kMaxHidden], act[kMaxHidden];
  double sum = 0.0, gb = 0.0;
  for (std::size_t s = 0; s < count; ++s) {
    const std::size_t i = indices ? indices[s] : s;
    const double x0 = features[2 * i], x1 = features[2 * i + 1];
    double z = b;
    for (std::size_t j = 0; j < hidden; ++j) {
      pre[j] = W[2 * j] * x0 + W[2 * j + 1] * x1 + c[j];
      act[j] = activate<A>(pre[j]);
      z += v[j] * act[j];
    }
    if (!std::isfinite(z)) return std::numeric_limits<double>::quiet_NaN();
    const LossGrad lg = loss(z, labels[i]);
    sum += lg.loss;
    if (!grad) continue;
    const double g = lg.grad;
    gb += g;
    for (std::size_t j = 0; j < hidden; ++j) {
      gv[j] += g * act[j];
      const double d = g * v[j] * activationSlope<A>(pre[j], act[j]);
      gW[2 * j] += d * x0;
      gW[2 * j + 1] += d * x1;
      gc[j] += d;
    }
  }
  if (grad) grad[4 * hidden] += gb;
  return sum;
}

template <typename Loss>
double logisticPass(const double* theta, const Loss& loss, const double* features, const double* labels,
                    const std::size_t* indices, std::size_t count, double* grad) {
  double sum = 0.0, g0 = 0.0, g1 = 0.0, gb = 0.0;
  for (std::size_t s = 0; s < count; ++s) {
    const std::size_t i = indices ? indices[s] : s;
    const double x0 = features[2 * i], x1 = features[2 * i + 1];
    const double z = theta[0] * x0 + theta[1] * x1 + theta[2];
    if (!std::isfinite(z)) return std::numeric_limits<double>::quiet_NaN();
    const LossGrad lg = loss(z, labels[i]);
    sum += lg.loss;
    g0 += lg.grad * x0;
    g1 += lg.grad * x1;
    gb += lg.grad;
  }
  if (grad) {
    grad[0] += g0;
    grad[1] += g1;
    grad[2] += gb;
  }
  return sum;
}

template <typename Loss>
double summedPass(const ModelShape& shape, const double* theta, const Loss& loss, const double* features,
                  const double* labels, const std::size_t* indices, std::size_t count, double* grad) {
  if (shape.kind == ModelKind::Logistic) return logisticPass(theta, loss, features, labels, indices, count, grad);
  if (shape.activation == Activation::Tanh)
    return mlpPass<Activation::Tanh>(shape.hidden, theta, loss, features, labels, indices, count, grad);
  return mlpPass<Activation::Relu>(shape.hidden, theta, loss, features, labels, indices, count, grad);
}

}  // namespace

std::size_t parameterCount(const ModelShape& shape) { return shape.kind == ModelKind::Logistic ? 3 : 4 * shape.hidden + 1; }

double modelLogit(const ModelShape& shape, const double* theta, double x0, double x1) {
  if (shape.kind == ModelKind::Logistic) return theta[0] * x0 + theta[1] * x1 + theta[2];
  const std::size_t h = shape.hidden;
  double z = theta[4 * h];
  for (std::size_t j = 0; j < h; ++j) {
    const double a = theta[2 * j] * x0 + theta[2 * j + 1] * x1 + theta[2 * h + j];
    z += theta[3 * h + j] * (shape.activation == Activation::Tanh ? tanhFromExp(a) : std::max(a, 0.0));
  }
  return z;
}

double lossAndGradient(const ModelShape& shape, const double* theta, const TrainingLoss& loss,
                       Normalization normalization, const double* features, const double* labels,
                       const std::size_t* indices, std::size_t count, double* grad) {
  const std::size_t p = parameterCount(shape);
  if (count == 0) {
    if (grad) std::fill(grad, grad + p, 0.0);
    return 0.0;
  }
  // The passes sum into this copy, and grad is written only once the loss is known: a pass that
  // stops at a non-finite logit leaves grad as the caller had it.
  double summed[4 * kMaxHidden + 1];
  double* const partial = grad ? summed : nullptr;
  if (partial) std::fill(partial, partial + p, 0.0);
  const double sum =
      loss.focal
          ? summedPass(shape, theta, FocalObjective{loss.alpha, loss.gamma}, features, labels, indices, count, partial)
          : summedPass(shape, theta, CrossEntropyLoss{loss.alpha}, features, labels, indices, count, partial);
  if (std::isnan(sum)) return sum;
  double divisor = static_cast<double>(count);
  if (normalization == Normalization::Positives) {
    std::size_t positives = 0;
    for (std::size_t s = 0; s < count; ++s) positives += labels[indices ? indices[s] : s] == 1.0;
    divisor = static_cast<double>(std::max<std::size_t>(1, positives));
  }
  if (grad)
    for (std::size_t k = 0; k < p; ++k) grad[k] = summed[k] / divisor;
  return sum / divisor;
}

void LossHistory::add(double loss) {
  pendingSum += loss;
  if (++pendingCount < stride) return;
  values.push_back(pendingSum / static_cast<double>(stride));
  pendingSum = 0.0;
  pendingCount = 0;
  if (values.size() == kCapacity) {
    for (std::size_t i = 0; i < kCapacity / 2; ++i) values[i] = 0.5 * (values[2 * i] + values[2 * i + 1]);
    values.resize(kCapacity / 2);
    stride *= 2;
  }
}

void LossHistory::clear() {
  values.clear();
  stride = 1;
  pendingSum = 0.0;
  pendingCount = 0;
}

TrainingRun::TrainingRun(const TrainingParams& params) : params_(params) {
  shape_.kind = parseModelKind(params.model);
  const std::vector<OptionSpec>& options = trainingOptionRegistry();
  requireOption(options, "hidden", params.hidden);
  shape_.hidden = static_cast<std::size_t>(params.hidden);
  shape_.activation = parseActivation(params.activation);
  optimizer_ = parseOptimizer(params.optimizer);
  normalization_ = parseNormalization(params.normalization);
  requireOption(options, "learningRate", params.learningRate);
  requireOption(options, "momentum", params.momentum);
  requireOption(options, "batchSize", params.batchSize);
  requireOption(options, "crossEntropyAlpha", params.crossEntropyAlpha);
  // The FL model's loss accepts its whole domain, as every loss of the core does.
  requireGamma(params.gamma);
  requireAlpha(params.alpha);
  requireOption(options, "priorPi", params.priorPi);
  seed_ = requireSeed("seed", params.seed);
  makeDataset(params.dataset, data_);

  const std::size_t n = data_.count;
  batchSize_ = params.batchSize == 0 ? n : std::min(n, static_cast<std::size_t>(params.batchSize));
  models_[kCrossEntropy].loss = {false, params.crossEntropyAlpha, 0.0};
  models_[kFocal].loss = {true, params.alpha, params.gamma};
  order_.resize(n);
  scores_.resize(n);
  initialise();
}

void TrainingRun::initialise() {
  const std::size_t p = parameterCount(shape_);
  Random init(seed_, kInitStream);
  std::vector<double>& theta = models_[kCrossEntropy].theta;
  theta.assign(p, 0.0);
  if (shape_.kind == ModelKind::Mlp) {
    const std::size_t h = shape_.hidden;
    // Hidden weights N(0, 1 / fan_in) (fan_in = 2): the inputs are of unit scale, so the hidden
    // units start in their responsive range; hidden biases start at 0.
    for (std::size_t k = 0; k < 2 * h; ++k) theta[k] = std::sqrt(0.5) * init.normal();
    for (std::size_t j = 0; j < h; ++j) theta[3 * h + j] = kOutputWeightStd * init.normal();
  }
  // Logistic regression starts at w = 0: with or without the prior, every logit starts at the bias.
  theta[p - 1] = params_.priorInit ? priorBias(params_.priorPi) : 0.0;
  models_[kFocal].theta = theta;
  for (Model& m : models_) {
    m.grad.assign(p, 0.0);
    m.first.assign(p, 0.0);
    m.second.assign(p, 0.0);
    m.decayFirst = m.decaySecond = 1.0;
    m.diverged = false;
    m.history.clear();
  }
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
  batchRandom_ = Random(seed_, kBatchStream);
  orderPosition_ = order_.size();  // forces a shuffle before the first minibatch
  steps_ = 0;
}

void TrainingRun::reset() { initialise(); }

// The next minibatch: consecutive slices of a permutation reshuffled every epoch; a tail shorter than
// a batch is skipped so every step sees exactly batchSize points. Full batch needs no indices.
const std::size_t* TrainingRun::nextBatch(std::size_t& count) {
  const std::size_t n = order_.size();
  count = batchSize_;
  if (batchSize_ >= n) return nullptr;
  if (orderPosition_ + batchSize_ > n) {
    for (std::size_t i = n - 1; i > 0; --i) std::swap(order_[i], order_[batchRandom_.below(i + 1)]);
    orderPosition_ = 0;
  }
  const std::size_t* batch = order_.data() + orderPosition_;
  orderPosition_ += batchSize_;
  return batch;
}

void TrainingRun::update(Model& m, const std::size_t* batch, std::size_t count) {
  if (m.diverged) return;
  const double loss = lossAndGradient(shape_, m.theta.data(), m.loss, normalization_, data_.features.data(),
                                      data_.labels.data(), batch, count, m.grad.data());
  const std::size_t p = m.theta.size();
  bool finite = std::isfinite(loss);
  for (std::size_t k = 0; finite && k < p; ++k) finite = std::isfinite(m.grad[k]);
  if (!finite) {
    // Keep the last finite weights, and say so in the snapshot, rather than fill the page with NaN.
    m.diverged = true;
    return;
  }
  m.history.add(loss);
  const double lr = params_.learningRate;
  if (optimizer_ == OptimizerKind::Sgd) {
    // PyTorch's form: velocity = momentum velocity + g; theta -= lr velocity.
    for (std::size_t k = 0; k < p; ++k) {
      m.first[k] = params_.momentum * m.first[k] + m.grad[k];
      m.theta[k] -= lr * m.first[k];
    }
    return;
  }
  // Adam (Kingma, Ba 2015) with bias correction; the decays are running products, not pow().
  m.decayFirst *= kAdamBeta1;
  m.decaySecond *= kAdamBeta2;
  const double correctFirst = 1.0 / (1.0 - m.decayFirst);
  const double correctSecond = 1.0 / (1.0 - m.decaySecond);
  for (std::size_t k = 0; k < p; ++k) {
    const double g = m.grad[k];
    m.first[k] = kAdamBeta1 * m.first[k] + (1.0 - kAdamBeta1) * g;
    m.second[k] = kAdamBeta2 * m.second[k] + (1.0 - kAdamBeta2) * g * g;
    m.theta[k] -= lr * (m.first[k] * correctFirst) / (std::sqrt(m.second[k] * correctSecond) + kAdamEpsilon);
  }
}

void TrainingRun::step(double k) {
  requireWholeNumber("k", k, 0, 100000);
  for (double s = 0; s < k; ++s) {
    std::size_t count = 0;
    const std::size_t* batch = nextBatch(count);
    for (Model& m : models_) update(m, batch, count);
    ++steps_;
  }
}

const TrainingSnapshot& TrainingRun::snapshot(const SnapshotParams& sp) {
  if (!(sp.threshold >= 0 && sp.threshold <= 1)) failParameter("threshold", formatValue(sp.threshold), "in [0, 1]");
  requireWholeNumber("gridSize", sp.gridSize, 0, 512);
  requireWholeNumber("curvePoints", sp.curvePoints, 2, 10000);
  requireWholeNumber("calibrationBins", sp.calibrationBins, 0, 100);
  const std::size_t n = data_.count;
  const std::size_t calibrationBins = static_cast<std::size_t>(sp.calibrationBins);
  if (calibrationBins > 0 && heldOut_.count == 0) {
    DatasetParams heldOutParams = params_.dataset;
    constexpr double kHalfSeedRange = 4503599627370496.0;  // 2^52; seeds are whole numbers in [0, 2^53]
    heldOutParams.seed = heldOutParams.seed < kHalfSeedRange ? heldOutParams.seed + kHalfSeedRange
                                                             : heldOutParams.seed - kHalfSeedRange;
    makeDataset(heldOutParams, heldOut_);
  }
  const std::size_t gridSize = static_cast<std::size_t>(sp.gridSize);
  TrainingSnapshot& snap = snapshot_;
  snap.step = steps_;
  snap.threshold = sp.threshold;
  snap.gridSize = gridSize;
  snap.noSkillAveragePrecision = static_cast<double>(data_.minorityCount) / static_cast<double>(n);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  for (int k = 0; k < 2; ++k) {
    const Model& m = models_[k];
    ModelSnapshot& out = snap.models[k];
    out.diverged = m.diverged;
    out.lossHistory.assign(m.history.values.begin(), m.history.values.end());
    out.historyStride = m.history.stride;
    const double* theta = m.theta.data();
    // One forward pass per point serves the objective, the CE yardstick and the probabilities.
    double own = 0.0, crossEntropy = 0.0, positives = 0.0;
    bool finite = true;
    for (std::size_t i = 0; i < n; ++i) {
      const double z = modelLogit(shape_, theta, data_.features[2 * i], data_.features[2 * i + 1]);
      if (!std::isfinite(z)) {
        finite = false;
        break;
      }
      const double y = data_.labels[i];
      own += (m.loss.focal ? sigmoidFocal(z, y, m.loss.alpha, m.loss.gamma) : alphaBalancedCrossEntropy(z, y, m.loss.alpha)).loss;
      crossEntropy += binaryCrossEntropy(z, y).loss;
      positives += y;
      // The stable sigmoid: an extreme logit gives 0 or 1, never NaN.
      scores_[i] = sigmoid(z);
    }
    const double divisor = normalization_ == Normalization::Positives ? std::max(1.0, positives) : static_cast<double>(n);
    out.loss = finite ? own / divisor : nan;
    out.crossEntropy = finite ? crossEntropy / static_cast<double>(n) : nan;
    if (finite) {
      out.confusion = confusionMatrix(scores_.data(), data_.cleanLabels.data(), n, sp.threshold);
      out.metrics = classMetrics(out.confusion);
      out.averagePrecision = precisionRecall(scores_.data(), data_.cleanLabels.data(), n,
                                             static_cast<std::size_t>(sp.curvePoints), metricsWorkspace_, out.curve);
    } else {
      out.confusion = ConfusionMatrix{};
      out.metrics = ClassMetrics{nan, nan, nan};
      out.averagePrecision = nan;
      out.curve.recall.clear();
      out.curve.precision.clear();
      out.curve.threshold.clear();
    }
    out.calibration = Calibration{};
    if (calibrationBins > 0) {
      const std::size_t h = heldOut_.count;
      heldOutScores_.resize(h);
      bool heldOutFinite = finite;
      for (std::size_t i = 0; heldOutFinite && i < h; ++i) {
        const double z = modelLogit(shape_, theta, heldOut_.features[2 * i], heldOut_.features[2 * i + 1]);
        heldOutFinite = std::isfinite(z);
        heldOutScores_[i] = sigmoid(z);
      }
      if (heldOutFinite) out.calibration = calibration(heldOutScores_.data(), heldOut_.cleanLabels.data(), h, calibrationBins);
      else out.calibration.ece = nan;
    }
    out.grid.resize(gridSize * gridSize);
    const double dx = (data_.maxX - data_.minX) / static_cast<double>(std::max<std::size_t>(1, gridSize));
    const double dy = (data_.maxY - data_.minY) / static_cast<double>(std::max<std::size_t>(1, gridSize));
    for (std::size_t r = 0; r < gridSize; ++r) {
      const double y = data_.maxY - (static_cast<double>(r) + 0.5) * dy;
      for (std::size_t c = 0; c < gridSize; ++c) {
        const double x = data_.minX + (static_cast<double>(c) + 0.5) * dx;
        out.grid[r * gridSize + c] = sigmoid(modelLogit(shape_, theta, x, y));
      }
    }
  }
  return snap;
}

}  // namespace focal
