#include "crypto/signed_note.hpp"

#include <cstring>

#include "base/hex.hpp"
#include "crypto/base64.hpp"
#include "crypto/sha256.hpp"

namespace dauvet::crypto {
namespace {

constexpr std::string_view kDash = "\xe2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr std::uint8_t kEd25519 = 0x01;
constexpr std::size_t kMaxSignatures = 100;

bool valid_text(std::string_view text) {
  if (text.empty() || text.back() != '\n') return false;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

bool valid_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (c == '+' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::uint32_t note_key_id(std::string_view name, const PublicKey& key) {
  Sha256 h;
  h.update(name).update(std::uint8_t{'\n'}).update(kEd25519).update(key);
  const Hash d = h.finish();
  return (std::uint32_t{d[0]} << 24) | (std::uint32_t{d[1]} << 16) | (std::uint32_t{d[2]} << 8) | d[3];
}

std::string format_verifier_key(std::string_view name, const PublicKey& key) {
  const std::uint32_t id = note_key_id(name, key);
  const std::uint8_t id_bytes[4] = {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
                                    static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  std::vector<std::uint8_t> typed{kEd25519};
  typed.insert(typed.end(), key.begin(), key.end());
  return std::string(name) + "+" + to_hex(id_bytes) + "+" + base64_encode(typed);
}

Result<VerifierKey> parse_verifier_key(std::string_view text) {
  // name+keyid+key: split on the first two '+' only, since base64 may contain '+' itself.
  const auto p1 = text.find('+');
  const auto p2 = p1 == std::string_view::npos ? p1 : text.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return fail(Errc::invalid_argument, "a verifier key reads name+keyid+base64key", "key");
  VerifierKey k;
  k.name = std::string(text.substr(0, p1));
  if (!valid_key_name(k.name)) return fail(Errc::invalid_argument, "the key name is empty or has spaces", "key");
  std::uint8_t id[4];
  if (!from_hex_into(text.substr(p1 + 1, p2 - p1 - 1), id))
    return fail(Errc::invalid_argument, "the key ID must be 8 lowercase hex digits", "key");
  k.key_id = (std::uint32_t{id[0]} << 24) | (std::uint32_t{id[1]} << 16) | (std::uint32_t{id[2]} << 8) | id[3];
  auto raw = base64_decode(text.substr(p2 + 1));
  if (!raw || raw->empty()) return fail(Errc::invalid_argument, "the key is not valid base64", "key");
  if ((*raw)[0] != kEd25519 || raw->size() != 33)
    return fail(Errc::invalid_argument, "only Ed25519 verifier keys (type 0x01, 32 bytes) are supported", "key");
  std::memcpy(k.public_key.data(), raw->data() + 1, 32);
  if (note_key_id(k.name, k.public_key) != k.key_id)
    return fail(Errc::invalid_argument, "the key ID does not match the name and key", "key");
  return k;
}

Result<std::string> sign_note(std::string_view text, std::string_view key_name, const SigningKey& key) {
  if (!valid_text(text)) return fail(Errc::invalid_argument, "note text must end in a newline and hold no control characters");
  if (!valid_key_name(key_name)) return fail(Errc::invalid_argument, "invalid key name");
  auto sig = key.sign(text);
  if (!sig) return fail(sig.error());
  const std::uint32_t id = note_key_id(key_name, key.public_key());
  std::vector<std::uint8_t> blob{static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
                                 static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  blob.insert(blob.end(), sig->begin(), sig->end());
  std::string out(text);
  out += '\n';
  out += kDash;
  out += key_name;
  out += ' ';
  out += base64_encode(blob);
  out += '\n';
  return out;
}

Result<OpenedNote> open_note(std::string_view note, const std::vector<VerifierKey>& known) {
  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return fail(Errc::invalid_argument, "not a signed note: no blank line before signatures");
  OpenedNote out;
  out.text = std::string(note.substr(0, split + 1));
  if (!valid_text(out.text)) return fail(Errc::invalid_argument, "the note text holds control characters");
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return fail(Errc::invalid_argument, "the signature block must end in a newline");
  std::size_t count = 0;
  while (!sigs.empty()) {
    const auto eol = sigs.find('\n');
    std::string_view line = sigs.substr(0, eol);
    sigs.remove_prefix(eol + 1);
    if (++count > kMaxSignatures) return fail(Errc::invalid_argument, "too many signatures");
    if (line.substr(0, kDash.size()) != kDash) return fail(Errc::invalid_argument, "a signature line must start with an em dash");
    line.remove_prefix(kDash.size());
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return fail(Errc::invalid_argument, "a signature line reads: name signature");
    const std::string_view name = line.substr(0, space);
    auto blob = base64_decode(line.substr(space + 1));
    if (!valid_key_name(name) || !blob || blob->size() < 5)
      return fail(Errc::invalid_argument, "malformed signature line for '" + std::string(name) + "'");
    const std::uint32_t id = (std::uint32_t{(*blob)[0]} << 24) | (std::uint32_t{(*blob)[1]} << 16) |
                             (std::uint32_t{(*blob)[2]} << 8) | (*blob)[3];
    for (const VerifierKey& k : known) {
      if (k.name != name || k.key_id != id) continue;
      Signature sig{};
      if (blob->size() != 4 + sig.size())
        return fail(Errc::invalid_argument, "the signature by '" + k.name + "' is not 64 bytes");
      std::memcpy(sig.data(), blob->data() + 4, sig.size());
      if (!verify_signature(k.public_key, out.text, sig))
        return fail(Errc::invalid_argument, "the signature by '" + k.name + "' does not verify");
      out.verified_by.push_back(k.name);
    }
  }
  if (out.verified_by.empty()) return fail(Errc::invalid_argument, "no signature by a known key");
  return out;
}

}  // namespace dauvet::crypto
