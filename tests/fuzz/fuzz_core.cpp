// libFuzzer harness over the public core (cpp/core/*.hpp). Each input is decoded into calls of
// the public functions, and every call must keep the core's contract:
//   - a call that returns has finite results and wrote only finite numbers to its outputs;
//   - a call that rejects its input throws std::invalid_argument, nothing else, and leaves the
//     caller's output arrays byte for byte as they were;
//   - nothing trips AddressSanitizer or UndefinedBehaviorSanitizer (they abort on their own).
// A broken rule prints what was called and aborts, so libFuzzer saves the input.
//
// Numbers come from a selector byte: raw 8-byte doubles, plus the values that break numeric code
// (NaN, +-inf, +-0, subnormals, DBL_MAX, 3e296, small integers, fractions, powers of two), so
// the fuzzer reaches them without having to guess their bit patterns.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "anchor_simulation.hpp"
#include "batch.hpp"
#include "losses.hpp"
#include "softmax_focal.hpp"
#include "trainer.hpp"
#include "variants.hpp"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_core: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string show(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return position_ >= size_; }

  // Past the end every read gives 0, so a short input is still a complete call.
  std::uint8_t byte() { return position_ < size_ ? data_[position_++] : 0; }

  double raw() {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(byte()) << (8 * i);
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }

  double number() {
    const std::uint8_t selector = byte();
    const double sign = (selector & 0x80) ? -1.0 : 1.0;
    switch (selector % 16) {
      case 0: return std::numeric_limits<double>::quiet_NaN();
      case 1: return sign * std::numeric_limits<double>::infinity();
      case 2: return sign * 0.0;
      case 3: return sign * std::numeric_limits<double>::denorm_min() * (1 + byte());
      case 4: return sign * DBL_MAX;
      case 5: return sign * 3e296;
      case 6: return static_cast<double>(static_cast<std::int8_t>(byte()));
      case 7: return byte() / 255.0;
      case 8: return sign * byte() / 16.0;
      case 9: return sign * std::ldexp(1.0, static_cast<std::int8_t>(byte()) * 8);
      case 10: return std::nextafter(1.0, 0.0);
      case 11: return sign * DBL_MIN;
      case 12: return sign * std::pow(10.0, static_cast<std::int8_t>(byte()) % 20);
      default: return raw();
    }
  }

  // Array elements: mostly ordinary logits, so a whole array is often valid; sometimes anything.
  double element() {
    const std::uint8_t b = byte();
    return b < 192 ? (static_cast<double>(b) - 96.0) / 4.0 : number();
  }

  // Targets: mostly exact 0 or 1, then soft labels, then anything.
  double target() {
    switch (byte() % 4) {
      case 0: return 0.0;
      case 1: return 1.0;
      case 2: return byte() / 255.0;
      default: return number();
    }
  }

  // The simulator and the trainer take some twenty parameters; were each decoded by number(),
  // almost no input would get past their validation. These mostly give a value in the valid
  // range [lo, hi], and sometimes anything.
  double inRange(double lo, double hi) {
    if (byte() >= 224) return number();
    return lo + (hi - lo) * (byte() / 255.0);
  }
  // A whole number, kept at most hi so that a call stays fast: a large finite value wraps.
  double whole(double lo, double hi) {
    if (byte() >= 224) {
      const double v = number();
      return std::isfinite(v) && v > hi ? std::fmod(v, hi + 1) : v;
    }
    return lo + byte() % static_cast<int>(hi - lo + 1);
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

// Runs call: true if it returned, false if it threw std::invalid_argument. Anything else thrown
// is a broken contract.
template <class Call>
bool returns(const std::string& name, Call&& call) {
  try {
    call();
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  } catch (const std::exception& e) {
    fail(name + " threw something other than std::invalid_argument: " + e.what());
  } catch (...) {
    fail(name + " threw a non-exception");
  }
}

void requireFiniteResult(const std::string& name, double v) {
  if (!std::isfinite(v)) fail(name + " returned " + show(v) + " for valid input");
}

// The losses promise finite results where the README says so: logits in [-700, 700] and
// parameters of ordinary size. Beyond that a true loss can exceed DBL_MAX (epsilon = 1e308 times
// a logit of 1e308), and products of such extremes meet 0 * inf, so those calls are held only to
// the exception contract and the sanitizers.
bool documentedLogit(double x) { return std::fabs(x) <= 700.0; }
bool documentedParameter(double v) { return v == 0.0 || (std::fabs(v) >= 1e-3 && std::fabs(v) <= 10.0); }
bool documentedParameters(const focal::LossParams& p) {
  for (double v : {p.alpha, p.gamma, p.beta, p.qualityBeta, p.epsilon, p.gammaPos, p.gammaNeg, p.margin})
    if (!documentedParameter(v)) return false;
  return true;
}

void requireResult(const std::string& name, double v, bool documented) {
  if (documented) requireFiniteResult(name, v);
}

void requireFiniteResults(const std::string& name, const std::vector<double>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) requireFiniteResult(name + "[" + std::to_string(i) + "]", values[i]);
}

