#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "fast_tanh.hpp"
#include "focal_kernel.hpp"
#include "losses.hpp"
#include "registry.hpp"
#include "stable_math.hpp"
#include "validation.hpp"
#include "variants.hpp"

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

// True for FLSD-53's sample-dependent gamma, false for the fixed one.
bool parseFocalGamma(const std::string& name) {
  if (name == "fixed") return false;
  if (name == "flsd53") return true;
  rejectChoice(trainingOptionRegistry(), "focalGamma", name);
}

Normalization parseNormalization(const std::string& name) {
  if (name == "mean") return Normalization::Mean;
  if (name == "positives") return Normalization::Positives;
  rejectChoice(trainingOptionRegistry(), "normalization", name);
}

// Samples per block of the passes: with the default 12 hidden units a block's inputs, activations
// and loss terms (about 20 rows of 1 KB) stay in L1 cache.
constexpr std::size_t kBlock = 128;

// The workspace's layout, kBlock doubles per row.
enum Row : std::size_t { RowX0, RowX1, RowY, RowLogit, RowGrad, RowLossA, RowLossB, RowGradB, RowHidden, kRows = RowHidden + kMaxHidden };

template <Activation A>
FOCAL_INLINE double activate(double a, const fast::TanhConstants& k) {
  if constexpr (A == Activation::Tanh) return fast::tanh(a, k);
  else return a > 0 ? a : 0.0;
}
// tanh'(a) = 1 - tanh(a)^2, relu'(a) = [a > 0] = [relu(a) > 0]: both from the activation alone.
template <Activation A>
FOCAL_INLINE double activationSlope(double h) {
  if constexpr (A == Activation::Tanh) return 1.0 - h * h;
  else return h > 0 ? 1.0 : 0.0;
}

// Two doubles as one value: GCC and Clang compile its arithmetic to single SSE2 or SIMD128
// instructions. The gradient sums are written with it because the compilers' loop vectorisers
// will not reorder a floating-point sum by themselves (that would change its result).
typedef double Pair __attribute__((vector_size(16)));
typedef long long PairMask __attribute__((vector_size(16)));

