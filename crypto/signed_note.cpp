#include "crypto/signed_note.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <utility>

#include "base/hex.hpp"
#include "crypto/base64.hpp"
#include "crypto/sha256.hpp"

namespace dauvet::crypto {
namespace {

constexpr std::string_view kDash = "\xe2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr std::uint8_t kEd25519 = 0x01;
constexpr std::size_t kMaxSignatures = 100;

// Decodes the UTF-8 sequence at text[at], advancing `at`; -1 for anything malformed
// (truncated, overlong, a surrogate, above U+10FFFF), which the spec's "valid UTF-8" bars.
long next_code_point(std::string_view text, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(at);
  if (b0 < 0x80) return text[at++];
  // Lead byte: sequence length, its payload bits, and the smallest code point that needs
  // that many bytes (anything below is an overlong spelling).
  std::size_t length = 0;
  long cp = 0, min = 0;
  if ((b0 & 0xe0) == 0xc0) {
    length = 2, cp = b0 & 0x1f, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    length = 3, cp = b0 & 0x0f, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (text.size() - at < length) return -1;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (byte(at + i) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  at += length;
  return cp;
}

// Unicode White_Space (what Go's unicode.IsSpace, used by the reference implementation,
// reports), ASCII ones included.
bool is_unicode_space(long cp) {
  return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
         cp == 0x3000;
}

// Valid UTF-8 without ASCII control characters other than '\n' (spec: "Format").
bool valid_note_bytes(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const long cp = next_code_point(text, at);
    if (cp < 0 || (cp < 0x20 && cp != '\n')) return false;
  }
  return true;
}

std::array<std::uint8_t, 4> id_bytes(std::uint32_t id) {
  return {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16), static_cast<std::uint8_t>(id >> 8),
          static_cast<std::uint8_t>(id)};
}

std::uint32_t read_id(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

tl::unexpected<Error> bad_key(std::string message) { return fail(Errc::invalid_argument, std::move(message), "key"); }
tl::unexpected<Error> malformed(std::string message) {
  return fail(Errc::invalid_argument, "malformed signed note: " + std::move(message));
}

}  // namespace

bool valid_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t at = 0; at < name.size();) {
    const long cp = next_code_point(name, at);
    if (cp < 0x20 || cp == '+' || is_unicode_space(cp)) return false;
  }
  return true;
}

bool valid_note_text(std::string_view text) { return !text.empty() && text.back() == '\n' && valid_note_bytes(text); }

std::uint32_t note_key_id(std::string_view name, const PublicKey& key) {
  Sha256 h;
  h.update(name).update(std::uint8_t{'\n'}).update(kEd25519).update(key);
  return read_id(h.finish().data());
}

std::string format_verifier_key(std::string_view name, const PublicKey& key) {
  std::array<std::uint8_t, 33> typed{kEd25519};
  std::copy(key.begin(), key.end(), typed.begin() + 1);
  return std::string(name) + "+" + to_hex(id_bytes(note_key_id(name, key))) + "+" + base64_encode(typed);
}

Result<VerifierKey> parse_verifier_key(std::string_view text) {
  const auto p1 = text.find('+');
  const auto p2 = p1 == std::string_view::npos ? p1 : text.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad_key("a verifier key reads name+keyid+base64key");
  VerifierKey k;
  k.name = std::string(text.substr(0, p1));
  if (!valid_key_name(k.name)) return bad_key("the key name is empty or holds a space or control character");
  std::array<std::uint8_t, 4> id{};
  if (!from_hex_into(text.substr(p1 + 1, p2 - p1 - 1), id)) return bad_key("the key ID must be 8 lowercase hex digits");
  k.key_id = read_id(id.data());
  auto raw = base64_decode(text.substr(p2 + 1));
  if (!raw || raw->empty()) return bad_key("the key is not valid base64");
  if ((*raw)[0] != kEd25519) {
    char type[8];
    std::snprintf(type, sizeof type, "0x%02x", (*raw)[0]);
    return bad_key(std::string("unsupported verifier key type ") + type + "; only Ed25519 (0x01) is accepted");
  }
  if (raw->size() != 1 + k.public_key.size()) return bad_key("an Ed25519 verifier key holds 32 bytes");
  std::memcpy(k.public_key.data(), raw->data() + 1, k.public_key.size());
  if (note_key_id(k.name, k.public_key) != k.key_id) return bad_key("the key ID does not match the name and key");
  return k;
}

Result<std::string> sign_note(std::string_view text, std::string_view key_name, const SigningKey& key) {
  if (!valid_note_text(text))
    return fail(Errc::invalid_argument, "note text must be UTF-8, end in a newline and hold no control characters");
  if (!valid_key_name(key_name))
    return fail(Errc::invalid_argument, "invalid key name '" + std::string(key_name) + "'");
  auto sig = key.sign(text);
  if (!sig) return fail(sig.error());
  std::array<std::uint8_t, 4 + 64> blob{};
  const auto id = id_bytes(note_key_id(key_name, key.public_key()));
  std::copy(id.begin(), id.end(), blob.begin());
  std::copy(sig->begin(), sig->end(), blob.begin() + 4);
  std::string out;
  out.reserve(text.size() + key_name.size() + 100);
  out.append(text).append("\n").append(kDash).append(key_name).append(" ").append(base64_encode(blob)).append("\n");
  return out;
}

Result<OpenedNote> open_note(std::string_view note, const std::vector<VerifierKey>& known) {
  if (!valid_note_bytes(note)) return malformed("not UTF-8, or holds a control character other than newline");
  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return malformed("no blank line before the signatures");
  OpenedNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return malformed("the signature block must end in a newline");
  std::vector<std::pair<std::string_view, std::uint32_t>> seen;
  for (std::size_t count = 1; !sigs.empty(); ++count) {
    const auto eol = sigs.find('\n');  // found: sigs ends in '\n'
    std::string_view line = sigs.substr(0, eol);
    sigs.remove_prefix(eol + 1);
    if (count > kMaxSignatures) return malformed("more than 100 signatures");
    if (!line.starts_with(kDash)) return malformed("a signature line must start with an em dash and a space");
    line.remove_prefix(kDash.size());
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return malformed("a signature line reads: name base64");
    const std::string_view name = line.substr(0, space);
    auto blob = base64_decode(line.substr(space + 1));
    if (!valid_key_name(name) || !blob || blob->size() < 5)
      return malformed("bad signature line for '" + std::string(name) + "'");
    const std::uint32_t id = read_id(blob->data());
    const auto key = std::find_if(known.begin(), known.end(),
                                  [&](const VerifierKey& k) { return k.name == name && k.key_id == id; });
    if (key == known.end()) {
      ++out.unknown_signatures;
      continue;
    }
    if (std::find(seen.begin(), seen.end(), std::pair{name, id}) != seen.end()) continue;  // same key twice
    seen.emplace_back(name, id);
    Signature sig{};
    if (blob->size() != 4 + sig.size())
      return fail(Errc::invalid_argument, "the signature by '" + key->name + "' is not 64 bytes");
    std::memcpy(sig.data(), blob->data() + 4, sig.size());
    if (!verify_signature(key->public_key, out.text, sig))
      return fail(Errc::invalid_argument, "the signature by '" + key->name + "' does not verify");
    out.verified_by.push_back(key->name);
  }
  if (out.verified_by.empty()) return fail(Errc::invalid_argument, "no signature by a known key");
  return out;
}

}  // namespace dauvet::crypto
