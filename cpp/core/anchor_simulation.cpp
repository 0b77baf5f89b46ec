#include "anchor_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fast_math.hpp"
#include "losses.hpp"
#include "seeded_random.hpp"
#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

constexpr const char* kGroupNames[kAnchorGroups] = {"easyNegatives", "hardNegatives", "positives"};
constexpr long long kMaxCount = 2000000;
constexpr std::size_t kMaxCdfGammas = 16;

// A logistic with standard deviation 1 has scale sqrt(3) / pi.
double logisticScale(double std) { return std * (std::sqrt(3.0) / 3.14159265358979323846); }

void requireDistribution(const char* group, const LogitDistribution& d) {
  const std::string name(group);
  if (!(d.mean >= -1000 && d.mean <= 1000)) failParameter(name + ".mean", formatValue(d.mean), "in [-1000, 1000]");
  if (!(d.std >= 0 && d.std <= 100)) failParameter(name + ".std", formatValue(d.std), "in [0, 100]");
}

void validate(const AnchorSimulationParams& p) {
  requireWholeNumber("count", p.count, 2, kMaxCount);
  if (!(p.foregroundFraction > 0 && p.foregroundFraction <= 0.5))
    failParameter("foregroundFraction", formatValue(p.foregroundFraction), "in (0, 0.5]");
  requireUnitInterval("hardNegativeFraction", p.hardNegativeFraction);
  requireSeed("seed", p.seed);
  requireDistribution(kGroupNames[EasyNegatives], p.easyNegatives);
  requireDistribution(kGroupNames[HardNegatives], p.hardNegatives);
  requireDistribution(kGroupNames[Positives], p.positives);
  requireGamma(p.gamma);
  requireAlpha(p.alpha);
  if (p.cdfGammas.empty() || p.cdfGammas.size() > kMaxCdfGammas)
    failParameter("cdfGammas", std::to_string(p.cdfGammas.size()) + " values", "1 to 16 values");
  for (std::size_t g = 0; g < p.cdfGammas.size(); ++g) {
    const double v = p.cdfGammas[g];
    if (!(std::isfinite(v) && v >= 0))
      failParameter("cdfGammas[" + std::to_string(g) + "]", formatValue(v), "a finite number >= 0");
  }
  requireWholeNumber("cdfPoints", p.cdfPoints, 2, 10000);
  requireUnitInterval("readoutFraction", p.readoutFraction);
  requireWholeNumber("histogramBins", p.histogramBins, 1, 1000);
  if (!(p.histogramMinLog10 >= -300 && p.histogramMinLog10 < 0))
    failParameter("histogramMinLog10", formatValue(p.histogramMinLog10), "in [-300, 0)");
  if (!(p.priorPi > 0 && p.priorPi < 1)) failParameter("priorPi", formatValue(p.priorPi), "in (0, 1)");
}

void finishShares(GroupLoss& g) {
  g.total = g.sums[0] + g.sums[1] + g.sums[2];
  g.gradientTotal = g.gradientSums[0] + g.gradientSums[1] + g.gradientSums[2];
  for (int k = 0; k < kAnchorGroups; ++k) {
    g.shares[k] = g.total > 0 ? g.sums[k] / g.total : 0.0;
    g.gradientShares[k] = g.gradientTotal > 0 ? g.gradientSums[k] / g.gradientTotal : 0.0;
  }
}

InitialLoss initialLoss(LossGrad negative, LossGrad positive, std::size_t negatives, std::size_t positives) {
  InitialLoss r;
  r.lossPerNegative = negative.loss;
  r.lossPerPositive = positive.loss;
  const double neg = static_cast<double>(negatives) * negative.loss;
  r.total = neg + static_cast<double>(positives) * positive.loss;
  r.perPositive = r.total / static_cast<double>(std::max<std::size_t>(1, positives));
  r.backgroundShare = r.total > 0 ? neg / r.total : 0.0;
  const double gNeg = static_cast<double>(negatives) * std::fabs(negative.grad);
  const double gTotal = gNeg + static_cast<double>(positives) * std::fabs(positive.grad);
  r.gradientBackgroundShare = gTotal > 0 ? gNeg / gTotal : 0.0;
  return r;
}

