// related_streams and RelatedStreams (projections/aggregate.hpp): the streams a state is
// about, which decide every timeline and link row the projector writes. The kept-buffer
// form must answer exactly what the one-off form does, call after call.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "projections/aggregate.hpp"

namespace dauvet::projections {
namespace {

// Ids past the small-string size, so the reused names own heap buffers.
const std::string kLead = "ban-to-chuc-tinh-uy-hung-yen";
const std::string kCoordinator = "uy-ban-kiem-tra-tinh-uy-hung-yen";

AggregateState task() {
  events::TaskState t;
  t.meta.stream = "task/tinh-uy/26-CTr/TU/II.7";
  t.issuer = "tinh-uy";
  t.key = "26-CTr/TU";
  t.lead = kLead;
  t.former_leads = {"van-phong-tinh-uy"};
  t.coordinators = {kCoordinator, kLead, "tinh-uy"};  // the lead and issuer again: named once
  return t;
}

AggregateState inspection() {
  events::InspectionState s;
  s.meta.stream = "inspection/kt-01";
  s.body = "ubkt-tu";
  s.subjects = {events::SubjectRef{.unit = "ubnd-hy", .person = {}},
                events::SubjectRef{.unit = {}, .person = "nguyen-van-a"}};
  return s;
}

const std::vector<std::string> kTaskRelated = {
    "directive/tinh-uy/26-CTr/TU", "unit/" + kLead, "unit/tinh-uy", "unit/" + kCoordinator,
    "unit/van-phong-tinh-uy"};
const std::vector<std::string> kInspectionRelated = {"person/nguyen-van-a", "unit/ubkt-tu", "unit/ubnd-hy"};

std::vector<std::string> copy(std::span<const std::string> names) { return {names.begin(), names.end()}; }

TEST(RelatedStreams, ATaskNamesItsDirectiveAndEveryUnitOnceInOrder) {
  EXPECT_EQ(related_streams(task()), kTaskRelated);
  EXPECT_EQ(related_streams(inspection()), kInspectionRelated);
}

TEST(RelatedStreams, AStateNeverNamesItself) {
  events::UnitState u;
  u.meta.stream = "unit/ubnd-hy";
  u.parent = "tinh-uy";
  u.successor = "ubnd-hy";
  EXPECT_EQ(related_streams(u), std::vector<std::string>{"unit/tinh-uy"});
}

TEST(RelatedStreams, AKeptBufferAnswersEachCallAloneWhateverCameBefore) {
  RelatedStreams related;
  EXPECT_EQ(copy(related.of(task())), kTaskRelated);
  // Fewer names than the call before: none of the earlier ones may show through.
  EXPECT_EQ(copy(related.of(inspection())), kInspectionRelated);
  EXPECT_EQ(copy(related.of(task())), kTaskRelated);
  EXPECT_TRUE(related.of(AggregateState{events::ActorState{}}).empty());
  EXPECT_EQ(copy(related.of(task())), kTaskRelated);
}

}  // namespace
}  // namespace dauvet::projections