FOCAL_INLINE Pair pairAt(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
FOCAL_INLINE Pair splat(double v) { return Pair{v, v}; }

// Four running sums: lane l takes the block's samples s with s % 4 == l, and the lanes are added
// in a fixed order at the end, so a sum comes out the same natively and in wasm.
struct Lanes {
  Pair low = {0.0, 0.0};
  Pair high = {0.0, 0.0};
  double total() const { return (low[0] + low[1]) + (high[0] + high[1]); }
};

// Blocks are processed in whole quads of samples: the rows are padded with zeros up to the next
// multiple of 4, which add nothing to any sum (their d loss / d logit is 0).
FOCAL_INLINE std::size_t quads(std::size_t m) { return (m + 3) & ~std::size_t{3}; }

// A sum of x - x, which is 0 for finite x and NaN for NaN and infinities: a vectorised check.
FOCAL_INLINE bool allFinite(const double* values, std::size_t m) {
  Lanes lanes;
  std::size_t s = 0;
  for (; s + 4 <= m; s += 4) {
    const Pair a = pairAt(values + s), b = pairAt(values + s + 2);
    lanes.low += a - a;
    lanes.high += b - b;
  }
  for (; s < m; ++s) lanes.low[0] += values[s] - values[s];
  return lanes.total() == 0.0;
}

void gather(const double* features, const double* labels, const std::size_t* indices, std::size_t start, std::size_t m,
            double* ws) {
  double* x0 = ws + RowX0 * kBlock;
  double* x1 = ws + RowX1 * kBlock;
  double* y = ws + RowY * kBlock;
  for (std::size_t s = 0; s < m; ++s) {
    const std::size_t i = indices ? indices[start + s] : start + s;
    x0[s] = features[2 * i];
    x1[s] = features[2 * i + 1];
    if (labels) y[s] = labels[i];
  }
  for (std::size_t s = m; s < quads(m); ++s) x0[s] = x1[s] = y[s] = 0.0;
}

// The block's logits into its logit row (and, for the MLP, its activations into the hidden rows),
// in modelLogit's order of operations, so both give the same bits.
template <Activation A>
void mlpForward(std::size_t hidden, const double* theta, std::size_t m, double* ws, const fast::TanhConstants& k) {
  const double* W = theta;
  const double* c = theta + 2 * hidden;
  const double* v = theta + 3 * hidden;
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  double* z = ws + RowLogit * kBlock;
  const std::size_t padded = quads(m);
  for (std::size_t s = 0; s < padded; ++s) z[s] = theta[4 * hidden];
  for (std::size_t j = 0; j < hidden; ++j) {
    const double w0 = W[2 * j], w1 = W[2 * j + 1], cj = c[j], vj = v[j];
    double* h = ws + (RowHidden + j) * kBlock;
    for (std::size_t s = 0; s < padded; ++s) {
      const double a = w0 * x0[s] + w1 * x1[s] + cj;
      const double hs = activate<A>(a, k);
      h[s] = hs;
      z[s] += vj * hs;
    }
  }
}

void logisticForward(const double* theta, std::size_t m, double* ws) {
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  double* z = ws + RowLogit * kBlock;
  for (std::size_t s = 0; s < m; ++s) z[s] = theta[0] * x0[s] + theta[1] * x1[s] + theta[2];
}

void forward(const ModelShape& shape, const double* theta, std::size_t m, PassWorkspace& workspace) {
  double* ws = workspace.data();
  // A local copy, which the compiler keeps in registers across the loop.
  const fast::TanhConstants k = workspace.tanhConstants();
  if (shape.kind == ModelKind::Logistic) logisticForward(theta, m, ws);
  else if (shape.activation == Activation::Tanh) mlpForward<Activation::Tanh>(shape.hidden, theta, m, ws, k);
  else mlpForward<Activation::Relu>(shape.hidden, theta, m, ws, k);
}

// The block's summed loss, and (grad not null) d loss / d logit per sample into grad. All three
// objectives are the focal kernel's (focal_kernel.hpp): alpha-CE is FL with gamma 0, and FLSD-53
// takes, per sample, FL with gamma 5 or 3 as variants.hpp's flsd53Gamma decides.
double blockLoss(const TrainingLoss& loss, const double* z, const double* y, std::size_t m, double* grad, double* ws) {
  if (!loss.focal) return focalLossKernel(z, y, m, loss.alpha, 0.0, 1.0, nullptr, grad);
  if (!loss.sampleDependentGamma) return focalLossKernel(z, y, m, loss.alpha, loss.gamma, 1.0, nullptr, grad);
  double* five = ws + RowLossA * kBlock;
  double* three = ws + RowLossB * kBlock;
  double* threeGrad = ws + RowGradB * kBlock;
  focalLossKernel(z, y, m, loss.alpha, 5.0, 1.0, five, grad);
  focalLossKernel(z, y, m, loss.alpha, 3.0, 1.0, three, grad ? threeGrad : nullptr);
  // The chosen losses go into the first row, so they are summed as every other block sum is.
  for (std::size_t s = 0; s < m; ++s) {
    const bool useFive = flsd53Gamma(y[s] == 1.0 ? z[s] : -z[s]) == 5.0;
    five[s] = useFive ? five[s] : three[s];
    if (grad) grad[s] = useFive ? grad[s] : threeGrad[s];
  }
  Lanes sum;
  std::size_t s = 0;
  for (; s + 4 <= m; s += 4) {
    sum.low += pairAt(five + s);
    sum.high += pairAt(five + s + 2);
  }
  for (; s < m; ++s) sum.low[0] += five[s];
  return sum.total();
}

// tanh'(a) = 1 - tanh(a)^2 and relu'(a) = [a > 0] = [relu(a) > 0], from the activations alone.
template <Activation A>
FOCAL_INLINE Pair activationSlope(Pair h) {
  if constexpr (A == Activation::Tanh) {
    return splat(1.0) - h * h;
  } else {
    const PairMask positive = h > splat(0.0);
    const PairMask one = reinterpret_cast<PairMask>(splat(1.0));
    return reinterpret_cast<Pair>(positive & one);
  }
}

// Adds the block's gradient to sums (laid out as theta), from the activations and d loss / d logit
// (rows padded to whole quads).
template <Activation A>
void mlpBackward(std::size_t hidden, const double* theta, std::size_t m, const double* ws, double* sums) {
  const double* v = theta + 3 * hidden;
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  const double* g = ws + RowGrad * kBlock;
  const std::size_t padded = quads(m);
  Lanes gb;
  for (std::size_t s = 0; s < padded; s += 4) {
    gb.low += pairAt(g + s);
    gb.high += pairAt(g + s + 2);
  }
  sums[4 * hidden] += gb.total();
  for (std::size_t j = 0; j < hidden; ++j) {
    const Pair vj = splat(v[j]);
    const double* h = ws + (RowHidden + j) * kBlock;
    Lanes gv, gw0, gw1, gc;
    const auto add = [&](std::size_t i, Pair& lv, Pair& lw0, Pair& lw1, Pair& lc) {
      const Pair gi = pairAt(g + i), hi = pairAt(h + i);
      lv += gi * hi;
      const Pair d = gi * vj * activationSlope<A>(hi);
      lw0 += d * pairAt(x0 + i);
      lw1 += d * pairAt(x1 + i);
      lc += d;
    };
    for (std::size_t s = 0; s < padded; s += 4) {
      add(s, gv.low, gw0.low, gw1.low, gc.low);
      add(s + 2, gv.high, gw0.high, gw1.high, gc.high);
    }
    sums[3 * hidden + j] += gv.total();
    sums[2 * j] += gw0.total();
    sums[2 * j + 1] += gw1.total();
    sums[2 * hidden + j] += gc.total();
  }
}

void logisticBackward(std::size_t m, const double* ws, double* sums) {
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  const double* g = ws + RowGrad * kBlock;
  Lanes g0, g1, gb;
  const auto add = [&](std::size_t i, Pair& l0, Pair& l1, Pair& lb) {
    const Pair gi = pairAt(g + i);
    l0 += gi * pairAt(x0 + i);
    l1 += gi * pairAt(x1 + i);
    lb += gi;
  };
  for (std::size_t s = 0; s < quads(m); s += 4) {
    add(s, g0.low, g1.low, gb.low);
    add(s + 2, g0.high, g1.high, gb.high);
  }
  sums[0] += g0.total();
  sums[1] += g1.total();
  sums[2] += gb.total();
}

void backward(const ModelShape& shape, const double* theta, std::size_t m, const double* ws, double* sums) {
  if (shape.kind == ModelKind::Logistic) logisticBackward(m, ws, sums);
  else if (shape.activation == Activation::Tanh) mlpBackward<Activation::Tanh>(shape.hidden, theta, m, ws, sums);
  else mlpBackward<Activation::Relu>(shape.hidden, theta, m, ws, sums);
}

}  // namespace

