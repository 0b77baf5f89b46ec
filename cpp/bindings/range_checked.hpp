// Shared by every binding file: the core reports bad input as std::invalid_argument, and JS
// callers expect a RangeError carrying the same message.
#pragma once

#include <emscripten/val.h>

#include <stdexcept>
#include <string>

namespace focal_bindings {

// Runs f and rethrows a validation failure as a RangeError carrying the core's message.
template <typename F>
auto rangeChecked(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    emscripten::val::global("RangeError").new_(std::string(e.what())).throw_();
  }
  __builtin_unreachable();
}

}  // namespace focal_bindings
