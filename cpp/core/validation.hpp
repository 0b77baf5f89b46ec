// Checks at the boundary of the public API. Every failure throws std::invalid_argument whose
// message names the parameter and the value it got, so a caller (or the JS layer, which turns
// it into a RangeError) can tell at once what to fix.
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace focal {

std::string formatValue(double value);

[[noreturn]] void failParameter(const std::string& name, const std::string& value, const std::string& expected);

inline void requireFinite(const char* name, double value) {
  if (!std::isfinite(value)) failParameter(name, formatValue(value), "a finite number");
}

// Binary targets are 0 or 1; anything else (0.5, 2, NaN) is a caller's mistake, not a soft label.
inline void requireBinaryTarget(const char* name, double y) {
  if (!(y == 0.0 || y == 1.0)) failParameter(name, formatValue(y), "0 or 1");
}

void requireGamma(double gamma);                       // finite, >= 0
void requirePositiveGamma(const char* name, double gamma);  // finite, > 0 (FL* divides by it)
void requireAlpha(double alpha);                       // <= 1 and not NaN; negative means "off"
void requireUnitInterval(const char* name, double value);   // in [0, 1]
void requireNonNegative(const char* name, double value);    // finite, >= 0
// Whole-number parameters (counts, sizes, seeds) arrive as doubles so that a JS number crosses
// unchanged and a bad one (1.5, -3, NaN) is named in the error instead of being truncated.
void requireWholeNumber(const char* name, double value, long long lo, long long hi);

// The sign that turns a logit into x_t = y x: +1 for a positive (y = 1), -1 for a negative.
inline double targetSign(double y) { return y == 1.0 ? 1.0 : -1.0; }

// alpha_t = alpha for positives, 1 - alpha for negatives; any negative alpha disables weighting
// (the torchvision / fvcore convention), so alpha_t = 1.
inline double alphaWeight(double alpha, double y) {
  if (alpha < 0) return 1.0;
  return y == 1.0 ? alpha : 1.0 - alpha;
}

}  // namespace focal