PassWorkspace::PassWorkspace() : buffer_(kRows * kBlock, 0.0), tanhConstants_(fast::kTanhConstants) {}

std::size_t parameterCount(const ModelShape& shape) { return shape.kind == ModelKind::Logistic ? 3 : 4 * shape.hidden + 1; }

double modelLogit(const ModelShape& shape, const double* theta, double x0, double x1) {
  if (shape.kind == ModelKind::Logistic) return theta[0] * x0 + theta[1] * x1 + theta[2];
  const std::size_t h = shape.hidden;
  double z = theta[4 * h];
  for (std::size_t j = 0; j < h; ++j) {
    const double a = theta[2 * j] * x0 + theta[2 * j + 1] * x1 + theta[2 * h + j];
    z += theta[3 * h + j] * (shape.activation == Activation::Tanh ? fast::tanh(a) : (a > 0 ? a : 0.0));
  }
  return z;
}

void modelLogits(const ModelShape& shape, const double* theta, const double* features, std::size_t n, double* out,
                 PassWorkspace& workspace) {
  double* ws = workspace.data();
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    gather(features, nullptr, nullptr, start, m, ws);
    forward(shape, theta, m, workspace);
    std::copy(ws + RowLogit * kBlock, ws + RowLogit * kBlock + m, out + start);
  }
}

