// decode_command: strict JSON for every command type — unknown, missing and mistyped fields
// are refused with the field's path.
#include "command_samples.hpp"

namespace dauvet::events::testing {
namespace {

std::vector<Sample> all_samples() { return samples(Prepared{3, 7}); }

// A value of a type the field does not take.
json mistyped(const json& v) {
  if (v.is_string()) return 42;
  if (v.is_number()) return "42";
  if (v.is_boolean()) return "yes";
  if (v.is_array()) return "a";
  return json::array({1});
}

TEST(Decode, EveryCommandTypeHasASampleAndDecodesIt) {
  std::set<std::string> covered;
  for (const auto& s : all_samples()) {
    covered.insert(s.type);
    const auto c = decode_command(s.type, s.body);
    ASSERT_TRUE(c) << s.type << ": " << c.error().to_string();
    EXPECT_EQ(command_type(*c), s.type);
  }
  EXPECT_EQ(covered.size(), command_types().size());
  for (auto t : command_types()) EXPECT_TRUE(covered.contains(std::string(t))) << t;
}

TEST(Decode, UnknownFieldsAreRefusedByName) {
  for (const auto& s : all_samples()) {
    auto body = s.body;
    body["lead_unit"] = "btc-tu";
    const auto c = decode_command(s.type, body);
    ASSERT_FALSE(c) << s.type;
    EXPECT_EQ(c.error().code, Errc::invalid_argument);
    EXPECT_EQ(c.error().field, "lead_unit") << s.type;
    EXPECT_NE(c.error().message.find("allowed: "), std::string::npos) << c.error().message;
  }
}

TEST(Decode, MissingRequiredFieldsAreNamedAndOptionalOnesMayBeLeftOut) {
  for (const auto& s : all_samples()) {
    for (const auto& [key, value] : s.body.items()) {
      auto body = s.body;
      body.erase(key);
      const auto c = decode_command(s.type, body);
      if (s.required.contains(key)) {
        ASSERT_FALSE(c) << s.type << " without " << key;
        EXPECT_EQ(c.error().code, Errc::invalid_argument);
        EXPECT_EQ(c.error().field, key) << s.type << ": " << c.error().to_string();
      } else {
        EXPECT_TRUE(c) << s.type << " without optional " << key << ": " << c.error().to_string();
      }
      // null reads as absent.
      body[key] = nullptr;
      EXPECT_EQ(bool(decode_command(s.type, body)), !s.required.contains(key)) << s.type << " " << key << ": null";
    }
    for (const auto& key : s.required) EXPECT_TRUE(s.body.contains(key)) << s.type << " sample lacks " << key;
  }
}

TEST(Decode, MistypedFieldsAreRefusedWithTheirPath) {
  for (const auto& s : all_samples()) {
    for (const auto& [key, value] : s.body.items()) {
      auto body = s.body;
      body[key] = mistyped(value);
      const auto c = decode_command(s.type, body);
      ASSERT_FALSE(c) << s.type << " with " << key << " = " << body[key].dump();
      EXPECT_EQ(c.error().code, Errc::invalid_argument);
      EXPECT_EQ(c.error().field.substr(0, key.size()), key) << s.type << ": " << c.error().to_string();
    }
  }
}

TEST(Decode, NestedPathsAndFloats) {
  const auto field_of = [](std::string_view type, const json& body) {
    const auto c = decode_command(type, body);
    EXPECT_FALSE(c) << type << " " << body.dump();
    return c ? std::string("(accepted)") : c.error().field;
  };
  const json t = {{"issuer", "tinh-uy"}, {"symbol", "26-CTr/TU"}, {"item", "I.1"}};
  json body = t;
  body["content"] = "c";
  body["time_frame"] = {{"schedule", {{"kind", "once"}}}};
  EXPECT_EQ(field_of("task.create", body), "time_frame.raw");
  body["time_frame"] = {{"raw", "Quý III/2023"}, {"schedule", {{"kind", "once"}, {"due", {"2023-09-30", 20230930}}}}};
  EXPECT_EQ(field_of("task.create", body), "time_frame.schedule.due[1]");
  body["time_frame"] = {{"raw", "Quý III/2023"}, {"schedule", {{"kind", "once"}, {"share", 0.5}}}};
  EXPECT_EQ(field_of("task.create", body), "time_frame.schedule.share");
  // A raw object is walked for floats; past 64 levels the walk stops and refuses, since a
  // decoder that recursed 100,000 levels would overflow its thread's stack.
  json deep = json::array();
  for (int i = 0; i < 100'000; ++i) {
    json outer = json::array();
    outer.push_back(std::move(deep));
    deep = std::move(outer);
  }
  body["time_frame"] = {{"raw", "Quý III/2023"}, {"schedule", {{"kind", "once"}, {"x", std::move(deep)}}}};
  {
    const auto c = decode_command("task.create", body);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("nested deeper than 64 levels"), std::string::npos) << c.error().to_string();
  }
  body["time_frame"] = {{"raw", "Quý V/2023"}, {"schedule", {{"kind", "someday"}}}};
  EXPECT_EQ(field_of("task.create", body), "time_frame.schedule.kind");
  body = t;
  body["evidence"] = {{"blob_sha256", 12}};
  EXPECT_EQ(field_of("task.complete", body), "evidence.blob_sha256");
  body["evidence"] = {{"document", {{"date", "2024-01-01"}}}};
  EXPECT_EQ(field_of("task.complete", body), "evidence.document.number");
  body = t;
  body["note"] = "n";
  body["percent_bp"] = 75.5;
  EXPECT_EQ(field_of("task.report_progress", body), "percent_bp");
  body["percent_bp"] = 10001;
  EXPECT_EQ(field_of("task.report_progress", body), "percent_bp");
  EXPECT_EQ(field_of("inspection.open", {{"id", "i"}, {"kind", "kiem_tra"}, {"body", "b"}, {"title", "t"}, {"scope", "s"},
                                         {"period", {{"from", "2024-01-01"}, {"to", "2024-02-01"}}},
                                         {"subjects", {{{"unit", "a"}}, {{"person", 5}}}}}),
            "subjects[1].person");
  EXPECT_EQ(field_of("report.submit", {{"id", "r"}, {"unit", "u"}, {"number", "1"}, {"signer", "s"},
                                       {"indicator_values", {{{"indicator", "i"}, {"value", {{"scale", "100"}}}}}}}),
            "indicator_values[0].value.scale");
  EXPECT_EQ(field_of("payload.erase", {{"indexes", {1, -2}}, {"legal_basis", "b"}, {"reason", "r"}}), "indexes[1]");
  EXPECT_EQ(field_of("unit.create", {{"id", "x"}, {"name", "Tên\nhai dòng"}, {"kind", "khac"}}), "name");
  EXPECT_EQ(field_of("unit.create", {{"id", "x"}, {"name", "   "}, {"kind", "khac"}}), "name");
}

TEST(Decode, BodiesAndTypesThatAreNotCommands) {
  auto c = decode_command("task.finish", json::object());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "type");
  EXPECT_NE(c.error().message.find("task.complete"), std::string::npos);
  c = decode_command("unit.create", json::array());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("must be a JSON object"), std::string::npos);
  c = decode_command("unit.create", json::object());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "id");
  EXPECT_NE(c.error().message.find("required"), std::string::npos);
}

TEST(Decode, CommandsBuiltInCodeAreCheckedTheSameWay) {
  TaskGrantExtension grant;
  grant.task = TaskRef{"tinh-uy", "26-CTr/TU", "I.1"};
  grant.new_due = "2024-02-30";
  grant.reason = "r";
  const auto r = check_command(Command{grant});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "new_due");
  // decide() checks too: an importer's command never skips the field rules.
  MemoryWorld world;
  const auto d = decide(Context{kAdmin, 0, world}, Command{grant});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "new_due");
}

}  // namespace
}  // namespace dauvet::events::testing
