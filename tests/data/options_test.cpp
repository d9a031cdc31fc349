// Strict config reading of the data options.
#include <gtest/gtest.h>

#include "config/document.h"
#include "data/source.h"
#include "test_util.h"

namespace popsteer::data {
namespace {

std::shared_ptr<config::Document> doc(const std::string& text) {
  return config::Document::parse_string(text, "run.toml");
}

TEST(PrepareOptions, DefaultsAndValues) {
  auto d = doc("[data]\nk_core = 20\ndedup = \"drop\"\nrating_threshold = 4.0\nformat = \"seq\"\n");
  const auto o = PrepareOptions::from_config(d->root().section("data"));
  EXPECT_EQ(o.k_core, 20);
  EXPECT_EQ(o.dedup, Dedup::kDrop);
  ASSERT_TRUE(o.rating_threshold.has_value());
  EXPECT_DOUBLE_EQ(*o.rating_threshold, 4.0);
  EXPECT_EQ(o.read.format, "seq");
  EXPECT_DOUBLE_EQ(o.head_fraction, 0.1);
  EXPECT_EQ(o.max_seq_len, 50);
  const auto def = PrepareOptions::from_config(config::Section::empty("data"));
  EXPECT_EQ(def.k_core, 5);
  EXPECT_EQ(def.dedup, Dedup::kKeep);
  EXPECT_FALSE(def.rating_threshold.has_value());
  EXPECT_NE(o.key("seq"), def.key("seq"));
  EXPECT_NE(def.key("seq"), def.key("inter"));
}

TEST(PrepareOptions, StrictErrors) {
  testing::expect_user_error(
      [] { PrepareOptions::from_config(doc("[data]\nkcore = 5\n")->root().section("data")); },
      "run.toml:2: unknown key 'data.kcore' (did you mean 'k_core'?)");
  testing::expect_user_error(
      [] { PrepareOptions::from_config(doc("[data]\ndedup = \"first\"\n")->root().section("data")); },
      "dedup");
  testing::expect_user_error(
      [] { PrepareOptions::from_config(doc("[data]\nformat = \"json\"\n")->root().section("data")); },
      "format");
  testing::expect_user_error(
      [] { PrepareOptions::from_config(doc("[data]\nhead_fraction = 0.9\n")->root().section("data")); },
      "head_fraction");
}

TEST(DataSource, SyntheticAndFile) {
  auto d = doc("[data]\nk_core = 3\n[data.synth]\nn_users = 50\nn_items = 40\nmean_length = 8\nseed = 3\n");
  const auto s = DataSource::from_config(d->root().section("data"));
  EXPECT_TRUE(s.synthetic());
  EXPECT_EQ(s.synth.n_users, 50);
  EXPECT_EQ(s.prepare.k_core, 3);
  const Dataset ds = s.load();
  EXPECT_EQ(ds.name, "synthetic");
  EXPECT_GT(ds.n_users, 40);
  testing::expect_user_error(
      [] {
        DataSource::from_config(
            doc("[data]\npath = \"x.txt\"\n[data.synth]\nn_users = 5\n")->root().section("data"));
      },
      "applies to synthetic data only");
  testing::expect_user_error(
      [] { DataSource::from_config(doc("[data]\n[data.synth]\nusers = 5\n")->root().section("data")); },
      "unknown key 'data.synth.users' (did you mean 'n_users'?)");
  const auto f = DataSource::from_config(doc("[data]\npath = \"a.inter\"\n")->root().section("data"));
  EXPECT_EQ(f.path, "a.inter");
}

}  // namespace
}  // namespace popsteer::data
