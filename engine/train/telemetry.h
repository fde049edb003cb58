#pragma once
// Per-layer telemetry a trainer reports after each epoch: the norm of each
// layer's trainable weights at the epoch's end, of their gradient at its last
// step and of that step's update relative to the weights before it, the share of a
// ReLU layer's units that never fired in the epoch (sampled on about sixteen
// of its steps), and, for the first epoch, each layer's measured forward and
// backward time (a few steps timed layer by layer with the device waited
// for: host clocks around each layer's work, on either backend). What it
// costs: three downloads of the weights per epoch, the sampled outputs of
// ReLU layers, and five serialised steps in the first epoch.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/model.h"

namespace strata {

struct LayerTelemetry {
  std::string node;
  double weight_norm = -1, grad_norm = -1, update_ratio = -1;  // -1: the layer has no trainable weights
  double dead_fraction = -1;                                     // -1: not a ReLU layer
  double forward_ms = -1, backward_ms = -1;                      // per step; -1: not measured (after epoch 1)
};

struct TelemetryEvent {
  int epoch = 0;  // 0-based
  std::vector<LayerTelemetry> layers;
};

class TelemetryProbe {
 public:
  explicit TelemetryProbe(Model& model);
  // Around each training step: `batch` is 0-based within the epoch of `batches`.
  void before_step(int epoch, int64_t batch, int64_t batches);
  void after_step(int epoch, int64_t batch, int64_t batches, int64_t count);
  // The epoch's figures (and a fresh start for the next one).
  TelemetryEvent finish_epoch(int epoch);

 private:
  std::vector<float> flatten_weights(bool grads);  // per node, concatenated trainable tensors
  Model& model_;
  std::map<std::string, std::vector<char>> fired_;  // per ReLU node: per unit, fired this epoch
  std::vector<float> before_, scratch_;
  std::map<std::string, double> weight_norm_, grad_norm_, update_ratio_;
  LayerTimes times_;
  bool timing_ = false, snapshot_ = false;
};

}  // namespace strata
