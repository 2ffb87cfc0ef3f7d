#include "events/json_reader.hpp"

#include <algorithm>
#include <limits>

namespace dauvet::events {

namespace {

// Payloads are canonical JSON, integers only: a float anywhere would be refused by the
// ledger after the command was accepted, so it is refused here, where the path is known.
// The walk is recursive, so it stops past kMaxDepth: a 100,000-deep array would overflow
// the stack of whichever thread decodes it.
// As deep as the ledger's canonical JSON goes (core::kMaxNesting); events does not
// depend on core, so the bound is repeated here.
constexpr int kMaxNesting = 64;

struct Refusal {
  std::string path, why;
};

std::optional<Refusal> refuse_inside(const nlohmann::json& v, const std::string& path, int depth = 0) {
  if (depth > kMaxNesting)
    return Refusal{path, "is nested deeper than " + std::to_string(kMaxNesting) + " levels"};
  if (v.is_number_float()) return Refusal{path, "must not be a number with a fraction: the ledger stores integers only"};
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      if (auto r = refuse_inside(child, path + "." + k, depth + 1)) return r;
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (auto r = refuse_inside(v[i], path + "[" + std::to_string(i) + "]", depth + 1)) return r;
    }
  }
  return std::nullopt;
}

}  // namespace

JsonReader::JsonReader(const nlohmann::json& value, std::string path) : value_(value), path_(std::move(path)) {
  if (!value_.is_object()) {
    set_error(path_, "must be a JSON object, got " + std::string(type_name(value_)));
  }
}

std::string_view JsonReader::type_name(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer()) return "an integer";
  if (v.is_number_float()) return "a number with a fraction";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string JsonReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonReader::set_error(std::string field, std::string message) {
  if (!error_) error_ = Error{Errc::invalid_argument, std::move(message), std::move(field)};
}

void JsonReader::absorb(JsonReader& child) {
  if (error_) return;
  if (auto done = child.finish(); !done) error_ = done.error();
}

const nlohmann::json* JsonReader::lookup(std::string_view key, bool required, std::string_view expected) {
  known_.emplace_back(key);
  if (error_) return nullptr;
  const auto it = value_.find(key);
  if (it == value_.end() || it->is_null()) {
    if (required) set_error(path_of(key), "is required (bắt buộc): " + std::string(expected));
    return nullptr;
  }
  return &*it;
}

void JsonReader::wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& got) {
  set_error(path_of(key), "must be " + std::string(expected) + ", got " + std::string(type_name(got)));
}

std::string JsonReader::str(std::string_view key) {
  const nlohmann::json* v = lookup(key, true, "a string");
  if (v == nullptr) return {};
  if (!v->is_string()) {
    wrong_type(key, "a string", *v);
    return {};
  }
  return v->get<std::string>();
}

std::string JsonReader::opt_str(std::string_view key) {
  const nlohmann::json* v = lookup(key, false, "a string");
  if (v == nullptr) return {};
  if (!v->is_string()) {
    wrong_type(key, "a string", *v);
    return {};
  }
  return v->get<std::string>();
}

std::optional<std::int64_t> JsonReader::integer_at(std::string_view key, bool required) {
  const nlohmann::json* v = lookup(key, required, "an integer");
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    wrong_type(key, v->is_number_float() ? "an integer (no fractions: write shares as value and scale)"
                                         : "an integer",
               *v);
    return std::nullopt;
  }
  if (v->is_number_unsigned() &&
      v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    set_error(path_of(key), "is too large");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::optional<std::int64_t> JsonReader::opt_integer(std::string_view key) { return integer_at(key, false); }
std::int64_t JsonReader::integer(std::string_view key) { return integer_at(key, true).value_or(0); }

std::uint64_t JsonReader::index(std::string_view key) {
  const std::int64_t n = integer(key);
  if (n < 0) set_error(path_of(key), "must be a ledger index (0 or more), got " + std::to_string(n));
  return n < 0 ? 0 : static_cast<std::uint64_t>(n);
}

bool JsonReader::boolean(std::string_view key, bool fallback) {
  const nlohmann::json* v = lookup(key, false, "a boolean");
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) {
    wrong_type(key, "true or false", *v);
    return fallback;
  }
  return v->get<bool>();
}

std::vector<std::string> JsonReader::strs(std::string_view key, bool required) {
  const nlohmann::json* v = lookup(key, required, "an array of strings");
  if (v == nullptr) return {};
  if (!v->is_array()) {
    wrong_type(key, "an array of strings", *v);
    return {};
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      set_error(path_of(key) + "[" + std::to_string(i) + "]", "must be a string, got " +
                                                                   std::string(type_name((*v)[i])));
      return {};
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::vector<std::uint64_t> JsonReader::indexes(std::string_view key, bool required) {
  const nlohmann::json* v = lookup(key, required, "an array of ledger indexes");
  if (v == nullptr) return {};
  if (!v->is_array()) {
    wrong_type(key, "an array of ledger indexes", *v);
    return {};
  }
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_number_integer() || (!e.is_number_unsigned() && e.get<std::int64_t>() < 0)) {
      set_error(path_of(key) + "[" + std::to_string(i) + "]",
                "must be a ledger index (an integer 0 or more), got " + std::string(type_name(e)));
      return {};
    }
    out.push_back(e.get<std::uint64_t>());
  }
  return out;
}

nlohmann::json JsonReader::raw_object(std::string_view key, bool required) {
  const nlohmann::json* v = lookup(key, required, "an object");
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    wrong_type(key, "an object", *v);
    return nullptr;
  }
  if (auto refusal = refuse_inside(*v, path_of(key))) {
    set_error(refusal->path, refusal->why);
    return nullptr;
  }
  return *v;
}

Result<void> JsonReader::finish() {
  if (error_) return fail(*error_);
  for (const auto& [k, v] : value_.items()) {
    if (std::find(known_.begin(), known_.end(), k) != known_.end()) continue;
    std::string allowed;
    std::vector<std::string> sorted = known_;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const auto& name : sorted) allowed += (allowed.empty() ? "" : ", ") + name;
    error_ = Error{Errc::invalid_argument, "is not a field of this command (trường không hợp lệ); allowed: " + allowed,
                   path_of(k)};
    return fail(*error_);
  }
  return {};
}

}  // namespace dauvet::events