InitialState initialState(double bias, const AnchorSimulationParams& p, std::size_t negatives, std::size_t positives) {
  InitialState s;
  s.bias = bias;
  s.crossEntropy = initialLoss(binaryCrossEntropy(bias, 0), binaryCrossEntropy(bias, 1), negatives, positives);
  s.alphaCrossEntropy = initialLoss(alphaBalancedCrossEntropy(bias, 0, p.alpha),
                                    alphaBalancedCrossEntropy(bias, 1, p.alpha), negatives, positives);
  s.focal = initialLoss(sigmoidFocal(bias, 0, p.alpha, p.gamma), sigmoidFocal(bias, 1, p.alpha, p.gamma), negatives,
                        positives);
  return s;
}

// Anchors are handled in blocks whose per-anchor values sit in stack arrays: every pass over a block
// is a loop without calls or data-dependent branches, which GCC and clang vectorise (SIMD128 in
// wasm), and a dozen arrays of 512 doubles stay in L1. The sequential parts (the generator, the
// partial sums of the sampler, the histogram counts) run as separate short loops over the arrays.
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

// How one gamma forms (1 - p_t)^gamma, decided once per call rather than per anchor: exact products
// of 1 - p_t for whole gammas up to 8 (as stable_math.hpp's modulatingPower), a square root for the
// paper's 0.5, otherwise exp(-gamma softplus(x_t)), which never underflows early the way
// pow(1 - p_t, gamma) does.
struct Focusing {
  enum class Kind { One, Root, Product, Exp };
  Kind kind = Kind::One;
  int power = 0;
  double gamma = 0.0;
};

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
      for (std::size_t i = 0; i < n; ++i) m[i] = fast::expNegative(f.gamma * negLogQt[i]);  // fast::modulatingPower
      return m;
  }
  return ones;
}

// exp(y) for |y| <= kCachedExponent, from the fast exp (whose argument must not be positive).
FOCAL_INLINE double expSigned(double y) {
  const double e = fast::expNegative(std::fabs(y));
  return y <= 0 ? e : 1.0 / e;
}

// The walk's exp(-|x|), x = mean + scale z, costs as much as the rest of an anchor's terms. The
// gamma, alpha and detector-quality sliders leave every group's scale alone, so exp(scale z) is
// kept per anchor and exp(-|x|) becomes exp(mean) exp(scale z) (x <= 0) or exp(-mean) / exp(scale z):
// one multiply or divide. Both factors stay finite and normal while |mean| and |scale z| are at most
// this; groups beyond it take the exp directly.
constexpr double kCachedExponent = 700.0;

// out[i] = expSigned(scale z[i]) for ascending z: split where z turns positive, so that only that
// part pays for the division.
void fillExpScaled(const double* z, std::size_t n, double scale, double* out) {
  const auto split = static_cast<std::size_t>(std::partition_point(z, z + n, [](double v) { return v <= 0; }) - z);
  for (std::size_t i = 0; i < split; ++i) out[i] = fast::expNegative(-(scale * z[i]));
  for (std::size_t i = split; i < n; ++i) out[i] = 1.0 / fast::expNegative(scale * z[i]);
}

// Everything a walk needs that does not depend on the group.
struct WalkSettings {
  double gamma = 0.0;
  Focusing focusing;
  std::size_t cdfGammas = 0;
  std::array<Focusing, kMaxCdfGammas> cdfFocusing;
  double bins = 1;  // the histogram buffer has one slot more, at index bins: below the first edge
  double minLog10 = -8.0, binsPerDecade = 1.0;
};

// One group's anchors. z ascending; expScaled[i] = expSigned(scale z[i]), or null to take exp directly.
struct GroupInput {
  const double* z = nullptr;
  const double* expScaled = nullptr;
  std::size_t n = 0;
  bool positive = false;
  double mean = 0.0, scale = 0.0;
};

