#include "core/sequencer.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "base/thread_name.hpp"

namespace dauvet {
namespace {

// Errors that break the transaction rather than refuse one command.
bool breaks_batch(Errc code) {
  return code == Errc::map_full || code == Errc::storage_full || code == Errc::io || code == Errc::corrupt ||
         code == Errc::internal;
}

// A hook refusing a decided event is a bug in that layer, not a user error.
Error hook_failed(Error err) {
  if (!breaks_batch(err.code)) err = Error{Errc::internal, "write hook refused entry: " + err.to_string()};
  return err;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

}  // namespace

Sequencer::Sequencer(lmdb::Env& env, const Dbs& dbs, const Ledger::Options& options)
    : env_(env), dbs_(dbs), options_(options), clock_(options.clock ? options.clock : clock::system_ms) {}

Sequencer::~Sequencer() { stop(); }

Result<void> Sequencer::start() {
  auto txn = lmdb::Txn::begin_read(env_);
  if (!txn) return fail(txn.error());
  LedgerView view(*txn, dbs_);
  auto size = view.size();
  if (!size) return fail(size.error());
  committed_.next_index = *size;
  if (*size > 0) {
    auto bytes = view.entry_bytes(*size - 1);
    if (!bytes) return fail(bytes.error());
    if (!*bytes) return fail(Errc::corrupt, "entry " + std::to_string(*size - 1) + " is missing");
    auto last = entry::decode(**bytes);
    if (!last) return fail(Errc::corrupt, "entry " + std::to_string(*size - 1) + ": " + last.error().message);
    committed_.prev = crypto::leaf_hash(**bytes);
    auto head = view.head();
    if (!head) return fail(head.error());
    if (!*head || (*head)->size != *size || (*head)->last_leaf != committed_.prev)
      return fail(Errc::corrupt, "the ledger's last entry does not match the head recorded at the last commit; "
                                 "run dauvet verify");
    clock_.observe(*clock::parse_utc_ms(last->recorded_at));
  }
  thread_ = std::thread([this] { run(); });
  return {};
}

void Sequencer::submit(Command command, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && !failed_) {
      queue_.push_back(Pending{std::move(command), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(fail(failed_ ? Error{Errc::unavailable, "the writer stopped: " + failed_->message}
                    : Error{Errc::unavailable, "the ledger is shutting down"}));
}

void Sequencer::submit_batch(std::vector<Command> commands,
                             std::function<void(std::size_t, Result<CommandResult>)> done) {
  auto shared = std::make_shared<decltype(done)>(std::move(done));
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && !failed_) {
      for (std::size_t i = 0; i < commands.size(); ++i)
        queue_.push_back(Pending{std::move(commands[i]), [shared, i](Result<CommandResult> r) { (*shared)(i, std::move(r)); }});
      wake_.notify_one();
      return;
    }
  }
  for (std::size_t i = 0; i < commands.size(); ++i)
    (*shared)(i, fail(Errc::unavailable, failed_ ? "the writer stopped: " + failed_->message : "the ledger is shutting down"));
}

void Sequencer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  completer_.stop();  // after the writer: its last batches are handed over by then
}

Result<std::uint64_t> Sequencer::VersionCache::get(const LedgerView& view, const std::string& stream) {
  if (auto it = batch_.find(stream); it != batch_.end()) return it->second;
  if (const std::uint64_t* v = committed_.find(stream)) return *v;
  return view.stream_version(stream);
}

void Sequencer::VersionCache::commit() {
  for (auto& [stream, version] : batch_) committed_.insert_or_assign(stream, version);
  batch_.clear();
}

void Sequencer::run() {
  name_this_thread("dauvet-writer");
  Batch batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      if (queue_.size() <= options_.max_batch) {
        batch.swap(queue_);
      } else {
        for (std::size_t i = 0; i < options_.max_batch; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
    }
    process(batch);
    batch.clear();
  }
}

void Sequencer::process(Batch& batch) {
  std::vector<Result<CommandResult>> results;
  const auto first_started = std::chrono::steady_clock::now();  // map growth included
  for (;;) {
    if (failed_) return complete_all(batch, Error{Errc::unavailable, "the writer stopped: " + failed_->message});
    Tail tail = committed_;
    for (auto& hook : options_.hooks) hook->begin_batch();
    const auto started = std::chrono::steady_clock::now();
    auto outcome = attempt(batch, results, tail);
    if (outcome) {
      committed_ = tail;
      versions_.commit();
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started);
      stats_.batches.fetch_add(1, std::memory_order_relaxed);
      stats_.commands.fetch_add(batch.size(), std::memory_order_relaxed);
      stats_.commit_ns_total.fetch_add(static_cast<std::uint64_t>(ns.count()), std::memory_order_relaxed);
      stats_.observe_batch(batch.size(), std::chrono::steady_clock::now() - first_started);
      for (auto& hook : options_.hooks) hook->end_batch(true, committed_.next_index);
      return complete(batch, std::move(results));
    }
    versions_.abort();
    for (auto& hook : options_.hooks) hook->end_batch(false, committed_.next_index);
    if (lmdb::is_map_full(outcome.error())) {
      auto grown = env_.gate().exclusive([&] { return env_.grow(); });
      stats_.map_grows.fetch_add(1, std::memory_order_relaxed);
      if (grown) continue;
      outcome = fail(grown.error());
    }
    if (outcome.error().code == Errc::corrupt) failed_ = outcome.error();
    return complete_all(batch, outcome.error());
  }
}

