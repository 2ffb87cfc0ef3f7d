// Inspection and discipline: Ủy ban Kiểm tra Tỉnh ủy checks, finds, concludes and decides
// (seed 001, rows I.22 and I.23: "công tác kiểm tra, giám sát, thi hành kỷ luật đảng").
#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

class Inspections : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    seed_program_26();
    task("I.10", "btc-tu", "Trong quý IV hằng năm", annual());
    ack_index_ = ok(kClerkBtc, "task.acknowledge", ref("I.10"))[0].index;
    ok(kInspector, "person.register",
       {{"id", "dv-0001"}, {"name", "Trần Văn B"}, {"unit", "xa-hop-thanh"}, {"position", "Bí thư Đảng ủy xã"}});
  }

  json opening(const std::string& id) {
    return {{"id", id},
            {"kind", "kiem_tra"},
            {"body", "ubkt-tu"},
            {"title", "Kiểm tra việc thực hiện Chương trình 26-CTr/TU"},
            {"scope", "Việc lãnh đạo, chỉ đạo thực hiện Nghị quyết số 21-NQ/TW"},
            {"period", {{"from", "2023-01-01"}, {"to", "2023-12-31"}}},
            {"subjects", {{{"unit", "btc-tu"}}, {{"person", "dv-0001"}}}},
            {"decision", {{"number", "15-QĐ/UBKTTU"}, {"date", "2023-03-01"}}}};
  }

  std::uint64_t ack_index_ = 0;
};

TEST_F(Inspections, FindingsCiteLedgerEntriesAndAConclusionClosesTheInspection) {
  ok(kInspector, "inspection.open", opening("kt-2023-01"));
  auto e = ok(kInspector, "inspection.record_finding",
              {{"id", "kt-2023-01"}, {"kind", "han_che"}, {"subject", {{"unit", "btc-tu"}}},
               {"text", "Tiếp nhận nhiệm vụ I.10 chậm so với yêu cầu"}, {"evidence", {ack_index_, 0}}});
  EXPECT_EQ(e[0].payload["evidence"], (json{ack_index_, 0}));
  // Evidence must already exist; a subject must be one of the inspection's.
  const auto beyond = world.size();
  auto bad = refused(kInspector, "inspection.record_finding",
                     {{"id", "kt-2023-01"}, {"kind", "vi_pham"}, {"text", "x"}, {"evidence", {0, beyond + 5}}});
  EXPECT_EQ(bad.code, Errc::not_found);
  EXPECT_EQ(bad.field, "evidence[1]");
  bad = refused(kInspector, "inspection.record_finding",
                {{"id", "kt-2023-01"}, {"kind", "vi_pham"}, {"text", "x"}, {"subject", {{"unit", "btg-tu"}}}});
  EXPECT_EQ(bad.field, "subject");
  ok(kInspector, "inspection.record_finding",
     {{"id", "kt-2023-01"}, {"kind", "vi_pham"}, {"subject", {{"person", "dv-0001"}}}, {"text", "Vi phạm quy chế làm việc"}});
  e = ok(kInspector, "inspection.conclude",
         {{"id", "kt-2023-01"}, {"conclusion", "Ban Tổ chức Tỉnh ủy cơ bản thực hiện tốt"}, {"violations", true},
          {"recommendations", {"Khắc phục hạn chế trong quý IV/2023"}}});
  EXPECT_EQ(e[0].payload["findings"], 2);
  const auto s = world.inspection("kt-2023-01");
  EXPECT_EQ(s->status, InspectionStatus::concluded);
  EXPECT_EQ(s->findings.size(), 2u);
  EXPECT_EQ(s->violations_found, 1u);
  const auto after = refused(kInspector, "inspection.record_finding",
                             {{"id", "kt-2023-01"}, {"kind", "uu_diem"}, {"text", "x"}});
  EXPECT_EQ(after.code, Errc::invalid_state);
  EXPECT_NE(after.message.find("allowed only when it is open"), std::string::npos) << after.message;
}

TEST_F(Inspections, WhoMayInspect) {
  EXPECT_EQ(refused(kIssuer, "inspection.open", opening("a")).code, Errc::forbidden);
  EXPECT_EQ(refused(kClerkBtc, "inspection.open", opening("a")).code, Errc::forbidden);
  const Actor other_inspector{"ubkt-hy-1", "tinh-uy-hy", "inspector"};
  EXPECT_EQ(refused(other_inspector, "inspection.open", opening("a")).code, Errc::forbidden);
  auto body = opening("a");
  body.erase("decision");
  EXPECT_EQ(refused(kInspector, "inspection.open", body).field, "decision");
  body["kind"] = "giam_sat_thuong_xuyen";  // regular supervision runs without a decision
  ok(kInspector, "inspection.open", body);
  body = opening("b");
  body["subjects"] = {{{"person", "dv-9999"}}};
  EXPECT_EQ(refused(kInspector, "inspection.open", body).field, "subjects[0].person");
  body["subjects"] = {{{"unit", "btc-tu"}, {"person", "dv-0001"}}};
  EXPECT_EQ(refused(kInspector, "inspection.open", body).field, "subjects[0]");
  body = opening("c");
  body["period"] = {{"from", "2023-12-31"}, {"to", "2023-01-01"}};
  EXPECT_EQ(refused(kInspector, "inspection.open", body).field, "period.to");
}