double lossAndGradient(const ModelShape& shape, const double* theta, const TrainingLoss& loss,
                       Normalization normalization, const double* features, const double* labels,
                       const std::size_t* indices, std::size_t count, double* grad, PassWorkspace& workspace) {
  const std::size_t p = parameterCount(shape);
  if (count == 0) {
    if (grad) std::fill(grad, grad + p, 0.0);
    return 0.0;
  }
  // The passes sum into this copy, and grad is written only once the loss is known: a pass that
  // stops at a non-finite logit leaves grad as the caller had it.
  double summed[4 * kMaxHidden + 1];
  std::fill(summed, summed + p, 0.0);
  double* ws = workspace.data();
  double sum = 0.0;
  for (std::size_t start = 0; start < count; start += kBlock) {
    const std::size_t m = std::min(kBlock, count - start);
    gather(features, labels, indices, start, m, ws);
    forward(shape, theta, m, workspace);
    const double* z = ws + RowLogit * kBlock;
    // The kernel needs finite logits; a diverged model stops here.
    if (!allFinite(z, m)) return std::numeric_limits<double>::quiet_NaN();
    double* blockGrad = ws + RowGrad * kBlock;
    sum += blockLoss(loss, z, ws + RowY * kBlock, m, grad ? blockGrad : nullptr, ws);
    if (grad) {
      std::fill(blockGrad + m, blockGrad + quads(m), 0.0);
      backward(shape, theta, m, ws, summed);
    }
  }
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

double lossAndGradient(const ModelShape& shape, const double* theta, const TrainingLoss& loss,
                       Normalization normalization, const double* features, const double* labels,
                       const std::size_t* indices, std::size_t count, double* grad) {
  PassWorkspace workspace;
  return lossAndGradient(shape, theta, loss, normalization, features, labels, indices, count, grad, workspace);
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

TrainingRun::TrainingRun(const TrainingParams& params, bool trainReference) : params_(params) {
  shape_.kind = parseModelKind(params.model);
  const std::vector<OptionSpec>& options = trainingOptionRegistry();
  requireOption(options, "hidden", params.hidden);
  shape_.hidden = static_cast<std::size_t>(params.hidden);
  shape_.activation = parseActivation(params.activation);
  optimizer_ = parseOptimizer(params.optimizer);
  normalization_ = parseNormalization(params.normalization);
  const bool flsd53 = parseFocalGamma(params.focalGamma);
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
  models_[kCrossEntropy].loss = {false, params.crossEntropyAlpha, 0.0, false};
  models_[kFocal].loss = {true, params.alpha, params.gamma, flsd53};
  models_[kFixedGammaFocal].loss = {true, params.alpha, params.gamma, false};
  modelCount_ = flsd53 && trainReference ? 3 : 2;
  order_.resize(n);
  scores_.resize(n);
  logits_.resize(n);
  initialise();
}

void TrainingRun::initialise() {
  const std::size_t p = parameterCount(shape_);
  Random init(seed_, kInitStream);
  std::vector<double> theta(p, 0.0);
  if (shape_.kind == ModelKind::Mlp) {
    const std::size_t h = shape_.hidden;
    // Hidden weights N(0, 1 / fan_in) (fan_in = 2): the inputs are of unit scale, so the hidden
    // units start in their responsive range; hidden biases start at 0.
    for (std::size_t k = 0; k < 2 * h; ++k) theta[k] = std::sqrt(0.5) * init.normal();
    for (std::size_t j = 0; j < h; ++j) theta[3 * h + j] = kOutputWeightStd * init.normal();
  }
  // Logistic regression starts at w = 0: with or without the prior, every logit starts at the bias.
  theta[p - 1] = params_.priorInit ? priorBias(params_.priorPi) : 0.0;
  for (std::size_t k = 0; k < modelCount_; ++k) {
    Model& m = models_[k];
    m.theta = theta;
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
                                      data_.labels.data(), batch, count, m.grad.data(), passWorkspace_);
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
    for (std::size_t m = 0; m < modelCount_; ++m) update(models_[m], batch, count);
    ++steps_;
  }
}

bool TrainingRun::scoreTrainingSet(const Model& m, double& loss, double& crossEntropy) {
  const std::size_t n = data_.count;
  // One forward pass serves the objective, the CE yardstick and the probabilities.
  modelLogits(shape_, m.theta.data(), data_.features.data(), n, logits_.data(), passWorkspace_);
  if (!allFinite(logits_.data(), n)) return false;
  double* scratch = passWorkspace_.data();
  double own = 0.0, summedCrossEntropy = 0.0;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t count = std::min(kBlock, n - start);
    own += blockLoss(m.loss, logits_.data() + start, data_.labels.data() + start, count, nullptr, scratch);
    summedCrossEntropy += focalLossKernel(logits_.data() + start, data_.labels.data() + start, count, -1.0, 0.0, 1.0, nullptr, nullptr);
  }
  double positives = 0.0;
  for (std::size_t i = 0; i < n; ++i) positives += data_.labels[i];
  // The stable sigmoid: an extreme logit gives 0 or 1, never NaN.
  for (std::size_t i = 0; i < n; ++i) scores_[i] = sigmoid(logits_[i]);
  const double divisor = normalization_ == Normalization::Positives ? std::max(1.0, positives) : static_cast<double>(n);
  loss = own / divisor;
  crossEntropy = summedCrossEntropy / static_cast<double>(n);
  return true;
}

