#include "events/workload.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "events/calendar.hpp"
#include "events/deadline.hpp"

namespace dauvet::events {

namespace {

using nlohmann::json;

// Time frames as the seed tables write them, read by the real grammar.
constexpr std::array kTimeFrames{"Quý III/2024", "Quý IV/2024", "xong trước ngày 31/12/2024", "Quý II/2025",
                                 "Trong quý IV hằng năm", "Thực hiện thường xuyên", "Trong năm 2025"};

const std::string kHash(64, 'e');

}  // namespace

Workload::Workload(Options options) : o_(std::move(options)), rng_(o_.seed) {
  admin_ = Actor{o_.prefix + "-admin", o_.prefix + "-tinh", "admin"};
  issuer_ = Actor{o_.prefix + "-vp", o_.prefix + "-tinh", "issuer"};
  inspector_ = Actor{o_.prefix + "-ubkt-1", o_.prefix + "-ubkt", "inspector"};
}

std::string Workload::unit_id(int i) const { return o_.prefix + "-u" + std::to_string(i); }

Actor Workload::clerk_of(const std::string& unit) const { return Actor{unit + "-clerk", unit, "clerk"}; }

std::string Workload::date(int day_offset) const {
  int y = 0;
  unsigned m = 0, d = 0;
  calendar::civil_from_days(calendar::days_from_civil(2024, 1, 1) + day_offset, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::size_t Workload::pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

std::vector<WorkStep> Workload::setup() {
  std::vector<WorkStep> out;
  const Actor op{"operator:workload", o_.parent.empty() ? o_.prefix + "-tinh" : o_.parent, "admin"};
  auto unit = [&](const std::string& id, const std::string& name, const char* kind, const std::string& parent) {
    json body = {{"id", id}, {"name", name}, {"kind", kind}};
    if (!parent.empty()) body["parent"] = parent;
    out.push_back({op, "unit.create", body});
  };
  unit(o_.prefix + "-tinh", "Tỉnh ủy " + o_.prefix, "cap_uy", o_.parent);
  unit(o_.prefix + "-ubkt", "Ủy ban Kiểm tra Tỉnh ủy " + o_.prefix, "uy_ban_kiem_tra", o_.prefix + "-tinh");
  for (int i = 0; i < o_.departments + o_.districts; ++i) {
    const bool department = i < o_.departments;
    unit(unit_id(i), (department ? "Ban số " : "Huyện ủy số ") + std::to_string(i), department ? "ban_dang" : "cap_uy",
         o_.prefix + "-tinh");
    units_.push_back(unit_id(i));
  }
  auto actor = [&](const Actor& a) {
    out.push_back({op, "actor.register", {{"id", a.id}, {"unit", a.unit}, {"role", a.role}}});
  };
  actor(admin_);
  actor(issuer_);
  actor(inspector_);
  for (const auto& u : units_) actor(clerk_of(u));
  out.push_back({issuer_, "indicator.define",
                 {{"id", o_.prefix + "-ind"}, {"issuer", o_.prefix + "-tinh"}, {"title", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ"},
                  {"unit_of_measure", "%"}, {"comparator", ">="}, {"target", {{"value", 9000}, {"scale", 100}}},
                  {"period", "2024-2025"}, {"recurrence", "annual"}}});
  out.push_back(directive());
  return out;
}

WorkStep Workload::directive() {
  ++directives_;
  const std::string symbol = std::to_string(directives_) + "-KH/TU";
  return {issuer_, "directive.issue",
          {{"issuer", o_.prefix + "-tinh"}, {"symbol", symbol}, {"kind", "ke_hoach"}, {"date", date(directives_ % 300)},
           {"signer", "Người ký"}, {"title", "Kế hoạch số " + symbol}}};
}

WorkStep Workload::next() {
  ++steps_;
  // A directive's task table is created right after it, one task per step.
  const int expected_tasks = directives_ * o_.tasks_per_directive;
  if (static_cast<int>(tasks_.size()) < expected_tasks) {
    Task t;
    t.symbol = std::to_string(directives_) + "-KH/TU";
    const int n = static_cast<int>(tasks_.size()) % o_.tasks_per_directive;
    t.item = (n < o_.tasks_per_directive / 2 ? "I." : "II.") + std::to_string(n + 1);
    t.lead = units_[pick(units_.size())];
    const char* raw = kTimeFrames[pick(kTimeFrames.size())];
    json body = {{"issuer", o_.prefix + "-tinh"}, {"symbol", t.symbol}, {"item", t.item},
                 {"content", "Nhiệm vụ " + t.item + " của " + t.symbol}, {"lead", t.lead},
                 {"coordinators_text", "Các cơ quan, đơn vị có liên quan"},
                 {"time_frame", {{"raw", raw}, {"schedule", to_json(parse_deadline(raw, Date{2024, 1, 1}))}}}};
    open_.push_back(tasks_.size());
    tasks_.push_back(std::move(t));
    return {issuer_, "task.create", std::move(body)};
  }
  const std::size_t roll = pick(100);
  if (roll < 3 || open_.empty()) return directive();
  if (roll < 73) return advance_task();
  if (roll < 88) return report_step();
  if (roll < 95) return indicator_value();
  return inspection_step();
}

WorkStep Workload::advance_task() {
  const std::size_t slot = pick(open_.size());
  Task& t = tasks_[open_[slot]];
  json ref = {{"issuer", o_.prefix + "-tinh"}, {"symbol", t.symbol}, {"item", t.item}};
  const Actor clerk = clerk_of(t.lead);
  if (t.extension_pending) {
    t.extension_pending = false;
    ref["reason"] = "Đồng ý gia hạn theo đề nghị";
    if (pick(3) == 0) return {issuer_, "task.refuse_extension", ref};
    ref["new_due"] = date(700);
    return {issuer_, "task.grant_extension", ref};
  }
  switch (t.stage) {
    case 0: ++t.stage; return {clerk, "task.acknowledge", ref};
    case 1: ++t.stage; return {clerk, "task.start", ref};
    case 2: {
      const std::size_t r = pick(10);
      if (r < 5) {
        ref["note"] = "Đã triển khai " + std::to_string(10 * (r + 3)) + "% khối lượng";
        ref["percent_bp"] = static_cast<std::int64_t>(1000 * (r + 3));
        return {clerk, "task.report_progress", ref};
      }
      if (r < 7) {
        t.extension_pending = true;
        ref["requested_due"] = date(700);
        ref["reason"] = "Chờ hướng dẫn của Trung ương";
        return {clerk, "task.request_extension", ref};
      }
      ++t.stage;
      ref["evidence"] = {{"blob_sha256", kHash}, {"note", "Báo cáo kết quả thực hiện"}};
      return {clerk, "task.complete", ref};
    }
    default: {
      open_[slot] = open_.back();
      open_.pop_back();
      if (pick(5) == 0) {
        ref["reason"] = "Chưa đủ hồ sơ minh chứng";
        t.stage = 2;
        open_.push_back(static_cast<std::size_t>(&t - tasks_.data()));
        return {issuer_, "task.reject_completion", ref};
      }
      return {issuer_, "task.verify_completion", ref};
    }
  }
}

WorkStep Workload::report_step() {
  if (reports_.empty() || pick(8) == 0) {
    Report r;
    r.id = o_.prefix + "-bc" + std::to_string(reports_.size() + 1);
    for (int i = 0; i < 4; ++i) {
      const std::string u = units_[pick(units_.size())];
      if (std::find(r.from.begin(), r.from.end(), u) == r.from.end()) r.from.push_back(u);
    }
    r.stage.assign(r.from.size(), 0);
    json body = {{"id", r.id}, {"kind", "quy"}, {"title", "Báo cáo quý"}, {"period", "2024-Q" + std::to_string(1 + reports_.size() % 4)},
                 {"due", date(static_cast<int>(30 + 20 * reports_.size() % 600))}, {"issuer", o_.prefix + "-tinh"},
                 {"to", o_.prefix + "-tinh"}, {"from", r.from}};
    reports_.push_back(std::move(r));
    return {issuer_, "report.request", std::move(body)};
  }
  Report& r = reports_[pick(reports_.size())];
  const std::size_t i = pick(r.from.size());
  const std::string& unit = r.from[i];
  if (r.stage[i] == 0) {
    r.stage[i] = 1;
    return {clerk_of(unit), "report.submit",
            {{"id", r.id}, {"unit", unit}, {"number", std::to_string(steps_) + "-BC"}, {"signer", "Trưởng ban"}}};
  }
  if (r.stage[i] == 1) {
    if (pick(4) == 0) {
      r.stage[i] = 0;
      return {issuer_, "report.return", {{"id", r.id}, {"unit", unit}, {"reason", "Thiếu số liệu"}}};
    }
    r.stage[i] = 2;
    return {issuer_, "report.accept", {{"id", r.id}, {"unit", unit}}};
  }
  return indicator_value();
}

WorkStep Workload::indicator_value() {
  const std::string unit = units_[pick(units_.size())];
  const auto total = static_cast<std::int64_t>(100 + pick(500));
  const auto good = total * static_cast<std::int64_t>(80 + pick(20)) / 100;
  return {clerk_of(unit), "indicator.report_value",
          {{"id", o_.prefix + "-ind"}, {"unit", unit}, {"period", std::to_string(2024 + steps_ % 2)},
           {"value", {{"numerator", good}, {"denominator", total}}}}};
}

WorkStep Workload::inspection_step() {
  const std::string id = o_.prefix + "-kt" + std::to_string(inspections_);
  if (open_inspection_ < 0) {
    open_inspection_ = ++inspections_;
    findings_ = 0;
    return {inspector_, "inspection.open",
            {{"id", o_.prefix + "-kt" + std::to_string(inspections_)}, {"kind", "kiem_tra"}, {"body", o_.prefix + "-ubkt"},
             {"title", "Kiểm tra việc thực hiện"}, {"scope", "Việc thực hiện các kế hoạch"},
             {"period", {{"from", "2024-01-01"}, {"to", "2024-06-30"}}},
             {"subjects", {{{"unit", units_[pick(units_.size())]}}}}, {"decision", {{"number", id + "-QĐ/UBKT"}}}}};
  }
  if (findings_ < 3) {
    ++findings_;
    return {inspector_, "inspection.record_finding",
            {{"id", id}, {"kind", "han_che"}, {"text", "Chậm triển khai một số nhiệm vụ"}}};
  }
  open_inspection_ = -1;
  return {inspector_, "inspection.conclude",
          {{"id", id}, {"conclusion", "Cơ bản thực hiện tốt"}, {"recommendations", {"Khắc phục hạn chế"}},
           {"violations", false}, {"document", {{"number", id + "-TB/UBKT"}}}}};
}

}  // namespace dauvet::events
