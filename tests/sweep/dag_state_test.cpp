#include <gtest/gtest.h>

#include "sweep/dag_state.h"

namespace popsteer::sweep {
namespace {

/// a -> b -> c, a -> d (plan order a, b, c, d).
Plan chain() {
  Plan p;
  auto add = [&](const std::string& id, std::vector<std::string> inputs) {
    Task t;
    t.id = id;
    t.label = id;
    t.inputs = std::move(inputs);
    p.index[id] = p.tasks.size();
    p.tasks.push_back(t);
  };
  add("a", {});
  add("b", {"a"});
  add("c", {"b"});
  add("d", {"a"});
  return p;
}

TEST(DagState, ReleasesDependentsInPlanOrder) {
  const Plan p = chain();
  DagState s(p, {0, 1, 2, 3}, {}, 0);
  size_t t;
  ASSERT_TRUE(s.next_ready(t));
  EXPECT_EQ(t, 0u);
  EXPECT_FALSE(s.next_ready(t));  // b and d wait for a
  s.complete(0);
  ASSERT_TRUE(s.next_ready(t));
  EXPECT_EQ(t, 1u);
  ASSERT_TRUE(s.next_ready(t));
  EXPECT_EQ(t, 3u);
  s.complete(1);
  s.complete(3);
  ASSERT_TRUE(s.next_ready(t));
  EXPECT_EQ(t, 2u);
  s.complete(2);
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(s.done(), 4);
}

TEST(DagState, CompletedTasksAreSkippedOnResume) {
  const Plan p = chain();
  DagState s(p, {0, 1, 2, 3}, {"a", "b"}, 0);
  EXPECT_EQ(s.already_done(), 2);
  size_t t;
  ASSERT_TRUE(s.next_ready(t));
  EXPECT_EQ(t, 2u);
  ASSERT_TRUE(s.next_ready(t));
  EXPECT_EQ(t, 3u);
}

TEST(DagState, RetriesThenFailsAndSkipsDownstream) {
  const Plan p = chain();
  DagState s(p, {0, 1, 2, 3}, {}, 1);
  size_t t;
  s.next_ready(t);
  s.complete(0);
  s.next_ready(t);  // b
  ASSERT_EQ(t, 1u);
  EXPECT_TRUE(s.fail(1));  // retried
  EXPECT_EQ(s.attempt(1), 1);
  s.next_ready(t);  // b again (lowest position)
  ASSERT_EQ(t, 1u);
  EXPECT_FALSE(s.fail(1));  // attempts exhausted
  EXPECT_EQ(s.failed(), 1);
  EXPECT_EQ(s.skipped(), 1);  // c
  s.next_ready(t);
  EXPECT_EQ(t, 3u);
  s.complete(3);
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(s.pending(), 0);
}

TEST(DagState, InputOutsideTheSelectionMustBeComplete) {
  const Plan p = chain();
  DagState blocked(p, {1}, {}, 0);  // b alone, a not done
  EXPECT_EQ(blocked.skipped(), 1);
  EXPECT_TRUE(blocked.finished());
  DagState ok(p, {1}, {"a"}, 0);
  size_t t;
  ASSERT_TRUE(ok.next_ready(t));
  EXPECT_EQ(t, 1u);
}

TEST(DagState, RequeueDoesNotCountAnAttempt) {
  const Plan p = chain();
  DagState s(p, {0}, {}, 0);
  size_t t;
  s.next_ready(t);
  s.requeue(t);
  EXPECT_EQ(s.attempt(0), 0);
  EXPECT_TRUE(s.has_ready());
}

}  // namespace
}  // namespace popsteer::sweep
