// The two halves of state_json.cpp's strict codec: a writer that names every field and a
// reader that refuses anything it was not written with (missing, extra, mistyped fields,
// unknown enum names), remembering the first problem and where it was.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events::codec {

using nlohmann::json;

// Enum names in declaration order; the stored form is the name.
template <class E, std::size_t N>
struct Names {
  std::array<std::string_view, N> names;
  std::string_view of(E e) const { return names.at(static_cast<std::size_t>(e)); }
  std::optional<E> parse(std::string_view s) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (names[i] == s) return static_cast<E>(i);
    }
    return std::nullopt;
  }
};

class Reader {
 public:
  Reader(const json& j, std::string path, std::optional<Error>& error) : j_(j), path_(std::move(path)), error_(error) {
    if (!j_.is_object()) problem("", "must be an object");
  }
  ~Reader() {
    if (!error_ && j_.is_object() && seen_ != j_.size()) problem("", "has fields this version never writes");
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The field's JSON, or nullptr after recording that it is missing.
  const json* field(std::string_view name) {
    if (error_ || !j_.is_object()) return nullptr;
    auto it = j_.find(name);
    if (it == j_.end()) {
      problem(name, "is missing");
      return nullptr;
    }
    ++seen_;
    return &*it;
  }
  std::string path(std::string_view name) const { return path_.empty() ? std::string(name) : path_ + "." + std::string(name); }
  void problem(std::string_view name, std::string what) {
    if (!error_) error_ = Error{Errc::corrupt, "stored state: '" + path(name) + "' " + what, path(name)};
  }
  std::optional<Error>& error() { return error_; }

  void get(std::string_view name, std::string& out) {
    if (const json* v = field(name)) v->is_string() ? void(out = v->get<std::string>()) : problem(name, "must be a string");
  }
  void get(std::string_view name, std::uint64_t& out) {
    if (const json* v = field(name))
      v->is_number_unsigned() ? void(out = v->get<std::uint64_t>()) : problem(name, "must be an unsigned integer");
  }
  void get(std::string_view name, std::int64_t& out) {
    if (const json* v = field(name)) v->is_number_integer() ? void(out = v->get<std::int64_t>()) : problem(name, "must be an integer");
  }
  void get(std::string_view name, bool& out) {
    if (const json* v = field(name)) v->is_boolean() ? void(out = v->get<bool>()) : problem(name, "must be a boolean");
  }
  void get(std::string_view name, json& out) {
    if (const json* v = field(name)) out = *v;
  }
  void get(std::string_view name, JsonText& out) {
    if (const json* v = field(name)) out = JsonText(*v);
  }
  template <class E, std::size_t N>
  void get(std::string_view name, E& out, const Names<E, N>& names) {
    const json* v = field(name);
    if (v == nullptr) return;
    const auto e = v->is_string() ? names.parse(v->get_ref<const std::string&>()) : std::nullopt;
    e ? void(out = *e) : problem(name, "is not a known name");
  }
  // Arrays: each element read by fn(const json&, T&, path) -> bool.
  template <class T, class Fn>
  void list(std::string_view name, std::vector<T>& out, Fn&& fn) {
    const json* v = field(name);
    if (v == nullptr) return;
    if (!v->is_array()) return problem(name, "must be an array");
    std::vector<T> items(v->size());
    for (std::size_t i = 0; i < v->size() && !error_; ++i) fn((*v)[i], items[i], path(name) + "[" + std::to_string(i) + "]");
    if (!error_) out = std::move(items);
  }
  void get(std::string_view name, std::vector<std::string>& out) {
    list(name, out, [&](const json& e, std::string& s, const std::string& p) {
      if (!e.is_string()) return void(error_ = Error{Errc::corrupt, "stored state: '" + p + "' must be a string", p});
      s = e.get<std::string>();
    });
  }
  void get(std::string_view name, std::vector<std::uint64_t>& out) {
    list(name, out, [&](const json& e, std::uint64_t& n, const std::string& p) {
      if (!e.is_number_unsigned()) return void(error_ = Error{Errc::corrupt, "stored state: '" + p + "' must be an unsigned integer", p});
      n = e.get<std::uint64_t>();
    });
  }

 private:
  const json& j_;
  std::string path_;
  std::optional<Error>& error_;
  std::size_t seen_ = 0;
};

// The shared pieces of the states.
inline json meta_json(const StreamMeta& m) {
  return {{"stream", m.stream},         {"version", m.version},         {"first_index", m.first_index},
          {"last_index", m.last_index}, {"created_ms", m.created_ms},   {"updated_ms", m.updated_ms},
          {"corrections", m.corrections}};
}
inline void read_meta(Reader& parent, StreamMeta& m) {
  const json* j = parent.field("meta");
  if (j == nullptr) return;
  Reader r(*j, parent.path("meta"), parent.error());
  r.get("stream", m.stream);
  r.get("version", m.version);
  r.get("first_index", m.first_index);
  r.get("last_index", m.last_index);
  r.get("created_ms", m.created_ms);
  r.get("updated_ms", m.updated_ms);
  r.get("corrections", m.corrections);
}

// Nested objects: fn(Reader&, T&) reads the fields of one.
template <class T, class Fn>
void object(Reader& parent, std::string_view name, T& out, Fn&& fn) {
  const json* j = parent.field(name);
  if (j == nullptr) return;
  Reader r(*j, parent.path(name), parent.error());
  fn(r, out);
}
template <class T, class Fn>
void optional_object(Reader& parent, std::string_view name, std::optional<T>& out, Fn&& fn) {
  const json* j = parent.field(name);
  if (j == nullptr) return;
  if (j->is_null()) return void(out.reset());
  T value{};
  Reader r(*j, parent.path(name), parent.error());
  fn(r, value);
  out = std::move(value);
}
template <class T, class Fn>
void objects(Reader& parent, std::string_view name, std::vector<T>& out, Fn&& fn) {
  parent.list(name, out, [&](const json& e, T& item, const std::string& path) {
    Reader r(e, path, parent.error());
    fn(r, item);
  });
}

inline json doc_json(const DocumentRef& d) { return {{"number", d.number}, {"date", d.date}, {"blob_sha256", d.blob_sha256}}; }
inline void read_doc(Reader& r, DocumentRef& d) {
  r.get("number", d.number);
  r.get("date", d.date);
  r.get("blob_sha256", d.blob_sha256);
}
inline json dref_json(const DirectiveRef& d) { return {{"issuer", d.issuer}, {"symbol", d.symbol}}; }
inline void read_dref(Reader& r, DirectiveRef& d) {
  r.get("issuer", d.issuer);
  r.get("symbol", d.symbol);
}
inline json tref_json(const TaskRef& t) { return {{"issuer", t.issuer}, {"symbol", t.symbol}, {"item", t.item}}; }
inline void read_tref(Reader& r, TaskRef& t) {
  r.get("issuer", t.issuer);
  r.get("symbol", t.symbol);
  r.get("item", t.item);
}
inline json qty_json(const Quantity& q) {
  return {{"ratio", q.ratio}, {"value", q.value}, {"scale", q.scale}, {"numerator", q.numerator},
          {"denominator", q.denominator}};
}
inline void read_qty(Reader& r, Quantity& q) {
  r.get("ratio", q.ratio);
  r.get("value", q.value);
  r.get("scale", q.scale);
  r.get("numerator", q.numerator);
  r.get("denominator", q.denominator);
}
inline json subject_json(const SubjectRef& s) { return {{"unit", s.unit}, {"person", s.person}}; }
inline void read_subject(Reader& r, SubjectRef& s) {
  r.get("unit", s.unit);
  r.get("person", s.person);
}

template <class T, class Fn>
json array_of(const std::vector<T>& items, Fn&& fn) {
  json out = json::array();
  for (const auto& i : items) out.push_back(fn(i));
  return out;
}

template <class State, class Fn>
Result<void> decode(const json& j, State& out, Fn&& fn) {
  std::optional<Error> error;
  State s{};
  {
    Reader r(j, "", error);
    read_meta(r, s.meta);
    fn(r, s);
  }
  if (error) return fail(*error);
  out = std::move(s);
  return {};
}

}  // namespace dauvet::events::codec
