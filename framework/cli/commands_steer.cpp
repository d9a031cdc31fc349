/// PopSteer commands: `popsteer train sae`, `popsteer analyze`, `popsteer steer`,
/// `popsteer explain`, `popsteer embedding`, `popsteer bench steer`.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>

#include "cli/commands.h"
#include "cli/models_common.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/progress.h"
#include "core/seed.h"
#include "models/backbone.h"
#include "models/checkpoint.h"
#include "models/device.h"
#include "sae/checkpoint.h"
#include "sae/trainer.h"
#include "steering/analysis.h"
#include "steering/attribution.h"
#include "steering/bench.h"
#include "steering/embedding_space.h"
#include "steering/neuron_table_io.h"
#include "steering/session.h"

namespace popsteer::cli {

namespace {

/// Flags shared by every command that needs the frozen backbone.
struct BackboneArgs {
  DatasetArgs data;
  std::string checkpoint;
  int64_t threads = 0;
  void add_to(CLI::App& cmd) {
    data.add_to(cmd);
    cmd.add_option("--backbone", checkpoint, "Backbone checkpoint (train backbone --out)")->required();
    cmd.add_option("--threads", threads, "LibTorch intra-op threads (default: usable cores)");
  }
  std::unique_ptr<models::TrainableBackbone> load() const {
    setup_torch(threads);
    auto dataset = load_dataset(data);
    return models::load_checkpoint(checkpoint, dataset, models::select_device());
  }
};

std::vector<int32_t> all_users(const data::Dataset& ds) {
  std::vector<int32_t> u(static_cast<size_t>(ds.n_users));
  std::iota(u.begin(), u.end(), 1);
  return u;
}

torch::Tensor user_reps(models::Backbone& b, data::Split split) {
  torch::NoGradGuard g;
  const auto users = all_users(b.dataset());
  std::vector<torch::Tensor> parts;
  for (size_t i = 0; i < users.size(); i += 4096) {
    std::vector<int32_t> part(users.begin() + static_cast<std::ptrdiff_t>(i),
                              users.begin() + static_cast<std::ptrdiff_t>(std::min(users.size(), i + 4096)));
    parts.push_back(b.user_representation(part, split).to(torch::kCPU, torch::kFloat));
  }
  return torch::cat(parts);
}

std::string metrics_line(const metrics::MetricSet& m) {
  return fmt::format("ndcg={:.5f} ndcg_head={:.5f} ndcg_tail={:.5f} ndcg_nonhead={:.5f} cov={:.4f} gini={:.4f} arp={:.1f}",
                     m.ndcg, m.ndcg_head, m.ndcg_tail, m.ndcg_nonhead, m.coverage, m.gini, m.arp);
}

// ---- train sae
struct TrainSaeArgs {
  BackboneArgs backbone;
  int64_t scale = 32, k = 48, epochs = 0, patience = 0, seed = 2020;
  std::string out, compat = "thesis";
  bool gao_decoder_norm = false, backbone_dropout = false;
};

void run_train_sae(const TrainSaeArgs& a) {
  auto backbone = a.backbone.load();
  torch::Tensor train, valid;
  {
    torch::NoGradGuard g;
    train = backbone->sae_training_inputs().to(torch::kCPU, torch::kFloat).contiguous();
    valid = user_reps(*backbone, data::Split::kValid);
  }
  std::printf("sae inputs: %lld training rows, %lld validation users, d=%lld (computed once)\n",
              static_cast<long long>(train.size(0)), static_cast<long long>(valid.size(0)),
              static_cast<long long>(train.size(1)));
  sae::SaeOptions so(train.size(1), a.scale, a.k);
  so.compat(a.compat == "code" ? sae::SaeCompat::kCode : sae::SaeCompat::kThesis);
  sae::SaeTrainOptions to;
  if (a.epochs > 0) to.max_epochs = a.epochs;
  if (a.patience > 0) to.patience = a.patience;
  to.seed = derive_seed(static_cast<uint64_t>(a.seed), fmt::format("sae/s={}/k={}", a.scale, a.k));
  to.gao_decoder_norm = a.gao_decoder_norm;
  sae::EpochInputs epoch_inputs;
  if (a.backbone_dropout) {
    // A backbone without dropout (LightGCN) throws a UserError at epoch 0, before any step.
    epoch_inputs = models::dropout_sae_inputs(*backbone, to.seed);
    std::printf("sae inputs: backbone in train mode (dropout), recomputed every epoch\n");
  }
  sae::SaeTrainReport rep;
  auto model = sae::train_sae(so, train, valid, to, &rep, [](const sae::SaeEpochStats& s) {
    std::printf("sae epoch %lld loss=%.5f train_fvu=%.5f valid_fvu=%.5f dead=%.4f lr=%.2g %.1fs\n",
                static_cast<long long>(s.epoch), s.train_loss, s.train_fvu, s.valid_fvu, s.dead_fraction, s.lr,
                s.seconds);
    std::fflush(stdout);
  }, epoch_inputs);
  steering::SteeringSession session(*backbone, *model);
  std::vector<steering::SteerRequest> none(1);
  const auto m = session.evaluate(none, data::Split::kValid)[0];
  std::printf("sae s=%lld k=%lld: valid_fvu=%.5f dead_fraction=%.4f best_epoch=%lld epochs=%lld %.1fs\n",
              static_cast<long long>(a.scale), static_cast<long long>(a.k), rep.valid_fvu, rep.dead_fraction,
              static_cast<long long>(rep.best_epoch), static_cast<long long>(rep.epochs), rep.seconds);
  std::printf("unsteered SAE reconstruction, valid: %s\n", metrics_line(m).c_str());
  if (!a.out.empty()) {
    sae::SaeProvenance p;
    p.backbone_checkpoint = a.backbone.checkpoint;
    p.backbone_checkpoint_hash = hash_file(a.backbone.checkpoint);
    p.dataset_hash = backbone->dataset().content_hash;
    p.backbone_kind = backbone->kind();
    p.seed = to.seed;
    p.valid_fvu = rep.valid_fvu;
    p.dead_fraction = rep.dead_fraction;
    p.best_epoch = rep.best_epoch;
    p.epochs = rep.epochs;
    p.seconds = rep.seconds;
    p.sae_valid_ndcg = m.ndcg;
    p.gao_decoder_norm = a.gao_decoder_norm;
    p.backbone_dropout = a.backbone_dropout;
    sae::save_sae(a.out, *model, p);
    std::printf("sae checkpoint written: %s\n", a.out.c_str());
  }
}

void add_train_sae(CLI::App& app) {
  auto* train = subcommand(app, "train", "Train one stage by hand");
  auto* cmd = train->add_subcommand("sae", "Train a TopK SAE on a frozen backbone's representations");
  auto a = std::make_shared<TrainSaeArgs>();
  a->backbone.add_to(*cmd);
  cmd->add_option("--scale", a->scale, "Scale factor s (N = s*d)")->check(CLI::PositiveNumber);
  cmd->add_option("--k", a->k, "Active latents k_sae")->check(CLI::PositiveNumber);
  cmd->add_option("--out", a->out, "SAE checkpoint (HDF5) to write");
  cmd->add_option("--epochs", a->epochs, "Maximum epochs (default 1000)");
  cmd->add_option("--patience", a->patience, "Early-stopping patience on validation FVU (default 50)");
  cmd->add_option("--seed", a->seed, "Seed (init and shuffling derive from it)");
  cmd->add_option("--compat", a->compat, "thesis | code (AuxK of the reference code)")
      ->check(CLI::IsMember({"thesis", "code"}));
  cmd->add_flag("--gao-decoder-norm", a->gao_decoder_norm,
                "Unit-norm decoder atoms every step + gradient projection (Gao et al., A-16)");
  cmd->add_flag("--backbone-dropout", a->backbone_dropout,
                "SAE inputs from the backbone in train mode, new dropout masks every epoch (A-14; SASRec only)");
  cmd->callback([a] { run_train_sae(*a); });
}

// ---- analyze
struct AnalyzeArgs {
  BackboneArgs backbone;
  std::string sae, out, mode = "auto";
  int64_t n_profiles = 409600, top = 10, seed = 2020;
  bool precheck = false;
};

void print_top(const steering::NeuronTable& t, int sign, int64_t top) {
  std::printf("%s-aligned neurons (top %lld of %zu):\n", sign > 0 ? "popularity" : "tail",
              static_cast<long long>(top), t.ranked(sign).size());
  for (int64_t j : t.ranked(sign, top))
    std::printf("  neuron %6lld  d=%+.3f  mean_pop=%.4f mean_unpop=%.4f sigma=%.4f\n", static_cast<long long>(j),
                t.d[j], t.mean_pop[j], t.mean_unpop[j], t.sigma[j]);
}

void add_analyze(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Neuron analysis: Cohen's d per SAE latent and sigma (§4)");
  auto a = std::make_shared<AnalyzeArgs>();
  a->backbone.add_to(*cmd);
  cmd->add_option("--sae", a->sae, "SAE checkpoint (train sae --out)")->required();
  cmd->add_option("--out", a->out, "Per-neuron table (HDF5) to write");
  cmd->add_option("--mode", a->mode, "auto | synthetic | real_users")
      ->check(CLI::IsMember({"auto", "synthetic", "real_users"}));
  cmd->add_option("--n-profiles", a->n_profiles, "Synthetic profiles per set (n')")->check(CLI::PositiveNumber);
  cmd->add_option("--top", a->top, "Neurons to print per side");
  cmd->add_option("--seed", a->seed, "Seed of the synthetic profiles");
  cmd->add_flag("--precheck", a->precheck, "Also run the §8.2 head-vs-tail separability pre-check");
  cmd->callback([a] {
    auto backbone = a->backbone.load();
    auto model = sae::load_sae(a->sae);
    steering::AnalysisOptions o;
    o.mode = a->mode;
    o.n_profiles = a->n_profiles;
    o.seed = derive_seed(static_cast<uint64_t>(a->seed), "analyze");
    if (a->precheck) {
      const auto r = steering::backbone_separability(*backbone, o);
      std::printf("precheck: head vs tail synthetic users on the backbone representation: accuracy=%.4f auc=%.4f "
                  "(%lld train, %lld held out)\n",
                  r.accuracy, r.auc, static_cast<long long>(r.n_train), static_cast<long long>(r.n_test));
    }
    const auto table = steering::analyze_neurons(*backbone, *model, o, [](const std::string& s) {
      std::printf("%s\n", s.c_str());
      std::fflush(stdout);
    });
    std::printf("mode=%s n_pop=%lld n_unpop=%lld |d|>=1: %zu pop, %zu tail\n",
                o.resolved_mode(backbone->kind()).c_str(), static_cast<long long>(table.n_pop),
                static_cast<long long>(table.n_unpop), steering::manipulation_lists(table.d).pop.size(),
                steering::manipulation_lists(table.d).unpop.size());
    print_top(table, +1, a->top);
    print_top(table, -1, a->top);
    if (!a->out.empty()) {
      steering::save_neuron_table(a->out, table,
                                  {{"sae_checkpoint", a->sae},
                                   {"sae_checkpoint_hash", hash_file(a->sae)},
                                   {"mode", o.resolved_mode(backbone->kind())}});
      std::printf("neuron table written: %s\n", a->out.c_str());
    }
  });
}

// ---- steer (a grid of configs on valid + test)
struct SteerArgs {
  BackboneArgs backbone;
  std::string sae, neurons, variant = "popsteer", norm = "group";
  std::vector<double> alpha_pop{1.0}, alpha_unpop{1.0}, beta{0.0}, xi{0.5};
  int64_t count = -1, seed = 2020, block = 8;
};

steering::SteerConfig make_config(double ap, double au, double beta, const SteerArgs& a) {
  steering::SteerConfig c;
  c.alpha_pop = ap;
  c.alpha_unpop = au;
  if (a.count >= 0) {
    c.beta.reset();
    c.count = a.count;
  } else {
    c.beta = beta;
  }
  c.norm = a.norm == "global" ? steering::Normalisation::kGlobal : steering::Normalisation::kPerGroup;
  return c;
}

void run_steer(const SteerArgs& a) {
  auto backbone = a.backbone.load();
  auto model = sae::load_sae(a.sae);
  const auto table = steering::load_neuron_table(a.neurons);
  if (table.size() != model->options().hidden()) throw UserError(a.neurons + ": neuron count differs from the SAE");
  Progress clock("steer", 0, 0.0);
  steering::SteeringSession session(*backbone, *model);
  std::printf("cache built (z of every user, valid + test) in %.1fs\n", clock.elapsed_s());
  std::vector<std::string> labels;
  std::vector<steering::SteerRequest> reqs;
  labels.push_back("sae (unsteered)");
  reqs.emplace_back();
  const auto lists = steering::manipulation_lists(table.d);
  if (a.variant == "manipulate") {
    for (auto [name, list] : {std::pair{"pop", &lists.pop}, {"tail", &lists.unpop}})
      for (int64_t kp = 1; kp <= static_cast<int64_t>(list->size()); ++kp) {
        labels.push_back(fmt::format("manipulate list={} K'={}", name, kp));
        reqs.push_back(steering::SteeringSession::manipulation(table, *list, kp));
      }
  } else {
    for (double ap : a.alpha_pop)
      for (double au : a.alpha_unpop)
        for (double b : a.beta) {
          const auto c = make_config(ap, au, b, a);
          if (a.variant == "popsteer") {
            labels.push_back(c.label());
            reqs.push_back(steering::SteeringSession::popsteer(table, c));
          } else if (a.variant == "randomselect") {
            labels.push_back("randomselect " + c.label());
            reqs.push_back(steering::SteeringSession::random_select(
                table, c, derive_seed(static_cast<uint64_t>(a.seed), "randomselect/" + c.label())));
          } else {
            for (double x : a.xi) {
              labels.push_back(fmt::format("noise xi={:g} {}", x, c.label()));
              reqs.push_back(steering::SteeringSession::noise(
                  table, c, x, derive_seed(static_cast<uint64_t>(a.seed), fmt::format("noise/{}/{}", x, c.label()))));
            }
          }
        }
  }
  const double t0 = clock.elapsed_s();
  for (auto [split, name] : {std::pair{data::Split::kValid, "valid"}, {data::Split::kTest, "test"}})
    for (size_t b = 0; b < reqs.size(); b += static_cast<size_t>(a.block)) {
      const size_t e = std::min(reqs.size(), b + static_cast<size_t>(a.block));
      const auto ms = session.evaluate(std::span(reqs).subspan(b, e - b), split);
      for (size_t i = b; i < e; ++i) std::printf("%-5s %-40s %s\n", name, labels[i].c_str(), metrics_line(ms[i - b]).c_str());
      std::fflush(stdout);
    }
  const double dt = clock.elapsed_s() - t0;
  std::printf("%zu configs x 2 splits in %.2fs (%.1f configs/s)\n", reqs.size(), dt, 2.0 * reqs.size() / dt);
}

void add_steer(CLI::App& app) {
  auto* cmd = app.add_subcommand("steer", "Evaluate steering configs (PopSteer, ablations, manipulation) on valid + test");
  auto a = std::make_shared<SteerArgs>();
  a->backbone.add_to(*cmd);
  cmd->add_option("--sae", a->sae, "SAE checkpoint")->required();
  cmd->add_option("--neurons", a->neurons, "Neuron table written by `analyze --out`")->required();
  cmd->add_option("--variant", a->variant, "popsteer | noise | randomselect | manipulate")
      ->check(CLI::IsMember({"popsteer", "noise", "randomselect", "manipulate"}));
  cmd->add_option("--alpha-pop", a->alpha_pop, "alpha_pop values (grid)")->expected(1, -1);
  cmd->add_option("--alpha-unpop", a->alpha_unpop, "alpha_unpop values (grid)")->expected(1, -1);
  cmd->add_option("--beta", a->beta, "beta thresholds (grid)")->expected(1, -1);
  cmd->add_option("--count", a->count, "Fixed-count mode: steer the N neurons with largest |d| (replaces beta)");
  cmd->add_option("--norm", a->norm, "group | global")->check(CLI::IsMember({"group", "global"}));
  cmd->add_option("--xi", a->xi, "Noise SDs (variant noise)")->expected(1, -1);
  cmd->add_option("--seed", a->seed, "Seed of the ablations");
  cmd->add_option("--block", a->block, "Configs evaluated together")->check(CLI::PositiveNumber);
  cmd->callback([a] { run_steer(*a); });
}

// ---- explain
void add_explain(CLI::App& app) {
  auto* cmd = app.add_subcommand("explain", "Per-neuron attribution of a user's list changes under steering (App. A)");
  auto a = std::make_shared<SteerArgs>();
  auto user = std::make_shared<int64_t>(1);
  auto top = std::make_shared<int64_t>(5);
  auto split = std::make_shared<std::string>("test");
  a->backbone.add_to(*cmd);
  cmd->add_option("--sae", a->sae, "SAE checkpoint")->required();
  cmd->add_option("--neurons", a->neurons, "Neuron table")->required();
  cmd->add_option("--user", *user, "Internal user id (1-based)")->required();
  cmd->add_option("--alpha-pop", a->alpha_pop, "alpha_pop")->expected(1);
  cmd->add_option("--alpha-unpop", a->alpha_unpop, "alpha_unpop")->expected(1);
  cmd->add_option("--beta", a->beta, "beta")->expected(1);
  cmd->add_option("--norm", a->norm, "group | global")->check(CLI::IsMember({"group", "global"}));
  cmd->add_option("--top", *top, "Neurons printed per item");
  cmd->add_option("--split", *split, "valid | test")->check(CLI::IsMember({"valid", "test"}));
  cmd->callback([=] {
    auto backbone = a->backbone.load();
    auto model = sae::load_sae(a->sae);
    const auto table = steering::load_neuron_table(a->neurons);
    const auto& ds = backbone->dataset();
    if (*user < 1 || *user > ds.n_users)
      throw UserError(fmt::format("--user {} out of range 1..{}", *user, ds.n_users));
    steering::SteeringSession session(*backbone, *model);
    const auto& c = session.split(*split == "valid" ? data::Split::kValid : data::Split::kTest);
    const auto cfg = make_config(a->alpha_pop[0], a->alpha_unpop[0], a->beta[0], *a);
    const auto ex = steering::explain_user(*c.evaluator, c.inputs, steering::SteeringSession::popsteer(table, cfg),
                                           *user - 1);
    auto group = [&](int32_t i) { return ds.item_group[i] > 0 ? "head" : ds.item_group[i] < 0 ? "tail" : "mid"; };
    auto show_list = [&](const char* name, const std::vector<int32_t>& l) {
      std::printf("%s:", name);
      for (int32_t i : l) std::printf(" %s(%s)", ds.item_tokens[i].c_str(), group(i));
      std::printf("\n");
    };
    std::printf("user %s (id %lld), %s, %s\n", ds.user_tokens[*user].c_str(), static_cast<long long>(*user),
                split->c_str(), cfg.label().c_str());
    show_list("before", ex.before);
    show_list("after ", ex.after);
    for (auto [title, items] : {std::pair{"entered", &ex.entered}, {"left", &ex.left}})
      for (const auto& it : *items) {
        std::printf("%s item %s (%s): score %.4f -> %.4f (delta %+.4f)\n", title, ds.item_tokens[it.item].c_str(),
                    group(it.item), it.score_before, it.score_after, it.delta);
        for (size_t t = 0; t < it.neurons.size() && static_cast<int64_t>(t) < *top; ++t) {
          const auto& n = it.neurons[t];
          std::printf("    neuron %6lld  A=%+.4f  (delta_a=%+.4f x align=%+.4f, d=%+.3f)\n",
                      static_cast<long long>(n.neuron), n.contribution, n.delta_activation, n.alignment,
                      table.d[n.neuron]);
        }
      }
  });
}

// ---- embedding space
void add_embedding(CLI::App& app) {
  auto* cmd = app.add_subcommand("embedding", "Embedding-space analysis: PCA of activation sets + 1-D W1 (§5.5)");
  auto a = std::make_shared<SteerArgs>();
  auto n = std::make_shared<int64_t>(2000);
  auto csv = std::make_shared<std::string>();
  a->backbone.add_to(*cmd);
  cmd->add_option("--sae", a->sae, "SAE checkpoint")->required();
  cmd->add_option("--neurons", a->neurons, "Neuron table")->required();
  cmd->add_option("--alpha-pop", a->alpha_pop, "alpha_pop of the steered set")->expected(1);
  cmd->add_option("--alpha-unpop", a->alpha_unpop, "alpha_unpop")->expected(1);
  cmd->add_option("--beta", a->beta, "beta")->expected(1);
  cmd->add_option("--n", *n, "Rows per set")->check(CLI::PositiveNumber);
  cmd->add_option("--csv", *csv, "Write the 2-D coordinates here (set,x,y)");
  cmd->callback([=] {
    auto backbone = a->backbone.load();
    auto model = sae::load_sae(a->sae);
    const auto table = steering::load_neuron_table(a->neurons);
    steering::SteeringSession session(*backbone, *model);
    const auto& c = session.split(data::Split::kTest);
    const int64_t rows = std::min<int64_t>(*n, c.inputs.z.size(0));
    const int64_t latents = model->options().hidden();
    auto sparse = [&](const steering::SteerRequest& r) {
      auto [idx, val] = c.evaluator->activations(r);
      return steering::dense_activations(idx.slice(0, 0, rows), val.slice(0, 0, rows), latents);
    };
    auto synthetic = [&](const std::vector<int32_t>& pool, const char* key) {
      torch::NoGradGuard g;
      auto items = steering::synthetic_profiles(pool, 0, rows, 50, derive_seed(2020, key)).to(backbone->device());
      auto z = model->pre_activations(backbone->sequence_representation(items).to(torch::kCPU, torch::kFloat));
      auto code = model->activate(z);
      return steering::dense_activations(code.indices, code.values, latents);
    };
    const auto cfg = make_config(a->alpha_pop[0], a->alpha_unpop[0], a->beta[0], *a);
    const auto& ds = backbone->dataset();
    auto space = steering::embedding_space(
        {"real", "steered", "synthetic_head", "synthetic_tail"},
        {sparse({}), sparse(steering::SteeringSession::popsteer(table, cfg)), synthetic(ds.head_items(), "emb-pop"),
         synthetic(ds.tail_items(), "emb-unpop")},
        2020);
    std::printf("PCA of %lld rows per set; explained variance PC1=%.3f PC2=%.3f; steered = %s\n",
                static_cast<long long>(rows), space.explained_variance[0], space.explained_variance[1],
                cfg.label().c_str());
    for (const auto& d : space.distances)
      std::printf("W1 %-15s vs %-15s PC1=%.4f PC2=%.4f mean=%.4f\n", d.a.c_str(), d.b.c_str(), d.w1_pc1, d.w1_pc2,
                  d.w1_mean);
    if (!csv->empty()) {
      std::ofstream f(*csv);
      if (!f) throw UserError(*csv + ": cannot write");
      f << steering::coords_csv(space);
      std::printf("coordinates written: %s\n", csv->c_str());
    }
  });
}

// ---- bench steer
void add_bench_steer(CLI::App& app) {
  auto* bench = subcommand(app, "bench", "Benchmarks (timings, not tests)");
  auto* cmd = bench->add_subcommand("steer", "Configs/s and scoring GFLOP/s of the steering inner loop (random tensors)");
  auto o = std::make_shared<steering::SteerBenchOptions>();
  cmd->add_option("--users", o->users, "Users (default ML-1M: 6040)");
  cmd->add_option("--items", o->items, "Items (default 3416)");
  cmd->add_option("--dim", o->dim, "d (default 64)");
  cmd->add_option("--latents", o->latents, "N = s*d (default 4096)");
  cmd->add_option("--k-sae", o->k_sae, "k_sae (default 48)");
  cmd->add_option("--configs", o->configs, "Configs to evaluate (default 810 = 405 x valid/test)");
  cmd->add_option("--block", o->block, "Configs per block (default 8)");
  cmd->add_option("--chunk-rows", o->chunk_rows, "Rows per scoring chunk (default 256)");
  cmd->add_option("--threads", o->threads, "Threads (default: all hardware threads)");
  cmd->callback([o] {
    const auto r = steering::run_steer_bench(*o);
    std::printf("%s", steering::format_bench(*o, r).c_str());
  });
}

}  // namespace

void add_steer_commands(CLI::App& app) {
  add_train_sae(app);
  add_analyze(app);
  add_steer(app);
  add_explain(app);
  add_embedding(app);
  add_bench_steer(app);
}

}  // namespace popsteer::cli
