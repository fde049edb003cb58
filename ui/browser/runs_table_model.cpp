#include "browser/runs_table_model.h"

#include <QDateTime>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QSet>
#include <cmath>
#include <set>

#include "browser/run_colors.h"
#include "common/format.h"

namespace strata::ui {

namespace {

QString number_text(double v) {
  if (std::isnan(v)) return QStringLiteral("NaN");
  const double a = std::fabs(v);
  if (a != 0 && (a < 1e-3 || a >= 1e6)) return QLocale().toString(v, 'g', 4);
  return QLocale().toString(v, 'f', a >= 100 ? 1 : 4);
}

QString duration_text(double seconds) {
  const auto s = int64_t(std::lround(seconds));
  if (s < 60) return QStringLiteral("%1 s").arg(s);
  if (s < 3600) return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}


// Metrics logged per step come before those per epoch; the rest alphabetically.
const char* kMetricOrder[] = {"val_accuracy", "val_loss", "accuracy", "loss", "test_accuracy", "test_loss",
                              "val_macro_f1", "mse", "mae", "samples_per_s", "epoch_seconds"};
int metric_rank(const std::string& k) {
  for (size_t i = 0; i < std::size(kMetricOrder); ++i)
    if (k == kMetricOrder[i]) return int(i);
  return int(std::size(kMetricOrder));
}
const char* kParamOrder[] = {"epochs", "batch_size", "optimizer", "learning_rate", "seed"};
int param_rank(const std::string& k) {
  for (size_t i = 0; i < std::size(kParamOrder); ++i)
    if (k == kParamOrder[i]) return int(i);
  return int(std::size(kParamOrder));
}

}  // namespace

QString RunsTableModel::Column::id() const {
  switch (kind) {
    case Kind::Status: return QStringLiteral("status");
    case Kind::Name: return QStringLiteral("name");
    case Kind::Experiment: return QStringLiteral("experiment");
    case Kind::Project: return QStringLiteral("project");
    case Kind::Started: return QStringLiteral("started");
    case Kind::Duration: return QStringLiteral("duration");
    case Kind::Device: return QStringLiteral("device");
    case Kind::Tags: return QStringLiteral("tags");
    case Kind::Parent: return QStringLiteral("parent");
    case Kind::Parameters: return QStringLiteral("parameters");
    case Kind::Flops: return QStringLiteral("flops");
    case Kind::Param: return QStringLiteral("param:") + QString::fromStdString(key);
    case Kind::Last: return QStringLiteral("last:") + QString::fromStdString(key);
    case Kind::Best: return QStringLiteral("best:") + QString::fromStdString(key);
  }
  return {};
}

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

QString RunsTableModel::status_text(const std::string& s) {
  if (s == "finished") return tr("finished");
  if (s == "running") return tr("running");
  if (s == "stopped") return tr("stopped");
  if (s == "interrupted") return tr("interrupted");
  if (s == "failed") return tr("failed");
  if (s == "queued") return tr("queued");
  return QString::fromStdString(s);
}

bool RunsTableModel::shown_by_default(const Column& c) {
  switch (c.kind) {
    case Kind::Project: case Kind::Tags: case Kind::Parent: case Kind::Flops: return false;
    case Kind::Param: return param_rank(c.key) < 4;
    case Kind::Best: return c.key == "val_accuracy" || c.key == "val_loss" || c.key == "accuracy";
    case Kind::Last: return c.key == "loss" || c.key == "test_accuracy";
    default: return true;
  }
}

std::vector<RunsTableModel::Column> RunsTableModel::columns_for(const std::vector<RunRow>& rows) {
  std::vector<Column> cols;
  for (Kind k : {Kind::Status, Kind::Name, Kind::Experiment, Kind::Project, Kind::Started, Kind::Duration, Kind::Device,
                 Kind::Tags, Kind::Parent, Kind::Parameters, Kind::Flops})
    cols.push_back({k, {}});
  std::set<std::pair<int, std::string>> params, metrics;
  for (const auto& r : rows) {
    for (const auto& [k, v] : r.params) params.insert({param_rank(k), k});
    for (const auto& [k, m] : r.metrics) metrics.insert({metric_rank(k), k});
  }
  for (const auto& [rank, k] : params) cols.push_back({Kind::Param, k});
  for (const auto& [rank, k] : metrics) cols.push_back({Kind::Best, k}), cols.push_back({Kind::Last, k});
  return cols;
}

void RunsTableModel::set_snapshot(RunsSnapshot snapshot) {
  std::vector<Column> cols = columns_for(snapshot.rows);
  const bool same_columns = cols.size() == columns_.size() &&
                            std::equal(cols.begin(), cols.end(), columns_.begin(), [](const Column& a, const Column& b) {
                              return a.kind == b.kind && a.key == b.key;
                            });
  if (!same_columns) {
    beginResetModel();
    columns_ = std::move(cols);
    rows_ = std::move(snapshot.rows);
    endResetModel();
    return;
  }
  // In place: runs gone are removed, new ones inserted at the top (they are the
  // newest), the rest keep their rows and get the new values.
  QHash<QString, size_t> fresh;
  for (size_t i = 0; i < snapshot.rows.size(); ++i) fresh.insert(snapshot.rows[i].id, i);
  for (int i = int(rows_.size()); i-- > 0;) {
    if (fresh.contains(rows_[size_t(i)].id)) continue;
    beginRemoveRows({}, i, i);
    rows_.erase(rows_.begin() + i);
    endRemoveRows();
  }
  QSet<QString> have;
  for (const auto& r : rows_) have.insert(r.id);
  std::vector<RunRow> added;
  std::vector<bool> taken(snapshot.rows.size(), false);
  for (size_t i = 0; i < snapshot.rows.size(); ++i)
    if (!have.contains(snapshot.rows[i].id)) added.push_back(std::move(snapshot.rows[i])), taken[i] = true;
  if (!added.empty()) {
    beginInsertRows({}, 0, int(added.size()) - 1);
    rows_.insert(rows_.begin(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
    endInsertRows();
  }
  for (auto& r : rows_) {
    const auto it = fresh.constFind(r.id);
    if (it != fresh.constEnd() && !taken[*it]) r = std::move(snapshot.rows[*it]);
  }
  if (!rows_.empty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, int(columns_.size()) - 1));
}

const RunRow* RunsTableModel::find(const QString& run_id) const {
  const int r = row_of(run_id);
  return r < 0 ? nullptr : &rows_[size_t(r)];
}

int RunsTableModel::row_of(const QString& run_id) const {
  for (size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].id == run_id) return int(i);
  return -1;
}

int RunsTableModel::column_of(const QString& column_id) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].id() == column_id) return int(i);
  return -1;
}

