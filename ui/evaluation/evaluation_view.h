#pragma once
// The Evaluation tab: a recorded run looked into with each epoch's weights
// (RunInspector, off the UI thread). A confusion matrix for any epoch and
// split, scrubbed with a slider, counted or normalised by row, or as the
// difference from another epoch; a click on a cell lists its samples with
// their confidences. Per-class precision, recall and F1, the ROC curve and
// AUC of a binary task, predicted against true values and residuals for
// regression; a predictions browser (wrong only, by class, by confidence);
// and what each layer outputs for a sample, with the epoch's weights or the
// initial ones.
#include <QWidget>
#include <map>
#include <optional>
#include <set>

#include "run/run_inspection.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;
class QChartView;

namespace strata::ui {

class ActivationView;
class ConfusionMatrixView;
class Inspection;
class PredictionsModel;
class SampleGrid;

class EvaluationView : public QWidget {
  Q_OBJECT
 public:
  explicit EvaluationView(QWidget* parent = nullptr);
  // Looks into a run (id); the runs offered are `runs` (id, label), newest first.
  void set_runs(const std::vector<std::pair<QString, QString>>& runs, const QString& current);
  void open_run(const QString& run_id);
  Inspection* inspection() const { return inspection_; }
  // For tests and keyboard users.
  QComboBox* run_combo() const { return run_combo_; }
  QComboBox* split_combo() const { return split_combo_; }
  QSlider* epoch_slider() const { return epoch_slider_; }
  QCheckBox* normalize_box() const { return normalize_; }
  QCheckBox* difference_box() const { return difference_; }
  ConfusionMatrixView* matrix() const { return matrix_; }
  SampleGrid* cell_samples() const { return cell_samples_; }
  QTableWidget* per_class() const { return per_class_; }
  QTableView* predictions_table() const { return predictions_table_; }
  ActivationView* activation_view() const { return activations_; }
  QSpinBox* sample_box() const { return sample_; }
  QString status_text() const;
  const SplitPredictions* current() const;
  int epoch() const;
  int activations_epoch() const;
  void request_predictions(int epoch, Split s);  // the slider's epoch, or the first with "Initial weights" ticked
  Split split() const;

 private:
  void on_opened();
  void refresh();           // the epoch, split or view changed
  void show_predictions();  // what the current predictions give
  void show_cell(int64_t true_class, int64_t predicted_class);
  void fill_per_class(const std::vector<int64_t>& confusion, int64_t classes, const std::vector<std::string>& names);
  void fill_roc_or_regression();
  void fill_predictions_table();
  void request_activations();
  const SplitPredictions* cached(int epoch, Split s) const;

  Inspection* inspection_;
  QComboBox *run_combo_, *split_combo_, *pred_filter_class_;
  QSlider* epoch_slider_;
  QLabel *epoch_label_, *status_, *cell_title_;
  QCheckBox *normalize_, *difference_, *wrong_only_, *initial_weights_;
  QSpinBox *difference_epoch_, *sample_;
  QTabWidget* tabs_;
  ConfusionMatrixView* matrix_;
  SampleGrid* cell_samples_;
  QTableWidget* per_class_;
  QTableView* predictions_table_;
  PredictionsModel* predictions_model_;
  QChartView* curve_;
  ActivationView* activations_;
  std::vector<int> epochs_;
  std::map<std::pair<int, int>, SplitPredictions> cache_;  // (epoch, split)
  std::set<std::pair<int, int>> pending_;                  // asked for, not answered yet
  std::optional<std::pair<int64_t, int64_t>> cell_;
};

}  // namespace strata::ui
