// Checks against the real datasets in ../shared/data (skipped where it is absent):
// the 5-core statistics of the README / thesis Table 6.1.
#include <gtest/gtest.h>

#include <filesystem>

#include "data/prepare.h"

namespace popsteer::data {
namespace {

const std::string kData = POPSTEER_SHARED_DATA;

void expect_core(const std::string& rel, int32_t users, int32_t items, int64_t inter) {
  const std::string path = kData + "/" + rel;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  PrepareOptions o;  // defaults: auto format, 5-core, duplicates kept
  const Dataset d = prepare_file(path, o);
  EXPECT_EQ(d.n_users, users);
  EXPECT_EQ(d.n_items, items);
  EXPECT_EQ(d.n_interactions(), inter);
  EXPECT_EQ(d.content_hash.size(), 32u);
  // Invariants of a prepared dataset.
  int64_t train = 0;
  for (int32_t u = 1; u <= d.n_users; ++u) {
    ASSERT_GE(d.sequences[u].size(), 3u);
    train += static_cast<int64_t>(d.sequences[u].size()) - 2;
  }
  EXPECT_EQ(d.n_train_interactions(), train);
  EXPECT_EQ(d.item_group.size(), static_cast<size_t>(items) + 1);
  EXPECT_FALSE(d.head_items().empty());
  EXPECT_FALSE(d.tail_items().empty());
}

TEST(RealData, Ml100kInter5Core) { expect_core("ml-100k/ml-100k.inter", 943, 1349, 99287); }
TEST(RealData, Ml100kUData5Core) { expect_core("ml-100k/u.data", 943, 1349, 99287); }
TEST(RealData, Ml1mSeq5Core) { expect_core("ml-1m/ml-1m.seq.txt", 6040, 3416, 999611); }

TEST(RealData, InterAndUDataGiveTheSameDataset) {
  const std::string a = kData + "/ml-100k/ml-100k.inter", b = kData + "/ml-100k/u.data";
  if (!std::filesystem::exists(a) || !std::filesystem::exists(b)) GTEST_SKIP() << "ml-100k absent";
  const Dataset x = prepare_file(a, {}), y = prepare_file(b, {});
  EXPECT_EQ(x.sequences, y.sequences);
  EXPECT_EQ(x.item_tokens, y.item_tokens);
  EXPECT_EQ(x.item_group, y.item_group);
  EXPECT_NE(x.content_hash, y.content_hash);  // different bytes, different key
}

TEST(RealData, YelpDuplicatePolicyMatters) {
  const std::string path = kData + "/yelp-s3rec/Yelp.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  PrepareOptions keep, drop;
  drop.dedup = Dedup::kDrop;
  PrepareStats sk, sd;
  const Dataset k = prepare_file(path, keep, &sk), d = prepare_file(path, drop, &sd);
  EXPECT_EQ(sk.raw_rows, 316354);
  EXPECT_EQ(sk.raw_rows - sd.after_dedup, 11830);  // README: 11,830 repeated rows
  EXPECT_LT(d.n_interactions(), k.n_interactions());
  EXPECT_NE(k.content_hash, d.content_hash);
}

}  // namespace
}  // namespace popsteer::data
