#include "projections/facts.hpp"

#include "events/streams.hpp"

namespace dauvet::projections {
namespace {

namespace ev = events;

template <class E>
std::uint8_t position(E e) {
  return static_cast<std::uint8_t>(e);
}

void put_u16_string(std::string& out, std::string_view s) {
  out.push_back(static_cast<char>(s.size() >> 8));
  out.push_back(static_cast<char>(s.size() & 0xff));
  out.append(s);
}

struct Cursor {
  std::string_view in;
  bool ok = true;

  std::uint8_t u8() {
    if (in.empty()) return fail_();
    const auto v = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    return v;
  }
  std::int64_t i64() {
    if (in.size() < 8) return fail_();
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
    in.remove_prefix(8);
    return static_cast<std::int64_t>(v);
  }
  std::string str() {
    const std::size_t high = u8();
    const std::size_t n = (high << 8) | u8();
    if (!ok || in.size() < n) {
      fail_();
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
  std::uint8_t fail_() {
    ok = false;
    in = {};
    return 0;
  }
};

}  // namespace

std::optional<Facts> facts_of(const AggregateState& state) {
  if (const auto* t = std::get_if<ev::TaskState>(&state)) {
    return Facts{.kind = Facts::Kind::task,
                 .status = position(t->status),
                 .completed_ms = t->completed_ms,
                 .lead = t->lead,
                 .due = t->due().value_or(""),
                 .parent = {}};
  }
  if (const auto* u = std::get_if<ev::UnitState>(&state)) {
    return Facts{.kind = Facts::Kind::unit, .status = position(u->status), .parent = u->parent};
  }
  if (const auto* i = std::get_if<ev::InspectionState>(&state)) {
    return Facts{.kind = Facts::Kind::inspection, .status = position(i->status)};
  }
  if (const auto* k = std::get_if<ev::CaseState>(&state)) {
    return Facts{.kind = Facts::Kind::discipline_case, .status = std::uint8_t{!k->form.empty()}};
  }
  return std::nullopt;
}

std::vector<std::string> holders(const Facts& facts, std::span<const std::string> related) {
  std::vector<std::string> out;
  if (!by_unit(facts)) return out;
  if (facts.kind == Facts::Kind::task) {
    if (!facts.lead.empty()) out.push_back(ev::unit_stream(facts.lead));
    return out;
  }
  for (const auto& r : related) {
    if (r.starts_with("unit/")) out.push_back(r);
  }
  return out;
}

std::string encode_facts(const Facts& f) {
  std::string out;
  out.push_back(static_cast<char>(f.kind));
  out.push_back(static_cast<char>(f.status));
  switch (f.kind) {
    case Facts::Kind::task: {
      auto ms = static_cast<std::uint64_t>(f.completed_ms);
      for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((ms >> shift) & 0xff));
      put_u16_string(out, f.lead);
      put_u16_string(out, f.due);
      break;
    }
    case Facts::Kind::unit: put_u16_string(out, f.parent); break;
    case Facts::Kind::inspection:
    case Facts::Kind::discipline_case: break;
  }
  return out;
}

Result<Facts> decode_facts(std::string_view bytes) {
  Cursor c{bytes};
  Facts f;
  const auto kind = static_cast<char>(c.u8());
  f.status = c.u8();
  std::uint8_t max_status = 0;
  switch (kind) {
    case 't':
      f.kind = Facts::Kind::task;
      f.completed_ms = c.i64();
      f.lead = c.str();
      f.due = c.str();
      max_status = position(ev::TaskStatus::cancelled);
      break;
    case 'u':
      f.kind = Facts::Kind::unit;
      f.parent = c.str();
      max_status = position(ev::UnitStatus::dissolved);
      break;
    case 'i':
      f.kind = Facts::Kind::inspection;
      max_status = position(ev::InspectionStatus::concluded);
      break;
    case 'c':
      f.kind = Facts::Kind::discipline_case;
      max_status = 1;
      break;
    default: return fail(Errc::corrupt, "stored facts have an unknown kind");
  }
  if (!c.ok) return fail(Errc::corrupt, "stored facts are cut short");
  if (!c.in.empty()) return fail(Errc::corrupt, "stored facts have bytes past their end");
  if (f.status > max_status) return fail(Errc::corrupt, "stored facts have an unknown status");
  return f;
}

}  // namespace dauvet::projections
