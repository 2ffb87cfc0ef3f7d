// Generated domain steps (events/province.hpp) into a ledger, for `bench generate` and
// `bench domain`: decoded, bound to the projector, and submitted as one batch that shares
// its commits, waiting until every step has its result.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "core/ledger.hpp"
#include "events/province.hpp"
#include "projections/projector.hpp"

namespace dauvet::tools {

// Steps [from, to) in order; done(i, result) for each, i counted from `from`. A step the
// generator could not have meant (undecodable) throws: that is a generator bug.
void submit_steps(Ledger& ledger, const std::shared_ptr<projections::Projector>& projector,
                  const std::vector<events::DatedStep>& steps, std::size_t from, std::size_t to,
                  const std::function<void(std::size_t, const Result<CommandResult>&)>& done);

}  // namespace dauvet::tools
