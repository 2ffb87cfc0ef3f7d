// A province-year of work as the real directives shape it, as domain commands: the load a
// tỉnh ủy and its committees put on the ledger in one year.
//
//   tree     the tỉnh ủy; ~12 ban, đảng đoàn, ban cán sự and the ủy ban kiểm tra, and ~10
//            huyện ủy / thành ủy at level 2; ~550 tổ chức cơ sở đảng (đảng bộ xã, chi bộ
//            cơ quan) and each district's ủy ban kiểm tra at level 3; a clerk, an issuer
//            and an inspector for every level-2 unit
//   a year   ~100 directives (chỉ thị, nghị quyết, kế hoạch, chương trình, and district
//            plans implementing them) of 20-60 tasks each, led mostly by level-2 units and
//            carried through acknowledgement, progress, extensions, completion (some late)
//            and verification; the sơ kết 6 tháng and tổng kết năm reports of every level-2
//            unit (on time, late, returned and resubmitted, missing) and thematic reports on
//            some directives; indicator values as numerator/denominator; ~1,200 inspections
//            and ~900 supervisions with findings and conclusions; ~370 disciplinary
//            decisions on party members (khiển trách ~60%, cảnh cáo ~30%, cách chức ~6%,
//            khai trừ ~4%) and appeals against ~3% of them.
//
// Pure and deterministic: the same options give the same steps on every platform (own
// arithmetic on std::mt19937_64, whose output the standard fixes; no std distributions).
// Year `index` is first_year + index; the tree depends on the seed only, so the years of
// one province follow each other in one ledger: run setup() once, then steps() of year 0,
// 1, 2, ... Every step carries the day it happens on, so a test can run a year with the
// clock it was written for (a report is late by the day its first submission is
// recorded); a live ledger records them at its own time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "events/date.hpp"
#include "events/workload.hpp"

namespace dauvet::events {

struct DatedStep {
  Date day;  // the Vietnam calendar day the step happens on
  WorkStep step;
};

struct ProvinceTree {
  struct Unit {
    std::string id, name, kind, parent;
  };
  std::string province;  // the tỉnh ủy
  std::string ubkt;      // Ủy ban Kiểm tra Tỉnh ủy
  std::string office;    // Văn phòng Tỉnh ủy: receives the periodic reports
  std::vector<std::string> level2;         // departments first, then districts
  std::vector<std::string> districts;      // huyện ủy, thành ủy
  std::vector<std::string> district_ubkt;  // by district
  std::vector<std::vector<std::string>> bases;  // tổ chức cơ sở đảng, by district
  std::map<std::string, std::size_t> district_of;  // base organisation -> district index
  std::vector<Unit> units;                 // in creation order, parents first

  std::size_t base_organisations() const;
};

class ProvinceYear {
 public:
  struct Options {
    std::uint64_t seed = 1;
    std::string parent = "root";  // the existing unit the tỉnh ủy hangs under; "" for a root
    std::string prefix = "p";     // every id starts with it, so provinces can share a ledger
    int first_year = 2023;
    // decide() refuses documents dated after today: a live ledger passes its today and
    // later years' documents carry that date instead. nullopt: no bound.
    std::optional<Date> not_after;
  };

  ProvinceYear(Options options, int index);

  int year() const { return year_; }
  const ProvinceTree& tree() const { return tree_; }

  // The units and actors: once per province, before the steps of its first year.
  std::vector<DatedStep> setup() const;
  // The year's work by day; within a day in the order it was planned, so every aggregate's
  // commands keep their order.
  std::vector<DatedStep> steps() const;

  // The actors of a level-2 unit (and of the tỉnh ủy's own issuer).
  static Actor clerk_of(const std::string& unit) { return Actor{unit + ".clerk", unit, "clerk"}; }
  static Actor issuer_of(const std::string& unit) { return Actor{unit + ".issuer", unit, "issuer"}; }
  static Actor inspector_of(const std::string& unit) { return Actor{unit + ".inspector", unit, "inspector"}; }

 private:
  Options o_;
  int index_;
  int year_;
  ProvinceTree tree_;
};

}  // namespace dauvet::events
