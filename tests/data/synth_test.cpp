// The synthetic dataset: deterministic from the seed, well-formed, long-tailed, and with
// a sequential signal that a popularity ranking cannot use.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "data/prepare.h"
#include "data/reader.h"
#include "data/synth.h"
#include "test_util.h"

namespace popsteer::data {
namespace {

SynthOptions small() {
  SynthOptions o;
  o.n_users = 300;
  o.n_items = 200;
  o.n_clusters = 5;
  o.mean_length = 20;
  return o;
}

TEST(Synth, DeterministicFromSeed) {
  const auto o = small();
  EXPECT_EQ(synth_sequences(o), synth_sequences(o));
  auto other = o;
  other.seed = 7;
  EXPECT_NE(synth_sequences(o), synth_sequences(other));
  EXPECT_EQ(synth_dataset(o).content_hash, synth_dataset(o).content_hash);
  EXPECT_NE(synth_dataset(o).content_hash, synth_dataset(other).content_hash);
}

TEST(Synth, WellFormedSequences) {
  const auto o = small();
  const auto seqs = synth_sequences(o);
  ASSERT_EQ(seqs.size(), 301u);
  EXPECT_TRUE(seqs[0].empty());
  double total = 0;
  for (size_t u = 1; u < seqs.size(); ++u) {
    const auto& s = seqs[u];
    EXPECT_GE(static_cast<int64_t>(s.size()), o.min_length);
    EXPECT_LE(static_cast<int64_t>(s.size()), o.max_length);
    auto sorted = s;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "repeat in user " << u;
    EXPECT_GE(sorted.front(), 1);
    EXPECT_LE(sorted.back(), o.n_items);
    total += static_cast<double>(s.size());
  }
  EXPECT_NEAR(total / 300.0, o.mean_length, 3.0);
}

TEST(Synth, SeqTextRoundTripsThroughTheReader) {
  const auto o = small();
  ReadOptions ro;
  const auto raw = parse_interactions(synth_seq_text(o), "synth.txt", ro);
  EXPECT_EQ(raw.format, "seq");
  PrepareOptions po;
  const Dataset a = prepare_dataset(raw, po), b = synth_dataset(o, po);
  EXPECT_EQ(a.sequences, b.sequences);
  EXPECT_EQ(a.item_tokens, b.item_tokens);
}

TEST(Synth, LongTailedPopularity) {
  const Dataset d = synth_dataset(SynthOptions{});
  std::vector<int64_t> c(d.train_count.begin() + 1, d.train_count.end());
  std::sort(c.rbegin(), c.rend());
  const int64_t total = std::accumulate(c.begin(), c.end(), int64_t{0});
  const auto top = static_cast<size_t>(c.size() / 10);
  const int64_t head = std::accumulate(c.begin(), c.begin() + top, int64_t{0});
  // The top 10% of items get a disproportionate share (uniform would be 10%).
  EXPECT_GT(static_cast<double>(head) / total, 0.3);
  EXPECT_GT(d.n_users, 900);
  EXPECT_GT(d.n_items, 400);
}

// Hit@10 on the test targets of a first-order Markov model (bigram counts from the
// training portions, popularity as the fallback for ties/unseen) vs MostPop. A sequential
// model must be able to beat popularity by a wide margin on this data.
TEST(Synth, SequentialSignalBeatsPopularity) {
  const Dataset d = synth_dataset(SynthOptions{});
  std::vector<std::map<int32_t, int64_t>> next(d.n_items + 1);
  for (int32_t u = 1; u <= d.n_users; ++u) {
    const auto t = d.train_items(u);
    for (size_t k = 1; k < t.size(); ++k) ++next[t[k - 1]][t[k]];
  }
  std::vector<int32_t> by_pop(d.n_items);
  std::iota(by_pop.begin(), by_pop.end(), 1);
  std::stable_sort(by_pop.begin(), by_pop.end(),
                   [&](int32_t a, int32_t b) { return d.train_count[a] > d.train_count[b]; });
  int64_t hit_pop = 0, hit_seq = 0;
  for (int32_t u = 1; u <= d.n_users; ++u) {
    const int32_t target = d.target(u, Split::kTest);
    const auto ctx = d.context(u, Split::kTest);
    hit_pop += std::find(by_pop.begin(), by_pop.begin() + 10, target) != by_pop.begin() + 10;
    std::vector<std::pair<int64_t, int32_t>> cand;
    for (auto [i, n] : next[ctx.back()]) cand.push_back({-n, i});
    std::sort(cand.begin(), cand.end());
    std::vector<int32_t> top;
    for (auto [n, i] : cand)
      if (top.size() < 10) top.push_back(i);
    for (int32_t i : by_pop)
      if (top.size() < 10 && std::find(top.begin(), top.end(), i) == top.end()) top.push_back(i);
    hit_seq += std::find(top.begin(), top.end(), target) != top.end();
  }
  const double pop = static_cast<double>(hit_pop) / d.n_users, seq = static_cast<double>(hit_seq) / d.n_users;
  RecordProperty("hit10_pop", std::to_string(pop));
  RecordProperty("hit10_markov", std::to_string(seq));
  EXPECT_GT(seq, 2.0 * pop) << "markov " << seq << " pop " << pop;
  EXPECT_GT(seq, 0.3);
}

TEST(Synth, BadOptionsAreUserErrors) {
  auto o = small();
  o.p_chain = 0.8;
  o.p_taste = 0.5;
  testing::expect_user_error([&] { synth_sequences(o); }, "p_chain + p_taste <= 1");
  o = small();
  o.min_length = 250;
  o.mean_length = 260;
  o.max_length = 300;
  testing::expect_user_error([&] { synth_sequences(o); }, "exceeds n_items");
}

}  // namespace
}  // namespace popsteer::data
