#include "focal_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "fast_math.hpp"

namespace focal {
namespace {

// Sizes the block whose losses sit in a stack buffer before they are summed: small enough for
// L1, large enough that the per-block overhead vanishes.
constexpr std::size_t kBlock = 512;

// One element of FL in logit space; Power >= 0 means gamma == Power, Power < 0 any gamma.
//   x_t = s x, t = exp(-|x_t|), p_t and 1 - p_t are 1 / (1 + t) and t / (1 + t) in some order,
//   -log p_t = max(-x_t, 0) + log1p(t), -log(1 - p_t) = max(x_t, 0) + log1p(t),
//   FL = alpha_t (1 - p_t)^gamma (-log p_t),
//   dFL/dx = -s alpha_t (1 - p_t)^gamma ((1 - p_t) + gamma p_t (-log p_t)).
template <int Power>
FOCAL_INLINE void focalElement(double x, double y, double alphaPos, double alphaNeg, double gamma, double gradScale,
                               double& loss, double& grad) {
  const bool positive = y == 1.0;
  const double sign = positive ? 1.0 : -1.0;
  const double at = positive ? alphaPos : alphaNeg;
  const LogitTerms terms = fast::logitTerms(sign * x);
  double m;
  if constexpr (Power == 0) {
    m = 1.0;
  } else if constexpr (Power > 0) {
    m = terms.qt;
    for (int i = 1; i < Power; ++i) m *= terms.qt;
  } else {
    m = fast::modulatingPower(terms, gamma);
  }
  const double weighted = at * m;
  loss = weighted * terms.negLogPt;
  grad = -sign * gradScale * weighted * (terms.qt + gamma * terms.pt * terms.negLogPt);
}

// Natively on x86-64, one clone per vector width, picked once at load time by the CPU it runs
// on: the same binary uses AVX-512 or AVX2 + FMA where present and SSE2 elsewhere. Wasm builds
// get their width from -msimd128 instead.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define FOCAL_VECTOR_CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define FOCAL_VECTOR_CLONES
#endif

// The loop always writes into stack blocks and copies out what the caller asked for: one
// instantiation per gamma path instead of four, which keeps the wasm module small, for the
// price of a copy that costs next to nothing beside the exp and log1p.
template <int Power>
FOCAL_VECTOR_CLONES double focalLoop(const double* logits, const double* targets, std::size_t n, double alphaPos,
                                     double alphaNeg, double gamma, double gradScale, double* outLoss,
                                     double* outGrad) {
  double total = 0.0;
  double lossBlock[kBlock];
  double gradBlock[kBlock];
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t count = n - start < kBlock ? n - start : kBlock;
    const double* x = logits + start;
    const double* y = targets + start;
    for (std::size_t i = 0; i < count; ++i)
      focalElement<Power>(x[i], y[i], alphaPos, alphaNeg, gamma, gradScale, lossBlock[i], gradBlock[i]);
    // Four running sums so the reduction vectorises without reassociation flags.
    double sums[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t i = 0;
    for (; i + 4 <= count; i += 4)
      for (int lane = 0; lane < 4; ++lane) sums[lane] += lossBlock[i + lane];
    for (; i < count; ++i) sums[0] += lossBlock[i];
    total += (sums[0] + sums[1]) + (sums[2] + sums[3]);
    if (outLoss) std::copy(lossBlock, lossBlock + count, outLoss + start);
    if (outGrad) std::copy(gradBlock, gradBlock + count, outGrad + start);
  }
  return total;
}

}  // namespace

double focalLossKernel(const double* logits, const double* targets, std::size_t n, double alpha, double gamma,
                       double gradScale, double* outLoss, double* outGrad) {
  const double alphaPos = alpha < 0 ? 1.0 : alpha;
  const double alphaNeg = alpha < 0 ? 1.0 : 1.0 - alpha;
  const auto run = [&](auto power) {
    return focalLoop<decltype(power)::value>(logits, targets, n, alphaPos, alphaNeg, gamma, gradScale, outLoss,
                                             outGrad);
  };
  if (gamma == 0.0) return run(std::integral_constant<int, 0>{});
  if (gamma == 1.0) return run(std::integral_constant<int, 1>{});
  if (gamma == 2.0) return run(std::integral_constant<int, 2>{});
  if (gamma == 3.0) return run(std::integral_constant<int, 3>{});
  if (gamma == 4.0) return run(std::integral_constant<int, 4>{});
  if (gamma == 5.0) return run(std::integral_constant<int, 5>{});
  return run(std::integral_constant<int, -1>{});
}

bool allBinaryAndFinite(const double* logits, const double* targets, std::size_t n) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = logits[i];
    const double y = targets[i];
    // x - x is 0 for finite x and NaN for NaN or infinity.
    bad += static_cast<std::size_t>(!(x - x == 0.0) | !((y == 0.0) | (y == 1.0)));
  }
  return bad == 0;
}

}  // namespace focal
