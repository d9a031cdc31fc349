#include "steering/evaluator.h"

#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/blas_threads.h"
#include "core/seed.h"
#include "sae/topk.h"

namespace popsteer::steering {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void check(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("SteeringEvaluator: ") + what);
}

/// Each scoring chunk runs its sgemm inside its own thread; a multi-threaded (pthread)
/// OpenBLAS would start its own workers on top and halve the rate. While alive, this
/// guard sets OpenBLAS to one thread (if the library is OpenBLAS) and restores it after.
class SingleThreadedBlas {
 public:
  SingleThreadedBlas() : previous_(openblas_threads()) {
    if (previous_ > 0) set_openblas_threads(1);
  }
  ~SingleThreadedBlas() {
    if (previous_ > 0) set_openblas_threads(previous_);
  }
  SingleThreadedBlas(const SingleThreadedBlas&) = delete;
  SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

 private:
  int previous_;  ///< -1 when the BLAS is not OpenBLAS
};

}  // namespace

float counter_normal(uint64_t seed, uint64_t row, uint64_t column) {
  const uint64_t a = splitmix64(seed ^ splitmix64(row * 0x9E3779B97F4A7C15ULL + column));
  const uint64_t b = splitmix64(a);
  // Two uniforms in (0, 1] and [0, 1) from the top 53 bits.
  const double u1 = (static_cast<double>(a >> 11) + 1.0) * 0x1.0p-53;
  const double u2 = static_cast<double>(b >> 11) * 0x1.0p-53;
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

SteeringEvaluator::SteeringEvaluator(SteeringInputs inputs, EvaluatorOptions options)
    : in_(std::move(inputs)), opt_(std::move(options)) {
  check(in_.z.defined() && in_.z.dim() == 2, "z must be [U, N]");
  check(in_.w_dec.dim() == 2 && in_.w_dec.size(0) == in_.z.size(1), "w_dec must be [N, d]");
  check(in_.b_pre.dim() == 1 && in_.b_pre.size(0) == in_.w_dec.size(1), "b_pre must be [d]");
  check(in_.items.dim() == 2 && in_.items.size(1) == in_.w_dec.size(1) && in_.items.size(0) >= 2,
        "items must be [I >= 2, d]");
  check(in_.k_sae >= 1 && in_.k_sae <= in_.z.size(1), "k_sae out of range");
  check(opt_.top_k >= 1 && opt_.top_k <= in_.items.size(0) - 1, "top_k out of range");
  check(opt_.exclude.empty() || static_cast<int64_t>(opt_.exclude.size()) == in_.z.size(0),
        "exclude must have one entry per user");
  check(opt_.chunk_rows >= 1, "chunk_rows must be >= 1");
  in_.z = in_.z.to(torch::kFloat).contiguous();
  in_.w_dec = in_.w_dec.detach().to(torch::kFloat).contiguous();
  in_.b_pre = in_.b_pre.detach().to(torch::kFloat).contiguous();
  in_.items = in_.items.detach().to(torch::kFloat).contiguous();
  items_t_ = in_.items.t().contiguous();
}

void SteeringEvaluator::encode_block(std::span<const SteerRequest> block, float* out_x, int64_t* out_idx,
                                     float* out_val) const {
  const int64_t u_count = users(), n = latents(), d = dim(), k = in_.k_sae;
  const int64_t c_count = static_cast<int64_t>(block.size());
  const float* z = in_.z.data_ptr<float>();
  const float* w = in_.w_dec.data_ptr<float>();
  const float* bias = in_.b_pre.data_ptr<float>();
  struct Prepared {
    const float* shift = nullptr;   ///< pre-TopK shift, or nullptr
    bool noisy = false;
    std::vector<float> base;        ///< b_pre (+ shift·W_dec for manip=post), [d]
  };
  std::vector<Prepared> prep(static_cast<size_t>(c_count));
  for (int64_t c = 0; c < c_count; ++c) {
    const SteerRequest& req = block[static_cast<size_t>(c)];
    if (!req.shift.empty() && static_cast<int64_t>(req.shift.size()) != n)
      throw std::invalid_argument("SteerRequest: shift must have N entries");
    Prepared& p = prep[static_cast<size_t>(c)];
    const bool pre = req.mode == SteerRequest::Mode::kPre;
    const float* shift = req.shift.empty() ? nullptr : req.shift.data();
    p.shift = pre ? shift : nullptr;
    p.noisy = !req.noise_neurons.empty() && req.noise_xi != 0.0;
    p.base.assign(bias, bias + d);
    // manip=post: a' = a + shift everywhere, i.e. x̂' = x̂ + shift·W_dec (a constant).
    if (!pre && shift)
      for (int64_t j = 0; j < n; ++j)
        if (shift[j] != 0)
          for (int64_t c2 = 0; c2 < d; ++c2) p.base[c2] += shift[j] * w[j * d + c2];
  }
  // User-major, configs inner: a user's z row (N floats) is read from memory once per
  // block and stays in L1/L2 for all its configs (z is ~100 MB at ML-1M size, so a
  // config-major loop re-streamed it from DRAM for every config). The decode needs only
  // the set of latents: index order skips sorting them by value (and fixes the sum order).
  at::parallel_for(0, u_count, 16, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> idx(static_cast<size_t>(k));
    std::vector<float> val(static_cast<size_t>(k));
    std::vector<float> row_buf;
    for (int64_t u = begin; u < end; ++u) {
      const float* row = z + u * n;
      for (int64_t c = 0; c < c_count; ++c) {
        const SteerRequest& req = block[static_cast<size_t>(c)];
        const Prepared& p = prep[static_cast<size_t>(c)];
        if (p.noisy) {  // rare (ablation): materialise z + shift + ε
          row_buf.resize(static_cast<size_t>(n));
          if (p.shift)
            for (int64_t j = 0; j < n; ++j) row_buf[j] = row[j] + p.shift[j];
          else
            std::copy(row, row + n, row_buf.begin());
          for (int64_t j : req.noise_neurons)
            row_buf[j] += static_cast<float>(req.noise_xi) *
                          counter_normal(req.noise_seed, static_cast<uint64_t>(u), static_cast<uint64_t>(j));
          sae::select_topk_row_grouped(row_buf.data(), nullptr, n, k, idx.data(), val.data(), sae::TopKOrder::kByIndex);
        } else {  // z' = z + shift fused into both passes of the selection
          sae::select_topk_row_grouped(row, p.shift, n, k, idx.data(), val.data(), sae::TopKOrder::kByIndex);
        }
        const int64_t slot = c * u_count + u;
        float* x = out_x + slot * d;
        std::copy(p.base.begin(), p.base.end(), x);
        for (int64_t t = 0; t < k; ++t) {
          const float a = val[t] > 0 ? val[t] : 0.0f;  // ReLU (NaN -> 0)
          if (out_idx) out_idx[slot * k + t] = idx[t];
          if (out_val) out_val[slot * k + t] = a;
          if (a == 0) continue;
          const float* atom = w + idx[t] * d;
          for (int64_t c2 = 0; c2 < d; ++c2) x[c2] += a * atom[c2];
        }
      }
    }
  });
}

