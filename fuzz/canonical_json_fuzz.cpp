// Canonical JSON: whatever parses must dump to canonical bytes that parse back to the same
// value and dump identically (canonicalize is idempotent); nothing may crash on the way.
#include <cstdlib>
#include <string_view>

#include "core/canonical_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = dauvet::canonical::parse(text);
  if (!value) return 0;
  auto bytes = dauvet::canonical::dump(*value);
  if (!bytes) return 0;  // values the parser accepts but canonical form refuses (floats)
  auto again = dauvet::canonical::canonicalize(*bytes);
  if (!again || *again != *bytes) std::abort();
  return 0;
}