std::array<ModelCheckpoint, 2> TrainingRun::checkpoint(double threshold) {
  std::array<ModelCheckpoint, 2> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int k = 0; k < 2; ++k) {
    ModelCheckpoint& c = out[k];
    c.diverged = models_[k].diverged;
    double crossEntropy = 0.0;
    if (!scoreTrainingSet(models_[k], c.loss, crossEntropy)) {
      c.loss = c.averagePrecision = c.recall = nan;
      continue;
    }
    const std::size_t n = data_.count;
    c.recall = classMetrics(confusionMatrix(scores_.data(), data_.cleanLabels.data(), n, threshold)).recall;
    c.averagePrecision = precisionRecall(scores_.data(), data_.cleanLabels.data(), n, 2, metricsWorkspace_, checkpointCurve_);
  }
  return out;
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
  snap.modelCount = modelCount_;
  snap.noSkillAveragePrecision = static_cast<double>(data_.minorityCount) / static_cast<double>(n);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  for (std::size_t k = 0; k < modelCount_; ++k) {
    const Model& m = models_[k];
    ModelSnapshot& out = snap.models[k];
    out.diverged = m.diverged;
    out.lossHistory.assign(m.history.values.begin(), m.history.values.end());
    out.historyStride = m.history.stride;
    const double* theta = m.theta.data();
    const bool finite = scoreTrainingSet(m, out.loss, out.crossEntropy);
    if (finite) {
      out.confusion = confusionMatrix(scores_.data(), data_.cleanLabels.data(), n, sp.threshold);
      out.metrics = classMetrics(out.confusion);
      out.averagePrecision = precisionRecall(scores_.data(), data_.cleanLabels.data(), n,
                                             static_cast<std::size_t>(sp.curvePoints), metricsWorkspace_, out.curve);
    } else {
      out.loss = out.crossEntropy = nan;
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
      modelLogits(shape_, theta, heldOut_.features.data(), h, heldOutScores_.data(), passWorkspace_);
      if (finite && allFinite(heldOutScores_.data(), h)) {
        for (std::size_t i = 0; i < h; ++i) heldOutScores_[i] = sigmoid(heldOutScores_[i]);
        out.calibration = calibration(heldOutScores_.data(), heldOut_.cleanLabels.data(), h, calibrationBins);
      } else {
        out.calibration.ece = nan;
      }
    }
    out.grid.resize(gridSize * gridSize);
    const double dx = (data_.maxX - data_.minX) / static_cast<double>(std::max<std::size_t>(1, gridSize));
    const double dy = (data_.maxY - data_.minY) / static_cast<double>(std::max<std::size_t>(1, gridSize));
    gridRow_.resize(2 * gridSize);
    for (std::size_t r = 0; r < gridSize; ++r) {
      const double y = data_.maxY - (static_cast<double>(r) + 0.5) * dy;
      for (std::size_t c = 0; c < gridSize; ++c) {
        gridRow_[2 * c] = data_.minX + (static_cast<double>(c) + 0.5) * dx;
        gridRow_[2 * c + 1] = y;
      }
      double* row = out.grid.data() + r * gridSize;
      modelLogits(shape_, theta, gridRow_.data(), gridSize, row, passWorkspace_);
      for (std::size_t c = 0; c < gridSize; ++c) row[c] = sigmoid(row[c]);
    }
  }
  return snap;
}

}  // namespace focal