torch::Tensor SteeringEvaluator::reconstruct(const SteerRequest& request) const {
  auto x = torch::empty({users(), dim()});
  encode_block({&request, 1}, x.data_ptr<float>(), nullptr, nullptr);
  return x;
}

std::pair<torch::Tensor, torch::Tensor> SteeringEvaluator::activations(const SteerRequest& request) const {
  auto x = torch::empty({users(), dim()});
  auto idx = torch::empty({users(), in_.k_sae}, torch::kLong);
  auto val = torch::empty({users(), in_.k_sae});
  encode_block({&request, 1}, x.data_ptr<float>(), idx.data_ptr<int64_t>(), val.data_ptr<float>());
  return {idx, val};
}

void SteeringEvaluator::score_into(const torch::Tensor& x, int64_t users_per_list,
                                   metrics::TopKLists* lists, int64_t n_lists) const {
  const int64_t rows = x.size(0), n_cols = in_.items.size(0), kk = opt_.top_k;
  const int64_t chunk = opt_.chunk_rows;
  const int64_t chunks = (rows + chunk - 1) / chunk;
  const float neg_inf = -std::numeric_limits<float>::infinity();
  auto select_rows = [&](const float* scores, int64_t r0, int64_t r1, float* row_scratch,
                         std::vector<int64_t>& idx, std::vector<float>& val) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* s = scores + (r - r0) * n_cols;
      const int64_t user = r % users_per_list;
      if (!opt_.exclude.empty() && !opt_.exclude[user].empty()) {
        std::copy(s, s + n_cols, row_scratch);
        for (int32_t item : opt_.exclude[user])
          if (item > 0 && item < n_cols) row_scratch[item] = neg_inf;
        s = row_scratch;
      }
      // Columns 1..I-1 (PAD excluded); ids are column indices.
      sae::select_topk_row(s + 1, n_cols - 1, kk, idx.data(), val.data());
      auto out = lists[r / users_per_list].row(user);
      for (int64_t t = 0; t < kk; ++t)
        out[t] = (opt_.exclude.empty() || val[t] != neg_inf) ? static_cast<int32_t>(idx[t] + 1) : 0;
    }
  };
  (void)n_lists;
  // Each task owns whole chunks: its sgemm output (chunk x I floats) stays in cache for
  // the top-K scan right after it.
  SingleThreadedBlas single_blas;
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    auto buf = torch::empty({chunk, n_cols});
    std::vector<float> scratch(static_cast<size_t>(n_cols));
    std::vector<int64_t> idx(static_cast<size_t>(kk));
    std::vector<float> val(static_cast<size_t>(kk));
    for (int64_t c = begin; c < end; ++c) {
      const int64_t r0 = c * chunk, r1 = std::min(rows, r0 + chunk);
      auto out = buf.slice(0, 0, r1 - r0);
      torch::mm_out(out, x.slice(0, r0, r1), items_t_);
      select_rows(out.data_ptr<float>(), r0, r1, scratch.data(), idx, val);
    }
  });
}

