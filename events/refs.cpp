#include "events/refs.hpp"

#include "events/fields.hpp"
#include "events/streams.hpp"

namespace dauvet::events {

void read(JsonReader& r, DocumentRef& d) {
  d.number = r.str("number");
  d.date = r.opt_str("date");
  d.blob_sha256 = r.opt_str("blob_sha256");
}

Result<void> check(const DocumentRef& d, const std::string& f) {
  DAUVET_TRY(field::line(d.number, field::dot(f, "number")));
  DAUVET_TRY(field::optional_date(d.date, field::dot(f, "date")));
  DAUVET_TRY(field::optional_sha256(d.blob_sha256, field::dot(f, "blob_sha256")));
  return {};
}

nlohmann::json to_json(const DocumentRef& d) {
  nlohmann::json j = {{"number", d.number}};
  if (!d.date.empty()) j["date"] = d.date;
  if (!d.blob_sha256.empty()) j["blob_sha256"] = d.blob_sha256;
  return j;
}

DocumentRef document_from(const nlohmann::json& j) {
  return DocumentRef{str_of(j, "number"), str_of(j, "date"), str_of(j, "blob_sha256")};
}

void read(JsonReader& r, DirectiveRef& d) {
  d.issuer = r.str("issuer");
  d.symbol = r.str("symbol");
}

Result<void> check(const DirectiveRef& d, const std::string& f) {
  DAUVET_TRY(field::id(d.issuer, field::dot(f, "issuer"), "issuing unit id"));
  DAUVET_TRY(field::symbol(d.symbol, field::dot(f, "symbol")));
  return {};
}

nlohmann::json to_json(const DirectiveRef& d) { return {{"issuer", d.issuer}, {"symbol", d.symbol}}; }

std::string TaskRef::stream() const { return task_stream(issuer, symbol, item); }

void read(JsonReader& r, TaskRef& t) {
  t.issuer = r.str("issuer");
  t.symbol = r.str("symbol");
  t.item = r.str("item");
}

Result<void> check(const TaskRef& t, const std::string& f) {
  DAUVET_TRY(field::id(t.issuer, field::dot(f, "issuer"), "issuing unit id"));
  DAUVET_TRY(field::symbol(t.symbol, field::dot(f, "symbol")));
  DAUVET_TRY(field::item(t.item, field::dot(f, "item")));
  return {};
}

nlohmann::json to_json(const TaskRef& t) {
  return {{"issuer", t.issuer}, {"symbol", symbol_key(t.symbol)}, {"item", t.item}};
}

void read(JsonReader& r, Quantity& q) {
  const auto value = r.opt_integer("value");
  const auto scale = r.opt_integer("scale");
  const auto numerator = r.opt_integer("numerator");
  const auto denominator = r.opt_integer("denominator");
  if (r.failed()) return;
  const bool scaled = value || scale;
  q.ratio = numerator || denominator;
  if (scaled == q.ratio) {
    // Both shapes at once would leave readers guessing which one counts.
    r.reject(r.path(), scaled ? "give either value and scale or numerator and denominator, not both"
                              : "is required: value and scale (e.g. 9000 and 100 for 90.00%) or numerator and "
                                "denominator (e.g. 57 of 60)");
    return;
  }
  if (scaled && !value) r.reject(r.path_of("value"), "is required with scale: the amount in 1/scale units");
  if (q.ratio && (!numerator || !denominator)) {
    r.reject(r.path_of(numerator ? "denominator" : "numerator"), "is required: a share needs numerator and denominator");
  }
  q.value = value.value_or(0);
  q.scale = scale.value_or(1);
  q.numerator = numerator.value_or(0);
  q.denominator = denominator.value_or(0);
}

Result<void> check(const Quantity& q, const std::string& f) {
  if (q.ratio) {
    if (q.denominator <= 0) {
      return fail(Errc::invalid_argument, "must be a positive count (the total, mẫu số)", field::dot(f, "denominator"));
    }
    if (q.numerator < 0) {
      return fail(Errc::invalid_argument, "must not be negative (tử số)", field::dot(f, "numerator"));
    }
    return {};
  }
  if (q.scale != 1 && q.scale != 10 && q.scale != 100 && q.scale != 1000 && q.scale != 10000) {
    return fail(Errc::invalid_argument,
                "must be 1, 10, 100, 1000 or 10000: the value is an integer count of 1/scale (9000 with scale "
                "100 = 90.00)",
                field::dot(f, "scale"));
  }
  return {};
}

nlohmann::json to_json(const Quantity& q) {
  if (q.ratio) return {{"numerator", q.numerator}, {"denominator", q.denominator}};
  return {{"value", q.value}, {"scale", q.scale}};
}

Quantity quantity_from(const nlohmann::json& j) {
  Quantity q;
  if (j.is_object() && j.contains("denominator")) {
    q.ratio = true;
    q.numerator = int_of(j, "numerator");
    q.denominator = int_of(j, "denominator");
  } else {
    q.value = int_of(j, "value");
    q.scale = int_of(j, "scale", 1);
  }
  return q;
}

void read(JsonReader& r, SubjectRef& s) {
  s.unit = r.opt_str("unit");
  s.person = r.opt_str("person");
}

Result<void> check(const SubjectRef& s, const std::string& f) {
  if (s.unit.empty() == s.person.empty()) {
    return fail(Errc::invalid_argument,
                "must name exactly one of 'unit' (an organisation, tổ chức) or 'person' (cá nhân)", f);
  }
  if (s.is_person()) return field::id(s.person, field::dot(f, "person"), "person id");
  return field::id(s.unit, field::dot(f, "unit"), "unit id");
}

nlohmann::json to_json(const SubjectRef& s) {
  return s.is_person() ? nlohmann::json{{"person", s.person}} : nlohmann::json{{"unit", s.unit}};
}

SubjectRef subject_from(const nlohmann::json& j) { return SubjectRef{str_of(j, "unit"), str_of(j, "person")}; }

std::string str_of(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t int_of(const nlohmann::json& j, std::string_view key, std::int64_t fallback) {
  if (!j.is_object()) return fallback;
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

const nlohmann::json& member_of(const nlohmann::json& j, std::string_view key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::vector<std::string> strs_of(const nlohmann::json& j, std::string_view key) {
  std::vector<std::string> out;
  if (!j.is_object()) return out;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace dauvet::events
