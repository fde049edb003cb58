#pragma once
// Checkpoints hold everything needed to continue a run exactly: every weight
// and state tensor of the model, the optimizer's state tensors, the step
// count, the position in the data order (epoch and batch; the order itself is
// drawn from the seed and the epoch), the schedule's and early stopping's
// state, the epoch's running metrics and the history so far (how many epochs
// of it: the history itself is one file beside the checkpoint,
// <name>.history.json, shared by its per-epoch copies, so it is kept once).
// Resuming on the same device gives the same losses as a run that never stopped.
//
// File: "STRATACK", a u32 format version, a u64 header length, the JSON
// header (state and a table of tensors: name, shape, byte offset), then the
// raw little-endian float32 data, then (format 2) a u32 CRC-32 of all that.
// Written to a temporary file and renamed.
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "data/npy.h"
#include "model/model.h"
#include "train/metrics.h"
#include "train/schedule.h"

namespace strata {

struct EarlyStoppingState {
  double best = 0;
  bool has_best = false;
  int since_best = 0, best_epoch = -1;
};

struct TrainingState {
  int epoch = 0;        // the epoch to run next (0-based)
  int64_t batch = 0;    // the batch to run next within it
  int64_t step = 0;     // updates so far
  double train_seconds = 0;
  int64_t trained_samples = 0;
  LearningRateSchedule::State schedule;
  EarlyStoppingState early;
  AccumulatorState partial;
  nlohmann::json history = nlohmann::json::array();  // finished epochs, as the run log records them
};

void save_checkpoint(const std::string& path, Model& model, const TrainingState& state);
// The number of updates a checkpoint was saved after (its header alone);
// throws naming the file when it is damaged.
int64_t checkpoint_step(const std::string& path);
// Loads into a model compiled from the same graph and optimizer; throws
// strata::Error naming the file and the tensor for a mismatch or a damaged file.
TrainingState load_checkpoint(const std::string& path, Model& model);

// The weights in a checkpoint by name ("conv2d_1.weight"; optimizer state
// left out), for transfer learning and export.
using NamedArray = NpyArray;  // a shape and float32 values
std::map<std::string, NamedArray> checkpoint_weights(const std::string& path);

// Copies the weights of `layers` (all matching layers when empty) from a
// checkpoint, an .npz or a .safetensors file (by extension) into the model; throws naming the layer or tensor whose name or
// shape does not match. Returns the tensors copied.
std::vector<std::string> init_from_checkpoint(Model& model, const std::string& path,
                                              const std::vector<std::string>& layers);

}  // namespace strata