// One group's sums; the FL columns without alpha_t, which is constant within a group.
struct GroupSums {
  double crossEntropy = 0.0, crossEntropyGradient = 0.0, focal = 0.0, focalGradient = 0.0;
};

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

// fast::logitTerms from t = exp(-|x_t|), log1p(t) and 1 / (1 + t) in hand. Easy: the caller knows
// x_t >= 0, which drops the selects; the results are the same as the general form's.
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

// Walks one group's anchors, the easiest first (rank r is the r-th easiest). Adds the group's loss
// and gradient sums to `sums` and its histogram to `binCounts` (bins + 1 slots), and writes
// prefix[g * stopCount + s] = the FL(cdfGammas[g]) loss (no alpha) of the stops[s] easiest anchors.
// Stops must be nondecreasing and at most n.
//
// The fast exp flushes results below DBL_MIN to 0 where libm returns subnormals. Each anchor loses at
// most DBL_MIN that way, so a group's sums keep 1e-12 relative accuracy down to about 1e-289; only a
// group of absurdly easy anchors (|x| > 700 or so for every one) sums to less.
//
// Each prefix is a running total to which whole segment sums are added. Since every loss is >= 0,
// adding a segment never lowers it, so the curves built from them stay monotone.
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

// How many of the k easiest negatives are easy negatives, when the two sorted groups are merged with
// the easy one first on ties: the merge-path binary search. With it each group is walked on its own
// and the negatives' curves are sums of the two groups' prefixes at these split points.
std::size_t easyAmongEasiest(std::size_t k, const std::vector<double>& easy, double easyMean, double easyScale,
                             const std::vector<double>& hard, double hardMean, double hardScale) {
  std::size_t lo = k > hard.size() ? k - hard.size() : 0;
  std::size_t hi = std::min(k, easy.size());
  while (lo < hi) {
    const std::size_t i = lo + (hi - lo) / 2;
    // Too few easy ones while easy[i] still comes before hard[k - i - 1].
    if (easyMean + easyScale * easy[i] <= hardMean + hardScale * hard[k - i - 1]) lo = i + 1;
    else hi = i;
  }
  return lo;
}

// Fills `ranks` with one side's stops: the checkpoints k_j = round(j n / (P - 1)) with the readout rank
// n - round(readoutFraction n) merged in, so a walk passes them in order. Returns the readout's index;
// checkpoint j sits at index j below it and j + 1 from it on.
std::size_t sideStops(const AnchorSimulationParams& p, std::size_t count, std::vector<std::size_t>& ranks) {
  const std::size_t points = static_cast<std::size_t>(p.cdfPoints);
  const std::size_t readoutRank =
      count - static_cast<std::size_t>(std::llround(p.readoutFraction * static_cast<double>(count)));
  ranks.resize(points + 1);
  // 64-bit on purpose: size_t is 32 bits in wasm and j n reaches 2e10. Exact, and the last is n.
  const std::uint64_t denominator = points - 1, n = count;
  std::size_t readout = points;
  for (std::size_t j = 0; j < points; ++j) {
    const auto rank =
        static_cast<std::size_t>((2 * static_cast<std::uint64_t>(j) * n + denominator) / (2 * denominator));
    if (readout == points && rank > readoutRank) readout = j;
    ranks[j < readout ? j : j + 1] = rank;
  }
  ranks[readout] = readoutRank;
  return readout;
}