json decision(const std::string& id, const std::string& form) {
  return {{"id", id},
          {"form", form},
          {"body", "ubkt-tu"},
          {"document", {{"number", "45-QĐ/UBKTTU"}, {"date", "2024-03-10"}}},
          {"effective", "2024-03-10"}};
}

TEST_F(Inspections, DisciplineFormsMustFitTheSubject) {
  EXPECT_EQ(refused(kInspector, "case.open",
                    {{"id", "kl-1"}, {"subject", {{"person", "dv-0001"}}}, {"body", "ubkt-tu"}, {"grounds", "x"},
                     {"inspection", "khong-co"}})
                .code,
            Errc::not_found);
  ok(kInspector, "case.open", {{"id", "kl-1"}, {"subject", {{"person", "dv-0001"}}}, {"body", "ubkt-tu"},
                                {"grounds", "Vi phạm quy chế làm việc"}});
  ok(kInspector, "case.open",
     {{"id", "kl-2"}, {"subject", {{"unit", "xa-hop-thanh"}}}, {"body", "ubkt-tu"}, {"grounds", "Mất đoàn kết"}});
  at("2024-03-15");
  auto e = refused(kInspector, "case.decide", decision("kl-1", "giai_tan"));
  EXPECT_EQ(e.field, "form");
  EXPECT_NE(e.message.find("khien_trach, canh_cao, cach_chuc, khai_tru"), std::string::npos) << e.message;
  EXPECT_EQ(refused(kInspector, "case.decide", decision("kl-2", "khai_tru")).field, "form");
  EXPECT_EQ(refused(kInspector, "case.decide", decision("kl-2", "cach_chuc")).field, "form");
  ok(kInspector, "case.decide", decision("kl-2", "giai_tan"));
  ok(kInspector, "case.decide", decision("kl-1", "canh_cao"));
  EXPECT_EQ(refused(kInspector, "case.decide", decision("kl-1", "khien_trach")).code, Errc::invalid_state);
  // The deciding body must be in the inspector's subtree.
  auto other = decision("kl-3", "khien_trach");
  other["body"] = "tinh-uy";
  ok(kInspector, "case.open", {{"id", "kl-3"}, {"subject", {{"person", "dv-0001"}}}, {"body", "ubkt-tu"}, {"grounds", "x"}});
  EXPECT_EQ(refused(kInspector, "case.decide", other).code, Errc::forbidden);
  const Actor btv_inspector{"btv-1", "tinh-uy", "inspector"};
  ok(btv_inspector, "case.decide", other);
  EXPECT_EQ(world.discipline_case("kl-3")->deciding_body, "tinh-uy");
}

TEST_F(Inspections, AppealsAndTheirOutcomes) {
  ok(kInspector, "case.open", {{"id", "kl-1"}, {"subject", {{"person", "dv-0001"}}}, {"body", "ubkt-tu"}, {"grounds", "x"}});
  at("2024-03-15");
  EXPECT_EQ(refused(kInspector, "case.appeal", {{"id", "kl-1"}, {"filed_on", "2024-03-20"}, {"grounds", "x"}}).code,
            Errc::invalid_state);
  ok(kInspector, "case.decide", decision("kl-1", "canh_cao"));
  EXPECT_EQ(refused(kInspector, "case.appeal", {{"id", "kl-1"}, {"filed_on", "2024-04-20"}, {"grounds", "x"}}).field,
            "filed_on");
  ok(kInspector, "case.appeal", {{"id", "kl-1"}, {"filed_on", "2024-03-14"}, {"grounds", "Hình thức quá nặng"}});
  json appeal = {{"id", "kl-1"}, {"outcome", "thay_doi_hinh_thuc"}, {"body", "ubkt-tu"},
                 {"document", {{"number", "50-QĐ/UBKTTU"}, {"date", "2024-04-01"}}}, {"effective", "2024-04-01"}};
  EXPECT_EQ(refused(kInspector, "case.decide_appeal", appeal).field, "new_form");
  appeal["new_form"] = "canh_cao";
  EXPECT_EQ(refused(kInspector, "case.decide_appeal", appeal).field, "new_form");
  appeal["new_form"] = "giai_tan";
  EXPECT_EQ(refused(kInspector, "case.decide_appeal", appeal).field, "new_form");
  appeal["new_form"] = "khien_trach";
  appeal["effective"] = "2024-03-01";
  EXPECT_EQ(refused(kInspector, "case.decide_appeal", appeal).field, "effective");
  appeal["effective"] = "2024-04-01";
  ok(kInspector, "case.decide_appeal", appeal);
  const auto c = world.discipline_case("kl-1");
  EXPECT_EQ(c->status, CaseStatus::closed);
  EXPECT_EQ(c->form, "canh_cao");
  EXPECT_EQ(c->final_form, "khien_trach");
  EXPECT_EQ(refused(kInspector, "case.appeal", {{"id", "kl-1"}, {"filed_on", "2024-03-14"}, {"grounds", "x"}}).code,
            Errc::invalid_state);

  ok(kInspector, "case.open", {{"id", "kl-4"}, {"subject", {{"person", "dv-0001"}}}, {"body", "ubkt-tu"}, {"grounds", "x"}});
  ok(kInspector, "case.decide", decision("kl-4", "khong_ky_luat"));
  EXPECT_EQ(refused(kInspector, "case.appeal", {{"id", "kl-4"}, {"filed_on", "2024-03-14"}, {"grounds", "x"}}).code,
            Errc::invalid_state);
}

}  // namespace
}  // namespace dauvet::events::testing
