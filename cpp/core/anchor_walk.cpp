#include "anchor_walk.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "fast_math.hpp"
#include "stable_math.hpp"

namespace focal {
namespace anchor_walk {
namespace {

// Anchors are handled in blocks whose per-anchor values sit in stack arrays: every pass over a block
// is a loop without calls or data-dependent branches, which GCC and clang vectorise (SIMD128 in
// wasm), and a dozen arrays of 512 doubles stay in L1. The sequential part, the histogram counts,
// runs as a separate short loop over the arrays.
constexpr std::size_t kBlock = 512;

// Keeps a block loop in a function of its own. Inlined into the walk, values of the loop's last
// iteration get forwarded to the code after it (xt[len - 1], say), and clang then declines to
// vectorise the loop; one call per block costs nothing.
#if defined(__GNUC__)
#define FOCAL_BLOCK __attribute__((noinline))
#else
#define FOCAL_BLOCK
#endif

// The sum of term(i) over i < n as four interleaved partial sums, so that the loop vectorises
// without reassociation flags.
template <class Term>
FOCAL_INLINE double laneSum(std::size_t n, Term term) {
  double lanes[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (int lane = 0; lane < 4; ++lane) lanes[lane] += term(i + lane);
  for (; i < n; ++i) lanes[0] += term(i);
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

// (1 - p_t)^gamma over one block, one simple loop per case: in `m`, or `ones` for gamma = 0, or qt
// itself for gamma = 1.
const double* modulatingFactors(const Focusing& f, const double* qt, const double* negLogQt, const double* ones,
                                std::size_t n, double* m) {
  switch (f.kind) {
    case Focusing::Kind::One:
      return ones;
    case Focusing::Kind::Root:
      for (std::size_t i = 0; i < n; ++i) m[i] = std::sqrt(qt[i]);
      return m;
    case Focusing::Kind::Product:
      if (f.power == 1) return qt;
      for (std::size_t i = 0; i < n; ++i) m[i] = qt[i] * qt[i];
      for (int k = 2; k < f.power; ++k)
        for (std::size_t i = 0; i < n; ++i) m[i] *= qt[i];
      return m;
    case Focusing::Kind::Exp:
      for (std::size_t i = 0; i < n; ++i) m[i] = fast::expNegative(f.gamma * negLogQt[i]);
      return m;
  }
  return ones;
}

// exp(y) for |y| <= kCachedExponent, from the fast exp (whose argument must not be positive).
FOCAL_INLINE double expSigned(double y) {
  const double e = fast::expNegative(std::fabs(y));
  return y <= 0 ? e : 1.0 / e;
}

// One block's per-anchor values. Members of one object cannot overlap, which the vectoriser needs
// to know; as separate pointers it would have to check every pair at run time.
struct Block {
  std::size_t len = 0;
  double xt[kBlock];
  double t[kBlock];  // exp(-|x_t|)
  double qt[kBlock];
  double ce[kBlock];
  double negLogQt[kBlock];
  double gradient[kBlock];  // |dFL/dx| / (alpha_t (1 - p_t)^gamma)
  double slot[kBlock];      // histogram bin, or bins for "below"; a whole number as a double
  double m[kBlock];         // modulating factors
};

// A block's x_t and t, reading z (and expScaled) from `at` in steps of Step: +1 for the negatives
// (x_t = -x, smallest x first), -1 for the positives (x_t = x, largest x first). x is monotone over
// the block, so its ends tell whether every t is a product or every t a quotient; only the block
// where x changes sign needs both and a select.
template <int Step>
FOCAL_BLOCK void blockExp(const GroupInput& g, std::size_t at, double expMean, double expMinusMean, Block& b) {
  const double* z = g.z + at;
  const double* c = g.expScaled ? g.expScaled + at : nullptr;
  const double mean = g.mean, scale = g.scale, sign = Step > 0 ? -1.0 : 1.0;
  const std::size_t len = b.len;
  const auto x = [&](std::size_t i) { return mean + scale * z[Step * static_cast<std::ptrdiff_t>(i)]; };
  const auto cached = [&](std::size_t i) { return c[Step * static_cast<std::ptrdiff_t>(i)]; };
  const double xFirst = x(0), xLast = x(len - 1);
  if (!c) {
    for (std::size_t i = 0; i < len; ++i) {
      b.xt[i] = sign * x(i);
      b.t[i] = fast::expNegative(std::fabs(b.xt[i]));
    }
  } else if (std::max(xFirst, xLast) <= 0) {
    for (std::size_t i = 0; i < len; ++i) {
      b.xt[i] = sign * x(i);
      b.t[i] = expMean * cached(i);
    }
  } else if (std::min(xFirst, xLast) > 0) {
    for (std::size_t i = 0; i < len; ++i) {
      b.xt[i] = sign * x(i);
      b.t[i] = expMinusMean / cached(i);
    }
  } else {
    for (std::size_t i = 0; i < len; ++i) {
      const double xi = x(i);
      b.xt[i] = sign * xi;
      b.t[i] = xi <= 0 ? expMean * cached(i) : expMinusMean / cached(i);
    }
  }
}

// stable_math.hpp's logitTerms from t = exp(-|x_t|), log1p(t) and 1 / (1 + t) already in hand (from
// the fast exp and log1p). Easy: the caller knows x_t >= 0, which drops the selects; the results
// are the same as the general form's.
template <bool Easy>
FOCAL_INLINE LogitTerms termsFromExp(double xt, double t, double log1pT, double reciprocal) {
  const double small = t * reciprocal;  // sigmoid(-|x_t|)
  if constexpr (Easy) return {reciprocal, small, log1pT, xt + log1pT};
  const double a = std::fabs(xt);
  const bool easy = xt >= 0.0;
  return {easy ? reciprocal : small, easy ? small : reciprocal, (easy ? 0.0 : a) + log1pT, (easy ? a : 0.0) + log1pT};
}

// The per-anchor values the sums need, and each anchor's histogram slot (wasm SIMD128 here has no
// vector conversion to int, but it has floor). Two passes, log1p first, as in the batch kernel:
// one long dependency chain per anchor would leave the CPU little to overlap.
template <bool Easy>
FOCAL_BLOCK void blockTerms(const WalkSettings& w, Block& b) {
  // Locals, not w's fields: the compiler cannot tell that the stores below leave those unchanged.
  const double gamma = w.gamma, minLog10 = w.minLog10, binsPerDecade = w.binsPerDecade;
  const double below = w.bins, lastBin = w.bins - 1.0;
  const std::size_t len = b.len;
  // log1p(t) waits in ce and 1 / (1 + t) in qt until the second pass replaces them.
  for (std::size_t i = 0; i < len; ++i) {
    const fast::Log1pAndReciprocal lr = fast::log1pWithReciprocal(b.t[i]);
    b.ce[i] = lr.log1p;
    b.qt[i] = lr.reciprocal;
  }
  for (std::size_t i = 0; i < len; ++i) {
    const LogitTerms terms = termsFromExp<Easy>(b.xt[i], b.t[i], b.ce[i], b.qt[i]);
    b.qt[i] = terms.qt;
    b.ce[i] = terms.negLogPt;
    b.negLogQt[i] = terms.negLogQt;
    b.gradient[i] = terms.qt + gamma * terms.pt * terms.negLogPt;
    // log10((1 - p_t)^gamma) = -gamma softplus(x_t) / ln 10, already in hand: no extra log.
    const double position = (-gamma * terms.negLogQt * 0.43429448190325182765 - minLog10) * binsPerDecade;
    b.slot[i] = position < 0 ? below : std::floor(std::min(position, lastBin));
  }
}

// Adds a block's CE, |dCE/dx| = 1 - p_t, FL and |dFL/dx| (both without alpha_t) in one pass,
// four interleaved partial sums each, as laneSum does.
FOCAL_BLOCK void addBlockSums(const Block& b, const double* factor, GroupSums& sums) {
  double lanes[4][4] = {};
  std::size_t i = 0;
  const auto add = [&](int lane, std::size_t j) {
    lanes[0][lane] += b.ce[j];
    lanes[1][lane] += b.qt[j];
    lanes[2][lane] += factor[j] * b.ce[j];
    lanes[3][lane] += factor[j] * b.gradient[j];
  };
  for (; i + 4 <= b.len; i += 4)
    for (int lane = 0; lane < 4; ++lane) add(lane, i + lane);
  for (; i < b.len; ++i) add(0, i);
  const auto total = [&](int k) { return (lanes[k][0] + lanes[k][1]) + (lanes[k][2] + lanes[k][3]); };
  sums.crossEntropy += total(0);
  sums.crossEntropyGradient += total(1);
  sums.focal += total(2);
  sums.focalGradient += total(3);
}

// The anchors come in order of loss, so a block's slots are nearly always one bin (a vectorised
// count says so) or a few long runs: the histogram's read-modify-write stays off the per-anchor path.
FOCAL_BLOCK void addToHistogram(const Block& b, double* binCounts) {
  const double first = b.slot[0];
  std::size_t same = 0;
  for (std::size_t i = 0; i < b.len; ++i) same += b.slot[i] == first;
  if (same == b.len) {
    binCounts[static_cast<std::size_t>(first)] += static_cast<double>(b.len);
    return;
  }
  double current = first;
  std::size_t runStart = 0;
  for (std::size_t i = 0; i < b.len; ++i) {
    if (b.slot[i] != current) {
      binCounts[static_cast<std::size_t>(current)] += static_cast<double>(i - runStart);
      current = b.slot[i];
      runStart = i;
    }
  }
  binCounts[static_cast<std::size_t>(current)] += static_cast<double>(b.len - runStart);
}

}  // namespace

Focusing focusing(double gamma) {
  Focusing f;
  f.gamma = gamma;
  if (gamma == 0.0) f.kind = Focusing::Kind::One;
  else if (gamma == 0.5) f.kind = Focusing::Kind::Root;
  else if (gamma <= 8.0 && gamma == std::floor(gamma)) f.kind = Focusing::Kind::Product;
  else f.kind = Focusing::Kind::Exp;
  if (f.kind == Focusing::Kind::Product) f.power = static_cast<int>(gamma);
  return f;
}

void fillExpScaled(const double* z, std::size_t n, double scale, double* out) {
  const auto split = static_cast<std::size_t>(std::partition_point(z, z + n, [](double v) { return v <= 0; }) - z);
  for (std::size_t i = 0; i < split; ++i) out[i] = fast::expNegative(-(scale * z[i]));
  for (std::size_t i = split; i < n; ++i) out[i] = 1.0 / fast::expNegative(scale * z[i]);
}

void walkGroup(const WalkSettings& w, const GroupInput& g, const std::size_t* stops, std::size_t stopCount,
               double* prefix, GroupSums& sums, double* binCounts) {
  Block b;
  double ones[kBlock];
  std::fill(ones, ones + kBlock, 1.0);
  std::array<double, kMaxCdfGammas> running{};
  std::fill(prefix, prefix + w.cdfGammas * stopCount, 0.0);
  const double expMean = expSigned(g.mean), expMinusMean = expSigned(-g.mean);
  std::size_t nextStop = 0;  // stops at rank 0 keep their 0
  while (nextStop < stopCount && stops[nextStop] == 0) ++nextStop;
  for (std::size_t start = 0; start < g.n; start += kBlock) {
    const std::size_t len = b.len = std::min(kBlock, g.n - start);
    if (g.positive) blockExp<-1>(g, g.n - 1 - start, expMean, expMinusMean, b);
    else blockExp<1>(g, start, expMean, expMinusMean, b);
    // x_t is monotone over the block too.
    if (std::min(b.xt[0], b.xt[len - 1]) >= 0) blockTerms<true>(w, b);
    else blockTerms<false>(w, b);

    const double* factor = modulatingFactors(w.focusing, b.qt, b.negLogQt, ones, len, b.m);
    addBlockSums(b, factor, sums);
    addToHistogram(b, binCounts);

    std::size_t stopEnd = nextStop;
    while (stopEnd < stopCount && stops[stopEnd] <= start + len) ++stopEnd;
    for (std::size_t k = 0; k < w.cdfGammas; ++k) {
      const Focusing& f = w.cdfFocusing[k];
      // The cheap factors are formed inside the sums; the others once per block.
      const bool formedInSums = f.kind == Focusing::Kind::Root || (f.kind == Focusing::Kind::Product && f.power <= 2);
      const double* cdfFactor = formedInSums ? nullptr : modulatingFactors(f, b.qt, b.negLogQt, ones, len, b.m);
      const auto segment = [&](std::size_t from, std::size_t to) {
        const double* qt = b.qt + from;
        const double* ce = b.ce + from;
        const std::size_t n = to - from;
        if (f.kind == Focusing::Kind::Root) return laneSum(n, [&](std::size_t i) { return std::sqrt(qt[i]) * ce[i]; });
        if (!formedInSums) return laneSum(n, [&](std::size_t i) { return cdfFactor[from + i] * ce[i]; });
        if (f.power == 1) return laneSum(n, [&](std::size_t i) { return qt[i] * ce[i]; });
        return laneSum(n, [&](std::size_t i) { return qt[i] * qt[i] * ce[i]; });
      };
      double total = running[k];
      std::size_t from = 0;
      for (std::size_t s = nextStop; s < stopEnd; ++s) {
        const std::size_t to = stops[s] - start;
        total += segment(from, to);
        from = to;
        prefix[k * stopCount + s] = total;
      }
      running[k] = total + segment(from, len);
    }
    nextStop = stopEnd;
  }
}

}  // namespace anchor_walk
}  // namespace focal