// A caller's output array, prefilled with a signalling-NaN pattern that no arithmetic produces,
// so a write before a rejection shows as changed bytes.
class OutputArray {
 public:
  OutputArray(std::size_t n, bool present) : values_(n), present_(present) {
    const std::uint64_t sentinel = 0x7ff4deadbeef5a5aULL;
    for (double& v : values_) std::memcpy(&v, &sentinel, sizeof v);
    pristine_ = values_;
  }
  double* data() { return present_ ? values_.data() : nullptr; }
  void requireUntouched(const std::string& name) const {
    if (!values_.empty() && std::memcmp(values_.data(), pristine_.data(), values_.size() * sizeof(double)) != 0)
      fail(name + " rejected its input but wrote to an output array");
  }
  void requireResults(const std::string& name, bool documented) const {
    if (!present_) return;
    for (std::size_t i = 0; i < values_.size(); ++i) requireResult(name + "[" + std::to_string(i) + "]", values_[i], documented);
  }

 private:
  std::vector<double> values_, pristine_;
  bool present_;
};

focal::LossParams lossParams(FuzzInput& in) {
  focal::LossParams p;
  p.alpha = in.number();
  p.gamma = in.number();
  p.beta = in.number();
  p.qualityBeta = in.number();
  p.epsilon = in.number();
  p.gammaPos = in.number();
  p.gammaNeg = in.number();
  p.margin = in.number();
  return p;
}

constexpr int kLossKinds = 10;
constexpr focal::Reduction kReductions[] = {focal::Reduction::None, focal::Reduction::Sum, focal::Reduction::Mean,
                                            focal::Reduction::Positives};

void fuzzScalar(FuzzInput& in) {
  const int which = in.byte() % 17;
  const double x = in.number(), y = in.target(), a = in.number(), b = in.number(), c = in.number();
  const std::string name = "scalar #" + std::to_string(which) + " (" + show(x) + ", " + show(y) + ", " + show(a) +
                           ", " + show(b) + ", " + show(c) + ")";
  focal::LossGrad lg{0.0, 0.0};
  auto value = [&lg](double v) { lg = {v, 0.0}; };
  const bool ok = returns(name, [&] {
    switch (which) {
      case 0: lg = focal::binaryCrossEntropy(x, y); break;
      case 1: lg = focal::alphaBalancedCrossEntropy(x, y, a); break;
      case 2: lg = focal::sigmoidFocal(x, y, a, b); break;
      case 3: lg = focal::focalStar(x, y, a, b); break;
      case 4: value(focal::sigmoidFocalLoss(x, y, a, b)); break;
      case 5: value(focal::sigmoidFocalLossGrad(x, y, a, b)); break;
      case 6: value(focal::focalLossStar(x, y, a, b)); break;
      case 7: value(focal::focalLossStarGrad(x, y, a, b)); break;
      case 8: value(focal::modulatingFactor(x, y, a)); break;
      case 9: value(focal::priorBias(a)); break;
      case 10: lg = focal::qualityFocal(x, y, a); break;
      case 11: lg = focal::varifocal(x, y, a, b); break;
      case 12: lg = focal::asymmetric(x, y, a, b, c); break;
      case 13: lg = focal::polyOneCrossEntropy(x, y, a); break;
      case 14: lg = focal::polyOneFocal(x, y, a, b, c); break;
      case 15: lg = focal::flsd53(x, y); break;
      default: value(focal::effectiveNumber(a, b)); break;
    }
  });
  if (!ok) return;
  // Bounded whatever the arguments: (1 - p_t)^gamma in [0, 1], priorBias(pi) = -log((1 - pi) / pi)
  // for pi in (0, 1), and the effective number (1 - beta^n) / (1 - beta) <= 1 / (1 - beta) <= 2^53.
  const bool bounded = which == 8 || which == 9 || which == 16;
  const bool documented = bounded || (documentedLogit(x) && documentedParameter(a) && documentedParameter(b) &&
                                      documentedParameter(c));
  requireResult(name + " loss", lg.loss, documented);
  requireResult(name + " grad", lg.grad, documented);
}

