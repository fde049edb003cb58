#include "evaluation/predictions_model.h"

#include <QColor>
#include <QLocale>
#include <algorithm>
#include <cmath>

#include "common/theme.h"

namespace strata::ui {

namespace {

QString class_label(const std::vector<std::string>& names, int64_t c) {
  return c >= 0 && size_t(c) < names.size() ? QString::fromStdString(names[size_t(c)]) : QString::number(c);
}

}  // namespace

PredictionsModel::PredictionsModel(QObject* parent) : QAbstractTableModel(parent) {}

void PredictionsModel::set(const SplitPredictions* p, std::vector<int64_t> rows) {
  beginResetModel();
  p_ = p;
  rows_ = p ? std::move(rows) : std::vector<int64_t>{};
  endResetModel();
}

bool PredictionsModel::classes() const { return p_ && p_->classes > 0 && !p_->predictions.predicted.empty(); }

size_t PredictionsModel::outputs() const { return p_ ? std::max<size_t>(1, p_->predictions.columns.size()) : 1; }

int PredictionsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int PredictionsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : (classes() ? 5 : 4); }

QVariant PredictionsModel::value(int64_t i, int column) const {
  const size_t k = size_t(i) * outputs();
  switch (column) {
    case Sample: return qlonglong(i);
    case True: return classes() ? QVariant(qlonglong(p_->labels[size_t(i)])) : QVariant(double(p_->labels[k]));
    case Predicted: return classes() ? QVariant(qlonglong(p_->predictions.predicted[size_t(i)])) : QVariant(double(p_->predictions.values[k]));
    case Score: {
      if (classes()) return double(p_->confidence(i));
      // Regression: the error of the sample's outputs (root mean square over them).
      double se = 0;
      for (size_t c = 0; c < outputs(); ++c) {
        const double r = double(p_->predictions.values[k + c]) - p_->labels[k + c];
        se += r * r;
      }
      return std::sqrt(se / double(outputs()));
    }
    case Correct: return p_->labels[size_t(i)] == float(p_->predictions.predicted[size_t(i)]);
  }
  return {};
}

QVariant PredictionsModel::data(const QModelIndex& index, int role) const {
  if (!p_ || !index.isValid() || size_t(index.row()) >= rows_.size()) return {};
  const int64_t i = rows_[size_t(index.row())];
  const int column = index.column();
  const QLocale loc;
  if (role == Qt::DisplayRole) {
    const QVariant v = value(i, column);
    if (column == Sample) return v;
    if (classes() && (column == True || column == Predicted)) return class_label(p_->class_names, v.toLongLong());
    if (column == Correct) return v.toBool() ? QStringLiteral("\u2713") : QStringLiteral("\u2717");
    QString text = loc.toString(v.toDouble(), 'f', 4);
    if (!classes() && outputs() > 1 && column != Score) text += QStringLiteral(" \u2026");  // the first of several outputs
    return text;
  }
  if (role == Qt::TextAlignmentRole)
    return column == Correct ? int(Qt::AlignCenter) : (classes() && (column == True || column == Predicted)) ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                                                                                            : int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole && column == Correct)
    return value(i, column).toBool() ? QColor(0x16, 0xa3, 0x4a) : canvas_colors().error;
  if (role == Qt::ToolTipRole && !classes() && outputs() > 1 && (column == True || column == Predicted)) {
    // Every output of the sample, since the cell shows only the first.
    QStringList all;
    const size_t k = size_t(i) * outputs();
    for (size_t c = 0; c < outputs(); ++c)
      all << loc.toString(column == True ? p_->labels[k + c] : p_->predictions.values[k + c], 'g', 4);
    return all.join(QStringLiteral(", "));
  }
  return {};
}

QVariant PredictionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Sample: return tr("Sample");
    case True: return tr("True");
    case Predicted: return tr("Predicted");
    case Score: return classes() ? tr("Confidence") : tr("Error");
    case Correct: return tr("Correct");
  }
  return {};
}

void PredictionsModel::sort(int column, Qt::SortOrder order) {
  if (!p_ || column < 0 || column >= columnCount()) return;
  emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
  const QModelIndexList before = persistentIndexList();
  std::vector<int64_t> old = rows_;
  // One key per sample, computed once: class columns sort by the class name shown.
  std::vector<double> key(size_t(p_->predictions.count), 0.0);
  const bool by_name = classes() && (column == True || column == Predicted);
  std::vector<double> rank;
  if (by_name) {
    std::vector<int64_t> order_of(size_t(p_->classes));
    for (int64_t c = 0; c < p_->classes; ++c) order_of[size_t(c)] = c;
    std::stable_sort(order_of.begin(), order_of.end(), [&](int64_t a, int64_t b) {
      return QString::localeAwareCompare(class_label(p_->class_names, a), class_label(p_->class_names, b)) < 0;
    });
    rank.assign(size_t(p_->classes), 0.0);
    for (size_t r = 0; r < order_of.size(); ++r) rank[size_t(order_of[r])] = double(r);
  }
  for (int64_t i : rows_) {
    const QVariant v = value(i, column);
    const int64_t c = by_name ? v.toLongLong() : -1;
    key[size_t(i)] = by_name ? (c >= 0 && size_t(c) < rank.size() ? rank[size_t(c)] : double(c)) : v.toDouble();
  }
  auto less = [&](int64_t a, int64_t b) { return key[size_t(a)] < key[size_t(b)]; };
  if (order == Qt::AscendingOrder) std::stable_sort(rows_.begin(), rows_.end(), less);
  else std::stable_sort(rows_.begin(), rows_.end(), [&](int64_t a, int64_t b) { return less(b, a); });
  // Keep a selection on the same samples.
  std::vector<int> where(old.size());
  {
    std::vector<int64_t> pos_of(p_->predictions.count, -1);
    for (size_t r = 0; r < rows_.size(); ++r) pos_of[size_t(rows_[r])] = int64_t(r);
    for (size_t r = 0; r < old.size(); ++r) where[r] = int(pos_of[size_t(old[r])]);
  }
  QModelIndexList after;
  for (const QModelIndex& i : before) after << index(where[size_t(i.row())], i.column());
  changePersistentIndexList(before, after);
  emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

}  // namespace strata::ui
