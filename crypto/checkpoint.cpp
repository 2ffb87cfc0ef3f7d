#include "crypto/checkpoint.hpp"

#include <charconv>
#include <cstring>

#include "crypto/base64.hpp"

namespace dauvet::crypto {

std::string format_checkpoint_body(const Checkpoint& c) {
  std::string out = c.origin + "\n" + std::to_string(c.size) + "\n" + base64_encode(c.root) + "\n";
  for (const auto& e : c.extensions) out += e + "\n";
  return out;
}

Result<Checkpoint> parse_checkpoint_body(std::string_view body) {
  std::vector<std::string_view> lines;
  while (!body.empty()) {
    const auto eol = body.find('\n');
    if (eol == std::string_view::npos) return fail(Errc::invalid_argument, "checkpoint lines must end in a newline");
    lines.push_back(body.substr(0, eol));
    body.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return fail(Errc::invalid_argument, "a checkpoint has an origin, a size and a root hash");
  Checkpoint c;
  c.origin = std::string(lines[0]);
  if (c.origin.empty()) return fail(Errc::invalid_argument, "empty checkpoint origin");
  const std::string_view size = lines[1];
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  if (size.empty() || ec != std::errc{} || end != size.data() + size.size() || (size.size() > 1 && size[0] == '0'))
    return fail(Errc::invalid_argument, "checkpoint tree size '" + std::string(size) + "' is not a decimal number");
  auto root = base64_decode(lines[2]);
  if (!root || root->size() != 32) return fail(Errc::invalid_argument, "checkpoint root hash is not 32 base64 bytes");
  std::memcpy(c.root.data(), root->data(), 32);
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return fail(Errc::invalid_argument, "empty checkpoint extension line");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

Result<std::string> sign_checkpoint(const Checkpoint& c, std::string_view key_name, const SigningKey& key) {
  return sign_note(format_checkpoint_body(c), key_name, key);
}

Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view origin, const std::vector<VerifierKey>& known) {
  auto opened = open_note(note, known);
  if (!opened) return fail(opened.error());
  auto c = parse_checkpoint_body(opened->text);
  if (!c) return c;
  if (c->origin != origin)
    return fail(Errc::invalid_argument, "checkpoint origin is '" + c->origin + "', expected '" + std::string(origin) + "'");
  return c;
}

}  // namespace dauvet::crypto
