#include "data/synth.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/hash.h"
#include "core/seed.h"
#include "data/prepare.h"

namespace popsteer::data {
namespace {

// Platform-independent draws (std:: distributions are implementation-defined).
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

int64_t uniform_int(std::mt19937_64& rng, int64_t n) {  // [0, n)
  return static_cast<int64_t>(uniform01(rng) * static_cast<double>(n)) % n;
}

// Inverse-CDF sampling from non-negative weights.
class Discrete {
 public:
  explicit Discrete(const std::vector<double>& w) : cum_(w.size()) {
    std::partial_sum(w.begin(), w.end(), cum_.begin());
  }
  size_t operator()(std::mt19937_64& rng) const {
    const double x = uniform01(rng) * cum_.back();
    const auto it = std::upper_bound(cum_.begin(), cum_.end(), x);
    return std::min<size_t>(it - cum_.begin(), cum_.size() - 1);
  }

 private:
  std::vector<double> cum_;
};

template <class T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng) {  // Fisher-Yates
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[uniform_int(rng, static_cast<int64_t>(i))]);
}

}  // namespace

SynthOptions SynthOptions::from_config(config::Section s) {
  SynthOptions o;
  o.n_users = s.get_int("n_users", o.n_users, {1, 1e8});
  o.n_items = s.get_int("n_items", o.n_items, {2, 1e8});
  o.n_clusters = s.get_int("n_clusters", o.n_clusters, {1, 1e6});
  o.mean_length = s.get_double("mean_length", o.mean_length, {3, 1e5});
  o.min_length = s.get_int("min_length", o.min_length, {3, 1e5});
  o.max_length = s.get_int("max_length", o.max_length, {3, 1e6});
  o.popularity_exponent = s.get_double("popularity_exponent", o.popularity_exponent, {0, 5});
  o.p_chain = s.get_double("p_chain", o.p_chain, {0, 1});
  o.p_taste = s.get_double("p_taste", o.p_taste, {0, 1});
  o.chain_width = s.get_int("chain_width", o.chain_width, {1, 1000});
  o.seed = static_cast<uint64_t>(s.get_int("seed", static_cast<int64_t>(o.seed), {0, 9.2e18}));
  s.finish();
  o.validate();
  return o;
}

void SynthOptions::validate() const {
  if (n_users < 1 || n_items < 2 || n_clusters < 1 || n_clusters > n_items)
    throw UserError(fmt::format("synth: need n_users >= 1, n_items >= 2 and 1 <= n_clusters <= "
                                "n_items (got {}, {}, {})", n_users, n_items, n_clusters));
  if (min_length < 3 || min_length > max_length || mean_length < min_length)
    throw UserError(fmt::format("synth: need 3 <= min_length <= mean_length and min_length <= "
                                "max_length (got {}, {}, {})", min_length, mean_length, max_length));
  if (min_length > n_items)
    throw UserError(fmt::format("synth: min_length {} exceeds n_items {} (users never repeat items)",
                                min_length, n_items));
  if (p_chain < 0 || p_taste < 0 || p_chain + p_taste > 1.0 + 1e-12)
    throw UserError(fmt::format("synth: need p_chain, p_taste >= 0 and p_chain + p_taste <= 1 "
                                "(got {} + {})", p_chain, p_taste));
  if (chain_width < 1) throw UserError("synth: chain_width must be >= 1");
}

std::string SynthOptions::key() const {
  return fmt::format(
      "popsteer-synth-v1;n_users={};n_items={};n_clusters={};mean_length={:.17g};min_length={};"
      "max_length={};popularity_exponent={:.17g};p_chain={:.17g};p_taste={:.17g};chain_width={};"
      "seed={}",
      n_users, n_items, n_clusters, mean_length, min_length, max_length, popularity_exponent,
      p_chain, p_taste, chain_width, seed);
}

