#include "tools/province_steps.hpp"

#include <future>
#include <stdexcept>

#include "projections/domain_writer.hpp"

namespace dauvet::tools {

void submit_steps(Ledger& ledger, const std::shared_ptr<projections::Projector>& projector,
                  const std::vector<events::DatedStep>& steps, std::size_t from, std::size_t to,
                  const std::function<void(std::size_t, const Result<CommandResult>&)>& done) {
  std::vector<Command> commands;
  for (std::size_t i = from; i < to; ++i) {
    const auto& s = steps[i].step;
    auto c = events::decode_command(s.type, s.body);
    if (!c) throw std::runtime_error("the generator made an undecodable " + s.type + ": " + c.error().to_string());
    auto lc = projections::to_ledger_command(projector, projections::DomainCommand{s.actor, std::move(*c)});
    if (!lc) throw std::runtime_error(lc.error().to_string());
    commands.push_back(std::move(*lc));
  }
  if (commands.empty()) return;
  std::promise<void> all;
  std::size_t left = commands.size();
  ledger.submit_batch(std::move(commands), [&](std::size_t i, Result<CommandResult> r) {
    done(from + i, r);
    if (--left == 0) all.set_value();
  });
  all.get_future().wait();
}

}  // namespace dauvet::tools
