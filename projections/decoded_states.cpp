#include "projections/decoded_states.hpp"

#include <string>

namespace dauvet::projections {

Result<AggregateState> DecodedStates::decode(std::string_view stream, std::string_view bytes) {
  if (bytes.size() > max_bytes_) return decode_state(stream, bytes);
  std::string key;
  key.reserve(stream.size() + 1 + bytes.size());
  key.append(stream).push_back('\0');  // stream names hold no NUL, so the split is unique
  key.append(bytes);
  std::shared_ptr<const AggregateState> held;
  {
    std::lock_guard lock(mu_);
    if (auto* found = map_.find(key)) {
      held = *found;
      ++hits_;
    } else {
      ++misses_;
    }
  }
  if (held) return AggregateState(*held);  // copied outside the lock
  // Decoded outside the lock; two threads missing on the same key both decode, and the
  // second insert overwrites the first with an equal state.
  auto state = decode_state(stream, bytes);
  if (!state) return state;  // corrupt bytes are never cached: every read reports them
  auto shared = std::make_shared<const AggregateState>(*state);
  std::lock_guard lock(mu_);
  map_.insert_or_assign(key, std::move(shared));
  return state;
}

DecodedStates::Counts DecodedStates::counts() const {
  std::lock_guard lock(mu_);
  return Counts{hits_, misses_, map_.size()};
}

}  // namespace dauvet::projections
