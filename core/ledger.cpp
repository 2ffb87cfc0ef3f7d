#include "core/ledger.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/canonical_json.hpp"
#include "core/sequencer.hpp"
#include "core/tree.hpp"

namespace dauvet {

Result<Payload> Payload::parse(std::string_view json_text) {
  auto bytes = canonical::canonicalize(json_text);
  if (!bytes) return fail(Errc::invalid_argument, bytes.error().message, "payload");
  return Payload(std::move(*bytes));
}

Result<Payload> Payload::from_json(const nlohmann::json& value) {
  auto bytes = canonical::dump(value);
  if (!bytes) return fail(Errc::invalid_argument, bytes.error().message, "payload");
  return Payload(std::move(*bytes));
}

Result<crypto::Hash> WriteContext::put_blob(std::string_view bytes) {
  const crypto::Hash h = crypto::sha256(bytes);
  const std::string_view key(reinterpret_cast<const char*>(h.data()), h.size());
  // Content-addressed: storing the same bytes twice is a no-op, not an error.
  if (auto r = txn_.put(view_.dbs().blobs, key, bytes, MDB_NOOVERWRITE); !r && r.error().code != Errc::conflict)
    return fail(r.error());
  return h;
}

crypto::Hash fingerprint_of(const AppendRequest& request) {
  crypto::Sha256 h;
  h.update(request.stream).update(std::uint8_t{0}).update(request.type).update(std::uint8_t{0});
  h.update(request.expected_version ? std::to_string(*request.expected_version) : std::string("any"));
  h.update(std::uint8_t{0}).update(request.payload.bytes());
  for (std::uint64_t e : request.erase_payloads) h.update(std::uint8_t{0}).update(std::to_string(e));
  return h.finish();
}

Result<std::unique_ptr<Ledger>> Ledger::open(const std::string& dir, Options options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (options.create) {
    fs::create_directories(dir, ec);
    if (ec) return fail(Errc::io, "cannot create '" + dir + "': " + ec.message());
  } else if (!fs::exists(fs::path(dir) / "data.mdb", ec)) {
    return fail(Errc::not_found, "no ledger in '" + dir + "' (create one with: dauvet init " + dir + ")");
  }
  std::unique_ptr<Ledger> ledger(new Ledger());
  ledger->dir_ = dir;
  if (options.writer) {
    const std::string lock_path = (fs::path(dir) / "writer.lock").string();
    ledger->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (ledger->lock_fd_ < 0) return fail(Errc::io, "cannot open " + lock_path + ": " + std::strerror(errno));
    if (::flock(ledger->lock_fd_, LOCK_EX | LOCK_NB) != 0)
      return fail(Errc::unavailable, "another process is writing to '" + dir + "' (is a server running on it?)");
  }
  auto env = lmdb::Env::open(dir, lmdb::Env::Options{.map_size = options.map_size});
  if (!env) return fail(env.error());
  ledger->env_ = std::move(*env);

  // Database handles opened in a transaction live on after it commits, read-only ones too.
  auto txn = options.writer ? lmdb::Txn::begin_write(ledger->env_) : lmdb::Txn::begin_read(ledger->env_);
  if (!txn) return fail(txn.error());
  auto dbs = Dbs::open(*txn);
  if (!dbs) return fail(dbs.error());
  ledger->dbs_ = *dbs;
  auto tree = std::make_shared<TreeHook>();
  if (auto r = tree->open(*txn, ledger->dbs_); !r) return fail(r.error());
  ledger->tree_dbi_ = tree->dbi();
  if (options.maintain_tree) options.hooks.insert(options.hooks.begin(), tree);
  for (std::size_t i = options.maintain_tree ? 1 : 0; i < options.hooks.size(); ++i) {
    if (auto r = options.hooks[i]->open(*txn, ledger->dbs_); !r) return fail(r.error());
  }
  if (auto r = txn->commit(); !r) return fail(r.error());

  if (!options.writer) return ledger;
  ledger->sequencer_ = std::make_unique<Sequencer>(ledger->env_, ledger->dbs_, options);
  if (auto r = ledger->sequencer_->start(); !r) return fail(r.error());
  return ledger;
}

Ledger::~Ledger() {
  stop();
  sequencer_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the writer lock
}

Result<void> Ledger::grow_map() {
  return env_.gate().exclusive([&] { return env_.grow(); });
}

Result<Snapshot> Ledger::read() const {
  auto txn = lmdb::Txn::begin_read(env_);
  if (!txn) return fail(txn.error());
  return Snapshot(std::move(*txn), dbs_);
}

void Ledger::submit(Command command, std::function<void(Result<CommandResult>)> done) {
  if (!sequencer_) return done(fail(Errc::unavailable, "this ledger was opened read-only"));
  sequencer_->submit(std::move(command), std::move(done));
}

void Ledger::submit_batch(std::vector<Command> commands,
                          std::function<void(std::size_t, Result<CommandResult>)> done) {
  if (!sequencer_) {
    for (std::size_t i = 0; i < commands.size(); ++i) done(i, fail(Errc::unavailable, "this ledger was opened read-only"));
    return;
  }
  sequencer_->submit_batch(std::move(commands), std::move(done));
}

std::future<Result<CommandResult>> Ledger::submit(Command command) {
  auto promise = std::make_shared<std::promise<Result<CommandResult>>>();
  auto future = promise->get_future();
  submit(std::move(command), [promise](Result<CommandResult> r) { promise->set_value(std::move(r)); });
  return future;
}

std::future<Result<CommandResult>> Ledger::append(AppendRequest request, Actor actor,
                                                  std::optional<std::string> idempotency_key) {
  Command command;
  command.actor = std::move(actor);
  command.idempotency_key = std::move(idempotency_key);
  command.fingerprint = fingerprint_of(request);
  command.decide = [req = std::move(request)](WriteContext&) -> Result<std::vector<AppendRequest>> {
    return std::vector<AppendRequest>{req};
  };
  return submit(std::move(command));
}

void Ledger::stop() {
  if (sequencer_) sequencer_->stop();
}

const WriterStats& Ledger::stats() const {
  static const WriterStats none;
  return sequencer_ ? sequencer_->stats() : none;
}

}  // namespace dauvet