// Normalises one side's curves from the prefixes of its groups (the negatives have two).
void finishCdf(const AnchorSimulationParams& p, std::size_t count, const std::vector<std::size_t>& ranks,
               std::size_t readout, const std::vector<double>* prefixes, int groups, LossCdf& cdf) {
  const std::size_t points = static_cast<std::size_t>(p.cdfPoints), gammas = p.cdfGammas.size();
  const std::size_t stopCount = ranks.size();
  const auto stopOf = [&](std::size_t j) { return j < readout ? j : j + 1; };
  cdf.count = count;
  cdf.fraction.resize(points);
  cdf.curves.resize(gammas * points);
  cdf.hardestShare.resize(gammas);
  for (std::size_t j = 0; j < points; ++j)
    cdf.fraction[j] = count > 0 ? static_cast<double>(ranks[stopOf(j)]) / static_cast<double>(count) : 0.0;
  for (std::size_t g = 0; g < gammas; ++g) {
    const auto at = [&](std::size_t s) {
      double v = prefixes[0][g * stopCount + s];
      for (int k = 1; k < groups; ++k) v += prefixes[k][g * stopCount + s];
      return v;
    };
    // The same expression as the last checkpoint (rank n), so the curve ends at exactly 1.
    const double total = at(stopOf(points - 1));
    double* curve = cdf.curves.data() + g * points;
    if (total > 0) {
      for (std::size_t j = 0; j < points; ++j) curve[j] = at(stopOf(j)) / total;
      cdf.hardestShare[g] = (total - at(readout)) / total;
    } else {
      for (std::size_t j = 0; j < points; ++j) curve[j] = cdf.fraction[j];
      cdf.hardestShare[g] = count > 0 ? 1.0 - static_cast<double>(ranks[readout]) / static_cast<double>(count) : 0.0;
    }
  }
}

}  // namespace

AnchorDistributions anchorDistributions(double q) {
  requireUnitInterval("detectorQuality", q);
  AnchorDistributions d;
  d.easyNegatives = {-2.0 - 5.0 * q, 1.0};
  d.hardNegatives = {0.5 - 2.5 * q, 1.0};
  d.positives = {-1.0 + 4.0 * q, 1.5};
  return d;
}

std::array<std::size_t, kAnchorGroups> anchorGroupCounts(const AnchorSimulationParams& p) {
  const std::size_t n = static_cast<std::size_t>(p.count);
  const long long wanted = std::llround(p.count * p.foregroundFraction);
  const std::size_t positives = static_cast<std::size_t>(std::clamp<long long>(wanted, 1, static_cast<long long>(n) - 1));
  const std::size_t negatives = n - positives;
  const std::size_t hard = static_cast<std::size_t>(std::llround(static_cast<double>(negatives) * p.hardNegativeFraction));
  std::array<std::size_t, kAnchorGroups> counts{};
  counts[EasyNegatives] = negatives - hard;
  counts[HardNegatives] = hard;
  counts[Positives] = positives;
  return counts;
}

// Order statistics without sorting (Devroye, Non-Uniform Random Variate Generation, V.2): with
// E_1..E_{n+1} independent exponentials and S_i their partial sums, S_i / S_{n+1} (i = 1..n) are
// distributed exactly as n sorted uniforms. A uniform u becomes a standard logistic as
// log(u / (1 - u)) = log(S_i / (S_{n+1} - S_i)), so each draw costs two logs and no comparison.
// Per block, the generator and the partial sums run in order while the logs, the costly part, run
// as a vectorised loop; the operations and their order are those of the plain per-draw loop, so the
// draws are the same bits (a test compares them with that loop).
void sortedStandardLogistic(std::uint64_t seed, std::uint64_t stream, std::size_t n, std::vector<double>& out) {
  out.resize(n);
  double* s = out.data();
  Random rng(seed, stream);
  double block[kBlock];
  double sum = 0.0;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t len = std::min(kBlock, n - start);
    for (std::size_t i = 0; i < len; ++i) block[i] = rng.uniformOpen();
    for (std::size_t i = 0; i < len; ++i) block[i] = portableLog(block[i]);
    // rng.exponential() is -portableLog(u), and sum + (-l) is sum - l in IEEE arithmetic.
    for (std::size_t i = 0; i < len; ++i) s[start + i] = sum -= block[i];
  }
  const double last = rng.exponential();
  const double total = sum + last;
  double previous = -INFINITY;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t len = std::min(kBlock, n - start);
    for (std::size_t i = 0; i < len; ++i) {
      // The exact tail S_{n+1} - S_i is at least E_{n+1}; the floor only matters when E_{n+1} is
      // below the rounding of a large total, which would otherwise give a zero tail and +inf.
      const double tail = std::max(total - s[start + i], last);
      block[i] = portableLog(s[start + i] / tail);
    }
    // portableLog is not guaranteed monotone to the last ulp; keep the array sorted regardless.
    for (std::size_t i = 0; i < len; ++i) s[start + i] = previous = std::max(previous, block[i]);
  }
}

