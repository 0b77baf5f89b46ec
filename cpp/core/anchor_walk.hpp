// One group of anchors walked easiest first, in blocks of vectorised passes: the engine behind
// AnchorSimulator::simulate (anchor_simulation.cpp), which owns the population and the report.
// Internal to the core. Why the walk is split into passes, and which (1 - p_t)^gamma path each
// gamma takes, is written down in docs/numerics.md.
#pragma once

#include <array>
#include <cstddef>

namespace focal {
namespace anchor_walk {

// The most curves Figure 4 may ask for at once; WalkSettings holds one Focusing per curve.
constexpr std::size_t kMaxCdfGammas = 16;

// How one gamma forms (1 - p_t)^gamma, decided once per call rather than per anchor: exact products
// of 1 - p_t for whole gammas up to 8 (as stable_math.hpp's modulatingPower), a square root for the
// paper's 0.5, otherwise exp(-gamma softplus(x_t)), which never underflows early the way
// pow(1 - p_t, gamma) does. The core's three sets of special cases and why: docs/numerics.md.
struct Focusing {
  enum class Kind { One, Root, Product, Exp };
  Kind kind = Kind::One;
  int power = 0;
  double gamma = 0.0;
};

Focusing focusing(double gamma);

// The walk's exp(-|x|), x = mean + scale z, costs as much as the rest of an anchor's terms. The
// gamma, alpha and detector-quality sliders leave every group's scale alone, so exp(scale z) is
// kept per anchor and exp(-|x|) becomes exp(mean) exp(scale z) (x <= 0) or exp(-mean) / exp(scale z):
// one multiply or divide. Both factors stay finite and normal while |mean| and |scale z| are at most
// this; groups beyond it take the exp directly.
constexpr double kCachedExponent = 700.0;

// out[i] = exp(scale z[i]) for ascending z: split where z turns positive, so that only that
// part pays for the division.
void fillExpScaled(const double* z, std::size_t n, double scale, double* out);

// Everything a walk needs that does not depend on the group.
struct WalkSettings {
  double gamma = 0.0;
  Focusing focusing;
  std::size_t cdfGammas = 0;
  std::array<Focusing, kMaxCdfGammas> cdfFocusing;
  double bins = 1;  // the histogram buffer has one slot more, at index bins: below the first edge
  double minLog10 = -8.0, binsPerDecade = 1.0;
};

// One group's anchors. z ascending; expScaled[i] = exp(scale z[i]), or null to take exp directly.
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
               double* prefix, GroupSums& sums, double* binCounts);

}  // namespace anchor_walk
}  // namespace focal
