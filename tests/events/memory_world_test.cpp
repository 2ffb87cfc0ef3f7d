// The reference World: it must behave as the writer does — all or nothing, versions
// checked, time never going back — and a replay of its log must rebuild the same states.
#include "command_samples.hpp"

namespace dauvet::events::testing {
namespace {

NewEvent creation(const std::string& id) {
  return NewEvent{unit_stream(id), "unit.created", {{"id", id}, {"name", "Đơn vị " + id}, {"kind", "khac"}}, 0, {}};
}

TEST(MemoryWorld, AppendIsAllOrNothingAndChecksVersions) {
  MemoryWorld world;
  ASSERT_TRUE(world.append(kAdmin, 1000, {creation("a")}));
  // The second event would create "a" again: nothing of the batch is written.
  auto r = world.append(kAdmin, 2000, {creation("b"), creation("a")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(world.size(), 1u);
  EXPECT_FALSE(world.unit("b"));
  // Two events on one new stream in one append: the second sees the first's version.
  auto rename = NewEvent{unit_stream("b"), "unit.renamed", {{"id", "b"}, {"name", "B"}}, 1, {}};
  r = world.append(kAdmin, 2000, {creation("b"), rename});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[1].version, 2u);
  EXPECT_EQ(world.unit("b")->name, "B");
  EXPECT_EQ(world.unit("b")->former_names, std::vector<std::string>{"Đơn vị b"});
  r = world.append(kAdmin, 1999, {creation("c")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::internal) << "recorded_at never goes back";
  const auto info = world.entry(2);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->stream, "unit/b");
  EXPECT_EQ(info->type, "unit.renamed");
  EXPECT_EQ(info->actor, kAdmin);
  EXPECT_EQ(info->recorded_at_ms, 2000);
  EXPECT_FALSE(world.entry(3));
}

class Replay : public PreparedTest {
 protected:
  void SetUp() override { prepare(); }
};

// A projection rebuilt from the entries must equal the one kept in step with them.
TEST_F(Replay, ReplayingTheLogRebuildsEveryState) {
  // Every command kind on top of the prepared world; some of the samples undo the
  // preconditions of later ones (a granted extension leaves none to refuse), which is fine:
  // what matters is that many kinds of event are in the log.
  int written = 0;
  for (const auto& s : samples(prepared)) {
    if (s.type.starts_with("unit.") || s.type.starts_with("actor.") || s.type == "payload.erase") continue;
    auto command = decode_command(s.type, s.body);
    ASSERT_TRUE(command);
    now += 1000;
    written += world.execute(kAdmin, now, *command) ? 1 : 0;
  }
  EXPECT_GE(written, 28);
  const auto rebuilt = MemoryWorld::replay(world.log());
  EXPECT_EQ(rebuilt.size(), world.size());
  for (const char* item : {"A.created", "A.assigned", "A.ack", "A.prog", "A.susp", "A.done", "A.verified", "A.ext", "B.1"}) {
    const auto stream = task_stream("tinh-uy", "26-CTr/TU", item);
    EXPECT_EQ(rebuilt.task(stream), world.task(stream)) << item;
  }
  for (const char* id : {"r.pending", "r.submitted", "r.new"}) EXPECT_EQ(rebuilt.report(id), world.report(id)) << id;
  for (const char* id : {"ind", "ind.new"}) EXPECT_EQ(rebuilt.indicator(id), world.indicator(id)) << id;
  for (const char* id : {"insp", "insp.new"}) EXPECT_EQ(rebuilt.inspection(id), world.inspection(id)) << id;
  for (const char* id : {"c.open", "c.decided", "c.appealed", "c.new"}) {
    EXPECT_EQ(rebuilt.discipline_case(id), world.discipline_case(id)) << id;
  }
  for (const char* id : {"tinh-uy", "btc-tu", "btg-tu"}) EXPECT_EQ(rebuilt.unit(id), world.unit(id)) << id;
  EXPECT_EQ(rebuilt.directive("tinh-uy", "27-CTr/TU"), world.directive("tinh-uy", "27-CTr/TU"));
  EXPECT_EQ(rebuilt.person("p2"), world.person("p2"));
  EXPECT_EQ(rebuilt.actor("someone"), world.actor("someone"));
  EXPECT_EQ(world.task(task_stream("tinh-uy", "26-CTr/TU", "A.ack"))->meta.corrections.size(), 1u);
}

TEST_F(Replay, DueDatesFollowTheSchedule) {
  // Seed 001, row I.1; seed 002, item 4; seed 002, item 7; seed 001, row I.10.
  task("D.1", "btc-tu", "Thực hiện thường xuyên (Hoàn thành các mục tiêu và tổng kết Đề án vào quý IV/2025)",
       {{"kind", "continuous"}, {"due", {"2025-12-31"}}});
  task("D.2", "btc-tu", "Thực hiện sơ kết trước 15/7/2024, tổng kết trước 15/02/2025",
       {{"kind", "milestones"}, {"due", {"2024-07-15", "2025-02-15"}}});
  task("D.3", "btc-tu", "Thực hiện theo yêu cầu", {{"kind", "on_demand"}, {"due", json::array()}});
  task("D.4", "btc-tu", "Trong quý IV hằng năm", annual());
  task("D.5", "btc-tu", "Quý V/2023", {{"kind", "unknown"}, {"needs_review", true}});
  EXPECT_EQ(task_state("D.1").due(), "2025-12-31");
  EXPECT_EQ(task_state("D.2").due(), "2025-02-15");
  EXPECT_FALSE(task_state("D.3").due());
  EXPECT_FALSE(task_state("D.4").due());
  EXPECT_FALSE(task_state("D.5").due());
  EXPECT_EQ(task_state("D.5").time_frame_raw, "Quý V/2023") << "kept as written, never guessed";
  EXPECT_EQ(refused(kIssuer, "task.create",
                    ref("D.6", {{"content", "c"}, {"time_frame", {{"raw", "x"}, {"schedule", {{"kind", "once"},
                                                                                              {"due", {"2025-02-15", "2024-07-15"}}}}}}}))
                .field,
            "time_frame.schedule.due[1]");
}

}  // namespace
}  // namespace dauvet::events::testing
