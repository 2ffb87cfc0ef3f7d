// The direct JSON writer behind encode_state_json (state_json.hpp), shared by
// state_encode.cpp and state_encode_work.cpp. Internal to events/.
#pragma once

#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/json_text.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events::encode {

inline void escape(std::string& out, std::string_view s) { json_text::append_quoted(out, s); }

template <class Int>
void integer(std::string& out, Int v) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

// One object: each call adds a member; keys must come in sorted order.
class Obj {
 public:
  explicit Obj(std::string& out) : out_(out) { out_.push_back('{'); }
  ~Obj() { out_.push_back('}'); }
  Obj(const Obj&) = delete;
  Obj& operator=(const Obj&) = delete;

  // Keys are this layer's own field names ([a-z_], short), never input, so there is
  // nothing in them to escape.
  static constexpr std::size_t kMaxKey = 60;
  // The comma, quotes and colon go in with the name in one append: a state row pays for
  // ~30 keys, and each append is a call.
  std::string& key(std::string_view k) {
    assert(json_text::plain_prefix(k) == k.size());
    if (k.size() > kMaxKey) return long_key(k);
    char text[kMaxKey + 4];
    std::size_t n = 0;
    if (!first_) text[n++] = ',';
    first_ = false;
    text[n++] = '"';
    std::memcpy(text + n, k.data(), k.size());
    n += k.size();
    text[n++] = '"';
    text[n++] = ':';
    out_.append(text, n);
    return out_;
  }
  Obj& str(std::string_view k, std::string_view v) { return escape(key(k), v), *this; }
  Obj& num(std::string_view k, std::int64_t v) { return integer(key(k), v), *this; }
  Obj& unum(std::string_view k, std::uint64_t v) { return integer(key(k), v), *this; }
  Obj& boolean(std::string_view k, bool v) { return key(k) += v ? "true" : "false", *this; }
  Obj& json(std::string_view k, const nlohmann::json& v) { return key(k) += v.dump(), *this; }
  Obj& json(std::string_view k, const JsonText& v) { return key(k) += v.text(), *this; }
  Obj& strs(std::string_view k, const std::vector<std::string>& v) {
    std::string& o = key(k);
    o.push_back('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) o.push_back(',');
      escape(o, v[i]);
    }
    o.push_back(']');
    return *this;
  }
  Obj& nums(std::string_view k, const std::vector<std::uint64_t>& v) {
    std::string& o = key(k);
    o.push_back('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) o.push_back(',');
      integer(o, v[i]);
    }
    o.push_back(']');
    return *this;
  }
  // An array of objects, each written by fn(out, item).
  template <class T, class Fn>
  Obj& list(std::string_view k, const T& items, Fn&& fn) {
    std::string& o = key(k);
    o.push_back('[');
    bool first = true;
    for (const auto& item : items) {
      if (!first) o.push_back(',');
      first = false;
      fn(o, item);
    }
    o.push_back(']');
    return *this;
  }
  template <class Fn>
  Obj& object(std::string_view k, Fn&& fn) {
    fn(key(k));
    return *this;
  }

 private:
  std::string& long_key(std::string_view k) {
    out_.append(first_ ? "\"" : ",\"", first_ ? 1 : 2);
    first_ = false;
    out_.append(k);
    out_.append("\":", 2);
    return out_;
  }

  std::string& out_;
  bool first_ = true;
};

inline void meta(std::string& o, const StreamMeta& m) {
  Obj(o).nums("corrections", m.corrections).num("created_ms", m.created_ms).unum("first_index", m.first_index)
      .unum("last_index", m.last_index).str("stream", m.stream).num("updated_ms", m.updated_ms)
      .unum("version", m.version);
}
inline void doc(std::string& o, const DocumentRef& d) {
  Obj(o).str("blob_sha256", d.blob_sha256).str("date", d.date).str("number", d.number);
}
inline void dref(std::string& o, const DirectiveRef& d) { Obj(o).str("issuer", d.issuer).str("symbol", d.symbol); }
inline void tref(std::string& o, const TaskRef& t) { Obj(o).str("issuer", t.issuer).str("item", t.item).str("symbol", t.symbol); }
inline void qty(std::string& o, const Quantity& q) {
  Obj(o).num("denominator", q.denominator).num("numerator", q.numerator).boolean("ratio", q.ratio)
      .num("scale", q.scale).num("value", q.value);
}
inline void subject(std::string& o, const SubjectRef& s) { Obj(o).str("person", s.person).str("unit", s.unit); }
template <class T, class Fn>
void optional(std::string& o, const std::optional<T>& v, Fn&& fn) {
  v ? fn(o, *v) : void(o += "null");
}
inline auto with_meta(const StreamMeta& m) {
  return [&m](std::string& o) { meta(o, m); };
}

}  // namespace dauvet::events::encode
