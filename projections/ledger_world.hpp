// The World decide() consults on the writer thread: current state from the projector,
// read through the writer's own transaction, so a command sees every command committed
// before it and every earlier command of its batch.
#pragma once

#include "core/ledger.hpp"
#include "events/world.hpp"
#include <functional>

#include "projections/projector.hpp"

namespace dauvet::projections {

class LedgerWorld final : public events::World {
 public:
  // The latest state of a stream (nullopt: none yet), or a storage error.
  using StateSource = std::function<Result<std::optional<AggregateState>>(const std::string& stream)>;

  // On the writer thread, inside its transaction: the projector's states, this batch included.
  LedgerWorld(WriteContext& ctx, Projector& projector);
  // Over a read snapshot (planning an import, a dry run): the tables as last committed.
  LedgerWorld(const LedgerView& view, const Tables& tables);

  std::uint64_t size() const override;
  std::optional<events::EntryInfo> entry(std::uint64_t index) const override;
  std::optional<events::UnitState> unit(std::string_view id) const override;
  std::vector<std::string> children(std::string_view id) const override;
  std::optional<events::ActorState> actor(std::string_view id) const override;
  std::optional<events::PersonState> person(std::string_view id) const override;
  std::optional<events::DirectiveState> directive(std::string_view issuer, std::string_view symbol) const override;
  std::optional<events::TaskState> task(std::string_view stream) const override;
  std::vector<std::string> open_tasks_led_by(std::string_view unit) const override;
  std::optional<events::ReportState> report(std::string_view id) const override;
  std::vector<std::string> reports_owed_by(std::string_view unit) const override;
  std::optional<events::IndicatorState> indicator(std::string_view id) const override;
  std::optional<events::InspectionState> inspection(std::string_view id) const override;
  std::optional<events::CaseState> discipline_case(std::string_view id) const override;

  // World's methods cannot return errors; the first storage error is kept here, and the
  // decider turns it into a failed command instead of a decision on partial state.
  const std::optional<Error>& error() const { return error_; }

 private:
  template <class State>
  std::optional<State> state_of(const std::string& stream) const;
  // Streams linked to unit/<unit> whose names start with prefix ("task/", "report/").
  std::vector<std::string> linked(std::string_view unit, std::string_view prefix) const;

  const LedgerView& view_;
  MDB_dbi links_;
  StateSource source_;
  mutable std::optional<Error> error_;
};

}  // namespace dauvet::projections
