#include "multiclass_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "fast_tanh.hpp"
#include "focal_kernel.hpp"
#include "losses.hpp"
#include "registry.hpp"
#include "softmax_focal.hpp"
#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

// The two-class trainer's streams of the seed (trainer.cpp), so a seed starts the hidden layer
// where the two-class run starts it.
constexpr std::uint64_t kInitStream = 201;
constexpr std::uint64_t kBatchStream = 202;
constexpr double kAdamBeta1 = 0.9, kAdamBeta2 = 0.999, kAdamEpsilon = 1e-8;
// As in trainer.cpp: the output weights start at N(0, 0.01^2), so every first logit is about its bias.
constexpr double kOutputWeightStd = 0.01;
constexpr std::size_t K = kClassCount;

ModelKind parseModel(const std::string& name) {
  if (name == "logistic") return ModelKind::Logistic;
  if (name == "mlp") return ModelKind::Mlp;
  rejectChoice(multiclassOptionRegistry(), "model", name);
}

Activation parseActivation(const std::string& name) {
  if (name == "tanh") return Activation::Tanh;
  if (name == "relu") return Activation::Relu;
  rejectChoice(multiclassOptionRegistry(), "activation", name);
}

OptimizerKind parseOptimizer(const std::string& name) {
  if (name == "sgd") return OptimizerKind::Sgd;
  if (name == "adam") return OptimizerKind::Adam;
  rejectChoice(multiclassOptionRegistry(), "optimizer", name);
}

bool parseSigmoidForm(const std::string& name) {
  if (name == "softmax") return false;
  if (name == "sigmoid") return true;
  rejectChoice(multiclassOptionRegistry(), "lossForm", name);
}

// Samples per block of the passes, as in the two-class trainer (trainer.cpp, docs/numerics.md
// "The trainer's arithmetic"): a block's inputs, hidden activations, logits and loss derivatives
// stay in L1 cache, every loop runs over samples and vectorises, and the gradient sums go in four
// fixed lanes, so they come out the same at every vector width.
constexpr std::size_t kBlock = 128;

// The workspace's rows, kBlock doubles each: inputs, labels, logits and d loss / d logit per
// class, one-hot targets per class (the sigmoid form), then the hidden activations.
enum Row : std::size_t {
  RowX0,
  RowX1,
  RowY,
  RowLogit,
  RowGrad = RowLogit + K,
  RowTarget = RowGrad + K,
  RowHidden = RowTarget + K,
  kRows = RowHidden + kMaxHidden
};

// The two-class trainer's tanh (fast_tanh.hpp), its constants taken as values (fast_tanh.hpp says why).
template <Activation A>
FOCAL_INLINE double activate(double a, const fast::TanhConstants& k) {
  if constexpr (A == Activation::Tanh) return fast::tanh(a, k);
  else return a > 0 ? a : 0.0;
}

// Two doubles as one value (SSE2 natively, SIMD128 in wasm): the sums over samples are written
// with it because the loop vectorisers never reorder a floating-point sum by themselves.
typedef double Pair __attribute__((vector_size(16)));
typedef long long PairMask __attribute__((vector_size(16)));

