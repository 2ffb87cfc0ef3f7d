#include "core/canonical_json.hpp"

#include <cstring>
#include <vector>

#include "base/json_text.hpp"

namespace dauvet::canonical {
namespace {

using json = nlohmann::json;

// Builds the DOM like nlohmann's own SAX DOM parser, but refuses what canonical JSON
// cannot hold. Returning false from a callback stops the parse at once.
class StrictBuilder final : public nlohmann::json_sax<json> {
 public:
  json root;
  Error error;

  bool null() override { return put(json(nullptr)); }
  bool boolean(bool v) override { return put(json(v)); }
  bool number_integer(number_integer_t v) override { return put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put(json(v)); }
  bool number_float(number_float_t, const string_t& text) override {
    return refuse("number " + text + " is not an integer (floats and integers beyond 64 bits cannot be stored exactly)");
  }
  bool string(string_t& v) override { return put(json(std::move(v))); }
  bool binary(binary_t&) override { return refuse("binary values are not JSON"); }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool key(string_t& k) override {
    if (stack_.back()->contains(k)) return refuse("duplicate key \"" + k + "\"");
    pending_key_ = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    if (error.message.empty()) {
      // nlohmann's message names the byte offset and the reason ("ill-formed UTF-8 byte").
      std::string what = ex.what();
      if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
      error = Error{Errc::invalid_argument, "invalid JSON at byte " + std::to_string(position) + ": " + what};
    }
    return false;
  }

 private:
  bool refuse(std::string msg) {
    error = Error{Errc::invalid_argument, std::move(msg)};
    return false;
  }
  json* place(json&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    return &(parent[pending_key_] = std::move(v));
  }
  bool put(json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(json&& container) {
    if (static_cast<int>(stack_.size()) >= kMaxDepth)
      return refuse("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  std::vector<json*> stack_;
  std::string pending_key_;
};

Result<void> check_no_floats(const json& v, int depth) {
  if (depth > kMaxDepth) return fail(Errc::invalid_argument, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  if (v.is_number_float()) return fail(Errc::invalid_argument, "floating-point numbers cannot be stored exactly; use integers or strings");
  if (v.is_binary()) return fail(Errc::invalid_argument, "binary values are not JSON");
  if (v.is_structured()) {
    for (const auto& child : v) {
      if (auto r = check_no_floats(child, depth + 1); !r) return r;
    }
  }
  return {};
}

}  // namespace

Result<json> parse(std::string_view text) {
  StrictBuilder builder;
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, false);
  if (!ok) {
    if (builder.error.message.empty()) return fail(Errc::invalid_argument, "invalid JSON");
    return fail(std::move(builder.error));
  }
  return std::move(builder.root);
}

Result<json> parse_input(std::string_view text) {
  // One pass over the bytes: brackets inside strings do not count.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return fail(Errc::invalid_argument, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) return fail(Errc::invalid_argument, "the body is not valid UTF-8 JSON");
  return value;
}

Result<std::string> dump(const json& value) {
  if (auto r = check_no_floats(value, 0); !r) return fail(r.error());
  try {
    // std::map<std::string, ...> orders keys with char_traits<char>, which compares as
    // unsigned char: exactly the bytewise order canonical form needs.
    return value.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::type_error& e) {
    return fail(Errc::invalid_argument, std::string("string is not valid UTF-8: ") + e.what());
  }
}

Result<std::string> canonicalize(std::string_view text) {
  auto value = parse(text);
  if (!value) return fail(value.error());
  return dump(*value);
}

bool is_canonical(std::string_view text) {
  auto c = canonicalize(text);
  return c && *c == text;
}

void append_string(std::string& out, std::string_view s) { json_text::append_quoted(out, s); }

namespace {

bool ascii8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ull) == 0;
}

}  // namespace

bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // Keys, ids and most Vietnamese text are mostly ASCII: skip it 8 bytes at a time.
    while (i + 8 <= n && ascii8(s.data() + i)) i += 8;
    if (i == n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) len = 2, cp = c & 0x1fu;
    else if (c >= 0xe0 && c <= 0xef) len = 3, cp = c & 0x0fu;
    else if (c >= 0xf0 && c <= 0xf4) len = 4, cp = c & 0x07u;
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

}  // namespace dauvet::canonical
