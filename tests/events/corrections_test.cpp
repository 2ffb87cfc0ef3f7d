// Corrections annotate, erasure deletes personal data: neither edits an entry.
#include "domain_fixture.hpp"
#include "events/event_types.hpp"

namespace dauvet::events::testing {
namespace {

class Corrections : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    seed_program_26();
    task("I.10", "btc-tu", "Trong quý IV hằng năm", annual());
    created_index_ = world.size() - 1;
    ack_index_ = ok(kClerkBtc, "task.acknowledge", ref("I.10", {{"note", "Đã nhận ngày 20/10"}}))[0].index;
    person_index_ = ok(kInspector, "person.register",
                       {{"id", "dv-0001"}, {"name", "Trần Văn B"}, {"unit", "xa-hop-thanh"}})[0].index;
    progress_index_ = ok(kClerkBtc, "task.report_progress", ref("I.10", {{"note", "Đồng chí Trần Văn B chậm"}}))[0].index;
  }
  std::uint64_t created_index_ = 0, ack_index_ = 0, person_index_ = 0, progress_index_ = 0;
};

TEST_F(Corrections, ACorrectionGoesToTheCorrectedEntrysStreamAndChangesNoState) {
  const auto before = task_state("I.10");
  const auto e = ok(kClerkBtc, "entry.correct",
                    {{"index", ack_index_}, {"kind", "correction"}, {"reason", "Ghi sai ngày"},
                     {"corrected", {{"note", "Đã nhận ngày 21/10"}}}});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].stream, "task/tinh-uy/26-CTr/TU/I.10");
  EXPECT_EQ(e[0].payload["index"], ack_index_);
  EXPECT_EQ(e[0].payload["type"], "task.acknowledged");
  const auto after = task_state("I.10");
  EXPECT_EQ(after.meta.corrections, std::vector<std::uint64_t>{e[0].index});
  EXPECT_EQ(after.status, before.status);
  EXPECT_EQ(after.meta.version, before.meta.version + 1);
  EXPECT_EQ(world.log()[ack_index_].payload["note"], "Đã nhận ngày 20/10") << "the entry itself is untouched";
}

TEST_F(Corrections, WhoMayCorrect) {
  const json annotation = {{"index", ack_index_}, {"kind", "annotation"}, {"reason", "Bổ sung bối cảnh"}};
  EXPECT_EQ(refused(kClerkBtg, "entry.correct", annotation).code, Errc::forbidden);
  EXPECT_EQ(refused(kOversight, "entry.correct", annotation).code, Errc::forbidden);
  ok(kIssuer, "entry.correct", annotation);  // btc-tu lies in tinh-uy's subtree
  ok(kAdmin, "entry.correct", annotation);
  EXPECT_EQ(refused(kClerkBtc, "entry.correct", {{"index", ack_index_}, {"kind", "correction"}, {"reason", "x"}}).field,
            "corrected");
  EXPECT_EQ(refused(kClerkBtc, "entry.correct", {{"index", 100000}, {"kind", "annotation"}, {"reason", "x"}}).code,
            Errc::not_found);
  EXPECT_EQ(refused(kClerkBtc, "entry.correct", {{"index", -1}, {"kind", "annotation"}, {"reason", "x"}}).field, "index");
}

TEST_F(Corrections, ErasureRemovesPersonalDataOnly) {
  const json erase = {{"indexes", {progress_index_, person_index_}},
                      {"legal_basis", "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, Điều 16"},
                      {"reason", "Yêu cầu xóa của chủ thể dữ liệu"}};
  EXPECT_EQ(refused(kInspector, "payload.erase", erase).code, Errc::forbidden);
  auto no_basis = erase;
  no_basis.erase("legal_basis");
  EXPECT_EQ(refused(kAdmin, "payload.erase", no_basis).field, "legal_basis");
  auto structural = erase;
  structural["indexes"] = {person_index_, created_index_};
  auto e = refused(kAdmin, "payload.erase", structural);
  EXPECT_EQ(e.code, Errc::invalid_argument);
  EXPECT_EQ(e.field, "indexes[1]");
  EXPECT_NE(e.message.find("task.created"), std::string::npos) << e.message;
  auto twice = erase;
  twice["indexes"] = {person_index_, person_index_};
  EXPECT_EQ(refused(kAdmin, "payload.erase", twice).field, "indexes[1]");

  const auto events = ok(kAdmin, "payload.erase", erase);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].stream, "erasures");
  EXPECT_EQ(events[0].type, "payload.erased");
  EXPECT_EQ(events[0].payload["erased"], (json{person_index_, progress_index_})) << "sorted";
  const auto decided = decide(Context{kAdmin, now + 1, world},
                              *decode_command("payload.erase", {{"indexes", {ack_index_ - 1}},
                                                                {"legal_basis", "x"}, {"reason", "y"}}));
  EXPECT_FALSE(decided) << "task.created is never erasable";

  EXPECT_TRUE(world.entry(person_index_)->erased);
  EXPECT_TRUE(world.log()[person_index_].payload.is_null());
  EXPECT_FALSE(world.entry(ack_index_)->erased);
  EXPECT_EQ(refused(kAdmin, "payload.erase", erase).code, Errc::invalid_state) << "already erased";

  // Rebuilding from the log, payloads gone, keeps every rule working.
  const auto rebuilt = MemoryWorld::replay(world.log());
  const auto person = rebuilt.person("dv-0001");
  ASSERT_TRUE(person);
  EXPECT_TRUE(person->erased);
  EXPECT_TRUE(person->name.empty());
  EXPECT_EQ(rebuilt.task(task_stream("tinh-uy", "26-CTr/TU", "I.10"))->progress_reports, 1u);
  EXPECT_EQ(rebuilt.task(task_stream("tinh-uy", "26-CTr/TU", "I.10"))->status, TaskStatus::acknowledged);
  ok(kInspector, "case.open",
     {{"id", "kl-1"}, {"subject", {{"person", "dv-0001"}}}, {"body", "ubkt-tu"}, {"grounds", "Vi phạm"}});
}

TEST_F(Corrections, TheErasableTypesAreExactlyThoseWhoseLossNoRuleNotices) {
  std::vector<std::string> erasable;
  for (auto t : type::all()) {
    if (type::erasable(t)) erasable.emplace_back(t);
  }
  EXPECT_EQ(erasable, (std::vector<std::string>{"person.registered", "task.progress_reported",
                                                "inspection.finding_recorded", "inspection.concluded",
                                                "case.appealed", "case.appeal_decided", "entry.corrected"}));
  EXPECT_EQ(type::all().size(), 42u);
}

}  // namespace
}  // namespace dauvet::events::testing