FOCAL_INLINE Pair pairAt(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
FOCAL_INLINE Pair splat(double v) { return Pair{v, v}; }

// Four running sums: lane l takes the samples s with s % 4 == l; the lanes are added in a fixed order.
struct Lanes {
  Pair low = {0.0, 0.0};
  Pair high = {0.0, 0.0};
  double total() const { return (low[0] + low[1]) + (high[0] + high[1]); }
};

// The rows are padded with zeros up to whole quads of samples, which add nothing to any sum.
FOCAL_INLINE std::size_t quads(std::size_t m) { return (m + 3) & ~std::size_t{3}; }

// tanh'(a) = 1 - tanh(a)^2 and relu'(a) = [a > 0] = [relu(a) > 0], from the activations alone.
template <Activation A>
FOCAL_INLINE Pair activationSlope(Pair h) {
  if constexpr (A == Activation::Tanh) {
    return splat(1.0) - h * h;
  } else {
    const PairMask positive = h > splat(0.0);
    return reinterpret_cast<Pair>(positive & reinterpret_cast<PairMask>(splat(1.0)));
  }
}

// x - x is 0 for finite x and NaN otherwise, so the sum is 0 only when every logit is finite.
bool allFinite(const double* ws, std::size_t m) {
  Lanes lanes;
  for (std::size_t k = 0; k < K; ++k) {
    const double* z = ws + (RowLogit + k) * kBlock;
    std::size_t s = 0;
    for (; s + 4 <= m; s += 4) {
      const Pair a = pairAt(z + s), b = pairAt(z + s + 2);
      lanes.low += a - a;
      lanes.high += b - b;
    }
    for (; s < m; ++s) lanes.low[0] += z[s] - z[s];
  }
  return lanes.total() == 0.0;
}

void gather(const double* features, const double* labels, const std::size_t* indices, std::size_t start, std::size_t m,
            double* ws) {
  for (std::size_t s = 0; s < m; ++s) {
    const std::size_t i = indices ? indices[start + s] : start + s;
    ws[RowX0 * kBlock + s] = features[2 * i];
    ws[RowX1 * kBlock + s] = features[2 * i + 1];
    if (!labels) continue;
    // A label indexes the class weights, so a bad one is an error, never a read out of bounds.
    if (!(labels[i] == 0.0 || labels[i] == 1.0 || labels[i] == 2.0))
      failParameter("labels[" + std::to_string(i) + "]", formatValue(labels[i]), "0, 1 or 2");
    ws[RowY * kBlock + s] = labels[i];
    for (std::size_t k = 0; k < K; ++k) ws[(RowTarget + k) * kBlock + s] = labels[i] == static_cast<double>(k) ? 1.0 : 0.0;
  }
  for (std::size_t s = m; s < quads(m); ++s) {
    ws[RowX0 * kBlock + s] = ws[RowX1 * kBlock + s] = 0.0;
    for (std::size_t k = 0; k < K; ++k) ws[(RowGrad + k) * kBlock + s] = 0.0;
  }
}

// The block's logits into the logit rows (and, for the MLP, the activations into the hidden rows),
// in multiclassLogits' order of operations, so both give the same bits.
template <Activation A>
void mlpForward(std::size_t hidden, const double* theta, std::size_t m, double* ws, const fast::TanhConstants& k) {
  const double* W = theta;
  const double* c = theta + 2 * hidden;
  const double* V = theta + 3 * hidden;
  const double* b = theta + 6 * hidden;
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  double* z0 = ws + RowLogit * kBlock;
  double* z1 = ws + (RowLogit + 1) * kBlock;
  double* z2 = ws + (RowLogit + 2) * kBlock;
  const std::size_t padded = quads(m);
  for (std::size_t s = 0; s < padded; ++s) {
    z0[s] = b[0];
    z1[s] = b[1];
    z2[s] = b[2];
  }
  for (std::size_t j = 0; j < hidden; ++j) {
    const double w0 = W[2 * j], w1 = W[2 * j + 1], cj = c[j];
    const double v0 = V[j], v1 = V[hidden + j], v2 = V[2 * hidden + j];
    double* h = ws + (RowHidden + j) * kBlock;
    for (std::size_t s = 0; s < padded; ++s) {
      const double hs = activate<A>(w0 * x0[s] + w1 * x1[s] + cj, k);
      h[s] = hs;
      z0[s] += v0 * hs;
      z1[s] += v1 * hs;
      z2[s] += v2 * hs;
    }
  }
}

void logisticForward(const double* theta, std::size_t m, double* ws) {
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  for (std::size_t k = 0; k < K; ++k) {
    const double w0 = theta[2 * k], w1 = theta[2 * k + 1], b = theta[2 * K + k];
    double* z = ws + (RowLogit + k) * kBlock;
    for (std::size_t s = 0; s < quads(m); ++s) z[s] = w0 * x0[s] + w1 * x1[s] + b;
  }
}

void forward(const ModelShape& shape, const double* theta, std::size_t m, MulticlassPassWorkspace& workspace) {
  double* ws = workspace.data();
  const fast::TanhConstants k = workspace.tanhConstants();  // a local copy, kept in registers
  if (shape.kind == ModelKind::Logistic) logisticForward(theta, m, ws);
  else if (shape.activation == Activation::Tanh) mlpForward<Activation::Tanh>(shape.hidden, theta, m, ws, k);
  else mlpForward<Activation::Relu>(shape.hidden, theta, m, ws, k);
}

// The block's summed loss, and (wantGrad) d loss / d logit per class into the gradient rows.
//   softmax: softmax_focal.hpp's formula per sample, FL = -alpha_c (1 - p_c)^gamma log p_c (gamma = 0: CE);
//   sigmoid: one focal kernel pass (focal_kernel.hpp) per class over its one-hot targets,
//            FL = sum_k -alpha_t,k (1 - p_t,k)^gamma log p_t,k, oneHotSigmoidFocal's sum.
double blockLoss(const MulticlassLoss& loss, std::size_t m, bool wantGrad, double* ws) {
  double sum = 0.0;
  if (loss.sigmoid) {
    for (std::size_t k = 0; k < K; ++k)
      sum += focalLossKernel(ws + (RowLogit + k) * kBlock, ws + (RowTarget + k) * kBlock, m, loss.alphas[k], loss.gamma,
                             1.0, nullptr, wantGrad ? ws + (RowGrad + k) * kBlock : nullptr);
    return sum;
  }
  const double* y = ws + RowY * kBlock;
  for (std::size_t s = 0; s < m; ++s) {
    const std::size_t c = static_cast<std::size_t>(y[s]);
    const double z[K] = {ws[RowLogit * kBlock + s], ws[(RowLogit + 1) * kBlock + s], ws[(RowLogit + 2) * kBlock + s]};
    double g[K];
    // Validated already: the logits by allFinite, the labels by gather, alphas and gamma on entry.
    sum += softmaxFocalUnchecked(z, K, c, loss.weighted ? loss.alphas[c] : -1.0, loss.gamma, wantGrad ? g : nullptr);
    if (!wantGrad) continue;
    for (std::size_t k = 0; k < K; ++k) ws[(RowGrad + k) * kBlock + s] = g[k];
  }
  return sum;
}

// Adds the block's gradient to sums (laid out as theta), from the activations and d loss / d logit
// (rows padded to whole quads).
template <Activation A>
void mlpBackward(std::size_t hidden, const double* theta, std::size_t m, const double* ws, double* sums) {
  const double* V = theta + 3 * hidden;
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  const double* g0 = ws + RowGrad * kBlock;
  const double* g1 = ws + (RowGrad + 1) * kBlock;
  const double* g2 = ws + (RowGrad + 2) * kBlock;
  const std::size_t padded = quads(m);
  Lanes gb[K];
  for (std::size_t s = 0; s < padded; s += 4) {
    gb[0].low += pairAt(g0 + s);
    gb[0].high += pairAt(g0 + s + 2);
    gb[1].low += pairAt(g1 + s);
    gb[1].high += pairAt(g1 + s + 2);
    gb[2].low += pairAt(g2 + s);
    gb[2].high += pairAt(g2 + s + 2);
  }
  for (std::size_t k = 0; k < K; ++k) sums[6 * hidden + k] += gb[k].total();
  for (std::size_t j = 0; j < hidden; ++j) {
    const Pair v0 = splat(V[j]), v1 = splat(V[hidden + j]), v2 = splat(V[2 * hidden + j]);
    const double* h = ws + (RowHidden + j) * kBlock;
    Lanes gv0, gv1, gv2, gw0, gw1, gc;
    const auto add = [&](std::size_t i, bool high) {
      const Pair a = pairAt(g0 + i), b = pairAt(g1 + i), c = pairAt(g2 + i), hi = pairAt(h + i);
      const Pair d = (a * v0 + b * v1 + c * v2) * activationSlope<A>(hi);
      (high ? gv0.high : gv0.low) += a * hi;
      (high ? gv1.high : gv1.low) += b * hi;
      (high ? gv2.high : gv2.low) += c * hi;
      (high ? gw0.high : gw0.low) += d * pairAt(x0 + i);
      (high ? gw1.high : gw1.low) += d * pairAt(x1 + i);
      (high ? gc.high : gc.low) += d;
    };
    for (std::size_t s = 0; s < padded; s += 4) {
      add(s, false);
      add(s + 2, true);
    }
    sums[3 * hidden + j] += gv0.total();
    sums[4 * hidden + j] += gv1.total();
    sums[5 * hidden + j] += gv2.total();
    sums[2 * j] += gw0.total();
    sums[2 * j + 1] += gw1.total();
    sums[2 * hidden + j] += gc.total();
  }
}

void logisticBackward(std::size_t m, const double* ws, double* sums) {
  const double* x0 = ws + RowX0 * kBlock;
  const double* x1 = ws + RowX1 * kBlock;
  for (std::size_t k = 0; k < K; ++k) {
    const double* g = ws + (RowGrad + k) * kBlock;
    Lanes gw0, gw1, gb;
    for (std::size_t s = 0; s < quads(m); s += 4) {
      for (const std::size_t i : {s, s + 2}) {
        const Pair gi = pairAt(g + i);
        Pair& l0 = i == s ? gw0.low : gw0.high;
        Pair& l1 = i == s ? gw1.low : gw1.high;
        Pair& lb = i == s ? gb.low : gb.high;
        l0 += gi * pairAt(x0 + i);
        l1 += gi * pairAt(x1 + i);
        lb += gi;
      }
    }
    sums[2 * k] += gw0.total();
    sums[2 * k + 1] += gw1.total();
    sums[2 * K + k] += gb.total();
  }
}

void backward(const ModelShape& shape, const double* theta, std::size_t m, const double* ws, double* sums) {
  if (shape.kind == ModelKind::Logistic) logisticBackward(m, ws, sums);
  else if (shape.activation == Activation::Tanh) mlpBackward<Activation::Tanh>(shape.hidden, theta, m, ws, sums);
  else mlpBackward<Activation::Relu>(shape.hidden, theta, m, ws, sums);
}

// p = softmax(z) from the largest logit down, so no exponential overflows.
void softmax(const double* z, double* p) {
  const double top = std::max({z[0], z[1], z[2]});
  double total = 0.0;
  for (std::size_t k = 0; k < K; ++k) total += p[k] = std::exp(z[k] - top);
  for (std::size_t k = 0; k < K; ++k) p[k] /= total;
}

}  // namespace

