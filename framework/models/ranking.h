#pragma once
/// Top-K item lists from score tensors on the backbone's device (a CUDA build ranks on the
/// GPU and moves only [B, k] ids). Ties go to the lower item id. The metrics of the lists
/// come from the metrics module (models/evaluation.h).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace popsteer::models {

/// scores [B, I] float -> [B, k] int64 item ids, best first; equal scores rank the lower
/// id first (exactly, not just usually: rows with a tie at the cut fall back to a stable
/// full sort). -inf entries (PAD, masked history) are ranked last.
torch::Tensor top_k_items(const torch::Tensor& scores, int64_t k);

}  // namespace popsteer::models