void Sequencer::complete(Batch& batch, std::vector<Result<CommandResult>> results) {
  completer_.hand_over([batch = std::move(batch), results = std::move(results)]() mutable {
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
  });
  batch.clear();  // moved from: valid but unspecified
}

void Sequencer::complete_all(Batch& batch, const Error& error) {
  std::vector<Result<CommandResult>> results(batch.size(), fail(error));
  complete(batch, std::move(results));
}

Result<void> Sequencer::attempt(Batch& batch, std::vector<Result<CommandResult>>& results, Tail& tail) {
  results.clear();
  results.reserve(batch.size());
  auto txn = lmdb::Txn::begin_write(env_);
  if (!txn) return fail(txn.error());
  const std::int64_t now = clock_.now();
  const std::string now_text = clock::format_utc_ms(now);
  const std::uint64_t first = tail.next_index;
  chain_.begin(first, tail.prev, batch.size() >= kChainedBatch, batch.size());
  // Every way out waits for the chain thread, so a retry starts with an idle one.
  struct EndChain {
    ChainHasher& chain;
    ~EndChain() { chain.end(); }
  } end_chain{chain_};
  WriteContext ctx(*txn, dbs_, now, &chain_);
  std::size_t stored = 0;  // the batch's entries whose bytes are in the entries table
  for (auto& p : batch) {
    auto r = run_command(ctx, p.command, tail, now_text);
    if (!r && breaks_batch(r.error().code)) return fail(r.error());
    results.push_back(std::move(r));
    if (auto s = store_hashed(*txn, first, stored, chain_.ready()); !s) return s;
  }
  chain_.finish();
  if (auto s = store_hashed(*txn, first, stored, chain_.pushed()); !s) return s;
  if (stored > 0) tail.prev = chain_.slot(stored - 1).leaf;
  if (tail.next_index != first) {
    if (auto r = txn->put(dbs_.meta, "head", keys::head(Head{tail.next_index, tail.prev})); !r) return r;
  }
  if (auto r = txn->commit(); !r) return r;
  stats_.entries.fetch_add(tail.next_index - first, std::memory_order_relaxed);
  return {};
}

Result<void> Sequencer::store_hashed(lmdb::Txn& txn, std::uint64_t first, std::size_t& stored, std::size_t upto) {
  for (; stored < upto; ++stored) {
    const ChainHasher::Slot& slot = chain_.slot(stored);
    if (auto r = txn.put_kept(dbs_.entries, keys::u64(first + stored), slot.bytes, MDB_APPEND); !r) return r;
    for (auto& hook : options_.hooks) {
      if (auto r = hook->on_leaf(txn, first + stored, slot.leaf); !r) return fail(hook_failed(r.error()));
    }
  }
  return {};
}

Result<CommandResult> Sequencer::replay_idempotent(const LedgerView& view, const IdempotencyRecord& rec) {
  CommandResult out;
  out.duplicate = true;
  for (std::uint64_t i = rec.first_index; i < rec.first_index + rec.count; ++i) {
    auto bytes = view.entry_bytes(i);
    if (!bytes) return fail(bytes.error());
    if (!*bytes) return fail(Errc::corrupt, "idempotency record points at missing entry " + std::to_string(i));
    auto e = entry::decode(**bytes);
    if (!e) return fail(Errc::corrupt, "entry " + std::to_string(i) + ": " + e.error().message);
    out.entries.push_back(Appended{e->index, e->version, e->stream, e->recorded_at});
  }
  return out;
}

