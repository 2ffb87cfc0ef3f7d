// read_canonical: stored bytes (payloads, projected states) into the value nlohmann's
// parser gives for them, without its general lexer. nlohmann reads one byte at a time,
// tracking lines and columns, and finds every key's place in its map from the root; it
// was most of what a rebuild's readers spent. Here plain string bytes are skipped eight at
// a time and, since canonical keys come sorted, each key is placed at the end of its map.
// Anything not exactly canonical (whitespace, floats, leading zeros, unsorted or repeated
// keys, escapes canonical form would not write, invalid UTF-8, nesting past kMaxDepth)
// is refused, and the caller parses it the general way.
#include <charconv>
#include <cstdint>
#include <limits>

#include "base/json_text.hpp"
#include "core/canonical_json.hpp"

namespace dauvet::canonical {
namespace {

using json = nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool document(json& out) { return value(out, 0) && p_ == end_; }

 private:
  bool value(json& out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't': return literal("true") && (out = true, true);
      case 'f': return literal("false") && (out = false, true);
      case 'n': return literal("null") && (out = nullptr, true);
      default: return number(out);
    }
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  bool object(json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '{'
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      std::string key;
      if (p_ == end_ || *p_ != '"' || !string(key)) return false;
      // Sorted bytewise and each once: std::string's order is memcmp's, unsigned bytes.
      if (!members.empty() && !(members.rbegin()->first < key)) return false;
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      auto it = members.emplace_hint(members.end(), std::move(key), nullptr);
      if (!value(it->second, depth)) return false;
      if (p_ == end_) return false;
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      if (*p_++ != ',') return false;
    }
  }

  bool array(json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '['
    out = json::array();
    auto& items = out.get_ref<json::array_t&>();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      if (!value(items.emplace_back(), depth)) return false;
      if (p_ == end_) return false;
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      if (*p_++ != ',') return false;
    }
  }

  // After the opening quote; the escapes canonical form writes, and no others.
  bool string(std::string& out) {
    ++p_;
    for (;;) {
      const std::size_t plain = json_text::plain_prefix(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
      out.append(p_, plain);
      p_ += plain;
      if (p_ == end_ || *p_ != '\\') break;  // a quote, a raw control byte, or the end
      if (++p_ == end_) return false;
      switch (*p_++) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          const int c = control_escape();
          if (c < 0) return false;
          out.push_back(static_cast<char>(c));
          break;
        }
        default: return false;
      }
    }
    if (p_ == end_ || *p_ != '"') return false;
    ++p_;
    return valid_utf8(out);
  }

  // "00xx" after \u, lowercase, for a control character without a short escape.
  int control_escape() {
    if (end_ - p_ < 4 || p_[0] != '0' || p_[1] != '0') return -1;
    auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    const int hi = hex(p_[2]), lo = hex(p_[3]);
    if (hi < 0 || hi > 1 || lo < 0) return -1;
    const int c = hi * 16 + lo;
    if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') return -1;
    p_ += 4;
    return c;
  }

  // An integer in [-2^63, 2^64) in shortest form; nlohmann keeps the non-negative ones
  // unsigned and the negative ones signed, and so does this.
  bool number(json& out) {
    const bool negative = *p_ == '-';
    const char* digits = p_ + (negative ? 1 : 0);
    const char* stop = digits;
    while (stop != end_ && *stop >= '0' && *stop <= '9') ++stop;
    if (stop == digits || (*digits == '0' && (stop - digits > 1 || negative))) return false;
    if (stop != end_ && (*stop == '.' || *stop == 'e' || *stop == 'E')) return false;
    std::uint64_t magnitude = 0;
    if (const auto [at, ec] = std::from_chars(digits, stop, magnitude); ec != std::errc{} || at != stop) {
      return false;  // past 2^64
    }
    if (!negative) {
      out = magnitude;
    } else {
      constexpr auto kLimit = std::uint64_t{1} << 63;
      if (magnitude > kLimit) return false;
      out = magnitude == kLimit ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(magnitude);
    }
    p_ = stop;
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

std::optional<nlohmann::json> read_canonical(std::string_view text) {
  json out;
  if (!Reader(text).document(out)) return std::nullopt;
  return out;
}

nlohmann::json read_stored(std::string_view text) {
  if (auto v = read_canonical(text)) return std::move(*v);
  json general = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return general.is_discarded() ? json(nullptr) : general;
}

}  // namespace dauvet::canonical
