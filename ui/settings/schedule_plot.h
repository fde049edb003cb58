#pragma once
// A small plot of the learning rate over a run's epochs, drawn with the
// engine's own LearningRateSchedule, so what it shows is what training uses.
#include <QWidget>

#include "train/training_config.h"

namespace strata::ui {

class SchedulePlot : public QWidget {
  Q_OBJECT
 public:
  explicit SchedulePlot(QWidget* parent = nullptr);
  void set_config(const TrainingConfig& config);
  // The rates drawn, one per epoch (tests).
  const std::vector<double>& rates() const { return rates_; }
  QSize sizeHint() const override { return {280, 120}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<double> rates_;
  bool plateau_ = false;
};

}  // namespace strata::ui
