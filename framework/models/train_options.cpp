#include "models/train_options.h"

#include "models/toml_text.h"

namespace popsteer::models {

TrainOptions TrainOptions::from_config(config::Section s) {
  TrainOptions o;
  o.lr = s.get_double("lr", o.lr, {0.0, 10.0});
  o.batch_size = s.get_int("batch_size", o.batch_size, {1, 1 << 24});
  o.all_positions_batch = s.get_int("all_positions_batch", o.all_positions_batch, {1, 1 << 24});
  o.patience = s.get_int("patience", o.patience, {0, 100000});
  o.max_epochs = s.get_int("max_epochs", o.max_epochs, {1, 1000000});
  o.formulation = s.get_string("formulation", o.formulation, {"all-positions", "prefix"});
  o.window_stride = s.get_int("window_stride", o.window_stride, {1, 4096});
  o.valid_k = s.get_int("valid_k", o.valid_k, {1, 100000});
  o.eval_batch = s.get_int("eval_batch", o.eval_batch, {1, 1 << 24});
  s.finish();
  return o;
}

std::string TrainOptions::to_toml() const {
  return toml_line("lr", lr) + toml_line("batch_size", batch_size) +
         toml_line("all_positions_batch", all_positions_batch) + toml_line("patience", patience) +
         toml_line("max_epochs", max_epochs) + toml_line("formulation", formulation) +
         toml_line("window_stride", window_stride) + toml_line("valid_k", valid_k) +
         toml_line("eval_batch", eval_batch);
}

}  // namespace popsteer::models
