// One valid body for every command type, against a world prepared so that each is legal:
// the table behind the decode tests (which fields are required) and the authorization
// matrix (which roles may send it).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "domain_fixture.hpp"

namespace dauvet::events::testing {

struct Sample {
  std::string type;
  json body;
  std::set<std::string> required;  // top-level fields whose absence is refused
  std::set<std::string> roles;     // roles that may send it (admin always)
  bool scoped = true;              // an actor of an allowed role outside the unit is refused
};

struct Prepared {
  std::uint64_t acknowledged = 0;  // an entry written by kClerkBtc
  std::uint64_t person = 0;        // a person.registered entry
};

class PreparedTest : public DomainTest {
 protected:
  Prepared prepared;

  void prepare() {
    seed_units();
    seed_program_26();
    const json reason = {{"reason", "r"}};
    const json evidence = {{"evidence", {{"blob_sha256", std::string(64, 'f')}}}};
    task("A.created", "", "Quý IV/2024", once("2024-12-31"));
    for (const char* item : {"A.assigned", "A.ack", "A.prog", "A.susp", "A.done", "A.verified", "A.ext"}) {
      task(item, "btc-tu", "Quý IV/2024", once("2024-12-31"));
    }
    prepared.acknowledged = ok(kClerkBtc, "task.acknowledge", ref("A.ack"))[0].index;
    for (const char* item : {"A.prog", "A.done", "A.verified", "A.ext"}) {
      ok(kClerkBtc, "task.acknowledge", ref(item));
      ok(kClerkBtc, "task.start", ref(item));
    }
    ok(kIssuer, "task.suspend", ref("A.susp", reason));
    ok(kClerkBtc, "task.complete", ref("A.done", evidence));
    ok(kClerkBtc, "task.complete", ref("A.verified", evidence));
    ok(kIssuer, "task.verify_completion", ref("A.verified"));
    ok(kClerkBtc, "task.request_extension", ref("A.ext", {{"requested_due", "2025-03-31"}, {"reason", "r"}}));
    for (const char* id : {"r.pending", "r.submitted"}) {
      ok(kIssuer, "report.request", {{"id", id}, {"kind", "tong_ket_nam"}, {"title", "Tổng kết năm 2024"},
                                     {"period", "2024"}, {"due", "2024-12-31"}, {"issuer", "tinh-uy"},
                                     {"to", "btc-tu"}, {"from", {"btc-tu"}}});
    }
    ok(kClerkBtc, "report.submit", {{"id", "r.submitted"}, {"unit", "btc-tu"}, {"number", "1"}, {"signer", "A"}});
    ok(kIssuer, "indicator.define", {{"id", "ind"}, {"issuer", "tinh-uy"}, {"title", "Tỷ lệ"}, {"unit_of_measure", "%"},
                                     {"comparator", ">"}, {"target", {{"value", 9000}, {"scale", 100}}},
                                     {"period", "2020-2025"}, {"recurrence", "annual"}});
    prepared.person = ok(kInspector, "person.register", {{"id", "p1"}, {"name", "Trần Văn B"}, {"unit", "btc-tu"}})[0].index;
    ok(kInspector, "inspection.open",
       {{"id", "insp"}, {"kind", "giam_sat_chuyen_de"}, {"body", "ubkt-tu"}, {"title", "Giám sát"}, {"scope", "s"},
        {"period", {{"from", "2024-01-01"}, {"to", "2024-06-30"}}}, {"subjects", {{{"unit", "btc-tu"}}}},
        {"decision", {{"number", "2-QĐ/UBKTTU"}}}});
    const json document = {{"number", "45-QĐ/UBKTTU"}, {"date", "2024-03-10"}};
    for (const char* id : {"c.open", "c.decided", "c.appealed"}) {
      ok(kInspector, "case.open", {{"id", id}, {"subject", {{"person", "p1"}}}, {"body", "ubkt-tu"}, {"grounds", "g"}});
    }
    for (const char* id : {"c.decided", "c.appealed"}) {
      ok(kInspector, "case.decide", {{"id", id}, {"form", "canh_cao"}, {"body", "ubkt-tu"}, {"document", document},
                                     {"effective", "2024-03-10"}});
    }
    at("2024-05-01");
    ok(kInspector, "case.appeal", {{"id", "c.appealed"}, {"filed_on", "2024-04-01"}, {"grounds", "g"}});
    ok(kAdmin, "actor.register", {{"id", "someone"}, {"unit", "btg-tu"}, {"role", "clerk"}});
  }
};

inline std::vector<Sample> samples(const Prepared& p) {
  const json task_ref = {{"issuer", "tinh-uy"}, {"symbol", "26-CTr/TU"}};
  const auto t = [&](const char* item, json extra = json::object()) {
    json body = task_ref;
    body["item"] = item;
    body.update(extra);
    return body;
  };
  const std::set<std::string> r3 = {"issuer", "symbol", "item"};
  const auto plus = [&](std::set<std::string> more) {
    more.insert(r3.begin(), r3.end());
    return more;
  };
  const json document = {{"number", "50-QĐ/UBKTTU"}, {"date", "2024-04-10"}, {"blob_sha256", std::string(64, 'a')}};
  const std::string hash(64, '0');
  return {
      {"unit.create", {{"id", "don-vi-moi"}, {"name", "Đơn vị mới"}, {"kind", "khac"}, {"parent", "tinh-uy"}},
       {"id", "name", "kind"}, {}},
      {"unit.rename", {{"id", "btg-tu"}, {"name", "Ban Tuyên giáo và Dân vận Tỉnh ủy"}, {"reason", "Hợp nhất"}},
       {"id", "name"}, {}},
      {"unit.move", {{"id", "huyen-yen-son"}, {"parent", "huyen-son-duong"}, {"reason", "r"}}, {"id", "parent"}, {}},
      {"unit.merge",
       {{"id", "huyen-yen-son"}, {"successor", "huyen-son-duong"}, {"effective", "2025-07-01"}, {"reason", "r"},
        {"decision", {{"number", "1-NQ/UBTVQH15"}}}},
       {"id", "successor", "effective"}, {}},
      {"unit.dissolve",
       {{"id", "vp-tu"}, {"successor", "tinh-uy"}, {"effective", "2025-07-01"}, {"reason", "r"},
        {"decision", {{"number", "2-QĐ/TW"}}}},
       {"id", "effective", "reason"}, {}},
      {"actor.register", {{"id", "nguoi-moi"}, {"unit", "btc-tu"}, {"role", "clerk"}, {"name", "Nguyễn Thị C"}},
       {"id", "unit", "role"}, {}},
      {"actor.change_role", {{"id", "someone"}, {"role", "issuer"}, {"unit", "btg-tu"}, {"reason", "r"}}, {"id", "role"}, {}},
      {"actor.deactivate", {{"id", "someone"}, {"reason", "r"}}, {"id", "reason"}, {}},
      {"person.register", {{"id", "p2"}, {"name", "Lê Văn D"}, {"unit", "btc-tu"}, {"position", "Trưởng phòng"}},
       {"id", "name", "unit"}, {"inspector"}, false},
      {"directive.issue",
       {{"issuer", "tinh-uy"}, {"symbol", "27-CTr/TU"}, {"kind", "chuong_trinh"}, {"date", "2022-10-21"},
        {"signer", "Lê Thị Kim Dung"}, {"signer_title", "PHÓ BÍ THƯ THƯỜNG TRỰC"}, {"title", "Chương trình"},
        {"based_on", {{{"issuer", "tw"}, {"symbol", "21-NQ/TW"}}}}, {"cites", {"Quy định số 37-QĐ/TW"}},
        {"document_sha256", hash}},
       {"issuer", "symbol", "kind", "date", "signer", "title"}, {"issuer"}},
      {"task.create",
       t("B.1", {{"section", "I"}, {"content", "Nội dung"}, {"lead", "btc-tu"}, {"coordinators", {"btg-tu"}},
                 {"coordinators_text", "Các cơ quan có liên quan"}, {"notes", "n"},
                 {"time_frame", {{"raw", "Quý III/2023"}, {"schedule", {{"kind", "once"}, {"due", {"2023-09-30"}}}}}}}),
       plus({"content"}), {"issuer"}},
      {"task.assign", t("A.created", {{"lead", "btc-tu"}, {"reason", "r"}}), plus({"lead"}), {"issuer"}},
      {"task.reassign", t("A.assigned", {{"lead", "btg-tu"}, {"reason", "r"}}), plus({"lead", "reason"}), {"issuer"}},
      {"task.acknowledge", t("A.assigned", {{"note", "n"}}), r3, {"clerk"}},
      {"task.start", t("A.ack", {{"note", "n"}}), r3, {"clerk"}},
      {"task.report_progress",
       t("A.prog", {{"note", "n"}, {"percent_bp", 5000}, {"evidence", {{"blob_sha256", hash}}}}), plus({"note"}),
       {"clerk"}},
      {"task.request_extension", t("A.prog", {{"requested_due", "2025-01-31"}, {"reason", "r"}}),
       plus({"requested_due", "reason"}), {"clerk"}},
      {"task.grant_extension", t("A.ext", {{"new_due", "2025-03-31"}, {"reason", "r"}, {"decision", {{"number", "1"}}}}),
       plus({"new_due", "reason"}), {"issuer"}},
      {"task.refuse_extension", t("A.ext", {{"reason", "r"}}), plus({"reason"}), {"issuer"}},
      {"task.suspend", t("A.prog", {{"reason", "r"}}), plus({"reason"}), {"issuer"}},
      {"task.resume", t("A.susp", {{"reason", "r"}}), r3, {"issuer"}},
      {"task.complete", t("A.prog", {{"evidence", {{"blob_sha256", hash}, {"note", "n"}}}}), plus({"evidence"}), {"clerk"}},
      {"task.verify_completion", t("A.done", {{"note", "n"}}), r3, {"issuer"}},
      {"task.reject_completion", t("A.done", {{"reason", "r"}}), plus({"reason"}), {"issuer"}},
      {"task.reopen", t("A.verified", {{"reason", "r"}}), plus({"reason"}), {"issuer"}},
      {"task.cancel", t("A.assigned", {{"reason", "r"}}), plus({"reason"}), {"issuer"}},
      {"report.request",
       {{"id", "r.new"}, {"kind", "quy"}, {"title", "Báo cáo quý I"}, {"period", "2024-Q1"}, {"due", "2024-04-10"},
        {"issuer", "tinh-uy"}, {"to", "btc-tu"}, {"from", {"btc-tu", "btg-tu"}},
        {"directive", task_ref}, {"tasks", {t("A.prog")}}},
       {"id", "kind", "title", "period", "due", "issuer", "to", "from"}, {"issuer"}},
      {"report.submit",
       {{"id", "r.pending"}, {"unit", "btc-tu"}, {"number", "12-BC/BTCTU"}, {"signer", "A"}, {"date", "2024-04-30"},
        {"blob_sha256", hash}, {"summary", "s"},
        {"indicator_values", {{{"indicator", "ind"}, {"value", {{"value", 9100}, {"scale", 100}}}, {"note", "n"}}}}},
       {"id", "unit", "number", "signer"}, {"clerk"}},
      {"report.return", {{"id", "r.submitted"}, {"unit", "btc-tu"}, {"reason", "r"}}, {"id", "unit", "reason"}, {"issuer"}},
      {"report.accept", {{"id", "r.submitted"}, {"unit", "btc-tu"}, {"note", "n"}}, {"id", "unit"}, {"issuer"}},
      {"indicator.define",
       {{"id", "ind.new"}, {"issuer", "tinh-uy"}, {"title", "Kết nạp"}, {"unit_of_measure", "%"}, {"comparator", ">="},
        {"target", {{"value", 300}, {"scale", 100}}}, {"period", "2020-2025"}, {"recurrence", "annual"},
        {"scope", "s"}, {"scope_units", {"tinh-uy"}}, {"directive", task_ref}},
       {"id", "issuer", "title", "unit_of_measure", "comparator", "target", "period", "recurrence"}, {"issuer"}},
      {"indicator.report_value",
       {{"id", "ind"}, {"unit", "btc-tu"}, {"period", "2024"}, {"value", {{"numerator", 5}, {"denominator", 6}}},
        {"note", "n"}, {"report", "r.pending"}},
       {"id", "unit", "period", "value"}, {"clerk"}},
      {"inspection.open",
       {{"id", "insp.new"}, {"kind", "kiem_tra"}, {"body", "ubkt-tu"}, {"title", "Kiểm tra"}, {"scope", "s"},
        {"period", {{"from", "2024-01-01"}, {"to", "2024-03-31"}}}, {"subjects", {{{"unit", "btc-tu"}}, {{"person", "p1"}}}},
        {"decision", {{"number", "3-QĐ/UBKTTU"}, {"date", "2024-04-01"}}}},
       {"id", "kind", "body", "title", "scope", "period", "subjects", "decision"}, {"inspector"}},
      {"inspection.record_finding",
       {{"id", "insp"}, {"kind", "han_che"}, {"text", "t"}, {"subject", {{"unit", "btc-tu"}}}, {"evidence", {p.acknowledged}}},
       {"id", "kind", "text"}, {"inspector"}},
      {"inspection.conclude",
       {{"id", "insp"}, {"conclusion", "c"}, {"recommendations", {"r"}}, {"violations", false},
        {"document", {{"number", "9-TB/UBKTTU"}}}},
       {"id", "conclusion"}, {"inspector"}},
      {"case.open",
       {{"id", "c.new"}, {"subject", {{"person", "p1"}}}, {"grounds", "g"}, {"body", "ubkt-tu"}, {"inspection", "insp"}},
       {"id", "subject", "grounds", "body"}, {"inspector"}},
      {"case.decide",
       {{"id", "c.open"}, {"form", "khien_trach"}, {"body", "ubkt-tu"}, {"document", document},
        {"effective", "2024-04-10"}, {"reason", "r"}},
       {"id", "form", "body", "document", "effective"}, {"inspector"}},
      {"case.appeal", {{"id", "c.decided"}, {"filed_on", "2024-04-20"}, {"grounds", "g"}}, {"id", "filed_on", "grounds"},
       {"inspector"}},
      {"case.decide_appeal",
       {{"id", "c.appealed"}, {"outcome", "thay_doi_hinh_thuc"}, {"new_form", "khien_trach"}, {"body", "ubkt-tu"},
        {"document", document}, {"effective", "2024-04-10"}},
       {"id", "outcome", "new_form", "body", "document", "effective"}, {"inspector"}},
      {"entry.correct",
       {{"index", p.acknowledged}, {"kind", "correction"}, {"reason", "r"}, {"note", "n"}, {"corrected", {{"note", "x"}}}},
       {"index", "kind", "reason"}, {"issuer", "clerk"}},
      {"payload.erase", {{"indexes", {p.person}}, {"legal_basis", "Nghị định 13/2023/NĐ-CP"}, {"reason", "r"}},
       {"indexes", "legal_basis", "reason"}, {}},
  };
}

}  // namespace dauvet::events::testing