void fuzzEvaluateLoss(FuzzInput& in) {
  const auto kind = static_cast<focal::LossKind>(in.byte() % kLossKinds);
  const focal::LossParams params = lossParams(in);
  const double x = in.number(), y = in.target();
  const std::string name = std::string("evaluateLoss ") + focal::lossKindName(kind);
  focal::LossGrad lg{0.0, 0.0};
  if (!returns(name, [&] { lg = focal::evaluateLoss(kind, params, x, y); })) return;
  const bool documented = documentedLogit(x) && documentedParameters(params);
  requireResult(name + " loss", lg.loss, documented);
  requireResult(name + " grad", lg.grad, documented);
}

// Arrays long enough to cover a vector kernel's full blocks and its tail.
std::size_t arrayLength(FuzzInput& in) { return in.byte() % 41; }

void fuzzLossBatch(FuzzInput& in) {
  const auto kind = static_cast<focal::LossKind>(in.byte() % kLossKinds);
  const std::uint8_t shape = in.byte();
  const focal::Reduction reduction = kReductions[shape % 4];
  const focal::LossParams params = lossParams(in);
  const std::size_t n = arrayLength(in);
  std::vector<double> logits(n), targets(n);
  for (std::size_t i = 0; i < n; ++i) {
    logits[i] = in.element();
    targets[i] = in.target();
  }
  OutputArray loss(n, shape & 4), grad(n, shape & 8);
  const std::string name = std::string("lossBatch ") + focal::lossKindName(kind) + " reduction " + std::to_string(shape % 4);
  double total = 0.0;
  if (!returns(name, [&] {
        total = focal::lossBatch(kind, params, logits.data(), targets.data(), n, reduction, loss.data(), grad.data());
      })) {
    loss.requireUntouched(name);
    grad.requireUntouched(name);
    return;
  }
  bool documented = documentedParameters(params);
  for (double x : logits) documented = documented && documentedLogit(x);
  requireResult(name, total, documented);
  loss.requireResults(name + " outLoss", documented);
  grad.requireResults(name + " outGrad", documented);
}

void fuzzSigmoidFocalLossBatch(FuzzInput& in) {
  const std::uint8_t shape = in.byte();
  const double alpha = in.number(), gamma = in.number();
  const std::size_t n = arrayLength(in);
  std::vector<double> logits(n), targets(n);
  for (std::size_t i = 0; i < n; ++i) {
    logits[i] = in.element();
    targets[i] = in.target();
  }
  OutputArray loss(n, shape & 1), grad(n, shape & 2);
  const std::string name = "sigmoidFocalLossBatch alpha " + show(alpha) + " gamma " + show(gamma);
  double total = 0.0;
  if (!returns(name, [&] {
        total = focal::sigmoidFocalLossBatch(logits.data(), targets.data(), n, alpha, gamma, loss.data(), grad.data());
      })) {
    loss.requireUntouched(name);
    grad.requireUntouched(name);
    return;
  }
  bool documented = documentedParameter(alpha) && documentedParameter(gamma);
  for (double x : logits) documented = documented && documentedLogit(x);
  requireResult(name, total, documented);
  loss.requireResults(name + " outLoss", documented);
  grad.requireResults(name + " outGrad", documented);
}

void fuzzSoftmaxFocal(FuzzInput& in) {
  const std::uint8_t shape = in.byte();
  const double alpha = in.number(), gamma = in.number();
  const std::size_t n = in.byte() % 17;
  const std::size_t target = in.byte() % (n + 2);
  std::vector<double> logits(n);
  for (double& z : logits) z = in.element();
  OutputArray grad(n, shape & 1);
  const std::string name = "softmaxFocal n " + std::to_string(n) + " target " + std::to_string(target) + " alpha " +
                           show(alpha) + " gamma " + show(gamma);
  double loss = 0.0;
  if (!returns(name, [&] { loss = focal::softmaxFocal(logits.data(), n, target, alpha, gamma, grad.data()); })) {
    grad.requireUntouched(name);
    return;
  }
  bool documented = documentedParameter(alpha) && documentedParameter(gamma);
  for (double z : logits) documented = documented && documentedLogit(z);
  requireResult(name, loss, documented);
  grad.requireResults(name + " grad", documented);
}

void fuzzClassBalancedWeights(FuzzInput& in) {
  const double beta = in.number();
  const std::size_t n = in.byte() % 9;
  std::vector<double> counts(n);
  for (double& c : counts) c = in.byte() < 192 ? 1 + in.byte() * 97.0 : in.number();
  const std::string name = "classBalancedWeights beta " + show(beta);
  std::vector<double> weights;
  if (!returns(name, [&] { weights = focal::classBalancedWeights(counts.data(), n, beta); })) return;
  if (weights.size() != n) fail(name + " returned " + std::to_string(weights.size()) + " weights for " + std::to_string(n) + " classes");
  requireFiniteResults(name, weights);
}

