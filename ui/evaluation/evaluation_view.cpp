#include "evaluation/evaluation_view.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "common/format.h"
#include "common/theme.h"
#include "evaluation/activation_view.h"
#include "evaluation/confusion_matrix_view.h"
#include "evaluation/inspection.h"
#include "evaluation/predictions_model.h"
#include "evaluation/sample_grid.h"

namespace strata::ui {

namespace {

const Split kSplits[] = {Split::Test, Split::Validation, Split::Train};

QString split_label(Split s) {
  switch (s) {
    case Split::Train: return EvaluationView::tr("Training set");
    case Split::Validation: return EvaluationView::tr("Validation set");
    case Split::Test: return EvaluationView::tr("Test set");
  }
  return {};
}

QString class_name(const std::vector<std::string>& names, int64_t c) {
  return c >= 0 && size_t(c) < names.size() && !names[size_t(c)].empty() ? QString::fromStdString(names[size_t(c)]) : QString::number(c);
}

// A number cell that sorts as a number.
QTableWidgetItem* number_item(double v, int decimals) {
  auto* item = new QTableWidgetItem;
  item->setData(Qt::DisplayRole, decimals < 0 ? QVariant(qlonglong(v)) : QVariant(std::round(v * std::pow(10, decimals)) / std::pow(10, decimals)));
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

EvaluationView::EvaluationView(QWidget* parent) : QWidget(parent), inspection_(new Inspection(this)) {
  setObjectName(QStringLiteral("evaluation_view"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 8, 10, 8);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Run"), this));
  run_combo_ = new QComboBox(this);
  run_combo_->setObjectName(QStringLiteral("run"));
  run_combo_->setMinimumWidth(320);
  bar->addWidget(run_combo_);
  bar->addSpacing(12);
  split_combo_ = new QComboBox(this);
  split_combo_->setObjectName(QStringLiteral("split"));
  bar->addWidget(split_combo_);
  bar->addSpacing(12);
  bar->addWidget(new QLabel(tr("Epoch"), this));
  epoch_slider_ = new QSlider(Qt::Horizontal, this);
  epoch_slider_->setObjectName(QStringLiteral("epoch"));
  epoch_slider_->setMinimumWidth(220);
  epoch_slider_->setPageStep(1);
  epoch_slider_->setTickPosition(QSlider::TicksBelow);
  bar->addWidget(epoch_slider_, 1);
  epoch_label_ = new QLabel(this);
  epoch_label_->setMinimumWidth(120);
  bar->addWidget(epoch_label_);
  layout->addLayout(bar);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("evaluation_status"));
  status_->setWordWrap(true);
  layout->addWidget(status_);

  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  layout->addWidget(tabs_, 1);

  // Confusion matrix and the selected cell's samples.
  auto* matrix_page = new QWidget(this);
  auto* mp = new QVBoxLayout(matrix_page);
  auto* options = new QHBoxLayout;
  normalize_ = new QCheckBox(tr("Normalise by row"), matrix_page);
  normalize_->setObjectName(QStringLiteral("normalize"));
  difference_ = new QCheckBox(tr("Difference from epoch"), matrix_page);
  difference_->setObjectName(QStringLiteral("difference"));
  difference_epoch_ = new QSpinBox(matrix_page);
  difference_epoch_->setObjectName(QStringLiteral("difference_epoch"));
  options->addWidget(normalize_);
  options->addSpacing(16);
  options->addWidget(difference_);
  options->addWidget(difference_epoch_);
  options->addStretch(1);
  options->addWidget(new QLabel(tr("Ctrl+wheel zooms"), matrix_page));
  mp->addLayout(options);
  auto* split = new QSplitter(Qt::Horizontal, matrix_page);
  auto* scroll = new QScrollArea(split);
  scroll->setWidgetResizable(true);
  matrix_ = new ConfusionMatrixView;
  scroll->setWidget(matrix_);
  auto* cell_side = new QWidget(split);
  auto* cs = new QVBoxLayout(cell_side);
  cs->setContentsMargins(0, 0, 0, 0);
  cell_title_ = new QLabel(tr("Click a cell to see its samples."), cell_side);
  cell_title_->setWordWrap(true);
  cell_samples_ = new SampleGrid(cell_side);
  cs->addWidget(cell_title_);
  cs->addWidget(cell_samples_, 1);
  split->addWidget(scroll);
  split->addWidget(cell_side);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({560, 400});
  mp->addWidget(split, 1);
  tabs_->addTab(matrix_page, tr("Confusion matrix"));

  // Per class, with the ROC curve (binary) or the regression plots.
  auto* class_page = new QSplitter(Qt::Horizontal, this);
  per_class_ = new QTableWidget(class_page);
  per_class_->setObjectName(QStringLiteral("per_class"));
  per_class_->setColumnCount(5);
  per_class_->setHorizontalHeaderLabels({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
  per_class_->verticalHeader()->hide();
  per_class_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  per_class_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  per_class_->setSortingEnabled(true);
  curve_ = new QChartView(new QChart, class_page);
  curve_->setRenderHint(QPainter::Antialiasing);
  curve_->setMinimumWidth(300);
  class_page->addWidget(per_class_);
  class_page->addWidget(curve_);
  tabs_->addTab(class_page, tr("Per class"));

  // Predictions browser.
  auto* pred_page = new QWidget(this);
  auto* pp = new QVBoxLayout(pred_page);
  auto* filters = new QHBoxLayout;
  wrong_only_ = new QCheckBox(tr("Wrong only"), pred_page);
  wrong_only_->setObjectName(QStringLiteral("wrong_only"));
  pred_filter_class_ = new QComboBox(pred_page);
  pred_filter_class_->setObjectName(QStringLiteral("class_filter"));
  filters->addWidget(wrong_only_);
  filters->addSpacing(16);
  filters->addWidget(new QLabel(tr("True class"), pred_page));
  filters->addWidget(pred_filter_class_);
  filters->addStretch(1);
  filters->addWidget(new QLabel(tr("Click a header to sort; double-click a row for its activations."), pred_page));
  pp->addLayout(filters);
  predictions_table_ = new QTableView(pred_page);
  predictions_table_->setObjectName(QStringLiteral("predictions"));
  predictions_model_ = new PredictionsModel(predictions_table_);
  predictions_table_->setModel(predictions_model_);
  predictions_table_->verticalHeader()->hide();
  predictions_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  predictions_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  predictions_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  predictions_table_->setSortingEnabled(true);
  predictions_table_->sortByColumn(PredictionsModel::Sample, Qt::AscendingOrder);
  pp->addWidget(predictions_table_, 1);
  tabs_->addTab(pred_page, tr("Predictions"));

  // Activations.
  auto* act_page = new QWidget(this);
  auto* ap = new QVBoxLayout(act_page);
  auto* pick = new QHBoxLayout;
  pick->addWidget(new QLabel(tr("Sample"), act_page));
  sample_ = new QSpinBox(act_page);
  sample_->setObjectName(QStringLiteral("sample"));
  sample_->setRange(0, 0);
  pick->addWidget(sample_);
  initial_weights_ = new QCheckBox(tr("Initial weights (before training)"), act_page);
  initial_weights_->setObjectName(QStringLiteral("initial_weights"));
  pick->addSpacing(16);
  pick->addWidget(initial_weights_);
  pick->addStretch(1);
  ap->addLayout(pick);
  auto* act_scroll = new QScrollArea(act_page);
  act_scroll->setWidgetResizable(true);
  activations_ = new ActivationView;
  act_scroll->setWidget(activations_);
  ap->addWidget(act_scroll, 1);
  tabs_->addTab(act_page, tr("Activations"));

  connect(run_combo_, &QComboBox::activated, this, [this] { open_run(run_combo_->currentData().toString()); });
  connect(split_combo_, &QComboBox::currentIndexChanged, this, &EvaluationView::refresh);
  connect(epoch_slider_, &QSlider::valueChanged, this, &EvaluationView::refresh);
  connect(normalize_, &QCheckBox::toggled, matrix_, &ConfusionMatrixView::set_normalized);
  connect(difference_, &QCheckBox::toggled, this, &EvaluationView::refresh);
  connect(difference_epoch_, &QSpinBox::valueChanged, this, &EvaluationView::refresh);
  connect(matrix_, &ConfusionMatrixView::cell_clicked, this, [this](qint64 t, qint64 p) { show_cell(t, p); });
  connect(wrong_only_, &QCheckBox::toggled, this, &EvaluationView::fill_predictions_table);
  connect(pred_filter_class_, &QComboBox::currentIndexChanged, this, &EvaluationView::fill_predictions_table);
  connect(sample_, &QSpinBox::valueChanged, this, &EvaluationView::request_activations);
  connect(initial_weights_, &QCheckBox::toggled, this, &EvaluationView::request_activations);
  connect(tabs_, &QTabWidget::currentChanged, this, [this] {
    if (tabs_->currentIndex() == 3) request_activations();
  });
  auto go_to_sample = [this](qint64 index) {
    sample_->setValue(int(index));
    tabs_->setCurrentIndex(3);
  };
  connect(cell_samples_, &SampleGrid::sample_activated, this, go_to_sample);
  connect(predictions_table_, &QTableView::doubleClicked, this,
          [this, go_to_sample](const QModelIndex& i) { go_to_sample(predictions_model_->sample_at(i.row())); });

  connect(inspection_, &Inspection::opened, this, &EvaluationView::on_opened);
  connect(inspection_, &Inspection::failed, this, [this](const QString& m) {
    status_->setStyleSheet(QStringLiteral("color: %1;").arg(canvas_colors().error.name()));
    status_->setText(m);
  });
  connect(inspection_, &Inspection::predicted, this, [this](const SplitPredictions& p) {
    pending_.erase({p.epoch, int(p.split)});
    cache_[{p.epoch, int(p.split)}] = p;
    show_predictions();
  });
  connect(inspection_, &Inspection::activated, this, [this](int epoch, Split s, qint64 index, const std::vector<LayerOutput>& layers) {
    if (index == sample_->value() && s == this->split() && epoch == activations_epoch())
      activations_->show_layers(layers);
  });
  status_->setText(tr("No run to look at yet: train one (Run, F5), or pick one above."));
}

void EvaluationView::set_runs(const std::vector<std::pair<QString, QString>>& runs, const QString& current) {
  const QSignalBlocker block(run_combo_);
  run_combo_->clear();
  for (const auto& [id, label] : runs) run_combo_->addItem(label, id);
  const int at = run_combo_->findData(current);
  if (at >= 0) run_combo_->setCurrentIndex(at);
}

void EvaluationView::open_run(const QString& run_id) {
  if (run_id.isEmpty()) return;
  cache_.clear();
  pending_.clear();
  cell_.reset();
  epochs_.clear();
  status_->setStyleSheet({});
  status_->setText(tr("Reading run %1: its data and model...").arg(run_id));
  const int at = run_combo_->findData(run_id);
  if (at >= 0) run_combo_->setCurrentIndex(at);
  inspection_->open(run_id);
}

void EvaluationView::on_opened() {
  epochs_ = inspection_->epochs();  // the first: the weights training started from
  if (epochs_.empty()) epochs_.push_back(0);
  {
    const QSignalBlocker b1(split_combo_), b2(epoch_slider_), b3(difference_epoch_);
    split_combo_->clear();
    for (Split s : kSplits)
      if (inspection_->has_split(s)) split_combo_->addItem(split_label(s), int(s));
    epoch_slider_->setRange(0, int(epochs_.size()) - 1);
    epoch_slider_->setValue(int(epochs_.size()) - 1);  // the last epoch
    difference_epoch_->setRange(epochs_.front(), epochs_.back());
    difference_epoch_->setValue(std::max(epochs_.front(), epochs_.back() - 1));
  }
  refresh();
  // The first sample's pass through every layer, for the canvas' node tooltips.
  inspection_->activations(epoch(), split(), 0);
}

int EvaluationView::epoch() const {
  const int i = epoch_slider_->value();
  return i >= 0 && size_t(i) < epochs_.size() ? epochs_[size_t(i)] : 0;
}

int EvaluationView::activations_epoch() const {
  return initial_weights_->isChecked() && !epochs_.empty() ? epochs_.front() : epoch();
}

Split EvaluationView::split() const { return split_combo_->count() ? Split(split_combo_->currentData().toInt()) : Split::Test; }

const SplitPredictions* EvaluationView::cached(int epoch, Split s) const {
  const auto it = cache_.find({epoch, int(s)});
  return it == cache_.end() ? nullptr : &it->second;
}

const SplitPredictions* EvaluationView::current() const { return cached(epoch(), split()); }

QString EvaluationView::status_text() const { return status_->text(); }

void EvaluationView::request_predictions(int epoch, Split s) {
  // Once: a slider dragged across epochs asks again while the first answer is on its way.
  if (cached(epoch, s) || !pending_.insert({epoch, int(s)}).second) return;
  inspection_->predict(epoch, s);
}

void EvaluationView::refresh() {
  if (!inspection_->ready()) return;
  const int e = epoch();
  if (e != epochs_.front()) epoch_label_->setText(tr("after epoch %1 of %2").arg(e).arg(epochs_.back()));
  else if (e == 0) epoch_label_->setText(tr("initial weights"));
  else epoch_label_->setText(tr("as forked, after epoch %1").arg(e));  // a fork starts from its parent's weights
  const Dataset& d = inspection_->data(split());
  sample_->setRange(0, int(std::max<int64_t>(0, d.size() - 1)));
  // What the view needs: this epoch's predictions, and the other epoch's for a difference.
  request_predictions(e, split());
  if (difference_->isChecked()) request_predictions(difference_epoch_->value(), split());
  show_predictions();
  if (tabs_->currentIndex() == 3) request_activations();
}

void EvaluationView::show_predictions() {
  const SplitPredictions* p = current();
  if (!p) {
    status_->setText(tr("Computing the predictions of epoch %1 on the %2...").arg(epoch()).arg(split_label(split()).toLower()));
    return;
  }
  const QLocale loc;
  const int64_t n = p->predictions.count;
  status_->setStyleSheet({});
  if (p->classes > 0) {
    const auto m = p->confusion();
    int64_t right = 0;
    for (int64_t c = 0; c < p->classes; ++c) right += m[size_t(c * p->classes + c)];
    status_->setText(tr("Run %1, %2, %3: accuracy %4 on %5 samples")
                         .arg(inspection_->run_id(), split_label(split()).toLower(), epoch_label_->text(),
                              loc.toString(n ? double(right) / double(n) : 0.0, 'f', 4), count_text(n)));
    const SplitPredictions* other = difference_->isChecked() ? cached(difference_epoch_->value(), split()) : nullptr;
    if (difference_->isChecked() && other) {
      const auto before = other->confusion();
      std::vector<int64_t> diff(m.size());
      for (size_t i = 0; i < m.size(); ++i) diff[i] = m[i] - before[i];
      matrix_->set_matrix(p->classes, p->class_names, diff, true);
    } else {
      matrix_->set_matrix(p->classes, p->class_names, m, false);
    }
    fill_per_class(m, p->classes, p->class_names);
    if (cell_) show_cell(cell_->first, cell_->second);
  } else {
    // Over every output of every sample, as the loss and the test evaluation count it.
    const size_t values = std::min(p->predictions.values.size(), p->labels.size());
    double se = 0;
    for (size_t k = 0; k < values; ++k) {
      const double r = double(p->predictions.values[k]) - p->labels[k];
      se += r * r;
    }
    status_->setText(tr("Run %1, %2, %3: MSE %4 on %5 samples")
                         .arg(inspection_->run_id(), split_label(split()).toLower(), epoch_label_->text(),
                              loc.toString(values ? se / double(values) : 0.0, 'g', 4), count_text(n)));
    matrix_->set_matrix(0, {}, {});
    per_class_->setRowCount(0);
  }
  fill_roc_or_regression();
  {
    const QSignalBlocker block(pred_filter_class_);
    const QVariant keep = pred_filter_class_->currentData();
    pred_filter_class_->clear();
    pred_filter_class_->addItem(tr("All"), -1);
    for (int64_t c = 0; c < p->classes; ++c) pred_filter_class_->addItem(class_name(p->class_names, c), qlonglong(c));
    const int at = pred_filter_class_->findData(keep);
    pred_filter_class_->setCurrentIndex(at >= 0 ? at : 0);
  }
  fill_predictions_table();
}

void EvaluationView::show_cell(int64_t t, int64_t pr) {
  cell_ = std::pair{t, pr};
  matrix_->select(t, pr);
  const SplitPredictions* p = current();
  if (!p) return;
  const auto samples = p->cell(t, pr);
  QStringList captions;
  const QLocale loc;
  for (int64_t s : samples)
    captions << tr("%1 (%2 %)").arg(class_name(p->class_names, pr)).arg(loc.toString(100.0 * p->confidence(s), 'f', 0));
  cell_title_->setText(t == pr ? tr("%n sample(s) of %1 predicted correctly, most confident first:", nullptr, int(samples.size()))
                                     .arg(class_name(p->class_names, t))
                               : tr("%n sample(s) of %1 predicted as %2, most confident first:", nullptr, int(samples.size()))
                                     .arg(class_name(p->class_names, t), class_name(p->class_names, pr)));
  cell_samples_->show_samples(inspection_->data(split()), samples, captions);
}

void EvaluationView::fill_per_class(const std::vector<int64_t>& m, int64_t classes, const std::vector<std::string>& names) {
  per_class_->setSortingEnabled(false);
  per_class_->setRowCount(int(classes));
  for (int64_t c = 0; c < classes; ++c) {
    int64_t tp = m[size_t(c * classes + c)], row = 0, col = 0;
    for (int64_t k = 0; k < classes; ++k) row += m[size_t(c * classes + k)], col += m[size_t(k * classes + c)];
    const double precision = col ? double(tp) / double(col) : 0, recall = row ? double(tp) / double(row) : 0;
    const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    per_class_->setItem(int(c), 0, new QTableWidgetItem(class_name(names, c)));
    per_class_->setItem(int(c), 1, number_item(precision, 4));
    per_class_->setItem(int(c), 2, number_item(recall, 4));
    per_class_->setItem(int(c), 3, number_item(f1, 4));
    per_class_->setItem(int(c), 4, number_item(double(row), -1));
  }
  per_class_->setSortingEnabled(true);
}

void EvaluationView::fill_roc_or_regression() {
  const SplitPredictions* p = current();
  QChart* chart = curve_->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) chart->removeAxis(a), delete a;
  chart->setTheme(dark_theme_active() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  chart->setBackgroundBrush(palette().color(QPalette::Base));
  chart->legend()->setVisible(false);
  if (!p) return;
  auto* x = new QValueAxis, *y = new QValueAxis;
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  if (p->classes == 2 && p->predictions.probabilities) {
    // ROC of class 1: sort by its probability, sweep the threshold.
    const size_t cols = p->predictions.columns.size();
    std::vector<std::pair<float, bool>> scored;
    for (int64_t i = 0; i < p->predictions.count; ++i) {
      const float score = cols == 1 ? p->predictions.values[size_t(i)] : p->predictions.values[size_t(i) * cols + 1];
      scored.emplace_back(score, p->labels[size_t(i)] > 0.5f);
    }
    std::sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first > b.first; });
    int64_t pos = 0, neg = 0;
    for (auto& s : scored) (s.second ? pos : neg)++;
    auto* roc = new QLineSeries;
    double tp = 0, fp = 0, auc = 0, last_fpr = 0, last_tpr = 0;
    roc->append(0, 0);
    for (size_t i = 0; i < scored.size(); ++i) {
      (scored[i].second ? tp : fp) += 1;
      if (i + 1 < scored.size() && scored[i + 1].first == scored[i].first) continue;  // ties move together
      const double fpr = neg ? fp / double(neg) : 0, tpr = pos ? tp / double(pos) : 0;
      auc += (fpr - last_fpr) * (tpr + last_tpr) / 2;
      roc->append(fpr, tpr);
      last_fpr = fpr, last_tpr = tpr;
    }
    chart->addSeries(roc);
    roc->attachAxis(x), roc->attachAxis(y);
    x->setRange(0, 1), y->setRange(0, 1);
    x->setTitleText(tr("false positive rate")), y->setTitleText(tr("true positive rate"));
    chart->setTitle(tr("ROC curve, AUC %1").arg(QLocale().toString(auc, 'f', 4)));
  } else if (p->classes == 0) {
    // Regression: predicted against true, the ideal line through them.
    auto* points = new QScatterSeries;
    points->setMarkerSize(5);
    double lo = 1e300, hi = -1e300;
    const size_t cols = std::max<size_t>(1, p->predictions.columns.size());
    for (int64_t i = 0; i < std::min<int64_t>(p->predictions.count, 5000); ++i) {
      const double t = p->labels[size_t(i) * cols], v = p->predictions.values[size_t(i) * cols];
      points->append(t, v);
      lo = std::min({lo, t, v}), hi = std::max({hi, t, v});
    }
    auto* ideal = new QLineSeries;
    ideal->append(lo, lo), ideal->append(hi, hi);
    chart->addSeries(points), chart->addSeries(ideal);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(points), static_cast<QAbstractSeries*>(ideal)}) s->attachAxis(x), s->attachAxis(y);
    x->setTitleText(tr("true value")), y->setTitleText(tr("predicted value"));
    chart->setTitle(cols > 1 ? tr("Output 1 of %1, predicted against true (residual = distance from the line)").arg(cols)
                             : tr("Predicted against true (residual = distance from the line)"));
  } else {
    chart->setTitle(tr("The ROC curve is for two classes; the table has every class."));
  }
}

void EvaluationView::fill_predictions_table() {
  const SplitPredictions* p = current();
  if (!p) return predictions_model_->set(nullptr, {});
  const int64_t only = pred_filter_class_->currentData().toLongLong();
  const bool classes = p->classes > 0 && !p->predictions.predicted.empty();
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < p->predictions.count; ++i) {
    const int64_t t = classes ? int64_t(p->labels[size_t(i)]) : 0;
    if (classes && only >= 0 && t != only) continue;
    if (classes && wrong_only_->isChecked() && p->predictions.predicted[size_t(i)] == t) continue;
    rows.push_back(i);
  }
  predictions_model_->set(p, std::move(rows));
  // The order the user chose by clicking a header stays.
  const QHeaderView* h = predictions_table_->horizontalHeader();
  predictions_model_->sort(h->sortIndicatorSection(), h->sortIndicatorOrder());
}

void EvaluationView::request_activations() {
  if (!inspection_->ready() || tabs_->currentIndex() != 3) return;
  inspection_->activations(activations_epoch(), split(), sample_->value());
}

}  // namespace strata::ui
