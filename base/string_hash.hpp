// The transparent hash for string-keyed unordered maps.
//
// With it (and std::equal_to<>) a map keyed by std::string is probed with a
// std::string_view, so the hot paths that look a stream up by a view into an LMDB page
// or a request body do not build a std::string per lookup.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace dauvet {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

}  // namespace dauvet
