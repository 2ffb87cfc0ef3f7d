// A synthetic but realistic stream of domain commands: a province with its departments and
// districts, directives whose task tables assign work to them, and the life of that work —
// acknowledgement, progress, extensions, completion and verification, periodic reports
// submitted, returned and accepted, indicator values, inspections with findings.
//
// For benchmarks (a 1,000,000-entry ledger), load tests and randomized model tests. Pure
// and deterministic: the same seed gives the same commands. It keeps its own small model
// of what it has asked for, so nearly every command is legal; the few that decide()
// refuses (the model does not track every rule) are part of a realistic load too.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/model.hpp"

namespace dauvet::events {

struct WorkStep {
  Actor actor;
  std::string type;  // a command type of commands.hpp
  nlohmann::json body;
};

class Workload {
 public:
  struct Options {
    std::uint64_t seed = 1;
    std::string parent = "root";  // the existing unit the synthetic province hangs under; "" for none
    std::string prefix = "w";     // ids start with it, so several workloads can share a ledger
    int departments = 12;
    int districts = 8;
    int tasks_per_directive = 12;
  };

  explicit Workload(Options options);

  // Units, actors and the first directive: run these first, in order.
  std::vector<WorkStep> setup();
  // The next command of the running workload.
  WorkStep next();

 private:
  struct Task {
    std::string item;
    std::string symbol;
    std::string lead;  // unit id
    int stage = 0;     // 0 assigned, 1 acknowledged, 2 in progress, 3 completed, 4 verified
    bool extension_pending = false;
  };
  struct Report {
    std::string id;
    std::vector<std::string> from;
    std::vector<int> stage;  // per unit: 0 owed, 1 submitted, 2 accepted
  };

  WorkStep directive();
  WorkStep advance_task();
  WorkStep report_step();
  WorkStep indicator_value();
  WorkStep inspection_step();
  Actor clerk_of(const std::string& unit) const;
  std::string unit_id(int i) const;
  std::string date(int day_offset) const;  // ISO date from 2024-01-01
  std::size_t pick(std::size_t n);

  Options o_;
  std::mt19937_64 rng_;
  Actor admin_, issuer_, inspector_;
  std::vector<std::string> units_;  // units that lead work
  std::vector<Task> tasks_;
  std::vector<std::size_t> open_;  // indexes into tasks_ not verified
  std::vector<Report> reports_;
  int directives_ = 0;
  int inspections_ = 0;
  int open_inspection_ = -1;
  int findings_ = 0;
  std::uint64_t steps_ = 0;
};

}  // namespace dauvet::events
