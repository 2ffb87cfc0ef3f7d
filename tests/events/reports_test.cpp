// Report requests and submissions, after seed 002 (01-KH/BCĐ): "báo cáo sơ kết 06 tháng xong
// trước 30/6/2024 ... gửi báo cáo về Ban Tổ chức Tỉnh ủy".
#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

class Reports : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    unit("bcd-kttn", "Ban Chỉ đạo tỉnh về xây dựng tổ chức đảng, đoàn thể trong các đơn vị kinh tế tư nhân",
         "ban_chi_dao", "tinh-uy");
    at("2024-02-05");
    directive(kIssuer, "bcd-kttn", "01 - KH/BCĐ", "ke_hoach", "2024-02-05");
    ok(kIssuer, "report.request",
       {{"id", "so-ket-2024"}, {"kind", "so_ket_6_thang"}, {"title", "Báo cáo sơ kết 06 tháng năm 2024"},
        {"period", "2024-H1"}, {"due", "2024-06-30"}, {"issuer", "bcd-kttn"}, {"to", "btc-tu"},
        {"from", {"btg-tu", "huyen-son-duong"}}, {"directive", {{"issuer", "bcd-kttn"}, {"symbol", "01-KH/BCĐ"}}}});
  }

  json submission(const std::string& unit, const std::string& number) {
    return {{"id", "so-ket-2024"}, {"unit", unit}, {"number", number}, {"signer", "Nguyễn Văn A"},
            {"blob_sha256", std::string(64, 'd')}, {"summary", "Kết quả 6 tháng đầu năm"}};
  }
  const ReportObligation& obligation(const std::string& unit) {
    static ReportObligation none;
    report_ = world.report("so-ket-2024");
    const auto* o = report_ ? report_->obligation(unit) : nullptr;
    EXPECT_NE(o, nullptr) << unit;
    return o != nullptr ? *o : none;
  }

 private:
  std::optional<ReportState> report_;
};

TEST_F(Reports, ARequestOwesOneReportPerUnit) {
  const auto r = world.report("so-ket-2024");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->obligations.size(), 2u);
  EXPECT_EQ(r->directive->symbol, "01-KH/BCĐ");
  EXPECT_EQ(obligation("btg-tu").status, ObligationStatus::pending);
  EXPECT_EQ(world.reports_owed_by("btg-tu"), std::vector<std::string>{"so-ket-2024"});
}

TEST_F(Reports, ALateReportReturnedAndResubmittedStaysLate) {
  at("2024-07-02");
  auto e = ok(kClerkBtg, "report.submit", submission("btg-tu", "25-BC/BTGTU"));
  EXPECT_EQ(e[0].payload["resubmission"], false);
  EXPECT_TRUE(obligation("btg-tu").late);
  ok(kIssuer, "report.return", {{"id", "so-ket-2024"}, {"unit", "btg-tu"}, {"reason", "Thiếu số liệu phát triển đảng viên"}});
  EXPECT_EQ(obligation("btg-tu").status, ObligationStatus::returned);
  at("2024-07-05");
  e = ok(kClerkBtg, "report.submit", submission("btg-tu", "27-BC/BTGTU"));
  EXPECT_EQ(e[0].payload["resubmission"], true);
  const auto& o = obligation("btg-tu");
  EXPECT_TRUE(o.late);
  EXPECT_EQ(o.submissions, 2u);
  EXPECT_EQ(o.returns, 1u);
  EXPECT_EQ(o.number, "27-BC/BTGTU");
  EXPECT_EQ(calendar::vn_date(o.first_submitted_ms), "2024-07-02");
  ok(kIssuer, "report.accept", {{"id", "so-ket-2024"}, {"unit", "btg-tu"}});
  EXPECT_EQ(obligation("btg-tu").status, ObligationStatus::accepted);
  EXPECT_TRUE(obligation("btg-tu").late);
  EXPECT_TRUE(world.reports_owed_by("btg-tu").empty());
}

TEST_F(Reports, AnOnTimeReportReturnedForRevisionIsNotMadeLate) {
  at("2024-06-28");
  ok(kClerkBtg, "report.submit", submission("btg-tu", "25-BC/BTGTU"));
  ok(kIssuer, "report.return", {{"id", "so-ket-2024"}, {"unit", "btg-tu"}, {"reason", "Bổ sung phụ lục"}});
  at("2024-07-10");
  ok(kClerkBtg, "report.submit", submission("btg-tu", "26-BC/BTGTU"));
  EXPECT_FALSE(obligation("btg-tu").late);
}