MulticlassPassWorkspace::MulticlassPassWorkspace() : buffer_(kRows * kBlock, 0.0), tanhConstants_(fast::kTanhConstants) {}

std::size_t multiclassParameterCount(const ModelShape& shape) {
  return shape.kind == ModelKind::Logistic ? 3 * K : 6 * shape.hidden + K;
}

void multiclassLogits(const ModelShape& shape, const double* theta, double x0, double x1, double* logits) {
  if (shape.kind == ModelKind::Logistic) {
    for (std::size_t k = 0; k < K; ++k) logits[k] = theta[2 * k] * x0 + theta[2 * k + 1] * x1 + theta[2 * K + k];
    return;
  }
  const std::size_t h = shape.hidden;
  for (std::size_t k = 0; k < K; ++k) logits[k] = theta[6 * h + k];
  for (std::size_t j = 0; j < h; ++j) {
    const double a = theta[2 * j] * x0 + theta[2 * j + 1] * x1 + theta[2 * h + j];
    const double act = shape.activation == Activation::Tanh ? activate<Activation::Tanh>(a, fast::kTanhConstants)
                                                            : activate<Activation::Relu>(a, fast::kTanhConstants);
    for (std::size_t k = 0; k < K; ++k) logits[k] += theta[3 * h + k * h + j] * act;
  }
}

