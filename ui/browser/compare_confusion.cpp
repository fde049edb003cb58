#include "browser/compare_confusion.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

#include "browser/run_colors.h"
#include "browser/runs_snapshot.h"
#include "evaluation/confusion_matrix_view.h"

namespace strata::ui {

namespace {
// The last epoch's matrix of a split, if the run recorded one.
const nlohmann::json* last_of(const std::vector<nlohmann::json>& records, const std::string& split) {
  const nlohmann::json* best = nullptr;
  for (const auto& r : records)
    if (r.value("split", "") == split && (!best || r.value("epoch", 0) >= best->value("epoch", 0))) best = &r;
  return best;
}
}  // namespace

CompareConfusion::CompareConfusion(Reader reader, QWidget* parent) : QWidget(parent), reader_(std::move(reader)) {
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Split")));
  split_ = new QComboBox;
  split_->addItem(tr("Validation set"), QStringLiteral("validation"));
  split_->addItem(tr("Training set"), QStringLiteral("train"));
  top->addWidget(split_);
  note_ = new QLabel;
  note_->setObjectName(QStringLiteral("confusion_note"));
  top->addWidget(note_, 1);
  auto* grid = new QGridLayout;
  title_a_ = new QLabel, title_b_ = new QLabel;
  auto* title_d = new QLabel(tr("Difference (second \u2212 first): blue more, red fewer"));
  a_ = new ConfusionMatrixView, b_ = new ConfusionMatrixView, diff_ = new ConfusionMatrixView;
  grid->addWidget(title_a_, 0, 0);
  grid->addWidget(title_b_, 0, 1);
  grid->addWidget(title_d, 0, 2);
  grid->addWidget(a_, 1, 0);
  grid->addWidget(b_, 1, 1);
  grid->addWidget(diff_, 1, 2);
  for (int c = 0; c < 3; ++c) grid->setColumnStretch(c, 1);
  grid->setRowStretch(1, 1);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 4, 0, 0);
  lay->addLayout(top);
  lay->addLayout(grid, 1);
  connect(split_, &QComboBox::currentIndexChanged, this, [this] { show_matrices(); });
}

void CompareConfusion::set_runs(const std::vector<const RunRow*>& selected) {
  // The older run first, as in the graph comparison: the difference is what the newer one changed.
  const std::vector<const RunRow*> runs = oldest_first(selected);
  QStringList ids, names;
  for (size_t i = 0; i < runs.size() && i < 2; ++i) {
    ids << runs[i]->id;
    names << QStringLiteral("%1 (%2)").arg(QString::fromStdString(runs[i]->record.name), runs[i]->id);
  }
  if (!runs.empty()) {
    classes_.clear();
    const auto& cn = runs.front()->record.dataset.value("class_names", nlohmann::json::array());
    if (cn.is_array())
      for (const auto& n : cn)
        if (n.is_string()) classes_.push_back(n.get<std::string>());
  }
  if (ids == ids_ && !matrices_.empty()) return;
  ids_ = ids, names_ = names;
  const int generation = ++generation_;
  if (ids_.size() < 2) {
    matrices_.clear();
    show_matrices();
    return;
  }
  ++pending_;
  reader_(ids_, [this, generation](Matrices m) {
    --pending_;
    if (generation != generation_) return;
    matrices_ = std::move(m);
    show_matrices();
  });
}

void CompareConfusion::show_matrices() {
  a_->set_matrix(0, {}, {});
  b_->set_matrix(0, {}, {});
  diff_->set_matrix(0, {}, {});
  title_a_->clear(), title_b_->clear();
  if (ids_.size() < 2) {
    note_->setText(tr("Select two runs to compare their confusion matrices."));
    return;
  }
  const std::string split = split_->currentData().toString().toStdString();
  const nlohmann::json* ma = last_of(matrices_[ids_[0]], split);
  const nlohmann::json* mb = last_of(matrices_[ids_[1]], split);
  if (!ma || !mb) {
    note_->setText(tr("Both runs need a confusion matrix of this split (classification runs record one each epoch)."));
    return;
  }
  const int64_t classes = ma->value("classes", int64_t(0));
  const auto ca = (*ma)["matrix"].get<std::vector<int64_t>>(), cb = (*mb)["matrix"].get<std::vector<int64_t>>();
  title_a_->setText(QStringLiteral("<span style='color:%1'>\u25cf</span> %2, epoch %3")
                        .arg(run_color(ids_[0]).name(), names_[0].toHtmlEscaped()).arg(ma->value("epoch", 0) + 1));
  title_b_->setText(QStringLiteral("<span style='color:%1'>\u25cf</span> %2, epoch %3")
                        .arg(run_color(ids_[1]).name(), names_[1].toHtmlEscaped()).arg(mb->value("epoch", 0) + 1));
  a_->set_matrix(classes, classes_, ca);
  if (mb->value("classes", int64_t(0)) != classes || ca.size() != cb.size()) {
    b_->set_matrix(mb->value("classes", int64_t(0)), classes_, cb);
    note_->setText(tr("The runs have different classes: no difference to show."));
    return;
  }
  b_->set_matrix(classes, classes_, cb);
  std::vector<int64_t> d(ca.size());
  for (size_t i = 0; i < d.size(); ++i) d[i] = cb[i] - ca[i];
  diff_->set_matrix(classes, classes_, d, true);
  note_->clear();
}

}  // namespace strata::ui
