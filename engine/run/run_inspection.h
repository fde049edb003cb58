#pragma once
// Looking into a recorded run after (or while) it trained: its data split as
// training split it, its weights after any recorded epoch (or the initial
// weights, epoch 0), the model's predictions for every sample of a split with
// each epoch's weights, and what every layer outputs for one sample. The
// editor's evaluation views (confusion matrix cells, predictions, activations)
// read runs through this; it compiles the model once, without fusing layers,
// so every layer's output can be read.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset_config.h"
#include "graph/project.h"
#include "run/session.h"
#include "train/predictions.h"
#include "train/run_folder.h"

namespace strata {

enum class Split { Train, Validation, Test };
std::string split_name(Split s);

struct SplitPredictions {
  Split split = Split::Test;
  int epoch = 0;
  Predictions predictions;       // probabilities (classification) or values, per sample
  std::vector<float> labels;     // the split's labels, as in the dataset
  int64_t classes = 0;           // 0: regression
  std::vector<std::string> class_names;
  // [true][predicted] counts from `predictions` (classification).
  std::vector<int64_t> confusion() const;
  // The samples of one confusion-matrix cell, most confident first.
  std::vector<int64_t> cell(int64_t true_class, int64_t predicted_class) const;
  float confidence(int64_t sample) const;  // the probability of the predicted class
};

struct LayerOutput {
  std::string node, type;
  Shape shape;                // per sample
  std::vector<float> values;  // the sample's output
};

class RunInspector {
 public:
  // A run by id (looked up as the CLI does, `db` as its --db) or run folder.
  // Throws strata::Error naming the run, file or field when it cannot be read.
  RunInspector(const std::string& run, const std::string& db = {}, const std::string& device = "cpu");
  ~RunInspector();
  const RunFolder& folder() const { return run_; }
  const Project& project() const { return project_; }
  // The epoch training started from: 0, or the parent's epoch for a fork.
  int start_epoch() const { return start_epoch_; }
  // The epochs whose weights can be looked at, in order: start_epoch() (the
  // weights training started from) and each epoch after it with a checkpoint.
  std::vector<int> epochs() const;
  bool has_split(Split s) const;
  const Dataset& data(Split s) const;  // throws for a split the run does not have

  // The model with the weights after `epoch` epochs (start_epoch(): as training began) on every sample of a split.
  SplitPredictions predict(int epoch, Split s);
  // Every layer's output for sample `index` of a split (the loss left out), in graph order.
  std::vector<LayerOutput> activations(int epoch, Split s, int64_t index);

 private:
  void load_weights(int epoch);
  RunFolder run_;
  Project project_;
  LoadedData data_;
  std::optional<Dataset> validation_;
  Session session_;
  int loaded_epoch_ = -1;
  int start_epoch_ = 0;
};

}  // namespace strata
