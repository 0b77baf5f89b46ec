// Shared helpers for the native tests: a finite-difference derivative to check analytic gradients
// against, and a check that a call throws std::invalid_argument naming the bad parameter.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace focal_test {

// Five-point central difference. Its truncation error is O(h^4) and its rounding error about
// eps |f| / h, so h = 1e-3 keeps both near 1e-12 relative for the smooth losses on |x| <= 20
// (gamma up to 10 makes high derivatives grow like gamma^5, still far below the tolerance).
template <typename F>
double centralDifference(F f, double x, double h = 1e-3) {
  return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
}

// An analytic gradient matches a finite difference to 1e-7 relative; where the gradient itself
// passes through zero, an absolute floor tied to the size of the loss stands in for it.
inline Catch::Matchers::Floating::WithinRelMatcher gradientRel(double fd) {
  return Catch::Matchers::WithinRel(fd, 1e-7);
}
inline Catch::Matchers::Floating::WithinAbsMatcher gradientAbsFloor(double fd, double lossScale) {
  return Catch::Matchers::WithinAbs(fd, 1e-9 * (1.0 + std::fabs(lossScale)));
}

// The analytic gradient `grad` of lossAt at x agrees with the finite difference.
template <typename F>
void requireGradientMatches(F lossAt, double x, double grad) {
  const double fd = centralDifference(lossAt, x);
  CAPTURE(x, grad, fd);
  REQUIRE_THAT(grad, gradientRel(fd) || gradientAbsFloor(fd, lossAt(x)));
}

// |computed - exact| / |exact|; the reference never holds exact zeros.
inline double relativeError(double computed, double exact) { return std::fabs(computed - exact) / std::fabs(exact); }

// The call must throw std::invalid_argument reading "<name> must ..., got <value>".
template <typename F>
void requireRejects(F call, const std::string& name, const std::string& value) {
  INFO("expected a complaint about " << name << " = " << value);
  try {
    call();
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    CAPTURE(message);
    CHECK_THAT(message, Catch::Matchers::StartsWith(name + " must"));
    CHECK_THAT(message, Catch::Matchers::EndsWith("got " + value));
    return;
  }
  FAIL("no std::invalid_argument was thrown");
}

// The call must throw std::invalid_argument whose message mentions both the parameter and the
// value, in whatever sentence the check words it (the simulation and metrics errors describe
// arrays and options as well as plain values).
template <typename F>
void requireRejectsMentioning(F call, const std::string& name, const std::string& value) {
  try {
    call();
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Catch::Matchers::Contains(name) && Catch::Matchers::Contains(value));
    return;
  }
  FAIL("expected std::invalid_argument naming " << name);
}

}  // namespace focal_test