Result<CommandResult> Sequencer::run_command(WriteContext& ctx, const Command& command, Tail& tail,
                                             const std::string& now) {
  const LedgerView& view = ctx.view();
  if (command.idempotency_key) {
    auto rec = view.idempotency(command.actor.id, *command.idempotency_key);
    if (!rec) return fail(rec.error());
    if (*rec) {
      if ((*rec)->fingerprint != command.fingerprint)
        return fail(Errc::conflict, "this Idempotency-Key was already used for a different request",
                    "idempotency_key");
      return replay_idempotent(view, **rec);
    }
  }
  auto requests = command.decide(ctx);
  if (!requests) return fail(requests.error());

  // Validate everything first, so a refused command writes nothing. The entries are built
  // in the chain's next slots (reused, so their strings need no allocation) and queued for
  // hashing only once all of them are written.
  auto& versions = versions_touched_;  // streams this command touches
  versions.clear();
  std::unordered_set<std::uint64_t> erasing;
  for (std::size_t j = 0; j < requests->size(); ++j) {
    const AppendRequest& req = (*requests)[j];
    Entry& e = chain_.stage(j);
    e.index = tail.next_index + j;
    e.stream = req.stream;
    e.type = req.type;
    e.actor = command.actor;
    e.recorded_at = now;
    e.idempotency_key = command.idempotency_key;
    e.prev = {};  // the chain thread's to fill in; a reused slot holds an old one
    if (auto r = entry::validate_fields(e); !r) return fail(r.error());
    auto known = std::find_if(versions.begin(), versions.end(), [&](auto& v) { return v.first == req.stream; });
    std::uint64_t current = 0;
    if (known != versions.end()) {
      current = known->second;
    } else {
      auto v = versions_.get(view, req.stream);
      if (!v) return fail(v.error());
      current = *v;
      versions.emplace_back(req.stream, current);
      known = versions.end() - 1;
    }
    if (req.expected_version && *req.expected_version != current)
      return fail(Errc::conflict,
                  "stream '" + req.stream + "' is at version " + std::to_string(current) + ", the request expected " +
                      std::to_string(*req.expected_version),
                  "expected_version");
    e.version = known->second = current + 1;
    if ((req.type == entry::kErasureType) != !req.erase_payloads.empty())
      return fail(Errc::invalid_argument, "payloads are erased only by a payload.erased entry that names them", "type");
    if (!req.erase_payloads.empty()) {
      auto named = entry::erased_indexes(req.payload.bytes());
      if (!named || *named != req.erase_payloads)
        return fail(Errc::invalid_argument, "the payload's \"erased\" list must name exactly the erased entries",
                    "payload.erased");
    }
    for (std::uint64_t target : req.erase_payloads) {
      if (target >= e.index) return fail(Errc::invalid_argument, "only earlier entries can be erased", "erase");
      auto present = view.payload(target);
      if (!present) return fail(present.error());
      if (!*present || !erasing.insert(target).second)
        return fail(Errc::invalid_state, "the payload of entry " + std::to_string(target) + " is already erased",
                    "erase");
      // The erasure record is what makes a missing payload legitimate; it must stay.
      auto target_bytes = view.entry_bytes(target);
      if (!target_bytes) return fail(target_bytes.error());
      auto target_entry = entry::decode(target_bytes->value_or(""));
      if (!target_entry || target_entry->type == entry::kErasureType)
        return fail(Errc::invalid_argument, "entry " + std::to_string(target) + " is an erasure record; it cannot be erased",
                    "erase");
    }
  }

  // The entry bytes and the tree wait for the chain thread (store_hashed); the rest is
  // written now, so the next command's decider sees it.
  CommandResult out;
  out.entries.reserve(requests->size());
  lmdb::Txn& wtxn = ctx.txn();
  for (std::size_t j = 0; j < requests->size(); ++j) {
    Entry& e = chain_.stage(j);
    const std::string& payload = (*requests)[j].payload.bytes();
    e.payload_sha256 = (*requests)[j].payload.sha256();
    const std::string key = keys::u64(e.index);
    if (auto r = wtxn.put_kept(dbs_.payloads, key, payload, MDB_APPEND); !r) return fail(r.error());
    keys::stream_version_into(stream_key_, e.stream, e.version);
    if (auto r = wtxn.put_kept(dbs_.streams, stream_key_, key); !r) return fail(r.error());
    versions_.set(e.stream, e.version);
    for (std::uint64_t target : (*requests)[j].erase_payloads) {
      if (auto r = wtxn.del(dbs_.payloads, keys::u64(target)); !r) return fail(r.error());
    }
    for (auto& hook : options_.hooks) {
      if (auto r = hook->on_entry(wtxn, e, payload); !r) return fail(hook_failed(r.error()));
    }
    out.entries.push_back(Appended{e.index, e.version, std::move((*requests)[j].stream), now});
  }
  chain_.push_staged(requests->size());
  tail.next_index += requests->size();
  if (command.idempotency_key && !out.entries.empty()) {
    std::string value = keys::u64(out.entries.front().index) + be32(static_cast<std::uint32_t>(out.entries.size()));
    value.append(reinterpret_cast<const char*>(command.fingerprint.data()), command.fingerprint.size());
    if (auto r = wtxn.put(dbs_.idempotency, keys::idempotency(command.actor.id, *command.idempotency_key), value); !r)
      return fail(r.error());
  }
  return out;
}

}  // namespace dauvet
