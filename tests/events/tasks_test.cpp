// Tasks through their life, as the seed directives assign them.
#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

const std::string kBlob(64, 'a');

class Tasks : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    seed_program_26();
  }
};

// Seed 001, row I.10: "Tham mưu Ban Thường vụ Tỉnh ủy gợi ý kiểm điểm hằng năm ..." — lead Ban
// Tổ chức Tỉnh ủy, "Trong quý IV hằng năm".
TEST_F(Tasks, SeedRowI10GoesFromAssignedToVerified) {
  task("I.10", "btc-tu", "Trong quý IV hằng năm", annual());
  auto t = task_state("I.10");
  EXPECT_EQ(t.status, TaskStatus::assigned);
  EXPECT_EQ(t.lead, "btc-tu");
  EXPECT_EQ(t.symbol, "26-CTr/TU");
  EXPECT_EQ(t.time_frame_raw, "Trong quý IV hằng năm");
  EXPECT_EQ(t.schedule.value()["recurrence"], "annual");
  EXPECT_FALSE(t.due()) << "recurring work has no single due date";

  auto e = ok(kClerkBtc, "task.acknowledge", ref("I.10", {{"note", "Đã nhận"}}));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].stream, "task/tinh-uy/26-CTr/TU/I.10");
  EXPECT_EQ(e[0].type, "task.acknowledged");
  EXPECT_EQ(e[0].version, 2u);
  EXPECT_EQ(e[0].actor, kClerkBtc);

  ok(kClerkBtc, "task.start", ref("I.10"));
  at("2023-11-15");
  ok(kClerkBtc, "task.report_progress", ref("I.10", {{"note", "Đã dự thảo gợi ý kiểm điểm"}, {"percent_bp", 6000}}));
  EXPECT_EQ(task_state("I.10").progress_bp, 6000);
  at("2023-12-20");
  e = ok(kClerkBtc, "task.complete", ref("I.10", {{"evidence", {{"blob_sha256", kBlob}, {"note", "Công văn gợi ý"}}}}));
  EXPECT_EQ(e[0].payload["evidence"]["blob_sha256"], kBlob);
  EXPECT_EQ(task_state("I.10").status, TaskStatus::completed);

  const auto refusal = refused(kClerkBtc, "task.verify_completion", ref("I.10"));
  EXPECT_EQ(refusal.code, Errc::forbidden);
  EXPECT_NE(refusal.message.find("only admin or issuer"), std::string::npos) << refusal.message;

  ok(kIssuer, "task.verify_completion", ref("I.10", {{"note", "Đạt yêu cầu"}}));
  t = task_state("I.10");
  EXPECT_EQ(t.status, TaskStatus::verified);
  EXPECT_EQ(t.meta.version, 6u);
  EXPECT_EQ(t.progress_reports, 1u);
}

