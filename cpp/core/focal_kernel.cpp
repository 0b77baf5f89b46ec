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

// FL in logit space, for one element:
//   x_t = s x, t = exp(-|x_t|), p_t and 1 - p_t are 1 / (1 + t) and t / (1 + t) in some order,
//   -log p_t = max(-x_t, 0) + log1p(t), -log(1 - p_t) = max(x_t, 0) + log1p(t),
//   FL = alpha_t (1 - p_t)^gamma (-log p_t),
//   dFL/dx = -s alpha_t (1 - p_t)^gamma ((1 - p_t) + gamma p_t (-log p_t)).
//
// A block is computed in passes (all the exps, then all the log1ps, then the rest) rather than
// element by element. Fused, each element is one dependency chain about 150 cycles deep that
// fills the CPU's reorder window on its own, so neighbouring elements barely overlap; split, each
// pass is short chains the CPU runs back to back. Measured on the 2-core bench VM (AVX2, 4096
// logits in L1): about 2x faster, and more in wasm, whose JIT does not reorder either.
struct Block {
  double xt[kBlock];       // s x
  double t[kBlock];        // exp(-|x_t|)
  double log1pT[kBlock];   // log1p(t)
  double inverse[kBlock];  // 1 / (1 + t)
  double m[kBlock];        // (1 - p_t)^gamma, for non-integer gamma
  double loss[kBlock];
  double grad[kBlock];
};

// Power >= 0 means gamma == Power (the modulating factor is a product), Power < 0 any gamma.
template <int Power>
FOCAL_INLINE void focalBlock(const double* x, const double* y, std::size_t count, double alphaPos, double alphaNeg,
                             double gamma, double gradScale, Block& b) {
  for (std::size_t i = 0; i < count; ++i) {
    b.xt[i] = y[i] == 1.0 ? x[i] : -x[i];
    b.t[i] = fast::expNegative(std::fabs(b.xt[i]));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const fast::Log1pAndReciprocal lr = fast::log1pWithReciprocal(b.t[i]);
    b.log1pT[i] = lr.log1p;
    b.inverse[i] = lr.reciprocal;
  }
  if constexpr (Power < 0) {
    // exp(-gamma softplus(x_t)): (1 - p_t)^gamma without pow, in a pass of its own.
    for (std::size_t i = 0; i < count; ++i)
      b.m[i] = fast::expNegative(gamma * ((b.xt[i] >= 0.0 ? b.xt[i] : 0.0) + b.log1pT[i]));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const bool positive = y[i] == 1.0;
    const double xt = b.xt[i];
    const bool easy = xt >= 0.0;
    const double small = b.t[i] * b.inverse[i];  // sigmoid(-|x_t|)
    const double pt = easy ? b.inverse[i] : small;
    const double qt = easy ? small : b.inverse[i];
    const double negLogPt = (easy ? 0.0 : -xt) + b.log1pT[i];
    double m;
    if constexpr (Power == 0) {
      m = 1.0;
    } else if constexpr (Power > 0) {
      m = qt;
      for (int k = 1; k < Power; ++k) m *= qt;
    } else {
      m = b.m[i];
    }
    const double weighted = (positive ? alphaPos : alphaNeg) * m;
    b.loss[i] = weighted * negLogPt;
    b.grad[i] = (positive ? -gradScale : gradScale) * weighted * (qt + gamma * pt * negLogPt);
  }
}

// Natively on x86-64, one clone per vector width, picked once at load time by the CPU it runs
// on: the same binary uses AVX-512 or AVX2 + FMA where present and SSE2 elsewhere. Wasm builds
// get their width from -msimd128 instead. FOCAL_NO_VECTOR_CLONES leaves only the SSE2 code (2
// doubles per vector, no FMA, as in wasm SIMD): the bench's yardstick for the wasm build.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__) && \
    !defined(FOCAL_NO_VECTOR_CLONES)
#define FOCAL_VECTOR_CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define FOCAL_VECTOR_CLONES
#endif

// The passes always write into the stack block and copy out what the caller asked for: one
// instantiation per gamma path instead of four, which keeps the wasm module small, for the
// price of a copy that costs next to nothing beside the exp and log1p.
template <int Power>
FOCAL_VECTOR_CLONES double focalLoop(const double* logits, const double* targets, std::size_t n, double alphaPos,
                                     double alphaNeg, double gamma, double gradScale, double* outLoss,
                                     double* outGrad) {
  double total = 0.0;
  Block b;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t count = n - start < kBlock ? n - start : kBlock;
    focalBlock<Power>(logits + start, targets + start, count, alphaPos, alphaNeg, gamma, gradScale, b);
    // Four running sums so the reduction vectorises without reassociation flags.
    double sums[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t i = 0;
    for (; i + 4 <= count; i += 4)
      for (int lane = 0; lane < 4; ++lane) sums[lane] += b.loss[i + lane];
    for (; i < count; ++i) sums[0] += b.loss[i];
    total += (sums[0] + sums[1]) + (sums[2] + sums[3]);
    if (outLoss) std::copy(b.loss, b.loss + count, outLoss + start);
    if (outGrad) std::copy(b.grad, b.grad + count, outGrad + start);
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
  // Products for whole gammas up to 5 only, unlike the scalar path's 8: docs/numerics.md says why.
  if (gamma == 0.0) return run(std::integral_constant<int, 0>{});
  if (gamma == 1.0) return run(std::integral_constant<int, 1>{});
  if (gamma == 2.0) return run(std::integral_constant<int, 2>{});
  if (gamma == 3.0) return run(std::integral_constant<int, 3>{});
  if (gamma == 4.0) return run(std::integral_constant<int, 4>{});
  if (gamma == 5.0) return run(std::integral_constant<int, 5>{});
  return run(std::integral_constant<int, -1>{});
}

bool allBinaryAndFinite(const double* logits, const double* targets, std::size_t n) {
  // A sum of terms that are all 0 for a valid element, and positive, infinite or NaN otherwise:
  // x - x is 0 for finite x and NaN for NaN or infinity; |y (y - 1)| is 0 only for y = 0 or 1
  // (even for subnormal y, where y (y - 1) rounds to -y). A sum of non-negative terms cannot
  // round back to 0, so one bad element is enough. Floating-point sums in four lanes vectorise
  // without reassociation flags, which a count of booleans did not.
  double lanes[4] = {0.0, 0.0, 0.0, 0.0};
  const auto term = [&](std::size_t i) {
    const double x = logits[i];
    const double y = targets[i];
    return (x - x) + std::fabs(y * (y - 1.0));
  };
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (int lane = 0; lane < 4; ++lane) lanes[lane] += term(i + lane);
  for (; i < n; ++i) lanes[0] += term(i);
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) == 0.0;
}

}  // namespace focal
