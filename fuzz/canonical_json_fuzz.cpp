// Canonical JSON: whatever parses must dump to canonical bytes that parse back to the same
// value and dump identically (canonicalize is idempotent); what read_canonical accepts must
// be canonical and read as parse reads it, types and all, and it must accept every
// canonical text; nothing may crash on the way.
#include <cstdlib>
#include <string_view>

#include "core/canonical_json.hpp"

namespace {

bool same(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_structured()) {
    if (a.size() != b.size()) return false;
    if (a.is_object()) {
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        if (ia.key() != ib.key() || !same(*ia, *ib)) return false;
      }
      return true;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fast = dauvet::canonical::read_canonical(text);
  auto value = dauvet::canonical::parse(text);
  if (fast && (!value || !same(*fast, *value) || !dauvet::canonical::is_canonical(text))) std::abort();
  if (!value) return 0;
  auto bytes = dauvet::canonical::dump(*value);
  if (!bytes) return 0;  // values the parser accepts but canonical form refuses (floats)
  auto again = dauvet::canonical::canonicalize(*bytes);
  if (!again || *again != *bytes) std::abort();
  if (!dauvet::canonical::read_canonical(*bytes)) std::abort();  // canonical text must take the fast path
  return 0;
}
