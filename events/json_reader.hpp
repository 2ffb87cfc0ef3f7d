// Strict reading of a command body: every field a command knows is read by name, with
// its type checked; whatever is left over is an unknown field and refused, so a typo
// ("lead_unit" for "lead") never silently drops data.
//
// The reader keeps the first error it meets and returns neutral values after it, so a
// decoder reads straight through and asks finish() once. Field paths in errors follow the
// JSON: "evidence.report", "subjects[1].person".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace dauvet::events {

class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string path);

  std::string str(std::string_view key);      // required string
  std::string opt_str(std::string_view key);  // "" when absent or null
  std::int64_t integer(std::string_view key);
  std::optional<std::int64_t> opt_integer(std::string_view key);
  std::uint64_t index(std::string_view key);  // a ledger index: an integer >= 0
  bool boolean(std::string_view key, bool fallback);
  std::vector<std::string> strs(std::string_view key, bool required);
  std::vector<std::uint64_t> indexes(std::string_view key, bool required);
  // Any JSON object, kept as is (floats refused): a parsed schedule, corrected values.
  nlohmann::json raw_object(std::string_view key, bool required);

  // read(JsonReader&) over a nested object; false when it is absent (and not required).
  template <class F>
  bool object(std::string_view key, bool required, F&& read) {
    const nlohmann::json* v = lookup(key, required, "an object");
    if (v == nullptr) return false;
    if (!v->is_object()) {
      wrong_type(key, "an object", *v);
      return false;
    }
    JsonReader child(*v, path_of(key));
    read(child);
    absorb(child);
    return true;
  }

  // read(JsonReader&, index) over an array of objects.
  template <class F>
  void objects(std::string_view key, bool required, F&& read) {
    const nlohmann::json* v = lookup(key, required, "an array of objects");
    if (v == nullptr) return;
    if (!v->is_array()) {
      wrong_type(key, "an array of objects", *v);
      return;
    }
    for (std::size_t i = 0; i < v->size() && !error_; ++i) {
      JsonReader child((*v)[i], path_of(key) + "[" + std::to_string(i) + "]");
      read(child, i);
      absorb(child);
    }
  }

  // The first error met, else an unknown field if there is one.
  Result<void> finish();
  bool failed() const { return error_.has_value(); }
  // Records a rule a decoder checks across fields (unless an error came first).
  void reject(std::string field, std::string message) { set_error(std::move(field), std::move(message)); }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;

  // "a string", "an integer", ... for messages.
  static std::string_view type_name(const nlohmann::json& v);

 private:
  const nlohmann::json* lookup(std::string_view key, bool required, std::string_view expected);
  std::optional<std::int64_t> integer_at(std::string_view key, bool required);
  void wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& got);
  void set_error(std::string field, std::string message);
  void absorb(JsonReader& child);

  const nlohmann::json& value_;
  std::string path_;
  std::vector<std::string> known_;
  std::optional<Error> error_;
};

}  // namespace dauvet::events
