// Opening a ledger for writing from the CLI and the server: the ledger, its checkpointer
// and its signing identity, started in the right order.
#pragma once

#include <memory>
#include <string>

#include "core/checkpointer.hpp"
#include "core/ledger.hpp"

namespace dauvet::tools {

struct Writer {
  Writer() = default;
  Writer(Writer&&) noexcept = default;
  Writer& operator=(Writer&&) noexcept = default;
  std::shared_ptr<Checkpointer> checkpointer;
  std::unique_ptr<Ledger> ledger;  // declared last: destroyed (writer drained) first
  ~Writer() {
    if (checkpointer) checkpointer->stop();
    if (ledger) ledger->stop();
  }
};

// create: a new ledger in dir with the identity `origin`. Otherwise the ledger must exist
// and have an identity; a ledger that grew without checkpoints is signed at once.
Result<Writer> open_writer(const std::string& dir, Checkpointer::Options checkpoints, const std::string& create_origin = {});

}  // namespace dauvet::tools