focal::LogitDistribution distribution(FuzzInput& in) { return {in.inRange(-20, 20), in.inRange(0, 5)}; }

focal::AnchorSimulationParams anchorParams(FuzzInput& in) {
  focal::AnchorSimulationParams p;
  p.count = in.whole(2, 300);
  p.foregroundFraction = in.inRange(0.001, 0.5);
  p.hardNegativeFraction = in.inRange(0, 1);
  p.seed = in.whole(0, 255);
  p.easyNegatives = distribution(in);
  p.hardNegatives = distribution(in);
  p.positives = distribution(in);
  p.gamma = in.inRange(0, 10);
  p.alpha = in.inRange(-1, 1);
  p.cdfGammas.resize(in.byte() % 18);
  for (double& g : p.cdfGammas) g = in.inRange(0, 10);
  p.cdfPoints = in.whole(2, 64);
  p.readoutFraction = in.inRange(0, 1);
  p.histogramBins = in.whole(1, 64);
  p.histogramMinLog10 = in.inRange(-300, -0.01);
  p.priorPi = in.inRange(1e-6, 0.999);
  return p;
}

void requireFiniteGroupLoss(const std::string& name, const focal::GroupLoss& g) {
  requireFiniteResult(name + ".total", g.total);
  requireFiniteResult(name + ".gradientTotal", g.gradientTotal);
  for (int k = 0; k < focal::kAnchorGroups; ++k) {
    requireFiniteResult(name + ".sums", g.sums[k]);
    requireFiniteResult(name + ".shares", g.shares[k]);
    requireFiniteResult(name + ".gradientSums", g.gradientSums[k]);
    requireFiniteResult(name + ".gradientShares", g.gradientShares[k]);
  }
}

void requireFiniteInitialLoss(const std::string& name, const focal::InitialLoss& l) {
  for (double v : {l.lossPerNegative, l.lossPerPositive, l.total, l.perPositive, l.backgroundShare, l.gradientBackgroundShare})
    requireFiniteResult(name, v);
}

void requireFiniteReport(const std::string& name, const focal::AnchorReport& r, double priorPi) {
  requireFiniteGroupLoss(name + " crossEntropy", r.crossEntropy);
  requireFiniteGroupLoss(name + " alphaCrossEntropy", r.alphaCrossEntropy);
  requireFiniteGroupLoss(name + " focal", r.focal);
  for (const focal::LossCdf* cdf : {&r.positiveCdf, &r.negativeCdf}) {
    requireFiniteResults(name + " cdf fraction", cdf->fraction);
    requireFiniteResults(name + " cdf curves", cdf->curves);
    requireFiniteResults(name + " cdf hardestShare", cdf->hardestShare);
  }
  requireFiniteResults(name + " histogramEdges", r.histogramEdges);
  for (int k = 0; k < focal::kAnchorGroups; ++k) {
    requireFiniteResults(name + " histogramCounts", r.histogramCounts[k]);
    requireFiniteResult(name + " histogramBelow", r.histogramBelow[k]);
  }
  for (const focal::InitialState* s : {&r.zeroBias, &r.priorBias}) {
    requireFiniteResult(name + " initial bias", s->bias);
    requireFiniteInitialLoss(name + " initial crossEntropy", s->crossEntropy);
    requireFiniteInitialLoss(name + " initial alphaCrossEntropy", s->alphaCrossEntropy);
    requireFiniteInitialLoss(name + " initial focal", s->focal);
  }
  // The ratio is about log(2) / pi, beyond DBL_MAX for a subnormal pi: there infinity is the
  // correctly rounded answer.
  if (priorPi >= 1e-300) requireFiniteResult(name + " negativeLossRatio", r.negativeLossRatio);
  else if (std::isnan(r.negativeLossRatio)) fail(name + " negativeLossRatio is NaN");
}

