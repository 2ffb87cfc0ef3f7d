#include "tools/writer.hpp"

#include "core/identity.hpp"

namespace dauvet::tools {

Result<Writer> open_writer(const std::string& dir, Checkpointer::Options checkpoints, const std::string& create_origin) {
  Writer w;
  w.checkpointer = std::make_shared<Checkpointer>(checkpoints);
  auto ledger = Ledger::open(dir, Ledger::Options{.hooks = {w.checkpointer}, .create = !create_origin.empty()});
  if (!ledger) return fail(ledger.error());
  w.ledger = std::move(*ledger);
  if (!create_origin.empty()) {
    auto vkey = create_identity(*w.ledger, create_origin);
    if (!vkey) return fail(vkey.error());
  }
  Result<LedgerSigner> signer = fail(Errc::internal, "");
  {
    auto snap = w.ledger->read();
    if (!snap) return fail(snap.error());
    signer = load_signer(dir, snap->view());
  }
  if (!signer) return fail(signer.error());
  if (auto r = w.checkpointer->start(*w.ledger, std::move(*signer)); !r) return fail(r.error());
  return w;
}

}  // namespace dauvet::tools
