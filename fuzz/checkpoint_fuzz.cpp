// Checkpoint bodies, signed notes and verifier keys as other people's servers send them: a
// body that parses must format back to the same bytes; nothing may crash; an unsigned or
// foreign note never opens.
#include <cstdlib>
#include <string_view>

#include "crypto/checkpoint.hpp"
#include "crypto/signed_note.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto c = dauvet::crypto::parse_checkpoint_body(text)) {
    if (dauvet::crypto::format_checkpoint_body(*c) != text) std::abort();
  }
  (void)dauvet::crypto::parse_verifier_key(text);
  // No key is trusted, so no note may open.
  if (dauvet::crypto::open_note(text, {})) std::abort();
  return 0;
}
