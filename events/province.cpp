#include "events/province.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <string_view>

#include "events/deadline.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

namespace {

using nlohmann::json;

// Own arithmetic on mt19937_64 (whose output the standard fixes): std distributions and
// std::shuffle differ between standard libraries, and a seed must name one ledger.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : g_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(g_() % n); }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
  bool chance(int percent) { return between(1, 100) <= percent; }
  template <class V>
  const auto& any(const V& v) { return v[below(v.size())]; }

 private:
  std::mt19937_64 g_;
};

struct Named {
  const char* id;
  const char* name;
  const char* kind;
};
constexpr std::array<Named, 12> kDepartments{{
    {"ubkt", "Ủy ban Kiểm tra Tỉnh ủy", "uy_ban_kiem_tra"}, {"vp", "Văn phòng Tỉnh ủy", "ban_dang"},
    {"btc", "Ban Tổ chức Tỉnh ủy", "ban_dang"}, {"btg", "Ban Tuyên giáo Tỉnh ủy", "ban_dang"},
    {"bdv", "Ban Dân vận Tỉnh ủy", "ban_dang"}, {"bnc", "Ban Nội chính Tỉnh ủy", "ban_dang"},
    {"dd-hdnd", "Đảng đoàn Hội đồng nhân dân tỉnh", "to_chuc_dang"},
    {"dd-mttq", "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "to_chuc_dang"},
    {"bcs-ubnd", "Ban cán sự đảng Ủy ban nhân dân tỉnh", "to_chuc_dang"},
    {"du-khoi", "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh", "cap_uy"},
    {"du-qs", "Đảng ủy Quân sự tỉnh", "cap_uy"}, {"du-ca", "Đảng ủy Công an tỉnh", "cap_uy"}}};
// Hưng Yên's ten districts before the 2025 mergers lend the names; the data is synthetic.
constexpr std::array kDistricts{"Thành ủy Hưng Yên", "Thị ủy Mỹ Hào",    "Huyện ủy Văn Lâm", "Huyện ủy Văn Giang",
                                "Huyện ủy Yên Mỹ",   "Huyện ủy Khoái Châu", "Huyện ủy Ân Thi",  "Huyện ủy Kim Động",
                                "Huyện ủy Tiên Lữ",  "Huyện ủy Phù Cừ"};
constexpr std::array kAgencies{"Cơ quan Huyện ủy", "Văn phòng HĐND và UBND", "Phòng Tài chính - Kế hoạch",
                               "Phòng Giáo dục và Đào tạo", "Trung tâm Y tế", "Công an", "Quân sự",
                               "Ngân hàng Chính sách xã hội", "Kho bạc Nhà nước", "Chi cục Thuế", "Phòng Nội vụ",
                               "Trung tâm Chính trị", "Phòng Nông nghiệp", "Bảo hiểm xã hội", "Tòa án nhân dân",
                               "Viện Kiểm sát nhân dân", "Chi cục Thi hành án dân sự", "Trường THPT số 1",
                               "Trường THPT số 2", "Trung tâm Văn hóa - Thể thao"};
constexpr std::array kSyllables1{"An", "Bình", "Đông", "Tân", "Hòa", "Minh", "Thanh", "Phú", "Hưng", "Đại",
                                 "Quang", "Nghĩa", "Lạc", "Vĩnh", "Xuân", "Hồng", "Thắng", "Trung", "Long", "Thái"};
constexpr std::array kSyllables2{"Phú", "Lợi", "Tiến", "Hòa", "Thịnh", "Lạc", "Hưng", "Xá", "Châu", "Phong",
                                 "Nghĩa", "Thành", "Lâm", "Đức", "Bình", "Sơn", "Khê", "Hải", "Cầu", "Vinh"};
constexpr std::array kTopics{"công tác xây dựng, chỉnh đốn Đảng", "chuyển đổi số", "phòng, chống tham nhũng, tiêu cực",
                             "công tác cán bộ", "xây dựng nông thôn mới", "cải cách hành chính",
                             "công tác kiểm tra, giám sát", "công tác dân vận", "bảo vệ nền tảng tư tưởng của Đảng",
                             "phát triển kinh tế - xã hội", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                             "quốc phòng, an ninh", "công tác phát triển đảng viên", "giáo dục và đào tạo",
                             "bảo vệ môi trường", "bảo đảm an sinh xã hội"};
constexpr std::array kGrounds{"Vi phạm những điều đảng viên không được làm", "Vi phạm nguyên tắc tập trung dân chủ",
                              "Thiếu trách nhiệm, buông lỏng lãnh đạo, quản lý", "Vi phạm trong quản lý, sử dụng đất đai",
                              "Vi phạm trong quản lý tài chính, ngân sách", "Vi phạm chính sách dân số"};
constexpr std::array kSurnames{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"};
constexpr std::array kGiven{"Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Đức Hải", "Thị Hoa", "Văn Hùng",
                            "Thị Lan", "Minh Tuấn", "Thị Thu", "Quang Vinh", "Văn Long"};
constexpr std::array kRoman{"I", "II", "III", "IV", "V", "VI"};
struct DirectiveKind {
  const char* kind;
  const char* tag;
  const char* label;
};
constexpr std::array<DirectiveKind, 4> kKinds{{{"ke_hoach", "KH", "Kế hoạch"}, {"chuong_trinh", "CTr", "Chương trình"},
                                               {"chi_thi", "CT", "Chỉ thị"}, {"nghi_quyet", "NQ", "Nghị quyết"}}};
// Document numbers continue across the years of one province without colliding: a year
// issues far fewer than this of one kind.
constexpr int kNumberStride = 200;

std::string padded(std::size_t n, int width) {
  std::string s = std::to_string(n);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// One year of one province: plans every aggregate's life in order, each command on the
// day it happens; run() then orders them all by day.
class Year {
 public:
  Year(const ProvinceTree& t, const ProvinceYear::Options& o, int index, int year)
      : t_(t), o_(o), index_(index), year_(year), dice_(o.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(index) + 1),
        end_{year, 12, 31}, tag_(o.prefix + "-" + std::to_string(year)) {}

  std::vector<DatedStep> run() {
    indicators();
    directives();
    periodic("6t", "so_ket_6_thang", std::to_string(year_) + "-H1", "Báo cáo sơ kết 6 tháng đầu năm", day(130),
             Date{year_, 6, 15}, t_.level2);
    periodic("nam", "tong_ket_nam", std::to_string(year_), "Báo cáo tổng kết năm", day(290), Date{year_, 11, 30},
             t_.level2);
    inspections();
    discipline();
    std::stable_sort(out_.begin(), out_.end(), [](const DatedStep& a, const DatedStep& b) { return a.day < b.day; });
    return std::move(out_);
  }

 private:
  Date day(int n) const { return Date{year_, 1, 1}.plus_days(n); }
  // Documents carry the day they are signed, but never a day decide() would call future.
  std::string doc(Date d) const { return (o_.not_after && *o_.not_after < d ? *o_.not_after : d).iso(); }
  // Work planned past the year's end is left for later: that aggregate stops there.
  bool add(Date d, const Actor& a, const char* type, json body) {
    if (d > end_) return false;
    out_.push_back({d, WorkStep{a, type, std::move(body)}});
    return true;
  }
  bool after(Date& d, int lo, int hi, const Actor& a, const char* type, json body) {
    d = d.plus_days(dice_.between(lo, hi));
    return add(d, a, type, std::move(body));
  }
  // Lead-side work for a level-3 unit is written by its district's clerk.
  Actor clerk_for(const std::string& unit) const {
    const auto it = t_.district_of.find(unit);
    return ProvinceYear::clerk_of(it == t_.district_of.end() ? unit : t_.districts[it->second]);
  }
  std::string person(Date d, const Actor& by, std::size_t district) {
    const std::string id = tag_ + "-dv" + padded(++persons_, 4);
    add(d, by, "person.register",
        {{"id", id}, {"name", std::string(dice_.any(kSurnames)) + " " + dice_.any(kGiven)}, {"unit", dice_.any(t_.bases[district])},
         {"position", dice_.chance(30) ? "Bí thư chi bộ" : "Đảng viên"}});
    return id;
  }

  void indicators();
  void directives();
  void tasks(const DirectiveRef& d, Date issued, const Actor& issuer, std::size_t district, bool provincial);
  void lifecycle(const json& ref, const Actor& clerk, const Actor& issuer, Date d, std::optional<Date> due);
  void periodic(const std::string& suffix, const char* kind, const std::string& period, const std::string& title,
                Date asked, Date due, const std::vector<std::string>& from, const json& directive = nullptr);
  void inspections();
  void discipline();

  struct Violation {
    std::string person, inspection, body, inspector_unit;
    Date found;
  };

  const ProvinceTree& t_;
  const ProvinceYear::Options& o_;
  int index_, year_;
  Dice dice_;
  Date end_;
  std::string tag_;  // prefix-year: ids of this year's aggregates start with it
  std::vector<DatedStep> out_;
  std::vector<Violation> violations_;
  std::size_t persons_ = 0, documents_ = 0;
};

void Year::indicators() {
  const Actor issuer = ProvinceYear::issuer_of(t_.province);
  auto define = [&](const char* id, const char* title, const char* cmp, std::int64_t target) {
    add(day(3), issuer, "indicator.define",
        {{"id", tag_ + "-" + id}, {"issuer", t_.province}, {"title", title}, {"unit_of_measure", "%"},
         {"comparator", cmp}, {"target", {{"value", target}, {"scale", 100}}}, {"period", std::to_string(year_)},
         {"recurrence", "annual"}, {"scope_units", t_.districts}});
  };
  define("tccs", "Trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", ">", 9000);
  define("dv", "Trên 90% đảng viên hoàn thành tốt nhiệm vụ trở lên", ">", 9000);
  define("kn", "Kết nạp đảng viên mới đạt từ 3% trở lên so với tổng số đảng viên", ">=", 300);
  // Party members and admissions as the districts count them: mid-year, then the year.
  for (std::size_t i = 0; i < t_.districts.size(); ++i) {
    const Actor clerk = ProvinceYear::clerk_of(t_.districts[i]);
    const int members = dice_.between(3000, 9000);
    auto value = [&](const char* id, Date d, std::string period, int numerator) {
      add(d, clerk, "indicator.report_value",
          {{"id", tag_ + "-" + id}, {"unit", t_.districts[i]}, {"period", std::move(period)},
           {"value", {{"numerator", numerator}, {"denominator", members}}}});
    };
    value("kn", day(dice_.between(185, 200)), std::to_string(year_) + "-H1", members * dice_.between(10, 25) / 1000);
    value("kn", day(dice_.between(340, 355)), std::to_string(year_), members * dice_.between(22, 45) / 1000);
    value("dv", day(dice_.between(340, 355)), std::to_string(year_), members * dice_.between(880, 970) / 1000);
  }
}

void Year::directives() {
  const Actor province_issuer = ProvinceYear::issuer_of(t_.province);
  struct Issued {
    DirectiveRef ref;
    Date date;
  };
  std::vector<Issued> provincial;
  std::array<int, kKinds.size()> numbers{};
  std::vector<int> district_numbers(t_.districts.size());
  const int n = dice_.between(95, 105);
  for (int i = 0; i < n; ++i) {
    json body;
    Issued d;
    std::size_t district = 0;
    // Most are the tỉnh ủy's own; the rest are district plans implementing one of them.
    const bool own = provincial.empty() || !dice_.chance(15);
    if (own) {
      const int roll = dice_.between(1, 100);
      const auto& k = kKinds[roll <= 50 ? 0 : roll <= 65 ? 1 : roll <= 85 ? 2 : 3];
      const auto number = static_cast<std::size_t>(index_ * kNumberStride + ++numbers[static_cast<std::size_t>(&k - kKinds.data())]);
      d = {{t_.province, std::to_string(number) + "-" + k.tag + "/TU"}, day(dice_.between(4, 300))};
      body = {{"kind", k.kind}, {"title", std::string(k.label) + " về " + dice_.any(kTopics) + " năm " + std::to_string(year_)}};
    } else {
      const Issued& base = dice_.any(provincial);
      district = dice_.below(t_.districts.size());
      const auto number = static_cast<std::size_t>(index_ * kNumberStride + ++district_numbers[district]);
      d = {{t_.districts[district], std::to_string(number) + "-KH/HU"}, std::min(end_, base.date.plus_days(dice_.between(7, 30)))};
      body = {{"kind", "ke_hoach"}, {"title", "Kế hoạch thực hiện " + base.ref.symbol},
              {"based_on", {{{"issuer", base.ref.issuer}, {"symbol", base.ref.symbol}}}}};
    }
    body.update({{"issuer", d.ref.issuer}, {"symbol", d.ref.symbol}, {"date", doc(d.date)}, {"signer", "Bí thư"}});
    const Actor issuer = ProvinceYear::issuer_of(d.ref.issuer);
    add(d.date, issuer, "directive.issue", std::move(body));
    tasks(d.ref, d.date, issuer, district, own);
    if (own) provincial.push_back(d);
  }
}

void Year::tasks(const DirectiveRef& d, Date issued, const Actor& issuer, std::size_t district, bool provincial) {
  const int n = dice_.between(20, 60);
  std::vector<std::string> leads;  // level-2 leads, asked for a thematic report on some directives
  for (int i = 0; i < n; ++i) {
    const std::string item = std::string(kRoman[static_cast<std::size_t>(i / 10)]) + "." + std::to_string(i % 10 + 1);
    const auto& pool = provincial ? t_.level2 : t_.bases[district];
    std::string lead = provincial ? (dice_.chance(85) ? dice_.any(pool) : dice_.any(dice_.any(t_.bases)))
                                  : (dice_.chance(85) ? dice_.any(pool) : t_.district_ubkt[district]);
    std::vector<std::string> coordinators;
    for (int k = dice_.between(provincial ? 1 : 0, provincial ? 3 : 2); k > 0; --k) {
      const std::string& c = dice_.any(pool);
      if (c != lead && std::find(coordinators.begin(), coordinators.end(), c) == coordinators.end()) coordinators.push_back(c);
    }
    if (provincial && t_.district_of.count(lead) == 0 && std::find(leads.begin(), leads.end(), lead) == leads.end()) leads.push_back(lead);
    const Date created = std::min(end_, issued.plus_days(dice_.between(0, 3)));
    const Date target = std::min(end_, created.plus_days(dice_.between(30, 240)));
    const int roll = dice_.between(1, 100);
    const std::string y = std::to_string(year_);
    const std::string raw = roll <= 40   ? "Quý " + std::string(kRoman[static_cast<std::size_t>((target.m - 1) / 3)]) + "/" + y
                            : roll <= 75 ? "xong trước ngày " + std::to_string(target.d) + "/" + std::to_string(target.m) + "/" + y
                            : roll <= 85 ? "Trong năm " + y
                                         : "Thực hiện thường xuyên";
    const Schedule schedule = parse_deadline(raw, issued);
    json ref = {{"issuer", d.issuer}, {"symbol", d.symbol}, {"item", item}};
    json body = ref;
    body.update({{"section", kRoman[static_cast<std::size_t>(i / 10)]}, {"content", "Nhiệm vụ " + item + " của " + d.symbol},
                 {"lead", lead}, {"coordinators", coordinators}, {"coordinators_text", "Các cơ quan, đơn vị có liên quan"},
                 {"time_frame", {{"raw", raw}, {"schedule", to_json(schedule)}}}});
    if (!add(created, issuer, "task.create", std::move(body))) continue;
    lifecycle(ref, clerk_for(lead), issuer, created,
              schedule.due.empty() ? std::nullopt : std::optional<Date>(schedule.due.back()));
  }
  if (provincial && leads.size() >= 3 && dice_.chance(20)) {
    leads.resize(std::min<std::size_t>(leads.size(), 6));
    const Date asked = issued.plus_days(dice_.between(60, 120));
    if (asked < Date{year_, 10, 31})
      periodic("cd-" + d.symbol.substr(0, d.symbol.find('/')), "chuyen_de", std::to_string(year_),
               "Báo cáo chuyên đề kết quả thực hiện " + d.symbol, asked, asked.plus_days(30), leads,
               {{"issuer", d.issuer}, {"symbol", d.symbol}});
  }
}

void Year::lifecycle(const json& ref, const Actor& clerk, const Actor& issuer, Date d, std::optional<Date> due) {
  auto with = [&](json extra) {
    json b = ref;
    b.update(extra);
    return b;
  };
  if (!after(d, 1, 7, clerk, "task.acknowledge", ref) || !after(d, 1, 10, clerk, "task.start", ref)) return;
  // Continuous work has no due date but still reports its results some time in the year.
  Date target = due ? *due : d.plus_days(dice_.between(60, 200));
  const int reports = dice_.between(1, 3);
  for (int k = 1; k <= reports; ++k) {
    const int bp = 10000 * k / (reports + 1) / 500 * 500;
    if (!after(d, 10, 40, clerk, "task.report_progress",
               with({{"note", "Đã triển khai khoảng " + std::to_string(bp / 100) + "% khối lượng"}, {"percent_bp", bp}})))
      return;
  }
  if (dice_.chance(12)) {
    const Date asked = std::max(target, d).plus_days(dice_.between(30, 90));
    if (!after(d, 3, 15, clerk, "task.request_extension",
               with({{"requested_due", asked.iso()}, {"reason", "Chờ hướng dẫn của cấp trên, cần thêm thời gian"}})))
      return;
    const bool grant = dice_.chance(70);
    if (!after(d, 3, 10, issuer, grant ? "task.grant_extension" : "task.refuse_extension",
               grant ? with({{"new_due", asked.iso()}, {"reason", "Đồng ý gia hạn theo đề nghị"}})
                     : with({{"reason", "Không có căn cứ gia hạn; khẩn trương hoàn thành"}})))
      return;
    if (grant) target = asked;
  }
  if (dice_.chance(12)) return;  // still being carried out when the year ends
  // Four in five on time; the rest late by days to two months.
  const Date done = dice_.chance(80) ? target.plus_days(-dice_.between(0, 20)) : target.plus_days(dice_.between(5, 60));
  d = std::max(done, d.plus_days(dice_.between(1, 5)));
  const json evidence = {{"document", {{"number", std::to_string(++documents_) + "-BC"}, {"date", d.iso()}}},
                         {"note", "Báo cáo kết quả thực hiện nhiệm vụ"}};
  if (!add(d, clerk, "task.complete", with({{"evidence", evidence}}))) return;
  if (dice_.chance(6) && (!after(d, 3, 10, issuer, "task.reject_completion", with({{"reason", "Chưa đủ minh chứng"}})) ||
                          !after(d, 5, 20, clerk, "task.complete", with({{"evidence", evidence}}))))
    return;
  if (dice_.chance(90)) after(d, 3, 15, issuer, "task.verify_completion", ref);
}

void Year::periodic(const std::string& suffix, const char* kind, const std::string& period, const std::string& title,
                    Date asked, Date due, const std::vector<std::string>& from, const json& directive) {
  const Actor issuer = ProvinceYear::issuer_of(t_.province);
  const std::string id = tag_ + "-bc-" + suffix;
  json body = {{"id", id},           {"kind", kind},      {"title", title + " " + period}, {"period", period},
               {"due", due.iso()},   {"issuer", t_.province}, {"to", t_.office},           {"from", from}};
  if (!directive.is_null()) body["directive"] = directive;
  if (!add(asked, issuer, "report.request", std::move(body))) return;
  const bool annual = std::string_view(kind) == "tong_ket_nam";
  for (const auto& unit : from) {
    // 7% never report, 8% are returned for revision, 15% are late, the rest on time.
    const int roll = dice_.between(1, 100);
    if (roll <= 7) continue;
    Date d = std::max(asked.plus_days(1), roll <= 30 && roll > 15 ? due.plus_days(dice_.between(1, 20))
                                                                  : due.plus_days(-dice_.between(0, 12)));
    json submit = {{"id", id}, {"unit", unit}, {"number", std::to_string(++documents_) + "-BC"}, {"signer", "Bí thư"}};
    const auto district = std::find(t_.districts.begin(), t_.districts.end(), unit);
    if (annual && district != t_.districts.end()) {
      const auto& bases = t_.bases[static_cast<std::size_t>(district - t_.districts.begin())];
      const auto good = static_cast<int>(bases.size()) * dice_.between(86, 98) / 100;
      submit["indicator_values"] = {{{"indicator", tag_ + "-tccs"},
                                     {"value", {{"numerator", good}, {"denominator", bases.size()}}}}};
    }
    if (!add(d, ProvinceYear::clerk_of(unit), "report.submit", submit)) continue;
    if (roll <= 15 && (!after(d, 2, 6, issuer, "report.return", {{"id", id}, {"unit", unit}, {"reason", "Thiếu số liệu, đề nghị bổ sung"}}) ||
                       !after(d, 3, 10, ProvinceYear::clerk_of(unit), "report.submit", submit)))
      continue;
    after(d, 2, 10, issuer, "report.accept", {{"id", id}, {"unit", unit}});
  }
}


void Year::inspections() {
  const int checks = dice_.between(1160, 1240), supervisions = dice_.between(860, 940);
  for (int i = 0; i < checks + supervisions; ++i) {
    const bool check = i < checks;
    const bool signs = check && dice_.chance(12);  // kiểm tra khi có dấu hiệu vi phạm: a party member
    const char* kind = signs ? "kiem_tra_dau_hieu_vi_pham" : check ? "kiem_tra"
                       : dice_.chance(55) ? "giam_sat_chuyen_de" : "giam_sat_thuong_xuyen";
    // One in seven by the tỉnh ủy's committee, the rest by the districts' committees.
    const bool provincial = dice_.chance(15);
    const std::size_t district = dice_.below(t_.districts.size());
    const std::string body = provincial ? t_.ubkt : t_.district_ubkt[district];
    const std::string inspector_unit = provincial ? t_.ubkt : t_.districts[district];
    const Actor inspector = ProvinceYear::inspector_of(inspector_unit);
    Date d = day(dice_.between(9, signs ? 280 : 320));
    json subjects = json::array();
    if (signs) {
      subjects.push_back({{"person", person(d, inspector, district)}});
    } else {
      for (int k = dice_.between(1, provincial ? 2 : 3); k > 0; --k) {
        const std::string& unit = provincial && dice_.chance(40) ? dice_.any(t_.level2) : dice_.any(t_.bases[district]);
        if (unit != t_.ubkt && std::find(subjects.begin(), subjects.end(), json{{"unit", unit}}) == subjects.end())
          subjects.push_back({{"unit", unit}});
      }
      if (subjects.empty()) subjects.push_back({{"unit", t_.bases[district].front()}});
    }
    const std::string id = tag_ + (check ? "-kt" : "-gs") + padded(static_cast<std::size_t>(i + 1), 4);
    const std::string y = std::to_string(year_);
    json open = {{"id", id}, {"kind", kind}, {"body", body}, {"subjects", subjects},
                 {"title", std::string(check ? "Kiểm tra " : "Giám sát ") + "việc thực hiện nhiệm vụ năm " + y},
                 {"scope", dice_.any(kTopics)},
                 {"period", {{"from", std::to_string(year_ - (check ? 1 : 0)) + "-01-01"},
                             {"to", check ? std::to_string(year_ - 1) + "-12-31" : d.iso()}}}};
    if (std::string_view(kind) != "giam_sat_thuong_xuyen")
      open["decision"] = {{"number", std::to_string(++documents_) + "-QĐ/UBKT"}, {"date", d.iso()}};
    if (!add(d, inspector, "inspection.open", std::move(open))) continue;
    bool violation = false;
    for (int k = check ? dice_.between(1, 3) : dice_.between(0, 2); k > 0; --k) {
      const bool bad = signs ? (k == 1 && dice_.chance(85)) : check && dice_.chance(8);
      violation = violation || bad;
      const char* finding = bad ? "vi_pham" : dice_.chance(50) ? "han_che" : "uu_diem";
      const char* text = bad ? dice_.any(kGrounds) : std::string_view(finding) == "han_che"
                                                          ? "Việc triển khai một số nhiệm vụ còn chậm, chưa quyết liệt"
                                                          : "Chấp hành tốt nguyên tắc tổ chức và hoạt động";
      if (!after(d, 3, 15, inspector, "inspection.record_finding",
                 {{"id", id}, {"kind", finding}, {"text", text}, {"subject", subjects.front()}}))
        break;
    }
    const bool concluded = after(d, 5, 30, inspector, "inspection.conclude",
                                 {{"id", id}, {"conclusion", violation ? "Có vi phạm, đề nghị xem xét xử lý kỷ luật"
                                                                       : "Cơ bản thực hiện tốt"},
                                  {"recommendations", {"Khắc phục hạn chế, khuyết điểm đã chỉ ra"}},
                                  {"violations", violation},
                                  {"document", {{"number", std::to_string(++documents_) + "-TB/UBKT"}, {"date", d.iso()}}}});
    if (signs && violation && concluded)
      violations_.push_back({subjects.front()["person"].get<std::string>(), id, body, inspector_unit, d});
  }
}

void Year::discipline() {
  // The forms in the proportions the real decisions show, dealt from a shuffled deck so
  // that every year lands on them.
  const int n = dice_.between(355, 385);
  std::vector<const char*> forms;
  for (auto [form, percent] : {std::pair{"cach_chuc", 6}, {"khai_tru", 4}, {"canh_cao", 30}})
    forms.insert(forms.end(), static_cast<std::size_t>((n * percent + 50) / 100), form);
  forms.resize(static_cast<std::size_t>(n), "khien_trach");
  for (std::size_t i = forms.size(); i > 1; --i) std::swap(forms[i - 1], forms[dice_.below(i)]);
  const Actor appeals = ProvinceYear::inspector_of(t_.ubkt);
  for (std::size_t i = 0; i < forms.size(); ++i) {
    // First the party members an inspection found in violation, then cases opened on
    // complaints and reports (đơn thư, phản ánh).
    Violation v;
    Date d;
    if (i < violations_.size()) {
      v = violations_[i];
      d = v.found.plus_days(dice_.between(3, 15));
    } else {
      const bool provincial = dice_.chance(15);
      const std::size_t district = dice_.below(t_.districts.size());
      v.body = provincial ? t_.ubkt : t_.district_ubkt[district];
      v.inspector_unit = provincial ? t_.ubkt : t_.districts[district];
      d = day(dice_.between(10, 300));
      v.person = person(d, ProvinceYear::inspector_of(v.inspector_unit), district);
    }
    d = std::min(d, end_.plus_days(-45));
    const Actor inspector = ProvinceYear::inspector_of(v.inspector_unit);
    const std::string id = tag_ + "-kl" + padded(i + 1, 4);
    json open = {{"id", id}, {"subject", {{"person", v.person}}}, {"grounds", dice_.any(kGrounds)}, {"body", v.body}};
    if (!v.inspection.empty()) open["inspection"] = v.inspection;
    add(d, inspector, "case.open", std::move(open));
    d = d.plus_days(dice_.between(10, 40));
    json document = {{"number", std::to_string(++documents_) + "-QĐ/UBKT"}, {"date", d.iso()}};
    add(d, inspector, "case.decide",
        {{"id", id}, {"form", forms[i]}, {"body", v.body}, {"document", document}, {"effective", d.iso()}});
    if (d > Date{year_, 10, 15} || !dice_.chance(3)) continue;
    after(d, 5, 20, inspector, "case.appeal", {{"id", id}, {"filed_on", doc(d)}, {"grounds", "Hình thức kỷ luật quá nặng"}});
    // Decided by the tỉnh ủy's committee: mostly upheld, sometimes lightened or annulled.
    static constexpr std::array<std::pair<std::string_view, const char*>, 3> kLighter{
        {{"canh_cao", "khien_trach"}, {"cach_chuc", "canh_cao"}, {"khai_tru", "cach_chuc"}}};
    const auto lighter = std::find_if(kLighter.begin(), kLighter.end(), [&](const auto& p) { return p.first == forms[i]; });
    const int roll = dice_.between(1, 100);
    d = d.plus_days(dice_.between(15, 40));
    document = {{"number", std::to_string(++documents_) + "-QĐ/UBKT"}, {"date", d.iso()}};
    json decided = {{"id", id}, {"body", t_.ubkt}, {"document", document}, {"effective", d.iso()},
                    {"outcome", roll <= 10 ? "xoa_bo" : roll <= 30 && lighter != kLighter.end() ? "thay_doi_hinh_thuc" : "giu_nguyen"}};
    if (decided["outcome"] == "thay_doi_hinh_thuc") decided["new_form"] = lighter->second;
    add(d, appeals, "case.decide_appeal", std::move(decided));
  }
}

}  // namespace

std::size_t ProvinceTree::base_organisations() const {
  std::size_t n = 0;
  for (const auto& b : bases) n += b.size();
  return n;
}

ProvinceYear::ProvinceYear(Options options, int index)
    : o_(std::move(options)), index_(index), year_(o_.first_year + index) {
  Dice dice(o_.seed);
  auto& t = tree_;
  const std::string& p = o_.prefix;
  t.province = p + "-tu";
  t.ubkt = p + "-ubkt";
  t.office = p + "-vp";
  t.units.push_back({t.province, "Tỉnh ủy Hưng Yên", "cap_uy", o_.parent});
  for (const auto& d : kDepartments) {
    t.level2.push_back(p + "-" + d.id);
    t.units.push_back({t.level2.back(), d.name, d.kind, t.province});
  }
  // About 550 tổ chức cơ sở đảng, shared among the districts by random weights.
  const int total = 550 + dice.between(-6, 6);
  std::array<int, kDistricts.size()> weight{};
  int sum = 0, given = 0;
  for (auto& w : weight) sum += (w = dice.between(70, 130));
  for (std::size_t i = 0; i < kDistricts.size(); ++i) {
    const std::string id = p + "-h" + padded(i + 1, 2);
    const std::string district = kDistricts[i];
    const std::string short_name = district.substr(district.find(' ', district.find(' ') + 1) + 1);
    t.level2.push_back(id);
    t.districts.push_back(id);
    t.units.push_back({id, district, "cap_uy", t.province});
    t.district_ubkt.push_back(id + "-ubkt");
    t.district_of[id + "-ubkt"] = i;
    t.units.push_back({id + "-ubkt", "Ủy ban Kiểm tra " + district, "uy_ban_kiem_tra", id});
    const int n = i + 1 == kDistricts.size() ? total - given : total * weight[i] / sum;
    given += n;
    auto& bases = t.bases.emplace_back();
    for (std::size_t k = 0; k < static_cast<std::size_t>(n); ++k) {
      // The district's agencies first, then its communes (phường in the city).
      const std::string name =
          k < kAgencies.size() && k * 5 < static_cast<std::size_t>(n) * 2
              ? std::string(k >= 4 && k <= 6 ? "Đảng bộ " : "Chi bộ ") + kAgencies[k] + " " + short_name
              : std::string(i == 0 ? "Đảng bộ phường " : "Đảng bộ xã ") + dice.any(kSyllables1) + " " + dice.any(kSyllables2);
      bases.push_back(id + "-c" + padded(k + 1, 3));
      t.district_of[bases.back()] = i;
      t.units.push_back({bases.back(), name, "to_chuc_dang", id});
    }
  }
}

std::vector<DatedStep> ProvinceYear::setup() const {
  std::vector<DatedStep> out;
  const Date day{o_.first_year, 1, 1};
  const Actor op{"operator:province", o_.parent.empty() ? tree_.province : o_.parent, "admin"};
  for (const auto& u : tree_.units) {
    json body = {{"id", u.id}, {"name", u.name}, {"kind", u.kind}};
    if (!u.parent.empty()) body["parent"] = u.parent;
    out.push_back({day, {op, "unit.create", std::move(body)}});
  }
  std::vector<Actor> actors{issuer_of(tree_.province)};
  for (const auto& u : tree_.level2) {
    for (const auto& a : {clerk_of(u), issuer_of(u), inspector_of(u)}) actors.push_back(a);
  }
  for (const auto& a : actors) out.push_back({day, {op, "actor.register", {{"id", a.id}, {"unit", a.unit}, {"role", a.role}}}});
  return out;
}

std::vector<DatedStep> ProvinceYear::steps() const { return Year(tree_, o_, index_, year_).run(); }

}  // namespace dauvet::events
