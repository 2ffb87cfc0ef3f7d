#include "core/entry.hpp"

#include <charconv>

#include "base/hex.hpp"
#include "base/json_text.hpp"
#include "core/canonical_json.hpp"
#include "core/clock.hpp"

namespace dauvet::entry {
namespace {

Result<void> check_text(std::string_view value, std::size_t max, const char* field) {
  if (value.empty()) return fail(Errc::invalid_argument, "must not be empty", field);
  if (value.size() > max) return fail(Errc::invalid_argument, "longer than " + std::to_string(max) + " bytes", field);
  if (!canonical::valid_utf8(value)) return fail(Errc::invalid_argument, "is not valid UTF-8", field);
  for (const char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return fail(Errc::invalid_argument, "contains a control character", field);
  }
  return {};
}

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_hash(std::string& out, const crypto::Hash& h) {
  out.push_back('"');
  append_hex(out, h);
  out.push_back('"');
}

// A cursor over entry bytes that accepts only the canonical spelling of each token.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  bool lit(std::string_view l) {
    if (s_.substr(pos_, l.size()) != l) return false;
    pos_ += l.size();
    return true;
  }
  bool peek(std::string_view l) const { return s_.substr(pos_, l.size()) == l; }
  bool done() const { return pos_ == s_.size(); }
  std::size_t pos() const { return pos_; }

  bool uint(std::uint64_t& out) {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    const std::size_t len = pos_ - start;
    if (len == 0 || (len > 1 && s_[start] == '0')) return false;
    auto [p, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, out);
    return ec == std::errc{} && p == s_.data() + pos_;
  }

  bool hash(crypto::Hash& out) {
    if (!lit("\"") || pos_ + 64 > s_.size()) return false;
    if (!from_hex_into(s_.substr(pos_, 64), out)) return false;
    pos_ += 64;
    return lit("\"");
  }

  bool string(std::string& out) {
    out.clear();
    if (!lit("\"")) return false;
    for (;;) {
      const std::size_t plain = json_text::plain_prefix(s_.substr(pos_));
      out.append(s_.data() + pos_, plain);
      pos_ += plain;
      if (pos_ == s_.size() || static_cast<unsigned char>(s_[pos_]) < 0x20) return false;
      if (s_[pos_] == '"') {
        ++pos_;
        return canonical::valid_utf8(out);
      }
      if (!escape(out)) return false;  // at a backslash
    }
  }

