#include "browser/runs_filter_model.h"

#include <QRegularExpression>
#include <cmath>

#include "browser/runs_table_model.h"

namespace strata::ui {

RunsFilterModel::RunsFilterModel(RunsTableModel* source, QObject* parent) : QSortFilterProxyModel(parent), runs_(source) {
  setSourceModel(source);
  setSortRole(RunsTableModel::SortRole);
  setDynamicSortFilter(true);
}

void RunsFilterModel::set_text(const QString& text) {
  text_ = text;
  words_.clear(), comparisons_.clear(), problems_.clear();
  static const QRegularExpression comparison(QStringLiteral("^([A-Za-z0-9_.]+)(<=|>=|<|>|==|!=)(.*)$"));
  for (const QString& w : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
    const auto m = comparison.match(w);
    if (m.hasMatch()) {
      bool ok = false;
      const double v = m.captured(3).toDouble(&ok);
      if (ok) {
        comparisons_.push_back({m.captured(1).toStdString(), m.captured(2), v});
        continue;
      }
      if (m.captured(2) != QLatin1String("==")) {
        problems_ << w;
        continue;
      }
    }
    words_ << w.toLower();
  }
  invalidateFilter();
}

void RunsFilterModel::set_status(const QString& status) {
  status_ = status;
  invalidateFilter();
}

void RunsFilterModel::set_experiment(const QString& experiment) {
  experiment_ = experiment;
  invalidateFilter();
}

void RunsFilterModel::set_tag(const QString& tag) {
  tag_ = tag;
  invalidateFilter();
}

bool RunsFilterModel::accepts(const RunRow& row) const {
  if (!status_.isEmpty() && QString::fromStdString(row.record.status) != status_) return false;
  if (!experiment_.isEmpty() && QString::fromStdString(row.record.experiment) != experiment_) return false;
  if (!tag_.isEmpty() && std::find(row.record.tags.begin(), row.record.tags.end(), tag_.toStdString()) == row.record.tags.end())
    return false;
  for (const QString& w : words_)
    if (!row.search_text.contains(w)) return false;
  for (const Comparison& c : comparisons_) {
    // A hyperparameter first (learning_rate is also logged per step, as the
    // schedule moves it), else a metric's best value.
    double v = NAN;
    if (const auto it = row.params.find(c.key); it != row.params.end()) {
      bool ok = false;
      v = QString::fromStdString(it->second).toDouble(&ok);
      if (!ok) return false;
    } else {
      v = row.best(c.key);
      if (std::isnan(v)) return false;
    }
    const bool pass = c.op == QLatin1String("<")    ? v < c.value
                      : c.op == QLatin1String("<=") ? v <= c.value
                      : c.op == QLatin1String(">")  ? v > c.value
                      : c.op == QLatin1String(">=") ? v >= c.value
                      : c.op == QLatin1String("!=") ? v != c.value
                                                    : v == c.value;
    if (!pass) return false;
  }
  return true;
}

bool RunsFilterModel::filterAcceptsRow(int source_row, const QModelIndex&) const {
  return accepts(runs_->row_at(source_row));
}

bool RunsFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QVariant a = left.data(RunsTableModel::SortRole), b = right.data(RunsTableModel::SortRole);
  // Empty cells sort after every value, whichever the order: swap the answer in descending order.
  const bool descending = sortOrder() == Qt::DescendingOrder;
  if (!a.isValid() || !b.isValid()) return a.isValid() != b.isValid() && (a.isValid() != descending);
  if (a.userType() == QMetaType::Double || b.userType() == QMetaType::Double || a.userType() == QMetaType::LongLong)
    return a.toDouble() < b.toDouble();
  return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
}

}  // namespace strata::ui