std::array<std::vector<double>, kAnchorGroups> sampleAnchorLogits(const AnchorSimulationParams& params) {
  validate(params);
  const auto counts = anchorGroupCounts(params);
  const LogitDistribution* dists[kAnchorGroups] = {&params.easyNegatives, &params.hardNegatives, &params.positives};
  const std::uint64_t seed = requireSeed("seed", params.seed);
  std::array<std::vector<double>, kAnchorGroups> logits;
  for (int g = 0; g < kAnchorGroups; ++g) {
    sortedStandardLogistic(seed, static_cast<std::uint64_t>(g) + 1, counts[g], logits[g]);
    const double scale = logisticScale(dists[g]->std);
    for (double& x : logits[g]) x = dists[g]->mean + scale * x;
  }
  return logits;
}

void AnchorSimulator::resample(const AnchorSimulationParams& p) {
  const auto counts = anchorGroupCounts(p);
  const std::uint64_t seed = requireSeed("seed", p.seed);
  // One stream per group: the hard negatives do not change when only the positives' count does.
  for (int g = 0; g < kAnchorGroups; ++g)
    sortedStandardLogistic(seed, static_cast<std::uint64_t>(g) + 1, counts[g], standard_[g]);
  expScaledFor_.fill(NAN);
  count_ = p.count;
  foregroundFraction_ = p.foregroundFraction;
  hardNegativeFraction_ = p.hardNegativeFraction;
  seed_ = p.seed;
  sampled_ = true;
}

