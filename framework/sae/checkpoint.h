#pragma once
/// SAE checkpoints in HDF5 (io/h5.h): the four parameter arrays, the options, the
/// training report and provenance (backbone checkpoint hash, dataset hash, seed).
/// Written atomically. The only file of the sae module that touches the filesystem.
#include <string>

#include "sae/sae.h"
#include "sae/trainer.h"

namespace popsteer::sae {

struct SaeProvenance {
  std::string backbone_checkpoint;       ///< path as given
  std::string backbone_checkpoint_hash;  ///< hash_file() of the backbone checkpoint
  std::string dataset_hash;              ///< Dataset::content_hash
  std::string backbone_kind;             ///< "sasrec" | "lightgcn"
  uint64_t seed = 0;
  double valid_fvu = 0;
  double dead_fraction = 0;
  int64_t best_epoch = 0, epochs = 0;
  double seconds = 0;
  double sae_valid_ndcg = -1;            ///< NDCG@10 of the unsteered SAE point (-1 = not measured)
  bool gao_decoder_norm = false;         ///< trained with Gao renorm + projection (A-16)
  bool backbone_dropout = false;         ///< inputs drawn with backbone dropout on (A-14)
};

/// Writes `path` atomically: /sae/{w_enc,b_enc,w_dec,b_pre} + option and provenance
/// attributes on /sae.
void save_sae(const std::string& path, SparseAutoencoderImpl& sae, const SaeProvenance& provenance);

/// Reads a checkpoint written by save_sae. UserError when missing or not an SAE file.
SparseAutoencoder load_sae(const std::string& path, SaeProvenance* provenance = nullptr);

}  // namespace popsteer::sae