void RunsTableModel::colors_changed() {
  if (!rows_.empty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, 0), {Qt::DecorationRole});
}

int RunsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }
int RunsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(columns_.size()); }

QVariant RunsTableModel::display(const RunRow& r, const Column& c) const {
  const store::RunRecord& rec = r.record;
  switch (c.kind) {
    case Kind::Status: return status_text(rec.status);
    case Kind::Name: return QString::fromStdString(rec.name.empty() ? rec.id : rec.name);
    case Kind::Experiment: return QString::fromStdString(rec.experiment);
    case Kind::Project: return QFileInfo(QString::fromStdString(rec.project)).fileName();
    case Kind::Started:
      return rec.started > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(rec.started * 1000)), QLocale::ShortFormat) : QString();
    case Kind::Duration: {
      const double end = rec.ended > 0 ? rec.ended : (rec.status == "running" ? double(QDateTime::currentMSecsSinceEpoch()) / 1000 : 0);
      return end > rec.started && rec.started > 0 ? duration_text(end - rec.started) : QString();
    }
    case Kind::Device: return QString::fromStdString(rec.device);
    case Kind::Tags: {
      QStringList t;
      for (const auto& s : rec.tags) t << QString::fromStdString(s);
      return t.join(QStringLiteral(", "));
    }
    case Kind::Parent:
      return rec.parent.empty() ? QString() : tr("%1 (epoch %2)").arg(QString::fromStdString(rec.parent)).arg(rec.fork_epoch);
    case Kind::Parameters: return r.parameters >= 0 ? count_text(r.parameters) : QString();
    case Kind::Flops: return r.flops >= 0 ? short_count_text(r.flops) : QString();
    case Kind::Param: {
      const auto it = r.params.find(c.key);
      return it == r.params.end() ? QString() : QString::fromStdString(it->second);
    }
    case Kind::Last: {
      const store::MetricSummary* m = r.metric(c.key);
      return m ? number_text(m->last) : QString();
    }
    case Kind::Best: {
      int epoch = 0;
      const double v = r.best(c.key, &epoch);
      if (std::isnan(v)) return r.metric(c.key) ? QStringLiteral("NaN") : QString();
      return tr("%1 @%2").arg(number_text(v)).arg(epoch + 1);
    }
  }
  return {};
}

