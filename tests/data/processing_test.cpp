// ALGORITHMS.md §1 worked examples (k-core, leave-one-out, SASRec prefixes, labels,
// s(u)) and the processing rules (ids, chronological order, duplicates).
#include <gtest/gtest.h>

#include "data/kcore.h"
#include "data/labels.h"
#include "data/prefixes.h"
#include "data/prepare.h"
#include "data/reader.h"
#include "test_util.h"

namespace popsteer::data {
namespace {

using testing::expect_user_error;

RawInteractions parse(const std::string& text, const std::string& format) {
  ReadOptions o;
  o.format = format;
  return parse_interactions(text, "test." + format, o);
}

PrepareOptions options(int64_t k) {
  PrepareOptions o;
  o.k_core = k;
  return o;
}

const char* kKCoreExample =
    "user\titem\ttimestamp\n"
    "u1\ta\t1\nu1\tb\t2\nu1\tc\t3\n"
    "u2\ta\t1\nu2\tb\t2\nu2\td\t3\n"
    "u3\ta\t5\nu3\tc\t6\n"
    "u4\td\t1\n";

TEST(KCore, WorkedExampleTwoPasses) {
  const auto raw = parse(kKCoreExample, "tsv");
  std::vector<int64_t> rows(raw.size());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = static_cast<int64_t>(r);
  const auto res = kcore(raw.user, raw.item, 4, 4, rows, 2);
  // (u1,a),(u1,b),(u1,c),(u2,a),(u2,b),(u3,a),(u3,c): u4 goes, then item d.
  EXPECT_EQ(res.rows, (std::vector<int64_t>{0, 1, 2, 3, 4, 6, 7}));
  EXPECT_EQ(res.passes, 2);
}

TEST(KCore, CascadesToFixedPoint) {
  // Dropping item z (count 1) leaves user B with 1 row, which then drops item y too.
  const auto raw = parse("A x\nA y\nB y\nB z\nC x\nC w\nD x\nD w\n", "pairs");
  std::vector<int64_t> rows{0, 1, 2, 3, 4, 5, 6, 7};
  const auto res = kcore(raw.user, raw.item, 4, 4, rows, 2);
  // z dropped (1), B left with y only -> dropped; y then has 1 (A) -> dropped; A has x only.
  EXPECT_EQ(res.rows, (std::vector<int64_t>{4, 5, 6, 7}));
  EXPECT_GE(res.passes, 3);
}

TEST(KCore, LeavesNothingIsAUserError) {
  const auto raw = parse(kKCoreExample, "tsv");
  expect_user_error([&] { prepare_dataset(raw, options(10)); }, "filtering leaves no interactions");
}

TEST(Prepare, UserWithFewerThanThreeIsAUserError) {
  // The 2-core of the example keeps u2 and u3 with two interactions each: too few for
  // leave-one-out (the first such user is named).
  const auto raw = parse(kKCoreExample, "tsv");
  const auto msg = expect_user_error([&] { prepare_dataset(raw, options(2)); },
                                     "user 'u2' has only 2 interaction(s)");
  EXPECT_NE(msg.find("test.tsv"), std::string::npos);
}

TEST(Prepare, LeaveOneOutAndPrefixExample) {
  const auto d = prepare_dataset(parse("x i1 i2 i3 i4 i5 i6\n", "seq"), options(0));
  ASSERT_EQ(d.n_users, 1);
  ASSERT_EQ(d.n_items, 6);
  EXPECT_EQ(d.sequences[1], (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(d.target(1, Split::kTest), 6);
  EXPECT_EQ(d.target(1, Split::kValid), 5);
  const auto tr = d.train_items(1);
  EXPECT_EQ(std::vector<int32_t>(tr.begin(), tr.end()), (std::vector<int32_t>{1, 2, 3, 4}));
  const auto cv = d.context(1, Split::kValid), ct = d.context(1, Split::kTest);
  EXPECT_EQ(cv.size(), 4u);
  EXPECT_EQ(ct.size(), 5u);

  // L = 3: train [i1]->i2, [i1,i2]->i3, [i1,i2,i3]->i4; valid [i2,i3,i4]->i5;
  // test [i3,i4,i5]->i6.
  const auto w = [&](const PrefixSample& s) {
    const auto v = prefix_window(d, s, 3);
    return std::vector<int32_t>(v.begin(), v.end());
  };
  const auto train = training_prefixes(d);
  ASSERT_EQ(train.size(), 3u);
  EXPECT_EQ(w(train[0]), (std::vector<int32_t>{1}));
  EXPECT_EQ(train[0].target, 2);
  EXPECT_EQ(w(train[1]), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(train[1].target, 3);
  EXPECT_EQ(w(train[2]), (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(train[2].target, 4);
  const auto valid = eval_sample(d, 1, Split::kValid), test = eval_sample(d, 1, Split::kTest);
  EXPECT_EQ(w(valid), (std::vector<int32_t>{2, 3, 4}));
  EXPECT_EQ(valid.target, 5);
  EXPECT_EQ(w(test), (std::vector<int32_t>{3, 4, 5}));
  EXPECT_EQ(test.target, 6);
  // Padded left-aligned layout.
  int32_t buf[5];
  EXPECT_EQ(fill_window(d, train[1], 5, buf), 2);
  EXPECT_EQ(std::vector<int32_t>(buf, buf + 5), (std::vector<int32_t>{1, 2, 0, 0, 0}));
}

TEST(Prepare, IdsByFirstAppearanceInFilteredFileAndStableTimeOrder) {
  // Rows out of time order; ties (t=5) keep file order. Item "zz" is filtered by 2-core...
  const std::string text =
      "user_id:token\titem_id:token\ttimestamp:float\n"
      "b\tq\t9\n"
      "a\tzz\t1\n"
      "a\tq\t5\n"
      "a\tp\t5\n"
      "a\tr\t2\n"
      "b\tp\t1\n"
      "b\tr\t3\n";
  const auto d = prepare_dataset(parse(text, "inter"), options(2));
  // ...so the filtered file order is b q, a q, a p, a r, b p, b r -> users b=1, a=2;
  // items q=1, p=2, r=3.
  EXPECT_EQ(d.user_tokens, (std::vector<std::string>{"[PAD]", "b", "a"}));
  EXPECT_EQ(d.item_tokens, (std::vector<std::string>{"[PAD]", "q", "p", "r"}));
  EXPECT_EQ(d.sequences[1], (std::vector<int32_t>{2, 3, 1}));  // b: p@1 r@3 q@9
  EXPECT_EQ(d.sequences[2], (std::vector<int32_t>{3, 1, 2}));  // a: r@2 q@5 p@5 (file order)
}

TEST(Prepare, DuplicatePolicy) {
  const std::string text = "u\ti\tt\nA\tx\t3\nA\ty\t1\nA\tx\t2\nA\tz\t4\nA\tw\t5\n";
  ReadOptions ro;
  ro.format = "tsv";
  ro.user_column = "u";
  ro.item_column = "i";
  ro.timestamp_column = "t";
  const auto raw = parse_interactions(text, "d.tsv", ro);
  auto keep = options(0);
  const auto dk = prepare_dataset(raw, keep);
  EXPECT_EQ(dk.n_interactions(), 5);
  // chronological: y@1 x@2 x@3 z@4 w@5 ; ids by first appearance: x=1 y=2 z=3 w=4
  EXPECT_EQ(dk.sequences[1], (std::vector<int32_t>{2, 1, 1, 3, 4}));
  auto drop = options(0);
  drop.dedup = Dedup::kDrop;
  PrepareStats st;
  const auto dd = prepare_dataset(raw, drop, &st);
  EXPECT_EQ(st.after_dedup, 4);
  // The earliest x (t=2, row 3) is kept and the row-1 x (t=3) dropped, so the filtered
  // file order is y x z w: ids y=1 x=2 z=3 w=4.
  EXPECT_EQ(dd.item_tokens, (std::vector<std::string>{"[PAD]", "y", "x", "z", "w"}));
  EXPECT_EQ(dd.sequences[1], (std::vector<int32_t>{1, 2, 3, 4}));
}

TEST(Prepare, RatingThreshold) {
  const std::string text = "1\t10\t5\t100\n1\t11\t2\t101\n1\t12\t4\t102\n1\t13\t4\t103\n";
  auto o = options(0);
  o.rating_threshold = 4.0;
  const auto d = prepare_dataset(parse(text, "movielens"), o);
  EXPECT_EQ(d.n_interactions(), 3);
  EXPECT_EQ(d.item_tokens[2], "12");
  o.rating_threshold = 4.0;
  expect_user_error([&] { prepare_dataset(parse("a x y z\n", "seq"), o); }, "no rating column");
}

TEST(Labels, RoundHalfEven) {
  EXPECT_EQ(round_half_even(0.5), 0);
  EXPECT_EQ(round_half_even(1.5), 2);
  EXPECT_EQ(round_half_even(2.5), 2);
  EXPECT_EQ(round_half_even(0.1 * 25), 2);
  EXPECT_EQ(round_half_even(0.1 * 15), 2);
  EXPECT_EQ(round_half_even(2.6), 3);
}

std::vector<int64_t> example_counts() {
  // {1:50,2:30,3:30,4:20,5:10,6:9,7:5,8:5,9:3,10:3,11:2,12..20:1}
  return {0, 50, 30, 30, 20, 10, 9, 5, 5, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1};
}

TEST(Labels, HeadTailParetoWorkedExample) {
  const auto l = item_labels(example_counts(), 0.1, 0.8);
  std::vector<int32_t> head, tail, pareto;
  for (int32_t i = 1; i <= 20; ++i) {
    if (l.group[i] == 1) head.push_back(i);
    if (l.group[i] == -1) tail.push_back(i);
    if (l.pareto_head[i]) pareto.push_back(i);
  }
  EXPECT_EQ(head, (std::vector<int32_t>{1, 2}));    // tie 2 vs 3 -> lower id
  EXPECT_EQ(tail, (std::vector<int32_t>{12, 13}));  // nine items with count 1 -> lowest ids
  EXPECT_EQ(pareto, (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));  // 149 >= 140.8
  EXPECT_EQ(l.group[0], 0);
}

TEST(Labels, ZeroCountItemsUnlabelledAndSmallN) {
  // Items 2 and 4 have count 0: not in I_tr, label 0, not Pareto head. n = 3 -> k = 1
  // (round(0.3) = 0, max 1).
  const auto l = item_labels({0, 5, 0, 1, 0, 3}, 0.1, 0.8);
  EXPECT_EQ(l.group, (std::vector<int8_t>{0, 1, 0, -1, 0, 0}));
  // total 9, 0.8*9 = 7.2: 5, then 8 -> {1, 5}
  EXPECT_EQ(l.pareto_head, (std::vector<uint8_t>{0, 1, 0, 0, 0, 1}));
}

TEST(Labels, UserScoreWorkedExample) {
  const auto l = item_labels(example_counts(), 0.1, 0.8);
  // A=[1,2,3] B=[1,12,13,4] C=[12,13,5] D=[2,6,7,8] as users 1..4.
  const std::vector<std::vector<int32_t>> train = {{}, {1, 2, 3}, {1, 12, 13, 4}, {12, 13, 5}, {2, 6, 7, 8}};
  const auto s = user_pop_scores(train, l.group);
  EXPECT_NEAR(s[1], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s[2], -0.25, 1e-12);
  EXPECT_NEAR(s[3], -2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s[4], 0.25, 1e-12);
  // 4 users: floor(0.4) = 0 unpopular, ceil(0.4) = 1 popular (A).
  EXPECT_EQ(user_groups(s, 0.1), (std::vector<int8_t>{0, 1, 0, 0, 0}));
}

TEST(Labels, UserGroupsExactTenPercentAndTies) {
  // 30 users: exactly 3 unpopular and 3 popular (0.1*30 is 3.0000000000000004 in double).
  std::vector<double> s(31, 0.0);
  for (int u = 1; u <= 30; ++u) s[u] = (u % 3) * 0.5;  // many ties: broken by lower id
  const auto g = user_groups(s, 0.1);
  int pop = 0, unpop = 0;
  for (int u = 1; u <= 30; ++u) pop += g[u] == 1, unpop += g[u] == -1;
  EXPECT_EQ(pop, 3);
  EXPECT_EQ(unpop, 3);
  // s = 0 for u = 3,6,9,...: the lowest ids 3,6,9 are unpopular.
  EXPECT_EQ(g[3], -1);
  EXPECT_EQ(g[6], -1);
  EXPECT_EQ(g[9], -1);
  EXPECT_EQ(g[12], 0);
  // s = 1 for u = 2,5,...,29: sorted (s asc, id asc), the last three are 23, 26, 29.
  EXPECT_EQ(g[29], 1);
  EXPECT_EQ(g[26], 1);
  EXPECT_EQ(g[23], 1);
  EXPECT_EQ(g[20], 0);
}

TEST(Prepare, DatasetLabelsFromTrainingPortionOnly) {
  // Valid/test items (last two) never count: item "v" appears only as targets.
  const auto d = prepare_dataset(parse("a x y v v\nb x y z v v\nc y x v z\n", "seq"), options(0));
  // items: x=1 y=2 v=3 z=4 ; train: a [x y], b [x y z], c [y x]
  EXPECT_EQ(d.train_count, (std::vector<int64_t>{0, 3, 3, 0, 1}));
  EXPECT_EQ(d.n_train_interactions(), 7);
  EXPECT_NEAR(d.pop_score(1), 3.0 / 7.0, 1e-12);
  ASSERT_EQ(d.item_group.size(), 5u);
  EXPECT_EQ(d.head_items(), (std::vector<int32_t>{1}));  // n=3 -> k = max(1, round(0.3)) = 1; x<y by id
  EXPECT_EQ(d.tail_items(), (std::vector<int32_t>{4}));
  EXPECT_EQ(d.user_group.size(), 4u);
  EXPECT_EQ(d.user_pop_score.size(), 4u);
}

}  // namespace
}  // namespace popsteer::data