void multiclassLogits(const ModelShape& shape, const double* theta, const double* features, std::size_t n, double* out,
                      MulticlassPassWorkspace& workspace) {
  double* ws = workspace.data();
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    gather(features, nullptr, nullptr, start, m, ws);
    forward(shape, theta, m, workspace);
    for (std::size_t s = 0; s < m; ++s)
      for (std::size_t k = 0; k < K; ++k) out[K * (start + s) + k] = ws[(RowLogit + k) * kBlock + s];
  }
}

double multiclassLossAndGradient(const ModelShape& shape, const double* theta, const MulticlassLoss& loss,
                                 const double* features, const double* labels, const std::size_t* indices,
                                 std::size_t count, double* grad, MulticlassPassWorkspace& workspace) {
  requireGamma(loss.gamma);
  for (std::size_t k = 0; k < K; ++k)
    if (!(loss.alphas[k] >= 0.0 && loss.alphas[k] <= 1.0)) failParameter("alphas[" + std::to_string(k) + "]", formatValue(loss.alphas[k]), "in [0, 1]");
  const std::size_t p = multiclassParameterCount(shape);
  if (count == 0) {
    if (grad) std::fill(grad, grad + p, 0.0);
    return 0.0;
  }
  // Summed into this copy; grad is written only once the loss is known to be finite.
  double summed[6 * kMaxHidden + K];
  std::fill(summed, summed + p, 0.0);
  double* ws = workspace.data();
  double sum = 0.0;
  for (std::size_t start = 0; start < count; start += kBlock) {
    const std::size_t m = std::min(kBlock, count - start);
    gather(features, labels, indices, start, m, ws);
    forward(shape, theta, m, workspace);
    // The losses need finite logits; a diverged model stops here.
    if (!allFinite(ws, m)) return std::numeric_limits<double>::quiet_NaN();
    sum += blockLoss(loss, m, grad != nullptr, ws);
    if (grad) backward(shape, theta, m, ws, summed);
  }
  const double n = static_cast<double>(count);
  if (grad)
    for (std::size_t k = 0; k < p; ++k) grad[k] = summed[k] / n;
  return sum / n;
}

