// Small helpers for tests that drive a real Ledger on a scratch directory.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/ledger.hpp"
#include "core/verify.hpp"

namespace dauvet::testing {

inline const Actor kClerk{"clerk-1", "ban-to-chuc", "clerk"};

inline std::unique_ptr<Ledger> open_ledger(const std::string& dir, Ledger::Options options = {}) {
  options.create = true;
  auto l = Ledger::open(dir, std::move(options));
  EXPECT_TRUE(l) << (l ? "" : l.error().to_string());
  return l ? std::move(*l) : nullptr;
}

inline AppendRequest request(std::string stream, std::string payload = "{}",
                             std::optional<std::uint64_t> expected = std::nullopt, std::string type = "test.event") {
  return AppendRequest{std::move(stream), expected, std::move(type), *Payload::parse(payload), {}};
}

inline Result<CommandResult> append(Ledger& l, AppendRequest r, std::optional<std::string> key = {},
                                    const Actor& actor = kClerk) {
  return l.append(std::move(r), actor, std::move(key)).get();
}

// Verifies with one reader and with three readers splitting small chunks (7 entries for the
// 40-entry tamper ledgers, so the check crosses many chunk and reader boundaries; about 16
// chunks for big ledgers); both must say the same.
inline VerifyReport verify(const Ledger& l) {
  auto snap = l.read();
  EXPECT_TRUE(snap);
  auto report = verify_ledger(snap->view(), VerifyOptions{.threads = 1});
  EXPECT_TRUE(report) << (report ? "" : report.error().to_string());
  const std::uint64_t size = snap ? (*snap)->size().value_or(0) : 0;
  auto split = verify_ledger(snap->view(), VerifyOptions{.threads = 3, .chunk = std::max<std::size_t>(7, size / 16)});
  EXPECT_TRUE(split) << (split ? "" : split.error().to_string());
  if (report && split) {
    EXPECT_EQ(split->problem, report->problem);
    EXPECT_EQ(split->bad_index, report->bad_index);
    EXPECT_EQ(split->entries, report->entries);
    EXPECT_EQ(split->bytes, report->bytes);
    EXPECT_EQ(split->last_leaf, report->last_leaf);
  }
  return report ? *report : VerifyReport{};
}

inline std::uint64_t size_of(const Ledger& l) { return *(*l.read())->size(); }

}  // namespace dauvet::testing