const AnchorReport& AnchorSimulator::simulate(const AnchorSimulationParams& p) {
  validate(p);
  if (!sampled_ || p.count != count_ || p.foregroundFraction != foregroundFraction_ ||
      p.hardNegativeFraction != hardNegativeFraction_ || p.seed != seed_)
    resample(p);

  AnchorReport& r = report_;
  for (int g = 0; g < kAnchorGroups; ++g) r.counts[g] = standard_[g].size();
  r.crossEntropy = r.alphaCrossEntropy = r.focal = GroupLoss{};
  r.cdfGammas.assign(p.cdfGammas.begin(), p.cdfGammas.end());
  const std::size_t bins = static_cast<std::size_t>(p.histogramBins);
  r.histogramEdges.resize(bins + 1);
  for (std::size_t b = 0; b <= bins; ++b)
    r.histogramEdges[b] = p.histogramMinLog10 * (1.0 - static_cast<double>(b) / static_cast<double>(bins));

  WalkSettings w;
  w.gamma = p.gamma;
  w.focusing = focusing(p.gamma);
  w.cdfGammas = p.cdfGammas.size();
  for (std::size_t g = 0; g < w.cdfGammas; ++g) w.cdfFocusing[g] = focusing(p.cdfGammas[g]);
  w.bins = static_cast<double>(bins);
  w.minLog10 = p.histogramMinLog10;
  w.binsPerDecade = static_cast<double>(bins) / -p.histogramMinLog10;
  binCounts_.resize(bins + 1);

  const LogitDistribution* dists[kAnchorGroups] = {&p.easyNegatives, &p.hardNegatives, &p.positives};
  // Walks one group and files its sums (alpha_t applied here, once) and histogram in the report.
  const auto walk = [&](int group, const std::vector<std::size_t>& stops) {
    const std::vector<double>& z = standard_[group];
    GroupInput in;
    in.z = z.data();
    in.n = z.size();
    in.positive = group == Positives;
    in.mean = dists[group]->mean;
    in.scale = logisticScale(dists[group]->std);
    const double largestZ = z.empty() ? 0.0 : std::max(-z.front(), z.back());
    if (std::fabs(in.mean) <= kCachedExponent && in.scale * largestZ <= kCachedExponent) {
      if (!(expScaledFor_[group] == in.scale)) {
        expScaled_[group].resize(z.size());
        fillExpScaled(z.data(), z.size(), in.scale, expScaled_[group].data());
        expScaledFor_[group] = in.scale;
      }
      in.expScaled = expScaled_[group].data();
    }
    GroupSums sums;
    std::fill(binCounts_.begin(), binCounts_.end(), 0.0);
    prefix_[group].resize(w.cdfGammas * stops.size());
    walkGroup(w, in, stops.data(), stops.size(), prefix_[group].data(), sums, binCounts_.data());
    const double weight = alphaWeight(p.alpha, in.positive ? 1.0 : 0.0);
    r.crossEntropy.sums[group] = sums.crossEntropy;
    r.crossEntropy.gradientSums[group] = sums.crossEntropyGradient;
    r.alphaCrossEntropy.sums[group] = weight * sums.crossEntropy;
    r.alphaCrossEntropy.gradientSums[group] = weight * sums.crossEntropyGradient;
    r.focal.sums[group] = weight * sums.focal;
    r.focal.gradientSums[group] = weight * sums.focalGradient;
    r.histogramCounts[group].assign(binCounts_.begin(), binCounts_.begin() + static_cast<std::ptrdiff_t>(bins));
    r.histogramBelow[group] = binCounts_[bins];
  };

  // Negatives, easiest first: increasing x. Each group is walked on its own; their stops are the
  // side's stops split by how many of the easiest anchors each group holds.
  {
    const std::vector<double>& easy = standard_[EasyNegatives];
    const std::vector<double>& hard = standard_[HardNegatives];
    const double easyMean = p.easyNegatives.mean, easyScale = logisticScale(p.easyNegatives.std);
    const double hardMean = p.hardNegatives.mean, hardScale = logisticScale(p.hardNegatives.std);
    const std::size_t count = easy.size() + hard.size();
    const std::size_t readout = sideStops(p, count, stops_);
    groupStops_[EasyNegatives].resize(stops_.size());
    groupStops_[HardNegatives].resize(stops_.size());
    for (std::size_t s = 0; s < stops_.size(); ++s) {
      const std::size_t k = stops_[s];
      const std::size_t fromEasy = easyAmongEasiest(k, easy, easyMean, easyScale, hard, hardMean, hardScale);
      groupStops_[EasyNegatives][s] = fromEasy;
      groupStops_[HardNegatives][s] = k - fromEasy;
    }
    walk(EasyNegatives, groupStops_[EasyNegatives]);
    walk(HardNegatives, groupStops_[HardNegatives]);
    finishCdf(p, count, stops_, readout, &prefix_[EasyNegatives], 2, r.negativeCdf);
  }
  // Positives, easiest first: decreasing x.
  {
    const std::size_t readout = sideStops(p, standard_[Positives].size(), stops_);
    walk(Positives, stops_);
    finishCdf(p, standard_[Positives].size(), stops_, readout, &prefix_[Positives], 1, r.positiveCdf);
  }
  finishShares(r.crossEntropy);
  finishShares(r.alphaCrossEntropy);
  finishShares(r.focal);

  const std::size_t negatives = r.counts[EasyNegatives] + r.counts[HardNegatives];
  r.zeroBias = initialState(0.0, p, negatives, r.counts[Positives]);
  r.priorBias = initialState(focal::priorBias(p.priorPi), p, negatives, r.counts[Positives]);
  r.negativeLossRatio = r.zeroBias.crossEntropy.lossPerNegative / r.priorBias.crossEntropy.lossPerNegative;
  return r;
}

}  // namespace focal
