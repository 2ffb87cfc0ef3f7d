#include "core/checkpointer.hpp"

#include "base/thread_name.hpp"
#include "core/tree.hpp"
#include "crypto/merkle.hpp"

namespace dauvet {
namespace {

void raise_to(std::atomic<std::uint64_t>& value, std::uint64_t at_least) {
  std::uint64_t seen = value.load();
  while (seen < at_least && !value.compare_exchange_weak(seen, at_least)) {
  }
}

}  // namespace

Result<std::uint64_t> checkpoint_size(std::string_view note) {
  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return fail(Errc::invalid_argument, "not a signed note");
  auto c = crypto::parse_checkpoint_body(note.substr(0, split + 1));
  if (!c) return fail(c.error());
  return c->size;
}

Result<CheckpointStore> CheckpointStore::open(const lmdb::Txn& txn) {
  CheckpointStore s;
  auto dbi = txn.open_db("checkpoints", txn.writable() ? MDB_CREATE : 0);
  if (!dbi) return fail(dbi.error());
  s.dbi_ = *dbi;
  return s;
}

Result<std::vector<StoredCheckpoint>> CheckpointStore::all(const lmdb::Txn& txn) const {
  auto cursor = lmdb::Cursor::open(txn, dbi_);
  if (!cursor) return fail(cursor.error());
  std::vector<StoredCheckpoint> out;
  auto it = cursor->first();
  for (; it && *it; it = cursor->next()) out.push_back({keys::read_u64((*it)->key), std::string((*it)->value)});
  if (!it) return fail(it.error());
  return out;
}

Result<std::optional<StoredCheckpoint>> CheckpointStore::latest(const lmdb::Txn& txn) const {
  auto cursor = lmdb::Cursor::open(txn, dbi_);
  if (!cursor) return fail(cursor.error());
  auto it = cursor->last();
  if (!it) return fail(it.error());
  if (!*it) return std::optional<StoredCheckpoint>{};
  return std::optional<StoredCheckpoint>{StoredCheckpoint{keys::read_u64((*it)->key), std::string((*it)->value)}};
}

Result<void> CheckpointStore::append(lmdb::Txn& txn, std::string_view note) const {
  auto n = txn.count(dbi_);
  if (!n) return fail(n.error());
  return txn.put(dbi_, keys::u64(*n), note, MDB_APPEND);
}

Checkpointer::Checkpointer(Options options) : options_(options) {}

void Checkpointer::set_signer(LedgerSigner signer) {
  std::lock_guard lock(mu_);
  signer_ = std::move(signer);
}

Checkpointer::~Checkpointer() { stop(); }

Result<void> Checkpointer::open(lmdb::Txn& txn, const Dbs&) {
  auto store = CheckpointStore::open(txn);
  if (!store) return fail(store.error());
  store_ = *store;
  auto tree = txn.open_db("tree", txn.writable() ? MDB_CREATE : 0);
  if (!tree) return fail(tree.error());
  tree_dbi_ = *tree;
  return {};
}

Result<void> Checkpointer::start(Ledger& ledger, LedgerSigner signer) {
  set_signer(std::move(signer));
  ledger_ = &ledger;
  {
    auto snap = ledger.read();
    if (!snap) return fail(snap.error());
    auto size = snap->view().size();
    if (!size) return fail(size.error());
    committed_ = *size;
    auto latest = store_.latest(snap->view().txn());
    if (!latest) return fail(latest.error());
    if (*latest) {
      auto signed_size = checkpoint_size((*latest)->note);
      if (!signed_size) return fail(Errc::corrupt, "stored checkpoint: " + signed_size.error().message);
      signed_ = *signed_size;
    }
  }
  // A ledger that grew while no writer signed for it gets its checkpoint before anything else.
  if (committed_ > signed_ || !store_latest_exists(ledger)) {
    auto note = request(committed_).get();
    if (!note) return fail(note.error());
  }
  timer_ = std::thread([this] { timer_loop(); });
  return {};
}

bool Checkpointer::store_latest_exists(Ledger& ledger) const {
  auto snap = ledger.read();
  return snap && store_.latest(snap->view().txn()).value_or(std::nullopt).has_value();
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

Result<std::string> Checkpointer::sign_now() { return request(committed_).get(); }

void Checkpointer::end_batch(bool committed, std::uint64_t size) {
  if (!committed) return;
  committed_ = size;
  if (ledger_ != nullptr && size >= signed_ + options_.every_entries && requested_ < size) (void)request(size);
}

std::future<Result<std::string>> Checkpointer::request(std::uint64_t size) {
  raise_to(requested_, size);
  auto note = std::make_shared<std::string>();
  auto promise = std::make_shared<std::promise<Result<std::string>>>();
  auto future = promise->get_future();
  Command cmd;
  cmd.actor = Actor{"dauvet", "root", "system"};
  cmd.decide = [this, size, note](WriteContext& ctx) -> Result<std::vector<AppendRequest>> {
    auto latest = store_.latest(ctx.txn());
    if (!latest) return fail(latest.error());
    if (*latest) {
      auto signed_size = checkpoint_size((*latest)->note);
      if (signed_size && *signed_size >= size) {  // already covered: hand back the latest
        *note = (*latest)->note;
        return std::vector<AppendRequest>{};
      }
    }
    TreeView tree(ctx.txn(), tree_dbi_);
    auto root = crypto::root_at(size, tree.reader());
    if (!root) return fail(root.error());
    Result<std::string> signed_note = fail(Errc::unavailable, "no signing key");
    {
      std::lock_guard lock(mu_);
      if (signer_) signed_note = crypto::sign_checkpoint({signer_->origin, size, *root, {}}, signer_->origin, signer_->key);
    }
    if (!signed_note) return fail(signed_note.error());
    if (auto r = store_.append(ctx.txn(), *signed_note); !r) return fail(r.error());
    *note = std::move(*signed_note);
    return std::vector<AppendRequest>{};
  };
  ledger_->submit(std::move(cmd), [this, size, note, promise](Result<CommandResult> r) {
    if (!r) return promise->set_value(fail(r.error()));
    raise_to(signed_, size);
    {
      std::lock_guard lock(mu_);
      last_signed_at_ = std::chrono::steady_clock::now();
    }
    promise->set_value(*note);
  });
  return future;
}

void Checkpointer::timer_loop() {
  name_this_thread("dauvet-checkpt");
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, std::min<std::chrono::milliseconds>(options_.every, std::chrono::milliseconds(200)));
    if (stopping_) break;
    const std::uint64_t size = committed_;
    if (size > signed_ && requested_ < size && std::chrono::steady_clock::now() - last_signed_at_ >= options_.every) {
      lock.unlock();
      (void)request(size);
      lock.lock();
    }
  }
}

}  // namespace dauvet
