// A MemoryWorld seeded from the seed documents: the unit tree of Tuyên Quang and Hưng Yên,
// the directive chain 21-NQ/TW -> 07-KH/TW -> 28-CTr/TU -> 252/UBND-NC, and program
// 26-CTr/TU with rows of its task table. Commands go through decode_command, as from HTTP.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "events/calendar.hpp"
#include "events/commands.hpp"
#include "events/memory_world.hpp"
#include "events/streams.hpp"

namespace dauvet::events::testing {

using nlohmann::json;

// An instant at `hour` o'clock Vietnam time on an ISO date.
inline std::int64_t vn_ms(std::string_view date, int hour = 9) {
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const auto m = static_cast<unsigned>(std::stoi(std::string(date.substr(5, 2))));
  const auto d = static_cast<unsigned>(std::stoi(std::string(date.substr(8, 2))));
  return (calendar::days_from_civil(y, m, d) * 86400 + hour * 3600) * 1000 - calendar::kVietnamOffsetMs;
}

inline const Actor kAdmin{"quan-tri", "tw", "admin"};
inline const Actor kIssuer{"vp-tu-1", "tinh-uy", "issuer"};           // Văn phòng Tỉnh ủy Tuyên Quang
inline const Actor kClerkBtc{"btc-tu-1", "btc-tu", "clerk"};          // Ban Tổ chức Tỉnh ủy
inline const Actor kClerkBtg{"btg-tu-1", "btg-tu", "clerk"};          // Ban Tuyên giáo Tỉnh ủy
inline const Actor kInspector{"ubkt-tu-1", "ubkt-tu", "inspector"};   // Ủy ban Kiểm tra Tỉnh ủy
inline const Actor kOversight{"hdnd-1", "hdnd-tinh", "oversight"};
inline const Actor kVerifier{"kiem-chung", "tinh-uy", "verifier"};
inline const Actor kIssuerHy{"ubnd-hy-1", "ubnd-hy", "issuer"};       // UBND tỉnh Hưng Yên

class DomainTest : public ::testing::Test {
 protected:
  MemoryWorld world;
  std::int64_t now = vn_ms("2022-11-01");

  // Moves the clock to 9:00 (or `hour`) of date, Vietnam time; it never goes back.
  void at(std::string_view date, int hour = 9) { now = std::max(now, vn_ms(date, hour)); }

  virtual ~DomainTest() = default;

  // Virtual so the projections' tests can run the same scenarios through the LMDB writer.
  virtual Result<std::vector<RecordedEvent>> exec(const Actor& actor, std::string_view type, const json& body) {
    auto command = decode_command(type, body);
    if (!command) return tl::unexpected(command.error());
    now += 1000;
    return world.execute(actor, now, *command);
  }

  std::vector<RecordedEvent> ok(const Actor& actor, std::string_view type, const json& body) {
    auto r = exec(actor, type, body);
    EXPECT_TRUE(r) << type << " by " << actor.role << "@" << actor.unit << ": " << (r ? "" : r.error().to_string());
    return r ? *r : std::vector<RecordedEvent>{};
  }

  Error refused(const Actor& actor, std::string_view type, const json& body) {
    auto r = exec(actor, type, body);
    EXPECT_FALSE(r) << type << " by " << actor.role << "@" << actor.unit << " was accepted";
    return r ? Error{} : r.error();
  }

  void unit(const std::string& id, const std::string& name, const std::string& kind, const std::string& parent) {
    json body = {{"id", id}, {"name", name}, {"kind", kind}};
    if (!parent.empty()) body["parent"] = parent;
    ok(kAdmin, "unit.create", body);
  }

  void seed_units() {
    unit("tw", "Ban Chấp hành Trung ương Đảng", "trung_uong", "");
    unit("bct", "Bộ Chính trị", "trung_uong", "tw");
    unit("tinh-uy", "Tỉnh ủy Tuyên Quang", "cap_uy", "tw");
    unit("btc-tu", "Ban Tổ chức Tỉnh ủy", "ban_dang", "tinh-uy");
    unit("btg-tu", "Ban Tuyên giáo Tỉnh ủy", "ban_dang", "tinh-uy");
    unit("vp-tu", "Văn phòng Tỉnh ủy", "ban_dang", "tinh-uy");
    unit("ubkt-tu", "Ủy ban Kiểm tra Tỉnh ủy", "uy_ban_kiem_tra", "tinh-uy");
    unit("huyen-son-duong", "Huyện ủy Sơn Dương", "cap_uy", "tinh-uy");
    unit("xa-hop-thanh", "Đảng ủy xã Hợp Thành", "to_chuc_dang", "huyen-son-duong");
    unit("huyen-yen-son", "Huyện ủy Yên Sơn", "cap_uy", "tinh-uy");
    unit("hdnd-tinh", "Hội đồng nhân dân tỉnh", "hdnd", "tw");
    unit("tinh-uy-hy", "Tỉnh ủy Hưng Yên", "cap_uy", "tw");
    unit("ubnd-hy", "Ủy ban nhân dân tỉnh Hưng Yên", "ubnd", "tinh-uy-hy");
    unit("so-noi-vu", "Sở Nội vụ", "co_quan_nha_nuoc", "ubnd-hy");
    unit("so-khdt", "Sở Kế hoạch và Đầu tư", "co_quan_nha_nuoc", "ubnd-hy");
  }

  void directive(const Actor& by, const std::string& issuer, const std::string& symbol, const std::string& kind,
                 const std::string& date, const json& based_on = json::array()) {
    ok(by, "directive.issue",
       {{"issuer", issuer}, {"symbol", symbol}, {"kind", kind}, {"date", date}, {"signer", "Người ký"},
        {"title", "Văn bản " + symbol}, {"based_on", based_on}});
  }

  void seed_program_26() {
    directive(kAdmin, "tw", "21-NQ/TW", "nghi_quyet", "2022-06-16");
    directive(kIssuer, "tinh-uy", "26-CTr/TU", "chuong_trinh", "2022-10-20",
              json::array({{{"issuer", "tw"}, {"symbol", "21-NQ/TW"}}}));
  }

  // A row of the BIỂU PHÂN CÔNG NHIỆM VỤ of 26-CTr/TU.
  void task(const std::string& item, const std::string& lead, const std::string& raw, const json& schedule) {
    json body = {{"issuer", "tinh-uy"}, {"symbol", "26-CTr/TU"}, {"item", item}, {"content", "Nội dung " + item},
                 {"coordinators_text", "Các cơ quan, đơn vị có liên quan"},
                 {"time_frame", {{"raw", raw}, {"schedule", schedule}}}};
    if (!lead.empty()) body["lead"] = lead;
    ok(kIssuer, "task.create", body);
  }

  static json once(const std::string& due) {
    return {{"kind", "once"}, {"due", {due}}, {"recurrence", nullptr}, {"needs_review", false}};
  }
  static json annual() {
    return {{"kind", "recurring"}, {"due", json::array()}, {"recurrence", "annual"}, {"needs_review", false}};
  }

  static json ref(const std::string& item) { return {{"issuer", "tinh-uy"}, {"symbol", "26-CTr/TU"}, {"item", item}}; }
  static json ref(const std::string& item, json extra) {
    json body = ref(item);
    body.update(extra);
    return body;
  }

  TaskState task_state(const std::string& item) const {
    auto t = world.task(task_stream("tinh-uy", "26-CTr/TU", item));
    EXPECT_TRUE(t) << item;
    return t ? *t : TaskState{};
  }
};

}  // namespace dauvet::events::testing
