// Every task command from every task state: allowed exactly where the state machine in
// events/tasks.hpp draws it, otherwise refused as invalid_state naming the allowed states.
#include <map>
#include <set>

#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

using S = TaskStatus;

const std::vector<S> kAllStates = {S::created,   S::assigned,  S::acknowledged, S::in_progress,
                                   S::suspended, S::completed, S::verified,     S::cancelled};
const std::set<S> kOpen = {S::created, S::assigned, S::acknowledged, S::in_progress, S::suspended};

struct Transition {
  std::string command;
  json body;  // besides the task reference
  std::set<S> from;
};

// Written from the diagram, independently of the code under test.
const std::vector<Transition>& transitions() {
  static const std::vector<Transition> table = {
      {"task.assign", {{"lead", "btc-tu"}}, {S::created}},
      {"task.reassign", {{"lead", "btg-tu"}, {"reason", "r"}}, {S::assigned, S::acknowledged, S::in_progress, S::suspended}},
      {"task.acknowledge", json::object(), {S::assigned}},
      {"task.start", json::object(), {S::acknowledged}},
      {"task.report_progress", {{"note", "n"}}, kOpen},
      {"task.request_extension", {{"requested_due", "2030-01-01"}, {"reason", "r"}}, kOpen},
      {"task.grant_extension", {{"new_due", "2030-06-01"}, {"reason", "r"}}, kOpen},
      {"task.suspend", {{"reason", "r"}}, {S::assigned, S::acknowledged, S::in_progress}},
      {"task.resume", json::object(), {S::suspended}},
      {"task.complete", {{"evidence", {{"blob_sha256", std::string(64, 'b')}}}}, {S::in_progress}},
      {"task.verify_completion", json::object(), {S::completed}},
      {"task.reject_completion", {{"reason", "r"}}, {S::completed}},
      {"task.reopen", {{"reason", "r"}}, {S::verified, S::cancelled}},
      {"task.cancel", {{"reason", "r"}},
       {S::created, S::assigned, S::acknowledged, S::in_progress, S::suspended, S::completed}},
  };
  return table;
}

class TaskTransitions : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    seed_program_26();
  }

  // A fresh task driven to `state` through the commands of the state machine.
  void drive(const std::string& item, S state) {
    task(item, state == S::created ? "" : "btc-tu", "Quý IV/2024", once("2024-12-31"));
    const auto step = [&](const Actor& a, const char* command, json body = json::object()) {
      ok(a, command, ref(item, std::move(body)));
    };
    const json reason = {{"reason", "r"}};
    const json evidence = {{"evidence", {{"blob_sha256", std::string(64, 'c')}}}};
    switch (state) {
      case S::created:
      case S::assigned: break;
      case S::suspended: step(kIssuer, "task.suspend", reason); break;
      case S::cancelled: step(kIssuer, "task.cancel", reason); break;
      case S::acknowledged: step(kClerkBtc, "task.acknowledge"); break;
      case S::in_progress:
      case S::completed:
      case S::verified:
        step(kClerkBtc, "task.acknowledge");
        step(kClerkBtc, "task.start");
        if (state == S::in_progress) break;
        step(kClerkBtc, "task.complete", evidence);
        if (state == S::verified) step(kIssuer, "task.verify_completion");
        break;
    }
    ASSERT_EQ(task_state(item).status, state) << item;
  }
};

TEST_F(TaskTransitions, EveryCommandFromEveryState) {
  int allowed = 0, refusals = 0;
  for (std::size_t c = 0; c < transitions().size(); ++c) {
    const auto& t = transitions()[c];
    for (S state : kAllStates) {
      const std::string item = "T" + std::to_string(c) + "." + std::string(task_status_name(state));
      drive(item, state);
      // The admin passes every role and scope check: only the state decides.
      auto r = exec(kAdmin, t.command, ref(item, t.body));
      const bool expected = t.from.contains(state);
      if (expected) {
        EXPECT_TRUE(r) << t.command << " from " << task_status_name(state) << ": " << r.error().to_string();
        ++allowed;
        continue;
      }
      ++refusals;
      ASSERT_FALSE(r) << t.command << " from " << task_status_name(state) << " was accepted";
      EXPECT_EQ(r.error().code, Errc::invalid_state) << t.command << " from " << task_status_name(state);
      const auto& message = r.error().message;
      EXPECT_NE(message.find("is " + std::string(task_status_name(state)) + " ("), std::string::npos) << message;
      for (S ok_state : t.from) {
        EXPECT_NE(message.find(std::string(task_status_name(ok_state)) + " (" +
                               std::string(task_status_label(ok_state)) + ")"),
                  std::string::npos)
            << t.command << ": " << message;
      }
      EXPECT_EQ(task_state(item).status, state) << "a refused command changes nothing";
    }
  }
  EXPECT_EQ(allowed, 37);
  EXPECT_EQ(refusals, 14 * 8 - 37);
}

TEST_F(TaskTransitions, RefusalReadsWellInBothLanguages) {
  drive("X.1", S::in_progress);
  const auto e = refused(kClerkBtc, "task.acknowledge", ref("X.1"));
  EXPECT_EQ(e.message,
            "task.acknowledge refused: task X.1 of 26-CTr/TU is in_progress (đang thực hiện); task.acknowledge is "
            "allowed only when it is assigned (đã giao)");
}

TEST_F(TaskTransitions, ResumeReturnsToTheStateSuspendedFrom) {
  for (S from : {S::assigned, S::acknowledged, S::in_progress}) {
    const std::string item = "R." + std::string(task_status_name(from));
    drive(item, from);
    ok(kIssuer, "task.suspend", ref(item, {{"reason", "Chờ hướng dẫn"}}));
    ok(kIssuer, "task.resume", ref(item));
    EXPECT_EQ(task_state(item).status, from);
  }
}

TEST_F(TaskTransitions, ReassigningASuspendedTaskResumesToAssigned) {
  drive("R.1", S::in_progress);
  ok(kIssuer, "task.suspend", ref("R.1", {{"reason", "r"}}));
  ok(kIssuer, "task.reassign", ref("R.1", {{"lead", "btg-tu"}, {"reason", "r"}}));
  EXPECT_EQ(task_state("R.1").status, S::suspended);
  ok(kIssuer, "task.resume", ref("R.1"));
  EXPECT_EQ(task_state("R.1").status, S::assigned);
}

TEST_F(TaskTransitions, ATaskCancelledBeforeItHadALeadReopensUnassigned) {
  drive("C.1", S::created);
  ok(kIssuer, "task.cancel", ref("C.1", {{"reason", "r"}}));
  ok(kIssuer, "task.reopen", ref("C.1", {{"reason", "r"}}));
  EXPECT_EQ(task_state("C.1").status, S::created);
  ok(kIssuer, "task.assign", ref("C.1", {{"lead", "btg-tu"}}));
  EXPECT_EQ(task_state("C.1").status, S::assigned);
}

}  // namespace
}  // namespace dauvet::events::testing