QVariant RunsTableModel::sort_value(const RunRow& r, const Column& c) const {
  const store::RunRecord& rec = r.record;
  switch (c.kind) {
    case Kind::Started: return rec.started;
    case Kind::Duration: {
      const double end = rec.ended > 0 ? rec.ended : 0;
      return end > 0 ? end - rec.started : -1.0;
    }
    case Kind::Parameters: return qlonglong(r.parameters);
    case Kind::Flops: return r.flops;
    case Kind::Param: {
      const auto it = r.params.find(c.key);
      if (it == r.params.end()) return {};
      bool ok = false;
      const double v = QString::fromStdString(it->second).toDouble(&ok);
      return ok ? QVariant(v) : QVariant(QString::fromStdString(it->second));
    }
    case Kind::Last: {
      const store::MetricSummary* m = r.metric(c.key);
      return m && !std::isnan(m->last) ? QVariant(m->last) : QVariant();
    }
    case Kind::Best: {
      const double v = r.best(c.key);
      return std::isnan(v) ? QVariant() : QVariant(v);
    }
    default: return display(r, c);
  }
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || size_t(index.row()) >= rows_.size() || size_t(index.column()) >= columns_.size()) return {};
  const RunRow& r = rows_[size_t(index.row())];
  const Column& c = columns_[size_t(index.column())];
  switch (role) {
    case Qt::DisplayRole: return display(r, c);
    case SortRole: return sort_value(r, c);
    case RunIdRole: return r.id;
    case Qt::DecorationRole:
      if (c.kind == Kind::Status) return run_dot(run_color(r.id));
      return {};
    case Qt::TextAlignmentRole:
      if (c.kind == Kind::Last || c.kind == Kind::Best || c.kind == Kind::Parameters || c.kind == Kind::Flops || c.kind == Kind::Duration)
        return int(Qt::AlignRight | Qt::AlignVCenter);
      return {};
    case Qt::ToolTipRole:
      if (c.kind == Kind::Best || c.kind == Kind::Last) {
        const store::MetricSummary* m = r.metric(c.key);
        if (!m) return {};
        const bool low = store::lower_is_better(c.key);
        return tr("%1: last %2 (epoch %3, step %4); best (%5) %6 at epoch %7, step %8; %9 points")
            .arg(QString::fromStdString(c.key), number_text(m->last)).arg(m->last_epoch + 1).arg(m->last_step)
            .arg(low ? tr("lowest") : tr("highest"), number_text(low ? m->min : m->max))
            .arg((low ? m->min_epoch : m->max_epoch) + 1).arg(low ? m->min_step : m->max_step).arg(m->count);
      }
      if (c.kind == Kind::Status && !r.record.message.empty()) return QString::fromStdString(r.record.message);
      if (c.kind == Kind::Name) return tr("Run %1").arg(r.id);
      return {};
    default: return {};
  }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || size_t(section) >= columns_.size()) return {};
  const Column& c = columns_[size_t(section)];
  if (role == Qt::ToolTipRole && (c.kind == Kind::Best))
    return store::lower_is_better(c.key) ? tr("Lowest value, with the epoch it came at") : tr("Highest value, with the epoch it came at");
  if (role != Qt::DisplayRole) return {};
  switch (c.kind) {
    case Kind::Status: return tr("Status");
    case Kind::Name: return tr("Name");
    case Kind::Experiment: return tr("Experiment");
    case Kind::Project: return tr("Project");
    case Kind::Started: return tr("Started");
    case Kind::Duration: return tr("Duration");
    case Kind::Device: return tr("Device");
    case Kind::Tags: return tr("Tags");
    case Kind::Parent: return tr("Forked from");
    case Kind::Parameters: return tr("Parameters");
    case Kind::Flops: return tr("FLOPs");
    case Kind::Param: return QString::fromStdString(c.key);
    case Kind::Last: return tr("%1 (last)").arg(QString::fromStdString(c.key));
    case Kind::Best: return tr("%1 (best)").arg(QString::fromStdString(c.key));
  }
  return {};
}

}  // namespace strata::ui