 private:
  // Only the escapes canonical::append_string writes are accepted.
  bool escape(std::string& out) {
    if (pos_ + 1 >= s_.size()) return false;
    const char e = s_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"': out.push_back('"'); return true;
      case '\\': out.push_back('\\'); return true;
      case 'b': out.push_back('\b'); return true;
      case 't': out.push_back('\t'); return true;
      case 'n': out.push_back('\n'); return true;
      case 'f': out.push_back('\f'); return true;
      case 'r': out.push_back('\r'); return true;
      case 'u': break;
      default: return false;
    }
    std::uint8_t b[2];
    if (pos_ + 4 > s_.size() || !from_hex_into(s_.substr(pos_, 4), b)) return false;
    const auto c = static_cast<char>(b[1]);
    if (b[0] != 0 || b[1] >= 0x20 || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') return false;
    out.push_back(c);
    pos_ += 4;
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<void> validate_fields(const Entry& e) {
  if (auto r = check_text(e.stream, kMaxStreamBytes, "stream"); !r) return r;
  if (auto r = check_text(e.type, kMaxTypeBytes, "type"); !r) return r;
  if (auto r = check_text(e.actor.id, kMaxActorFieldBytes, "actor.id"); !r) return r;
  if (auto r = check_text(e.actor.unit, kMaxActorFieldBytes, "actor.unit"); !r) return r;
  if (auto r = check_text(e.actor.role, kMaxActorFieldBytes, "actor.role"); !r) return r;
  if (e.idempotency_key) {
    if (auto r = check_text(*e.idempotency_key, kMaxIdempotencyKeyBytes, "idempotency_key"); !r) return r;
  }
  return {};
}

std::string encode(const Entry& e) {
  std::string out;
  encode_into(e, out);
  return out;
}

void encode_into(const Entry& e, std::string& out) {
  out.clear();
  out.reserve(256 + e.stream.size() + e.type.size());
  out += "{\"actor\":{\"id\":";
  canonical::append_string(out, e.actor.id);
  out += ",\"role\":";
  canonical::append_string(out, e.actor.role);
  out += ",\"unit\":";
  canonical::append_string(out, e.actor.unit);
  out += "},";
  if (e.idempotency_key) {
    out += "\"idempotency_key\":";
    canonical::append_string(out, *e.idempotency_key);
    out += ",";
  }
  out += "\"index\":";
  append_uint(out, e.index);
  out += ",\"payload_sha256\":";
  append_hash(out, e.payload_sha256);
  out += ",\"prev\":";
  append_hash(out, e.prev);
  out += ",\"recorded_at\":";
  canonical::append_string(out, e.recorded_at);
  out += ",\"stream\":";
  canonical::append_string(out, e.stream);
  out += ",\"type\":";
  canonical::append_string(out, e.type);
  out += ",\"version\":";
  append_uint(out, e.version);
  out += "}";
}

Result<std::vector<std::uint64_t>> erased_indexes(std::string_view payload) {
  auto doc = canonical::parse(payload);
  if (!doc) return fail(doc.error());
  auto it = doc->find("erased");
  if (!doc->is_object() || it == doc->end() || !it->is_array() || it->empty())
    return fail(Errc::invalid_argument, "must hold a non-empty \"erased\" array of entry indexes", "erased");
  std::vector<std::uint64_t> out;
  for (const auto& v : *it) {
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      return fail(Errc::invalid_argument, "entry indexes are non-negative integers", "erased");
    out.push_back(v.get<std::uint64_t>());
  }
  return out;
}

Result<Entry> decode(std::string_view bytes) {
  Entry e;
  if (auto r = decode_into(bytes, e); !r) return fail(r.error());
  return e;
}

Result<void> decode_into(std::string_view bytes, Entry& e) {
  Reader r(bytes);
  auto bad = [&](const char* what) {
    return fail(Errc::corrupt, std::string("entry bytes are not canonical: ") + what + " (byte " + std::to_string(r.pos()) + ")");
  };
  if (!r.lit("{\"actor\":{\"id\":") || !r.string(e.actor.id)) return bad("actor.id");
  if (!r.lit(",\"role\":") || !r.string(e.actor.role)) return bad("actor.role");
  if (!r.lit(",\"unit\":") || !r.string(e.actor.unit)) return bad("actor.unit");
  if (!r.lit("},")) return bad("actor");
  if (!r.peek("\"idempotency_key\":")) {
    e.idempotency_key.reset();
  } else {
    r.lit("\"idempotency_key\":");
    if (!e.idempotency_key) e.idempotency_key.emplace();
    if (!r.string(*e.idempotency_key) || !r.lit(",")) return bad("idempotency_key");
  }
  if (!r.lit("\"index\":") || !r.uint(e.index)) return bad("index");
  if (!r.lit(",\"payload_sha256\":") || !r.hash(e.payload_sha256)) return bad("payload_sha256");
  if (!r.lit(",\"prev\":") || !r.hash(e.prev)) return bad("prev");
  if (!r.lit(",\"recorded_at\":") || !r.string(e.recorded_at) || !clock::parse_utc_ms(e.recorded_at))
    return bad("recorded_at");
  if (!r.lit(",\"stream\":") || !r.string(e.stream)) return bad("stream");
  if (!r.lit(",\"type\":") || !r.string(e.type)) return bad("type");
  if (!r.lit(",\"version\":") || !r.uint(e.version) || e.version == 0) return bad("version");
  if (!r.lit("}") || !r.done()) return bad("end of object");
  return {};
}

}  // namespace dauvet::entry