std::vector<metrics::TopKLists> SteeringEvaluator::rank(std::span<const SteerRequest> block) const {
  const int64_t c_count = static_cast<int64_t>(block.size()), u_count = users(), d = dim();
  std::vector<metrics::TopKLists> lists;
  for (int64_t c = 0; c < c_count; ++c) lists.push_back(metrics::TopKLists::empty(u_count, opt_.top_k));
  if (c_count == 0) return lists;
  auto t0 = Clock::now();
  auto x = torch::empty({c_count * u_count, d});
  encode_block(block, x.data_ptr<float>(), nullptr, nullptr);
  timing_ = {};
  timing_.encode_s = since(t0);
  auto t1 = Clock::now();
  score_into(x, u_count, lists.data(), c_count);
  timing_.score_s = since(t1);
  timing_.configs = c_count;
  timing_.score_flops = 2.0 * static_cast<double>(c_count * u_count) * static_cast<double>(d) *
                        static_cast<double>(in_.items.size(0));
  return lists;
}

metrics::TopKLists SteeringEvaluator::rank_vectors(const torch::Tensor& x) const {
  check(x.dim() == 2 && x.size(1) == dim(), "rank_vectors: x must be [R, d]");
  check(opt_.exclude.empty() || x.size(0) == users(), "rank_vectors: with exclusions R must be U");
  auto lists = metrics::TopKLists::empty(x.size(0), opt_.top_k);
  score_into(x.to(torch::kFloat).contiguous(), std::max<int64_t>(1, x.size(0)), &lists, 1);
  return lists;
}

std::vector<metrics::MetricSet> evaluate_block(const SteeringEvaluator& evaluator,
                                               std::span<const SteerRequest> block,
                                               const metrics::Relevance& relevant,
                                               const metrics::ItemInfo& items,
                                               const metrics::MetricOptions& options) {
  const auto lists = evaluator.rank(block);
  std::vector<metrics::MetricSet> out(lists.size());
  at::parallel_for(0, static_cast<int64_t>(lists.size()), 1, [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) out[c] = metrics::evaluate(lists[c], relevant, items, options);
  });
  return out;
}

}  // namespace popsteer::steering
