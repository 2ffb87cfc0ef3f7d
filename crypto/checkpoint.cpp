#include "crypto/checkpoint.hpp"

#include <charconv>
#include <cstring>

#include "crypto/base64.hpp"

namespace dauvet::crypto {
namespace {

tl::unexpected<Error> bad(std::string message) {
  return fail(Errc::invalid_argument, "malformed checkpoint: " + std::move(message));
}

bool one_line(std::string_view line) { return !line.empty() && line.find('\n') == std::string_view::npos; }

}  // namespace

Result<void> check_checkpoint(const Checkpoint& c) {
  if (!one_line(c.origin)) return bad("the origin must be one non-empty line");
  for (const auto& e : c.extensions) {
    if (!one_line(e)) return bad("each extension must be one non-empty line");
  }
  if (!valid_note_text(format_checkpoint_body(c))) return bad("the text must be UTF-8 without control characters");
  return {};
}

std::string format_checkpoint_body(const Checkpoint& c) {
  std::string out = c.origin + "\n" + std::to_string(c.size) + "\n" + base64_encode(c.root) + "\n";
  for (const auto& e : c.extensions) out += e + "\n";
  return out;
}

Result<Checkpoint> parse_checkpoint_body(std::string_view body) {
  if (!valid_note_text(body)) return bad("the text must be UTF-8 without control characters, ending in a newline");
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < body.size();) {
    const auto eol = body.find('\n', at);
    lines.push_back(body.substr(at, eol - at));
    at = eol + 1;
  }
  if (lines.size() < 3) return bad("it needs an origin, a tree size and a root hash");
  Checkpoint c;
  c.origin = std::string(lines[0]);
  if (c.origin.empty()) return bad("empty origin");
  const std::string_view size = lines[1];
  const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  // from_chars takes no sign or spaces for unsigned; leading zeros are ours to refuse.
  if (size.empty() || ec != std::errc{} || end != size.data() + size.size() || (size.size() > 1 && size[0] == '0'))
    return bad("tree size '" + std::string(size) + "' is not a decimal number without leading zeros");
  const auto root = base64_decode(lines[2]);
  if (!root || root->size() != c.root.size()) return bad("the root hash is not 32 bytes of canonical base64");
  std::memcpy(c.root.data(), root->data(), c.root.size());
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return bad("empty extension line");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

Result<std::string> sign_checkpoint(const Checkpoint& c, std::string_view key_name, const SigningKey& key) {
  if (auto ok = check_checkpoint(c); !ok) return fail(ok.error());
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
