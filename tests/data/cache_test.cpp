// The HDF5 dataset cache: exact round trip, reuse, and never a stale hit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "data/cache.h"
#include "data/dataset_io.h"
#include "data/synth.h"
#include "test_util.h"

namespace popsteer::data {
namespace {

using testing::TempDir;

void expect_same(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.content_hash, b.content_hash);
  EXPECT_EQ(a.n_users, b.n_users);
  EXPECT_EQ(a.n_items, b.n_items);
  EXPECT_EQ(a.sequences, b.sequences);
  EXPECT_EQ(a.user_tokens, b.user_tokens);
  EXPECT_EQ(a.item_tokens, b.item_tokens);
  EXPECT_EQ(a.train_count, b.train_count);
  EXPECT_EQ(a.item_group, b.item_group);
  EXPECT_EQ(a.pareto_head, b.pareto_head);
  EXPECT_EQ(a.user_pop_score, b.user_pop_score);
  EXPECT_EQ(a.user_group, b.user_group);
}

SynthOptions tiny() {
  SynthOptions o;
  o.n_users = 120;
  o.n_items = 80;
  o.n_clusters = 4;
  o.mean_length = 12;
  return o;
}

TEST(Cache, SaveLoadRoundTripIsExact) {
  TempDir dir;
  const Dataset d = synth_dataset(tiny());
  const auto path = dir.path("d.h5");
  save_dataset(d, path, "opts", "src");
  expect_same(d, load_dataset(path));
}

TEST(Cache, ReusesAndNeverServesStaleData) {
  TempDir dir;
  const auto input = dir.file("syn.txt", synth_seq_text(tiny()));
  const auto cache = dir.path("cache");
  PrepareOptions o;
  CacheResult r1, r2, r3, r4;
  const Dataset a = load_or_prepare(input, o, cache, &r1);
  EXPECT_FALSE(r1.reused);
  EXPECT_TRUE(std::filesystem::exists(r1.path));
  const Dataset b = load_or_prepare(input, o, cache, &r2);
  EXPECT_TRUE(r2.reused);
  EXPECT_EQ(r1.path, r2.path);
  expect_same(a, b);
  expect_same(a, prepare_file(input, o));  // the cache is what preparing gives

  // A changed option: another key, another file, a fresh build.
  PrepareOptions o3 = o;
  o3.k_core = 3;
  const Dataset c = load_or_prepare(input, o3, cache, &r3);
  EXPECT_FALSE(r3.reused);
  EXPECT_NE(r3.path, r1.path);
  EXPECT_NE(c.content_hash, a.content_hash);
  PrepareOptions o5 = o;
  o5.head_fraction = 0.2;
  CacheResult r5;
  load_or_prepare(input, o5, cache, &r5);
  EXPECT_FALSE(r5.reused);

  // Changed content (one user's items reordered): never the old file.
  auto other = tiny();
  other.seed = 99;
  dir.file("syn.txt", synth_seq_text(other));
  const Dataset e = load_or_prepare(input, o, cache, &r4);
  EXPECT_FALSE(r4.reused);
  EXPECT_NE(e.content_hash, a.content_hash);
  EXPECT_NE(e.sequences, a.sequences);
}

TEST(Cache, CorruptOrMismatchedFileIsRebuilt) {
  TempDir dir;
  const auto input = dir.file("syn.txt", synth_seq_text(tiny()));
  const auto cache = dir.path("cache");
  CacheResult r;
  const Dataset a = load_or_prepare(input, {}, cache, &r);
  std::ofstream(r.path, std::ios::binary | std::ios::trunc) << "not hdf5";
  CacheResult r2;
  const Dataset b = load_or_prepare(input, {}, cache, &r2);
  EXPECT_FALSE(r2.reused);
  expect_same(a, b);
  // A valid dataset file under the name but with another key is not trusted either.
  Dataset wrong = b;
  wrong.content_hash = "0123456789abcdef0123456789abcdef";
  save_dataset(wrong, r.path);
  CacheResult r3;
  load_or_prepare(input, {}, cache, &r3);
  EXPECT_FALSE(r3.reused);
  CacheResult r4;
  load_or_prepare(input, {}, cache, &r4);
  EXPECT_TRUE(r4.reused);
}

}  // namespace
}  // namespace popsteer::data