double multiclassLossAndGradient(const ModelShape& shape, const double* theta, const MulticlassLoss& loss,
                                 const double* features, const double* labels, const std::size_t* indices,
                                 std::size_t count, double* grad) {
  MulticlassPassWorkspace workspace;
  return multiclassLossAndGradient(shape, theta, loss, features, labels, indices, count, grad, workspace);
}

MulticlassRun::MulticlassRun(const MulticlassParams& params) : params_(params) {
  const std::vector<OptionSpec>& options = multiclassOptionRegistry();
  shape_.kind = parseModel(params.model);
  requireOption(options, "hidden", params.hidden);
  shape_.hidden = static_cast<std::size_t>(params.hidden);
  shape_.activation = parseActivation(params.activation);
  optimizer_ = parseOptimizer(params.optimizer);
  requireOption(options, "learningRate", params.learningRate);
  requireOption(options, "momentum", params.momentum);
  requireOption(options, "batchSize", params.batchSize);
  // The FL model's loss accepts its whole domain, as every loss of the core does.
  requireGamma(params.gamma);
  if (params.alphas.size() != K)
    failParameter("alphas", "a list of " + std::to_string(params.alphas.size()), "a list of 3 weights, one per class");
  for (std::size_t k = 0; k < K; ++k) requireInRange("alphas[" + std::to_string(k) + "]", optionSpec(options, "alphas").range, params.alphas[k]);
  const bool sigmoid = parseSigmoidForm(params.lossForm);
  requireOption(options, "priorPi", params.priorPi);
  seed_ = requireSeed("seed", params.seed);
  makeThreeClassDataset(params.dataset, data_);

  const std::size_t n = data_.count;
  batchSize_ = params.batchSize == 0 ? n : std::min(n, static_cast<std::size_t>(params.batchSize));
  std::array<double, K> alphas;
  std::copy(params.alphas.begin(), params.alphas.end(), alphas.begin());
  models_[kCrossEntropy].loss = {false, params.crossEntropyAlphas, 0.0, alphas};
  models_[kFocal].loss = {sigmoid, true, params.gamma, alphas};
  order_.resize(n);
  logits_.resize(K * n);
  scores_.resize(K * n);
  initialise();
}