std::vector<std::vector<int32_t>> synth_sequences(const SynthOptions& o) {
  o.validate();
  std::mt19937_64 rng(derive_seed(o.seed, "data.synth"));
  const auto M = static_cast<int32_t>(o.n_items);
  const auto C = static_cast<int32_t>(o.n_clusters);

  // Power-law popularity over a random permutation of ranks.
  std::vector<int32_t> rank(M);
  std::iota(rank.begin(), rank.end(), 1);
  shuffle(rank, rng);
  std::vector<double> pop(M + 1, 0.0);
  for (int32_t i = 1; i <= M; ++i) pop[i] = std::pow(static_cast<double>(rank[i - 1]), -o.popularity_exponent);

  // Clusters (balanced, random membership) and the ring order inside each.
  std::vector<int32_t> items(M);
  std::iota(items.begin(), items.end(), 1);
  shuffle(items, rng);
  std::vector<std::vector<int32_t>> ring(C);
  std::vector<int32_t> cluster(M + 1), position(M + 1);
  for (int32_t j = 0; j < M; ++j) {
    const int32_t c = j % C, i = items[j];
    cluster[i] = c;
    position[i] = static_cast<int32_t>(ring[c].size());
    ring[c].push_back(i);
  }
  std::vector<Discrete> in_cluster;
  for (const auto& r : ring) {
    std::vector<double> w;
    for (int32_t i : r) w.push_back(pop[i]);
    in_cluster.emplace_back(w);
  }
  const Discrete global(std::vector<double>(pop.begin() + 1, pop.end()));

  std::vector<std::vector<int32_t>> seqs(o.n_users + 1);
  std::vector<uint8_t> seen(M + 1, 0);
  const double extra_mean = o.mean_length - static_cast<double>(o.min_length);
  for (int64_t u = 1; u <= o.n_users; ++u) {
    const auto primary = static_cast<int32_t>(uniform_int(rng, C));
    const auto secondary = static_cast<int32_t>(uniform_int(rng, C));
    // Geometric number of extra items with mean extra_mean.
    int64_t len = o.min_length;
    if (extra_mean > 0) {
      const double p = 1.0 / (1.0 + extra_mean);
      len += static_cast<int64_t>(std::floor(std::log(1.0 - uniform01(rng)) / std::log(1.0 - p)));
    }
    len = std::min({len, o.max_length, o.n_items});  // users never repeat items
    auto taste_draw = [&] {
      const int32_t c = uniform01(rng) < 0.7 ? primary : secondary;
      return ring[c][in_cluster[c](rng)];
    };
    auto& s = seqs[u];
    while (static_cast<int64_t>(s.size()) < len) {
      int32_t next = 0;
      for (int attempt = 0; attempt < 32; ++attempt) {
        const double r = uniform01(rng);
        if (s.empty() || r >= o.p_chain + o.p_taste) {
          next = s.empty() ? taste_draw() : static_cast<int32_t>(global(rng) + 1);
        } else if (r < o.p_chain) {
          // One of the next chain_width ring successors of the previous item, weighted by
          // popularity / offset.
          const int32_t prev = s.back(), c = cluster[prev];
          const auto& rg = ring[c];
          const auto width = static_cast<int32_t>(std::min<int64_t>(o.chain_width, rg.size() - 1));
          if (width < 1) { next = taste_draw(); continue; }
          std::vector<double> w(width);
          for (int32_t k = 0; k < width; ++k)
            w[k] = pop[rg[(position[prev] + 1 + k) % rg.size()]] / (k + 1.0);
          const int32_t k = static_cast<int32_t>(Discrete(w)(rng));
          next = rg[(position[prev] + 1 + k) % rg.size()];
        } else {
          next = taste_draw();
        }
        if (!seen[next]) break;
      }
      if (seen[next]) {  // all redraws hit seen items: take the first unseen id after it
        while (seen[next]) next = next % M + 1;
      }
      seen[next] = 1;
      s.push_back(next);
    }
    for (int32_t i : s) seen[i] = 0;
  }
  return seqs;
}

RawInteractions synth_raw(const SynthOptions& o) {
  const auto seqs = synth_sequences(o);
  RawInteractions raw;
  raw.source = "synthetic";
  raw.format = "seq";
  TokenTable users, items;
  for (size_t u = 1; u < seqs.size(); ++u) {
    const int32_t uu = users.intern(std::to_string(u));
    for (int32_t i : seqs[u]) {
      raw.user.push_back(uu);
      raw.item.push_back(items.intern(std::to_string(i)));
    }
  }
  raw.user_names = users.release();
  raw.item_names = items.release();
  return raw;
}

std::string synth_seq_text(const SynthOptions& o) {
  const auto seqs = synth_sequences(o);
  std::string out;
  for (size_t u = 1; u < seqs.size(); ++u) {
    out += std::to_string(u);
    for (int32_t i : seqs[u]) {
      out += ' ';
      out += std::to_string(i);
    }
    out += '\n';
  }
  return out;
}

Dataset synth_dataset(const SynthOptions& o, const PrepareOptions& prepare) {
  Dataset d = prepare_dataset(synth_raw(o), prepare);
  d.name = "synthetic";
  d.content_hash = dataset_key(hash_string(o.key()), prepare, "seq");
  return d;
}

}  // namespace popsteer::data
