#pragma once
/// Training the SAE on frozen backbone representations (ALGORITHMS.md §3.5–3.6): the
/// representations are computed once by the caller (Backbone::sae_training_inputs() and
/// the validation users' representations) and passed in as tensors, so training never
/// touches the backbone and is testable on random data. The one exception is opt-in: with
/// backbone dropout the caller passes a callback giving each epoch's rows.
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "config/section.h"
#include "sae/sae.h"

namespace popsteer::sae {

struct SaeTrainOptions {
  double lr = 0.01;              ///< Adam initial learning rate (thesis; code 1e-3)
  double plateau_factor = 0.1;   ///< ReduceLROnPlateau factor on validation FVU
  int64_t plateau_patience = 10; ///< epochs without improvement before the lr drops
  int64_t patience = 50;         ///< early stopping on validation FVU
  int64_t max_epochs = 1000;
  int64_t batch_size = 2048;
  uint64_t seed = 2020;          ///< init + shuffling (derive it with derive_seed)
  /// A-16 (Gao et al. 2024, "Scaling and evaluating sparse autoencoders"): before every
  /// Adam step remove from each decoder atom's gradient its component parallel to the
  /// atom, and after the step renormalise every atom to unit L2 norm. Off (DEFAULT): the
  /// atoms are unit-norm at init only, as in the thesis and the reference code.
  bool gao_decoder_norm = false;

  /// Reads [sae.train] keys: lr, plateau_factor, plateau_patience, patience, max_epochs,
  /// batch_size, gao_decoder_norm (seed comes from the task, not the file). Calls finish().
  static SaeTrainOptions from_config(config::Section s);
};

/// One line of training progress.
struct SaeEpochStats {
  int64_t epoch = 0;          ///< 0-based
  double train_loss = 0;      ///< mean per-batch loss (SSE + γ SSE_aux)/SST
  double train_fvu = 0;       ///< Σ SSE / Σ SST over the epoch's batches
  double valid_fvu = 0;       ///< SSE/SST over all validation rows
  double dead_fraction = 0;   ///< latents with a_j = 0 on every training row this epoch
  double lr = 0;
  double seconds = 0;
};

struct SaeTrainReport {
  double valid_fvu = 0;       ///< at the best epoch (the returned weights)
  double dead_fraction = 0;   ///< of the returned weights, over all training rows
  int64_t best_epoch = 0;
  int64_t epochs = 0;         ///< epochs run
  double seconds = 0;
  std::vector<SaeEpochStats> history;
};

/// FVU = SSE/SST of `sae` on `x` [n, d] (SST around the mean of x), in batches.
double reconstruction_fvu(SparseAutoencoderImpl& sae, const torch::Tensor& x,
                          int64_t batch = 8192);
/// Fraction of latents that never fire (a_j > 0) on any row of x.
double dead_fraction(SparseAutoencoderImpl& sae, const torch::Tensor& x, int64_t batch = 8192);

/// Gao's gradient projection on `sae.w_dec.grad()` (no-op when undefined): for every atom
/// w_j (row j of W_dec [N, d]) g_j -= (g_j·w_j) w_j / |w_j|², so the step cannot change
/// the atom's norm to first order. In place.
void project_decoder_grad(SparseAutoencoderImpl& sae);
/// Rescales every atom (row of W_dec) to unit L2 norm, in place, without autograd.
void normalize_decoder(SparseAutoencoderImpl& sae);

/// Supplies the training rows of one epoch (0-based) when they change between epochs
/// backbone dropout, models::dropout_sae_inputs). Must return [n, d] like `train`.
using EpochInputs = std::function<torch::Tensor(int64_t epoch)>;

/// Trains a fresh SAE (`options` with init_seed set from train.seed) on `train` [n, d],
/// early-stopping on validation FVU over `valid` [m, d]; returns the best weights.
/// `on_epoch` (may be empty) is called after every epoch. `epoch_inputs` (may be empty =
/// train on `train` every epoch) is called at the start of every epoch and its rows replace
/// `train` for that epoch; `train` still gives the shape and the reported dead fraction.
SparseAutoencoder train_sae(SaeOptions options, const torch::Tensor& train,
                            const torch::Tensor& valid, const SaeTrainOptions& train_options,
                            SaeTrainReport* report,
                            const std::function<void(const SaeEpochStats&)>& on_epoch = {},
                            const EpochInputs& epoch_inputs = {});

}  // namespace popsteer::sae