void MulticlassRun::initialise() {
  const std::size_t p = multiclassParameterCount(shape_);
  Random init(seed_, kInitStream);
  std::vector<double>& theta = models_[kCrossEntropy].theta;
  theta.assign(p, 0.0);
  if (shape_.kind == ModelKind::Mlp) {
    const std::size_t h = shape_.hidden;
    // Hidden weights N(0, 1 / fan_in) with fan_in = 2, as in the two-class trainer.
    for (std::size_t k = 0; k < 2 * h; ++k) theta[k] = std::sqrt(0.5) * init.normal();
    for (std::size_t k = 0; k < K * h; ++k) theta[3 * h + k] = kOutputWeightStd * init.normal();
  }
  const double bias = params_.priorInit ? priorBias(params_.priorPi) : 0.0;
  for (std::size_t k = 0; k < K; ++k) theta[p - K + k] = bias;
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

void MulticlassRun::reset() { initialise(); }

// As the two-class trainer: consecutive slices of a permutation reshuffled every epoch, a tail
// shorter than a batch skipped; full batch needs no indices.
const std::size_t* MulticlassRun::nextBatch(std::size_t& count) {
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

void MulticlassRun::update(Model& m, const std::size_t* batch, std::size_t count) {
  if (m.diverged) return;
  const double loss = multiclassLossAndGradient(shape_, m.theta.data(), m.loss, data_.features.data(),
                                                data_.labels.data(), batch, count, m.grad.data(), pass_);
  const std::size_t p = m.theta.size();
  bool finite = std::isfinite(loss);
  for (std::size_t k = 0; finite && k < p; ++k) finite = std::isfinite(m.grad[k]);
  if (!finite) {
    m.diverged = true;  // keep the last finite weights, and say so in the snapshot
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

void MulticlassRun::step(double k) {
  requireWholeNumber("k", k, 0, 100000);
  for (double s = 0; s < k; ++s) {
    std::size_t count = 0;
    const std::size_t* batch = nextBatch(count);
    for (Model& m : models_) update(m, batch, count);
    ++steps_;
  }
}

bool MulticlassRun::probabilities(const Model& m, const double* points, std::size_t n, double* out) {
  logits_.resize(K * n);
  multiclassLogits(shape_, m.theta.data(), points, n, logits_.data(), pass_);
  bool finite = true;
  for (std::size_t i = 0; i < n; ++i) {
    const double* z = &logits_[K * i];
    double* p = out + K * i;
    finite = finite && std::isfinite(z[0]) && std::isfinite(z[1]) && std::isfinite(z[2]);
    if (m.loss.sigmoid) {
      for (std::size_t k = 0; k < K; ++k) p[k] = sigmoid(z[k]);  // the stable form: 0 or 1 at the extremes, never NaN
    } else {
      softmax(z, p);
    }
  }
  return finite;
}

const MulticlassSnapshot& MulticlassRun::snapshot(const MulticlassSnapshotParams& sp) {
  requireWholeNumber("gridSize", sp.gridSize, 0, 512);
  const std::size_t n = data_.count;
  const std::size_t gridSize = static_cast<std::size_t>(sp.gridSize);
  const std::size_t cells = gridSize * gridSize;
  if (gridPointsSize_ != gridSize || gridPoints_.size() != 2 * cells) {
    gridPoints_.resize(2 * cells);
    const double dx = (data_.maxX - data_.minX) / static_cast<double>(std::max<std::size_t>(1, gridSize));
    const double dy = (data_.maxY - data_.minY) / static_cast<double>(std::max<std::size_t>(1, gridSize));
    for (std::size_t r = 0; r < gridSize; ++r)
      for (std::size_t c = 0; c < gridSize; ++c) {
        gridPoints_[2 * (r * gridSize + c)] = data_.minX + (static_cast<double>(c) + 0.5) * dx;
        gridPoints_[2 * (r * gridSize + c) + 1] = data_.maxY - (static_cast<double>(r) + 0.5) * dy;
      }
    gridPointsSize_ = gridSize;
  }
  MulticlassSnapshot& snap = snapshot_;
  snap.step = steps_;
  snap.gridSize = gridSize;
  snap.classCounts.fill(0);
  for (double y : data_.cleanLabels) ++snap.classCounts[static_cast<std::size_t>(y)];
  const double nan = std::numeric_limits<double>::quiet_NaN();

  for (int which = 0; which < 2; ++which) {
    Model& m = models_[which];
    MulticlassModelSnapshot& out = snap.models[which];
    out.diverged = m.diverged;
    out.lossHistory.assign(m.history.values.begin(), m.history.values.end());
    out.historyStride = m.history.stride;
    // One forward pass serves the probabilities and the objective: the per-sample losses of the
    // logits it leaves in logits_ (the sigmoid form's from oneHotSigmoidFocal, a few ulps from the
    // training pass's kernel).
    bool finite = probabilities(m, data_.features.data(), n, scores_.data());
    double own = 0.0;
    for (std::size_t i = 0; finite && i < n; ++i) {
      const double* z = &logits_[K * i];
      const auto c = static_cast<std::size_t>(data_.labels[i]);
      own += m.loss.sigmoid ? oneHotSigmoidFocal(z, K, c, m.loss.alphas.data(), m.loss.gamma, nullptr)
                            : softmaxFocalUnchecked(z, K, c, m.loss.weighted ? m.loss.alphas[c] : -1.0, m.loss.gamma, nullptr);
    }
    out.loss = own / static_cast<double>(n);
    finite = finite && std::isfinite(out.loss);
    if (finite) {
      out.metrics = multiclassMetrics(scores_.data(), data_.cleanLabels.data(), n, workspace_);
    } else {
      out.loss = nan;
      out.metrics = MulticlassMetrics{};
      out.metrics.precision.fill(nan);
      out.metrics.recall.fill(nan);
      out.metrics.averagePrecision.fill(nan);
      out.metrics.accuracy = nan;
    }
    out.gridClass.resize(cells);
    out.gridProbability.resize(cells);
    gridScores_.resize(K * cells);
    probabilities(m, gridPoints_.data(), cells, gridScores_.data());
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const double* p = &gridScores_[K * cell];
      std::size_t best = 0;
      for (std::size_t k = 1; k < K; ++k)
        if (p[k] > p[best]) best = k;
      // A logit that overflows there (a diverged model) leaves the cell unclaimed: class 0, probability 0.
      const bool claimed = std::isfinite(p[best]);
      out.gridClass[cell] = claimed ? static_cast<std::uint8_t>(best) : 0;
      out.gridProbability[cell] = claimed ? p[best] : 0.0;
    }
  }
  return snap;
}

}  // namespace focal
