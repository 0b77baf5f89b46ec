// The loss bindings: convert, forward to the core, and turn the core's std::invalid_argument
// into a JS RangeError. Arrays arrive as addresses in the module's heap; focal_api.js owns the
// copying and the type checks, so nothing here keeps a pointer across calls.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "batch.hpp"
#include "losses.hpp"
#include "registry.hpp"
#include "softmax_focal.hpp"
#include "variants.hpp"

#include "range_checked.hpp"

using namespace emscripten;
using focal_bindings::rangeChecked;

namespace {

template <typename T>
T* heapPtr(std::uintptr_t address) { return reinterpret_cast<T*>(address); }

double sigmoidFocalLoss(double x, double y, double alpha, double gamma) {
  return rangeChecked([&] { return focal::sigmoidFocalLoss(x, y, alpha, gamma); });
}
double sigmoidFocalLossGrad(double x, double y, double alpha, double gamma) {
  return rangeChecked([&] { return focal::sigmoidFocalLossGrad(x, y, alpha, gamma); });
}
double focalLossStar(double x, double y, double gamma, double beta) {
  return rangeChecked([&] { return focal::focalLossStar(x, y, gamma, beta); });
}
double focalLossStarGrad(double x, double y, double gamma, double beta) {
  return rangeChecked([&] { return focal::focalLossStarGrad(x, y, gamma, beta); });
}
double modulatingFactor(double x, double y, double gamma) {
  return rangeChecked([&] { return focal::modulatingFactor(x, y, gamma); });
}
double priorBias(double pi) {
  return rangeChecked([&] { return focal::priorBias(pi); });
}
double effectiveNumber(double count, double beta) {
  return rangeChecked([&] { return focal::effectiveNumber(count, beta); });
}

focal::LossGrad evaluateLoss(std::string loss, focal::LossParams params, double x, double y) {
  return rangeChecked([&] { return focal::evaluateLoss(focal::parseLossKind(loss), params, x, y); });
}

double lossBatch(std::string loss, focal::LossParams params, std::uintptr_t logits, std::uintptr_t targets,
                 std::size_t n, std::string reduction, std::uintptr_t outLoss, std::uintptr_t outGrad) {
  return rangeChecked([&] {
    return focal::lossBatch(focal::parseLossKind(loss), params, heapPtr<const double>(logits),
                            heapPtr<const double>(targets), n, focal::parseReduction(reduction),
                            heapPtr<double>(outLoss), heapPtr<double>(outGrad));
  });
}

double softmaxFocal(std::uintptr_t logits, std::size_t n, double target, double alpha, double gamma,
                    std::uintptr_t outGrad) {
  return rangeChecked([&] {
    // The class index arrives as a JS number; anything but a whole, non-negative one is named here.
    if (!(target >= 0 && target == static_cast<double>(static_cast<std::size_t>(target))))
      throw std::invalid_argument("target must be a class index in [0, " + std::to_string(n - 1) + "], got " +
                                  std::to_string(target));
    return focal::softmaxFocal(heapPtr<const double>(logits), n, static_cast<std::size_t>(target), alpha, gamma,
                               heapPtr<double>(outGrad));
  });
}

void classBalancedWeights(std::uintptr_t counts, std::size_t n, double beta, std::uintptr_t outWeights) {
  rangeChecked([&] {
    const auto weights = focal::classBalancedWeights(heapPtr<const double>(counts), n, beta);
    std::copy(weights.begin(), weights.end(), heapPtr<double>(outWeights));
    return 0;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(focal_losses) {
  value_object<focal::LossGrad>("LossGrad").field("loss", &focal::LossGrad::loss).field("grad", &focal::LossGrad::grad);
  value_object<focal::LossParams>("LossParams")
      .field("alpha", &focal::LossParams::alpha)
      .field("gamma", &focal::LossParams::gamma)
      .field("beta", &focal::LossParams::beta)
      .field("qualityBeta", &focal::LossParams::qualityBeta)
      .field("epsilon", &focal::LossParams::epsilon)
      .field("gammaPos", &focal::LossParams::gammaPos)
      .field("gammaNeg", &focal::LossParams::gammaNeg)
      .field("margin", &focal::LossParams::margin);

  // Scalars cross as plain numbers; focal_api.js checks their types and re-exports these names.
  function("rawSigmoidFocalLoss", &sigmoidFocalLoss);
  function("rawSigmoidFocalLossGrad", &sigmoidFocalLossGrad);
  function("rawFocalLossStar", &focalLossStar);
  function("rawFocalLossStarGrad", &focalLossStarGrad);
  function("rawModulatingFactor", &modulatingFactor);
  function("rawPriorBias", &priorBias);
  function("rawEffectiveNumber", &effectiveNumber);
  function("rawEvaluateLoss", &evaluateLoss);
  function("rawLossBatch", &lossBatch);
  function("rawSoftmaxFocal", &softmaxFocal);
  function("rawClassBalancedWeights", &classBalancedWeights);
  // Parsed once per module by focal_api.js into core.losses, core.anchorOptions, core.trainingOptions.
  function("rawRegistryJson", &focal::registryJson);
}
