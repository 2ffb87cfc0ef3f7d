// Unwrapping for tests: a Result or optional that is unexpectedly empty throws, which
// GoogleTest reports as a failure of that test, where a plain * would be undefined
// behaviour and could crash the whole suite or, worse, pass.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "base/result.hpp"

namespace dauvet::testing {

template <class T>
T must(Result<T> r) {
  if (!r) throw std::runtime_error("unexpected error: " + r.error().to_string());
  return std::move(*r);
}

template <class T>
T must(std::optional<T> o) {
  if (!o) throw std::runtime_error("unexpected nullopt");
  return std::move(*o);
}

// The error of a Result that must have failed.
template <class T>
Error failure(const Result<T>& r) {
  if (r) throw std::runtime_error("unexpected success");
  return r.error();
}

}  // namespace dauvet::testing
