#pragma once
// How a run trains: epochs, batch, optimizer and its hyperparameters, the
// learning-rate schedule, early stopping, clipping, the seed. Part of the
// project file and of every recorded run.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ops/optimizer.h"

namespace strata {

struct ScheduleConfig {
  std::string kind = "constant";  // constant, step, exponential, cosine, plateau
  int step_epochs = 10;           // step: multiply by gamma every step_epochs epochs
  double gamma = 0.1;             // step and exponential (per epoch)
  double min_lr = 0.0;            // cosine: the floor; plateau: never below
  int patience = 3;               // plateau: epochs without improvement before reducing
  double factor = 0.1;            // plateau: the reduction
};

struct EarlyStoppingConfig {
  bool enabled = false;
  std::string monitor = "val_loss";  // val_loss, val_accuracy, loss, accuracy
  int patience = 5;
  double min_delta = 0.0;
  bool restore_best = true;
};

// Transfer learning: start chosen layers from another run's (or a checkpoint
// file's) weights, matched by layer name with shape checks; empty layers means
// every layer whose name and shapes match.
struct InitFromConfig {
  std::string source;               // run id, run folder, checkpoint, .npz or .safetensors file; empty: none
  std::vector<std::string> layers;
};

// The learning rate's range, one rule for the project file and the command
// line's --lr: above 0, at most this.
inline constexpr double kMaxLearningRate = 100;

struct TrainingConfig {
  int epochs = 10;
  int batch_size = 32;
  std::string optimizer = "adam";  // sgd, adam, adamw, rmsprop
  double learning_rate = 1e-3;
  double momentum = 0.0;           // sgd
  bool nesterov = false;           // sgd
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // adam/adamw; rmsprop uses beta2 as its smoothing (alpha)
  double weight_decay = 0.0;
  double clip_norm = 0.0;          // 0: no clipping by global norm
  uint64_t seed = 1;
  bool shuffle = true;
  double validation_split = 0.0;   // fraction of the training data held out when no validation set is given
  ScheduleConfig schedule;
  EarlyStoppingConfig early_stopping;
  InitFromConfig init_from;
  std::vector<std::string> freeze;  // layers whose weights the optimizer leaves alone

  OptimizerConfig optimizer_config() const;
};

// Throws strata::Error naming `where` and the field for an unknown key or a bad value.
TrainingConfig training_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json training_to_json(const TrainingConfig& c);

}  // namespace strata
