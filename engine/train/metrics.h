#pragma once
// Classification and regression metrics, accumulated batch by batch on the
// host from the model's outputs: accuracy, top-k accuracy, the confusion
// matrix, per-class precision / recall / F1 and their macro averages, ROC
// curve and AUC for binary tasks (one logit or two classes), MSE and MAE.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

namespace strata {

struct ClassMetrics {
  double precision = 0, recall = 0, f1 = 0;
  int64_t support = 0;
};

struct RocPoint {
  double fpr = 0, tpr = 0, threshold = 0;
};

struct Metrics {
  int64_t samples = 0;
  double loss = 0;
  // Classification
  int64_t classes = 0;
  double accuracy = 0, top_k_accuracy = 0;
  int top_k = 5;
  std::vector<int64_t> confusion;  // [true class][predicted class]
  std::vector<ClassMetrics> per_class;
  double macro_precision = 0, macro_recall = 0, macro_f1 = 0;
  std::vector<RocPoint> roc;  // binary tasks only
  double auc = -1;            // -1 when not binary
  // Regression
  double mse = 0, mae = 0;
};

// As JSON for checkpoints, the run log and --json output; from_json reads it back.
nlohmann::json metrics_to_json(const Metrics& m);
Metrics metrics_from_json(const nlohmann::json& j);

// The running sums behind a MetricsAccumulator (saved in checkpoints).
struct AccumulatorState {
  int64_t samples = 0, correct = 0, top_k_correct = 0;
  double loss_sum = 0, se = 0, ae = 0;
  std::vector<int64_t> confusion;
  std::vector<std::pair<float, int>> scores;
};

class MetricsAccumulator {
 public:
  // classes > 0: classification with class-index labels (outputs are logits
  // per class, or one logit for a binary task with classes == 2);
  // classes == 0: regression (outputs and labels are values).
  MetricsAccumulator(int64_t classes, int64_t outputs_per_sample, int top_k = 5);
  void add(std::span<const float> outputs, std::span<const float> labels, int64_t batch, double mean_loss);
  Metrics result() const;
  // Cheap running figures for every step's event (result() builds per-class
  // metrics and sorts ROC scores).
  int64_t samples() const { return s_.samples; }
  double mean_loss() const { return s_.samples ? s_.loss_sum / double(s_.samples) : 0; }
  double accuracy() const { return s_.samples ? double(s_.correct) / double(s_.samples) : 0; }
  const AccumulatorState& state() const { return s_; }
  void restore(const AccumulatorState& s) { s_ = s; }

 private:
  int64_t classes_, per_sample_;
  int top_k_;
  AccumulatorState s_;  // scores: binary tasks, (score of class 1, label)
};

}  // namespace strata
