#include "base/result.hpp"

namespace dauvet {

std::string_view errc_name(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::unauthorized: return "unauthorized";
    case Errc::forbidden: return "forbidden";
    case Errc::not_found: return "not_found";
    case Errc::conflict: return "conflict";
    case Errc::invalid_state: return "invalid_state";
    case Errc::too_large: return "too_large";
    case Errc::storage_full: return "storage_full";
    case Errc::map_full: return "map_full";
    case Errc::corrupt: return "corrupt";
    case Errc::io: return "io";
    case Errc::unavailable: return "unavailable";
    case Errc::internal: return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string out(errc_name(code));
  out += ": ";
  if (!field.empty()) {
    out += field;
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace dauvet
