#include "browser/compare_curves.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>
#include <set>

#include "browser/run_colors.h"
#include "browser/runs_snapshot.h"
#include "dashboard/metric_chart.h"

namespace strata::ui {

namespace {
bool per_step(const std::string& key) { return key == "step_loss" || key == "running_accuracy" || key == "learning_rate"; }
}  // namespace

CompareCurves::CompareCurves(Reader reader, QWidget* parent) : QWidget(parent), reader_(std::move(reader)) {
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Metric")));
  metric_ = new QComboBox;
  metric_->setObjectName(QStringLiteral("compare_metric"));
  metric_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  top->addWidget(metric_);
  top->addSpacing(12);
  top->addWidget(new QLabel(tr("X axis")));
  axis_ = new QComboBox;
  axis_->addItem(tr("Steps"), QStringLiteral("step"));
  axis_->addItem(tr("Epochs"), QStringLiteral("epoch"));
  axis_->addItem(tr("Wall time (min)"), QStringLiteral("time"));
  top->addWidget(axis_);
  top->addSpacing(12);
  top->addWidget(new QLabel(tr("Smoothing")));
  smoothing_ = new QSlider(Qt::Horizontal);
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);
  smoothing_->setMaximumWidth(140);
  top->addWidget(smoothing_);
  top->addStretch();
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 4, 0, 0);
  lay->addLayout(top);
  chart_box_ = new QVBoxLayout;
  lay->addLayout(chart_box_, 1);
  empty_ = new QLabel(tr("Select two or more runs in the table to overlay their curves."));
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setEnabled(false);
  chart_box_->addWidget(empty_);
  connect(metric_, &QComboBox::currentIndexChanged, this, [this] { request(); });
  connect(axis_, &QComboBox::currentIndexChanged, this, [this] { show_points(last_); });
  connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
    if (chart_) chart_->set_smoothing(v / 100.0);
  });
}

void CompareCurves::set_runs(const std::vector<const RunRow*>& runs) {
  QStringList ids, names;
  std::set<std::string> keys;
  for (const RunRow* r : runs) {
    ids << r->id;
    names << QString::fromStdString(r->record.name.empty() ? r->record.id : r->record.name);
    for (const auto& [k, m] : r->metrics) keys.insert(k);
  }
  // Runs of one sweep often share a name: the legend then adds their ids.
  const QStringList plain = names;
  for (int i = 0; i < names.size(); ++i)
    if (plain.count(plain[i]) > 1) names[i] += QStringLiteral(" (%1)").arg(ids[i]);
  const QString keep = metric_->currentText();
  {
    const QSignalBlocker block(metric_);
    metric_->clear();
    for (const auto& k : keys) metric_->addItem(QString::fromStdString(k));
    int at = metric_->findText(keep);
    for (const char* preferred : {"val_accuracy", "accuracy", "val_loss", "loss"})
      if (at < 0) at = metric_->findText(QString::fromLatin1(preferred));
    metric_->setCurrentIndex(std::max(0, at));
  }
  if (ids == ids_ && names == names_ && metric_->currentText() == keep && !last_.empty()) return;
  ids_ = ids, names_ = names;
  request();
}

void CompareCurves::request() {
  const int generation = ++generation_;
  if (ids_.isEmpty() || metric_->currentText().isEmpty()) {
    last_.clear();
    show_points(last_);
    return;
  }
  ++pending_;
  reader_(ids_, metric_->currentText().toStdString(), [this, generation](Points points) {
    --pending_;
    if (generation != generation_) return;  // an older request: its answer is not wanted any more
    last_ = std::move(points);
    show_points(last_);
  });
}

void CompareCurves::show_points(const Points& points) {
  if (chart_) chart_->deleteLater(), chart_ = nullptr;
  empty_->setVisible(ids_.isEmpty());
  if (ids_.isEmpty()) return;
  const std::string key = metric_->currentText().toStdString();
  chart_ = new MetricChart(metric_->currentText(), store::lower_is_better(key) ? MetricChart::Better::Lower : MetricChart::Better::Higher);
  chart_->setObjectName(QStringLiteral("compare_chart"));
  // Per-epoch metrics are logged once an epoch: on the steps axis they are drawn by epoch.
  const QString axis = !per_step(key) && axis_->currentData().toString() == QLatin1String("step") ? QStringLiteral("epoch")
                                                                                                  : axis_->currentData().toString();
  chart_->set_x_title(axis == QLatin1String("epoch") ? tr("Epochs") : axis_->currentText());
  const MetricChart::Style style = per_step(key) && axis != QLatin1String("epoch") ? MetricChart::Style::Steps : MetricChart::Style::Epochs;
  for (int i = 0; i < ids_.size(); ++i) {
    const int s = chart_->add_series(names_[i], run_color(ids_[i]), style);
    const auto it = points.find(ids_[i]);
    if (it == points.end() || it->second.empty()) continue;
    const auto& pts = it->second;
    // Per-step points on the epoch axis: spread evenly through their epoch.
    std::map<int, std::pair<int64_t, int64_t>> epoch_steps;  // epoch -> first and last step
    for (const auto& p : pts) {
      auto [e, fresh] = epoch_steps.try_emplace(p.epoch, p.step, p.step);
      e->second.first = std::min(e->second.first, p.step), e->second.second = std::max(e->second.second, p.step);
    }
    const double t0 = pts.front().time;
    std::vector<ChartPoint> xy;
    xy.reserve(pts.size());
    for (const auto& p : pts) {
      double x = double(p.step);
      if (axis == QLatin1String("time")) x = (p.time - t0) / 60.0;
      else if (axis == QLatin1String("epoch")) {
        if (per_step(key)) {
          const auto [first, last] = epoch_steps[p.epoch];
          x = p.epoch + (last > first ? double(p.step - first + 1) / double(last - first + 1) : 1.0);
        } else {
          x = p.epoch + 1;
        }
      }
      xy.push_back({x, p.value});
    }
    chart_->set_points(s, std::move(xy));
  }
  chart_->set_smoothing(smoothing_->value() / 100.0);
  chart_->refresh();
  chart_box_->addWidget(chart_, 1);
}

}  // namespace strata::ui
