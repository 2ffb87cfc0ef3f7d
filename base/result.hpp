// Result<T>: the error channel of domain and storage code.
//
// Expected failures (bad input, a version conflict, a missing record) are values, never
// exceptions, so callers must look at them. Each Errc maps to one HTTP status and one
// stable problem `type` in the API layer; add a code only when a caller must act on it
// differently from every existing one.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace dauvet {

enum class Errc {
  invalid_argument,  // the input is malformed or breaks a rule of its format
  unauthorized,      // no valid credential
  forbidden,         // valid credential, not allowed to do this
  not_found,         // the thing named does not exist (at that moment)
  conflict,          // expected stream version differs, or a uniqueness rule is broken
  invalid_state,     // the aggregate's state does not allow this command
  too_large,         // input over a configured size limit
  storage_full,      // the disk (not the LMDB map) has no room left
  map_full,          // the LMDB map is full: the writer grows it and retries; never shown to users
  corrupt,           // stored bytes fail verification; fatal for the writer
  io,                // the operating system refused an operation
  unavailable,       // shutting down, or not ready yet
  internal,          // a bug: an invariant the code relies on does not hold
};

std::string_view errc_name(Errc code) noexcept;

struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::string field;  // the input field at fault, if one is (e.g. "payload.due")

  Error() = default;
  Error(Errc c, std::string msg, std::string fld = {})
      : code(c), message(std::move(msg)), field(std::move(fld)) {}

  // "conflict: expected version 3, stream is at 4"
  std::string to_string() const;
};

template <class T>
using Result = tl::expected<T, Error>;

// `return fail(Errc::conflict, "...")` reads better than spelling tl::unexpected.
inline tl::unexpected<Error> fail(Errc code, std::string message, std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace dauvet