TEST_F(Tasks, AClerkOfAnotherUnitIsRefused) {
  task("I.10", "btc-tu", "Trong quý IV hằng năm", annual());
  const auto e = refused(kClerkBtg, "task.acknowledge", ref("I.10"));
  EXPECT_EQ(e.code, Errc::forbidden);
  EXPECT_NE(e.message.find("'btc-tu' is outside your scope"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("clerk of 'btg-tu'"), std::string::npos) << e.message;
  EXPECT_EQ(task_state("I.10").status, TaskStatus::assigned) << "a refused command writes nothing";
  EXPECT_EQ(world.stream_version("task/tinh-uy/26-CTr/TU/I.10"), 1u);
  // An issuer cannot act for the lead either: acknowledging is the lead's.
  EXPECT_EQ(refused(kIssuer, "task.acknowledge", ref("I.10")).code, Errc::forbidden);
  // A task that does not exist is not found, whoever asks.
  EXPECT_EQ(refused(kClerkBtc, "task.acknowledge", ref("I.99")).code, Errc::not_found);
}

// Seed 001, row II.7: "Quý III/2023". Two extensions, then completed after the second due date.
TEST_F(Tasks, ExtensionGrantedTwiceThenCompletedLate) {
  task("II.7", "btc-tu", "Quý III/2023", once("2023-09-30"));
  ok(kClerkBtc, "task.acknowledge", ref("II.7"));
  ok(kClerkBtc, "task.start", ref("II.7"));
  EXPECT_EQ(task_state("II.7").due(), "2023-09-30");

  at("2023-09-20");
  auto e = ok(kClerkBtc, "task.request_extension",
              ref("II.7", {{"requested_due", "2023-10-31"}, {"reason", "Chờ hướng dẫn của Trung ương"}}));
  EXPECT_EQ(e[0].payload["current_due"], "2023-09-30");
  const auto first_request = e[0].index;
  // A second request while the first is pending is refused.
  EXPECT_EQ(refused(kClerkBtc, "task.request_extension", ref("II.7", {{"requested_due", "2023-11-30"}, {"reason", "x"}}))
                .code,
            Errc::invalid_state);
  // Only the issuing side grants.
  EXPECT_EQ(refused(kClerkBtc, "task.grant_extension", ref("II.7", {{"new_due", "2023-10-31"}, {"reason", "x"}})).code,
            Errc::forbidden);
  e = ok(kIssuer, "task.grant_extension", ref("II.7", {{"new_due", "2023-10-31"}, {"reason", "Đồng ý gia hạn"}}));
  EXPECT_EQ(e[0].payload["request"], first_request);
  EXPECT_EQ(e[0].payload["previous_due"], "2023-09-30");

  at("2023-10-25");
  ok(kClerkBtc, "task.request_extension", ref("II.7", {{"requested_due", "2023-11-30"}, {"reason", "Chưa đủ số liệu"}}));
  // An "extension" to a date not after the current due date is not one.
  auto bad = refused(kIssuer, "task.grant_extension", ref("II.7", {{"new_due", "2023-10-31"}, {"reason", "x"}}));
  EXPECT_EQ(bad.code, Errc::invalid_argument);
  EXPECT_EQ(bad.field, "new_due");
  ok(kIssuer, "task.grant_extension", ref("II.7", {{"new_due", "2023-11-30"}, {"reason", "Gia hạn lần 2"}}));

  at("2023-12-05");
  e = ok(kClerkBtc, "task.complete", ref("II.7", {{"evidence", {{"document", {{"number", "15-BC/BTCTU"}}}}}}));
  EXPECT_EQ(e[0].payload["due"], "2023-11-30");

  const auto t = task_state("II.7");
  ASSERT_EQ(t.due_changes.size(), 2u);
  EXPECT_EQ(t.due_changes[0].new_due, "2023-10-31");
  EXPECT_EQ(t.due_changes[1].previous_due, "2023-10-31");
  EXPECT_EQ(t.due(), "2023-11-30");
  ASSERT_EQ(t.extension_requests.size(), 2u);
  EXPECT_EQ(t.extension_requests[0].outcome, ExtensionRequest::Outcome::granted);
  EXPECT_EQ(t.extension_requests[1].outcome, ExtensionRequest::Outcome::granted);
  EXPECT_EQ(t.extension_requests[0].unit, "btc-tu");
  EXPECT_GT(calendar::vn_date(t.completed_ms), *t.due()) << "completed late";
}

TEST_F(Tasks, RefusingNeedsAPendingRequest) {
  task("II.7", "btc-tu", "Quý III/2023", once("2023-09-30"));
  EXPECT_EQ(refused(kIssuer, "task.refuse_extension", ref("II.7", {{"reason", "x"}})).code, Errc::invalid_state);
  ok(kClerkBtc, "task.request_extension", ref("II.7", {{"requested_due", "2023-12-31"}, {"reason", "Thiếu kinh phí"}}));
  ok(kIssuer, "task.refuse_extension", ref("II.7", {{"reason", "Không đủ căn cứ"}}));
  const auto t = task_state("II.7");
  EXPECT_EQ(t.extension_requests[0].outcome, ExtensionRequest::Outcome::refused);
  EXPECT_EQ(t.due(), "2023-09-30");
  EXPECT_EQ(t.pending_extension(), nullptr);
}

TEST_F(Tasks, ReassignmentMakesTheNewLeadAcknowledgeAgain) {
  task("I.16", "btc-tu", "Trong quý IV hằng năm", annual());
  ok(kClerkBtc, "task.acknowledge", ref("I.16"));
  ok(kClerkBtc, "task.start", ref("I.16"));
  ok(kIssuer, "task.reassign", ref("I.16", {{"lead", "btg-tu"}, {"reason", "Đúng chức năng Ban Tuyên giáo"}}));
  auto t = task_state("I.16");
  EXPECT_EQ(t.lead, "btg-tu");
  EXPECT_EQ(t.status, TaskStatus::assigned);
  EXPECT_EQ(t.former_leads, std::vector<std::string>{"btc-tu"});
  EXPECT_EQ(refused(kClerkBtc, "task.report_progress", ref("I.16", {{"note", "x"}})).code, Errc::forbidden);
  ok(kClerkBtg, "task.acknowledge", ref("I.16"));
  EXPECT_EQ(refused(kIssuer, "task.reassign", ref("I.16", {{"lead", "btg-tu"}, {"reason", "x"}})).field, "lead");
}

TEST_F(Tasks, SuspendedWorkResumesWhereItStood) {
  // Seed 001, row II.4: "Thực hiện khi có văn bản chỉ đạo của Trung ương (Trong năm 2023)".
  task("II.4", "btc-tu", "Thực hiện khi có văn bản chỉ đạo của Trung ương (Trong năm 2023)",
       {{"kind", "conditional"}, {"due", {"2023-12-31"}}, {"recurrence", nullptr}, {"needs_review", false}});
  EXPECT_EQ(task_state("II.4").due(), "2023-12-31");
  ok(kClerkBtc, "task.acknowledge", ref("II.4"));
  ok(kIssuer, "task.suspend", ref("II.4", {{"reason", "Chờ văn bản chỉ đạo của Trung ương"}}));
  EXPECT_EQ(task_state("II.4").status, TaskStatus::suspended);
  ok(kClerkBtc, "task.report_progress", ref("II.4", {{"note", "Đang chờ"}}));
  ok(kIssuer, "task.resume", ref("II.4", {{"reason", "Đã có hướng dẫn"}}));
  EXPECT_EQ(task_state("II.4").status, TaskStatus::acknowledged);
}

TEST_F(Tasks, RejectedCompletionGoesBackToWorkAndVerifiedWorkCanReopen) {
  task("I.12", "btc-tu", "Thực hiện thường xuyên", {{"kind", "continuous"}, {"due", json::array()}});
  ok(kClerkBtc, "task.acknowledge", ref("I.12"));
  ok(kClerkBtc, "task.start", ref("I.12"));
  ok(kClerkBtc, "task.complete", ref("I.12", {{"evidence", {{"blob_sha256", kBlob}}}}));
  ok(kIssuer, "task.reject_completion", ref("I.12", {{"reason", "Thiếu số liệu"}}));
  EXPECT_EQ(task_state("I.12").status, TaskStatus::in_progress);
  EXPECT_EQ(task_state("I.12").completion_rejections, 1u);
  ok(kClerkBtc, "task.complete", ref("I.12", {{"evidence", {{"blob_sha256", kBlob}}}}));
  ok(kIssuer, "task.verify_completion", ref("I.12"));
  ok(kIssuer, "task.reopen", ref("I.12", {{"reason", "Phát sinh yêu cầu mới"}}));
  EXPECT_EQ(task_state("I.12").status, TaskStatus::in_progress);
  ok(kIssuer, "task.cancel", ref("I.12", {{"reason", "Không còn phù hợp"}}));
  EXPECT_EQ(task_state("I.12").cancel_reason, "Không còn phù hợp");
}

TEST_F(Tasks, CreationChecksWhatItNames) {
  auto body = json{{"issuer", "tinh-uy"}, {"symbol", "99-CTr/TU"}, {"item", "1"}, {"content", "x"}};
  EXPECT_EQ(refused(kIssuer, "task.create", body).code, Errc::not_found);
  task("I.1", "btc-tu", "Thực hiện thường xuyên", nullptr);
  body["symbol"] = "26 - CTr/TU";  // the same symbol, spaced as a word processor would
  body["item"] = "I.1";
  EXPECT_EQ(refused(kIssuer, "task.create", body).code, Errc::conflict);
  body["item"] = "I.2";
  body["lead"] = "ban-khong-co";
  EXPECT_EQ(refused(kIssuer, "task.create", body).code, Errc::not_found);
  body["lead"] = "btc-tu";
  body["coordinators"] = {"btg-tu", "btc-tu"};
  EXPECT_EQ(refused(kIssuer, "task.create", body).field, "coordinators[1]");
  body["coordinators"] = {"btg-tu", "vp-tu"};
  ok(kIssuer, "task.create", body);
  EXPECT_EQ(task_state("I.2").coordinators, (std::vector<std::string>{"btg-tu", "vp-tu"}));
  // The issuer of another province cannot add tasks to this program.
  body["item"] = "I.3";
  EXPECT_EQ(refused(kIssuerHy, "task.create", body).code, Errc::forbidden);
}

TEST_F(Tasks, CompletionNeedsEvidenceThatExists) {
  task("I.3", "btc-tu", "Thực hiện thường xuyên", nullptr);
  ok(kClerkBtc, "task.acknowledge", ref("I.3"));
  ok(kClerkBtc, "task.start", ref("I.3"));
  EXPECT_EQ(refused(kClerkBtc, "task.complete", ref("I.3")).field, "evidence");
  EXPECT_EQ(refused(kClerkBtc, "task.complete", ref("I.3", {{"evidence", {{"note", "xong"}}}})).field, "evidence");
  const auto e = refused(kClerkBtc, "task.complete", ref("I.3", {{"evidence", {{"report", "bc-khong-co"}}}}));
  EXPECT_EQ(e.code, Errc::not_found);
  EXPECT_EQ(e.field, "evidence.report");
}

}  // namespace
}  // namespace dauvet::events::testing