// "Due 30/6/2024" means by the end of that day in Vietnam, whatever the UTC date.
TEST_F(Reports, TheDueDayEndsAtMidnightVietnamTime) {
  now = vn_ms("2024-06-30", 23) + 59 * 60 * 1000 - 1000;  // 23:59 on the 30th (16:59 UTC)
  ok(kClerkBtg, "report.submit", submission("btg-tu", "1"));
  EXPECT_FALSE(obligation("btg-tu").late);
  now = vn_ms("2024-07-01", 0) + 5 * 60 * 1000;  // 00:05 on 1 July (17:05 UTC on 30 June)
  const Actor clerk_sd{"sd-1", "huyen-son-duong", "clerk"};
  ok(clerk_sd, "report.submit", submission("huyen-son-duong", "2"));
  EXPECT_TRUE(obligation("huyen-son-duong").late);
}

TEST_F(Reports, SubmissionRules) {
  // Only units the request names, only for one's own subtree, only when something is owed.
  auto e = refused(kClerkBtc, "report.submit", submission("btc-tu", "1"));
  EXPECT_EQ(e.code, Errc::invalid_argument);
  EXPECT_EQ(e.field, "unit");
  EXPECT_NE(e.message.find("btg-tu, huyen-son-duong"), std::string::npos) << e.message;
  EXPECT_EQ(refused(kClerkBtc, "report.submit", submission("btg-tu", "1")).code, Errc::forbidden);
  EXPECT_EQ(refused(kIssuer, "report.submit", submission("btg-tu", "1")).code, Errc::forbidden);
  ok(kClerkBtg, "report.submit", submission("btg-tu", "1"));
  e = refused(kClerkBtg, "report.submit", submission("btg-tu", "2"));
  EXPECT_EQ(e.code, Errc::invalid_state);
  EXPECT_NE(e.message.find("is submitted (đã nộp)"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("pending (chưa nộp) or returned (bị trả lại)"), std::string::npos) << e.message;
  // Judging a report that was not submitted, or by someone outside both sides.
  EXPECT_EQ(refused(kIssuer, "report.accept", {{"id", "so-ket-2024"}, {"unit", "huyen-son-duong"}}).code,
            Errc::invalid_state);
  EXPECT_EQ(refused(kIssuerHy, "report.accept", {{"id", "so-ket-2024"}, {"unit", "btg-tu"}}).code, Errc::forbidden);
  EXPECT_EQ(refused(kClerkBtg, "report.accept", {{"id", "so-ket-2024"}, {"unit", "btg-tu"}}).code, Errc::forbidden);
  EXPECT_EQ(refused(kIssuer, "report.accept", {{"id", "khong-co"}, {"unit", "btg-tu"}}).code, Errc::not_found);
  // The receiving unit's own issuer may judge it too.
  const Actor issuer_btc{"btc-lanh-dao", "btc-tu", "issuer"};
  ok(issuer_btc, "report.accept", {{"id", "so-ket-2024"}, {"unit", "btg-tu"}, {"note", "Tiếp nhận"}});
}

TEST_F(Reports, RequestRules) {
  json body = {{"id", "so-ket-2024"}, {"kind", "tong_ket_nam"}, {"title", "Tổng kết"}, {"period", "2024"},
               {"due", "2024-12-31"}, {"issuer", "bcd-kttn"}, {"to", "btc-tu"}, {"from", {"btg-tu"}}};
  EXPECT_EQ(refused(kIssuer, "report.request", body).code, Errc::conflict);
  body["id"] = "tong-ket-2024";
  body["period"] = "2024-H2";
  EXPECT_EQ(refused(kIssuer, "report.request", body).field, "period");
  body["period"] = "2024";
  body["from"] = json::array();
  EXPECT_EQ(refused(kIssuer, "report.request", body).field, "from");
  body["from"] = {"btg-tu", "btg-tu"};
  EXPECT_EQ(refused(kIssuer, "report.request", body).field, "from[1]");
  body["from"] = {"btg-tu", "khong-co"};
  EXPECT_EQ(refused(kIssuer, "report.request", body).field, "from[1]");
  body["from"] = {"btg-tu"};
  body["due"] = "31/12/2024";
  EXPECT_EQ(refused(kIssuer, "report.request", body).field, "due");
  body["due"] = "2024-12-31";
  EXPECT_EQ(refused(kIssuerHy, "report.request", body).code, Errc::forbidden);
  EXPECT_EQ(refused(kClerkBtc, "report.request", body).code, Errc::forbidden);
  ok(kIssuer, "report.request", body);
}

}  // namespace
}  // namespace dauvet::events::testing