// Two calls on one simulator, so the second may reuse the first one's draws and caches; the
// second report must equal that of a fresh simulator given the same parameters.
void fuzzAnchorSimulator(FuzzInput& in) {
  const focal::AnchorSimulationParams first = anchorParams(in);
  const focal::AnchorSimulationParams second = anchorParams(in);
  focal::AnchorSimulator reused;
  const focal::AnchorReport* report = nullptr;
  if (returns("AnchorSimulator::simulate (first)", [&] { report = &reused.simulate(first); }))
    requireFiniteReport("AnchorSimulator::simulate (first)", *report, first.priorPi);
  if (!returns("AnchorSimulator::simulate (second)", [&] { report = &reused.simulate(second); })) return;
  requireFiniteReport("AnchorSimulator::simulate (second)", *report, second.priorPi);
  focal::AnchorSimulator fresh;
  const focal::AnchorReport& expected = fresh.simulate(second);
  auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
  };
  if (report->counts != expected.counts || std::memcmp(&report->focal, &expected.focal, sizeof expected.focal) != 0 ||
      std::memcmp(&report->crossEntropy, &expected.crossEntropy, sizeof expected.crossEntropy) != 0 ||
      !same(report->positiveCdf.curves, expected.positiveCdf.curves) ||
      !same(report->negativeCdf.curves, expected.negativeCdf.curves) ||
      !same(report->histogramCounts[focal::EasyNegatives], expected.histogramCounts[focal::EasyNegatives]))
    fail("AnchorSimulator::simulate gave a reused simulator a different report than a fresh one");
}

std::string pick(FuzzInput& in, std::initializer_list<const char*> names) {
  const std::size_t i = in.byte() % (names.size() + 1);
  return i < names.size() ? names.begin()[i] : "bogus";
}

void fuzzTrainingRun(FuzzInput& in) {
  focal::TrainingParams p;
  p.dataset.kind = pick(in, {"cluster", "ring", "moons"});
  p.dataset.count = in.whole(10, 64);
  p.dataset.minorityFraction = in.inRange(0.001, 0.5);
  p.dataset.labelNoise = in.inRange(0, 0.5);
  p.dataset.seed = in.whole(0, 255);
  p.model = pick(in, {"logistic", "mlp"});
  p.hidden = in.whole(1, 8);
  p.activation = pick(in, {"tanh", "relu"});
  p.optimizer = pick(in, {"sgd", "adam"});
  p.learningRate = in.inRange(1e-3, 10);
  p.momentum = in.inRange(0, 0.99);
  p.batchSize = in.whole(0, 64);
  p.crossEntropyAlpha = in.inRange(-1, 1);
  p.gamma = in.inRange(0, 10);
  p.alpha = in.inRange(-1, 1);
  p.priorInit = in.byte() & 1;
  p.priorPi = in.inRange(1e-6, 0.999);
  p.normalization = pick(in, {"mean", "positives"});
  p.seed = in.whole(0, 255);
  const double steps = in.whole(0, 5);
  focal::SnapshotParams sp;
  sp.threshold = in.inRange(0, 1);
  sp.gridSize = in.whole(0, 6);
  sp.curvePoints = in.whole(2, 16);

  std::unique_ptr<focal::TrainingRun> run;
  if (!returns("TrainingRun", [&] { run.reset(new focal::TrainingRun(p)); })) return;
  if (!returns("TrainingRun::step", [&] { run->step(steps); })) return;
  const focal::TrainingSnapshot* snap = nullptr;
  if (!returns("TrainingRun::snapshot", [&] { snap = &run->snapshot(sp); })) return;
  for (int k = 0; k < 2; ++k) {
    const std::string name = "TrainingRun model " + std::to_string(k);
    requireFiniteResults(name + " parameters", run->parameters(k));
    const focal::ModelSnapshot& m = snap->models[k];
    requireFiniteResults(name + " lossHistory", m.lossHistory);
    // NaN loss is the documented mark of a model whose logits overflowed; everything else that
    // depends on the logits must then be NaN or empty too, and finite otherwise.
    if (std::isnan(m.loss)) continue;
    requireFiniteResult(name + " loss", m.loss);
    requireFiniteResult(name + " crossEntropy", m.crossEntropy);
    requireFiniteResult(name + " averagePrecision", m.averagePrecision);
    requireFiniteResults(name + " grid", m.grid);
    requireFiniteResults(name + " curve recall", m.curve.recall);
    requireFiniteResults(name + " curve precision", m.curve.precision);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  // Several calls per input, so one input can also mix valid and invalid calls.
  for (int call = 0; call < 4 && !in.empty(); ++call) {
    switch (in.byte() % 8) {
      case 0: fuzzScalar(in); break;
      case 1: fuzzEvaluateLoss(in); break;
      case 2: fuzzLossBatch(in); break;
      case 3: fuzzSigmoidFocalLossBatch(in); break;
      case 4: fuzzSoftmaxFocal(in); break;
      case 5: fuzzClassBalancedWeights(in); break;
      case 6: fuzzAnchorSimulator(in); break;
      default: fuzzTrainingRun(in); break;
    }
  }
  return 0;
}
