#include "browser/compare_tables.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <set>

#include "browser/run_colors.h"
#include "browser/runs_snapshot.h"
#include "common/format.h"

namespace strata::ui {

namespace {
QString value_text(double v) {
  if (std::isnan(v)) return QStringLiteral("NaN");
  return QLocale().toString(v, 'g', 5);
}
}  // namespace

void set_run_columns(QTableWidget* table, const std::vector<const RunRow*>& runs) {
  table->setColumnCount(int(runs.size()));
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRow* r = runs[i];
    auto* h = new QTableWidgetItem(run_dot(run_color(r->id)), QString::fromStdString(r->record.name.empty() ? r->record.id : r->record.name));
    h->setToolTip(r->id);
    table->setHorizontalHeaderItem(int(i), h);
  }
}

CompareParams::CompareParams(QWidget* parent) : QWidget(parent) {
  diff_ = new QCheckBox(tr("Differences only"));
  diff_->setObjectName(QStringLiteral("differences_only"));
  diff_->setChecked(true);
  table_ = new QTableWidget;
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->horizontalHeader()->setDefaultSectionSize(150);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 4, 0, 0);
  lay->addWidget(diff_);
  lay->addWidget(table_, 1);
  connect(diff_, &QCheckBox::toggled, this, [this] { rebuild(); });
}

void CompareParams::set_runs(const std::vector<const RunRow*>& runs) {
  runs_ = runs;
  rebuild();
}

QStringList CompareParams::shown_keys() const {
  QStringList keys;
  for (int r = 0; r < table_->rowCount(); ++r) keys << table_->verticalHeaderItem(r)->text();
  return keys;
}

void CompareParams::rebuild() {
  table_->clear();
  set_run_columns(table_, runs_);
  // The run's own facts first (device, seed, parent), then every training setting.
  struct Row {
    QString key;
    std::vector<QString> values;
  };
  std::vector<Row> rows;
  auto add = [&](const QString& key, auto value_of) {
    Row row{key, {}};
    for (const RunRow* r : runs_) row.values.push_back(value_of(*r));
    rows.push_back(std::move(row));
  };
  add(tr("device"), [](const RunRow& r) { return QString::fromStdString(r.record.device); });
  add(tr("dataset"), [](const RunRow& r) { return QString::fromStdString(r.record.dataset.value("kind", std::string())); });
  add(tr("parameters"), [](const RunRow& r) { return r.parameters >= 0 ? count_text(r.parameters) : QString(); });
  add(tr("forked from"), [](const RunRow& r) {
    return r.record.parent.empty() ? QString() : QStringLiteral("%1 @%2").arg(QString::fromStdString(r.record.parent)).arg(r.record.fork_epoch);
  });
  std::set<std::string> keys;
  for (const RunRow* r : runs_)
    for (const auto& [k, v] : r->params) keys.insert(k);
  for (const auto& k : keys)
    add(QString::fromStdString(k), [&k](const RunRow& r) {
      const auto it = r.params.find(k);
      return it == r.params.end() ? QStringLiteral("\u2014") : QString::fromStdString(it->second);
    });
  std::vector<const Row*> shown;
  for (const Row& row : rows) {
    bool differs = false;
    for (const QString& v : row.values) differs |= v != row.values.front();
    if (!diff_->isChecked() || differs) shown.push_back(&row);
  }
  table_->setRowCount(int(shown.size()));
  for (size_t i = 0; i < shown.size(); ++i) {
    table_->setVerticalHeaderItem(int(i), new QTableWidgetItem(shown[i]->key));
    for (size_t c = 0; c < shown[i]->values.size(); ++c) table_->setItem(int(i), int(c), new QTableWidgetItem(shown[i]->values[c]));
  }
}

CompareMetrics::CompareMetrics(QWidget* parent) : QWidget(parent) {
  table_ = new QTableWidget;
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setDefaultSectionSize(170);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 4, 0, 0);
  lay->addWidget(table_);
}

void CompareMetrics::set_runs(const std::vector<const RunRow*>& runs) {
  table_->clear();
  set_run_columns(table_, runs);
  std::set<std::string> keys;
  for (const RunRow* r : runs)
    for (const auto& [k, m] : r->metrics) keys.insert(k);
  table_->setRowCount(int(keys.size()));
  int row = 0;
  for (const auto& k : keys) {
    const bool low = store::lower_is_better(k);
    table_->setVerticalHeaderItem(row, new QTableWidgetItem(QString::fromStdString(k)));
    // The best of the runs is bold.
    double best = NAN;
    for (const RunRow* r : runs) {
      const double b = r->best(k);
      if (!std::isnan(b) && (std::isnan(best) || (low ? b < best : b > best))) best = b;
    }
    for (size_t c = 0; c < runs.size(); ++c) {
      const store::MetricSummary* m = runs[c]->metric(k);
      if (!m) continue;
      int epoch = 0;
      const double b = runs[c]->best(k, &epoch);
      auto* item = new QTableWidgetItem(tr("best %1 @%2 \u00b7 last %3").arg(value_text(b)).arg(epoch + 1).arg(value_text(m->last)));
      if (runs.size() > 1 && b == best) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
      }
      item->setData(Qt::UserRole, b);
      table_->setItem(row, int(c), item);
    }
    ++row;
  }
}

}  // namespace strata::ui
