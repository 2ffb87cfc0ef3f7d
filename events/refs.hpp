// Small value types several aggregates share, each with its JSON reading, its field
// check and its payload form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "events/json_reader.hpp"

namespace dauvet::events {

// A document as cited: "Quyết định số 998-QĐ/TU ngày 12/01/2024" -> number, date, and the
// stored file's hash when the file was uploaded as a blob.
struct DocumentRef {
  std::string number;       // as written
  std::string date;         // YYYY-MM-DD, may be empty when unknown
  std::string blob_sha256;  // may be empty
  friend bool operator==(const DocumentRef&, const DocumentRef&) = default;
};
void read(JsonReader& r, DocumentRef& d);
Result<void> check(const DocumentRef& d, const std::string& field);
nlohmann::json to_json(const DocumentRef& d);
DocumentRef document_from(const nlohmann::json& payload);

// A directive in the ledger: its issuing unit and its symbol (as written or keyed).
struct DirectiveRef {
  std::string issuer;
  std::string symbol;
  friend bool operator==(const DirectiveRef&, const DirectiveRef&) = default;
};
void read(JsonReader& r, DirectiveRef& d);
Result<void> check(const DirectiveRef& d, const std::string& field);
nlohmann::json to_json(const DirectiveRef& d);

// A task: its directive and its item.
struct TaskRef {
  std::string issuer;
  std::string symbol;
  std::string item;
  std::string stream() const;
  friend bool operator==(const TaskRef&, const TaskRef&) = default;
};
void read(JsonReader& r, TaskRef& t);
Result<void> check(const TaskRef& t, const std::string& field);
nlohmann::json to_json(const TaskRef& t);

// An amount without floats: either a scaled integer (9000 with scale 100 = 90.00, for
// "trên 90%") or a count of a total (57 of 60 tổ chức cơ sở đảng).
struct Quantity {
  bool ratio = false;
  std::int64_t value = 0;
  std::int64_t scale = 1;  // 1, 10, 100, 1000 or 10000
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  friend bool operator==(const Quantity&, const Quantity&) = default;
};
void read(JsonReader& r, Quantity& q);
Result<void> check(const Quantity& q, const std::string& field);
nlohmann::json to_json(const Quantity& q);
Quantity quantity_from(const nlohmann::json& j);

// Who an inspection or a discipline case is about: a unit (tổ chức) or a person (cá nhân).
struct SubjectRef {
  std::string unit;    // exactly one of unit and person is set
  std::string person;
  bool is_person() const { return !person.empty(); }
  const std::string& id() const { return is_person() ? person : unit; }
  friend bool operator==(const SubjectRef&, const SubjectRef&) = default;
};
void read(JsonReader& r, SubjectRef& s);
Result<void> check(const SubjectRef& s, const std::string& field);
nlohmann::json to_json(const SubjectRef& s);
SubjectRef subject_from(const nlohmann::json& j);

// Reading payload members that may be absent (erased payloads, older events).
std::string str_of(const nlohmann::json& j, std::string_view key);
std::int64_t int_of(const nlohmann::json& j, std::string_view key, std::int64_t fallback = 0);
std::vector<std::string> strs_of(const nlohmann::json& j, std::string_view key);
// The member, or null when j is not an object or lacks it.
const nlohmann::json& member_of(const nlohmann::json& j, std::string_view key);

}  // namespace dauvet::events
