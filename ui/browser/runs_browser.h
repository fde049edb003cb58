#pragma once
// The Runs tab: every run of the experiment log (made here or by `strata
// train`) in one sortable, filterable table, and the selected runs compared
// below it: curves overlaid, hyperparameters and metrics side by side, the
// run tree of forks, and the trade-off plot. The log is read on a reader
// thread of its own; a timer asks it every two seconds whether the log moved
// (SQLite's data_version) and reads it again only then, so runs another
// process starts appear without blocking the window.
#include <QMap>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>
#include <mutex>

#include "browser/runs_snapshot.h"
#include "run/run_service.h"

class QComboBox;
class QHBoxLayout;
class QVBoxLayout;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class QToolButton;

namespace strata::store {
class RunLog;
}

namespace strata::ui {

class CompareConfusion;
class CompareCurves;
class CompareGraphs;
class CompareMetrics;
class CompareParams;
class RunTreeView;
class RunsFilterModel;
class RunsTableModel;
class TradeoffPlot;

class RunsBrowser : public QWidget {
  Q_OBJECT
 public:
  // `log_path` empty: the default log.
  explicit RunsBrowser(const QString& log_path = {}, QWidget* parent = nullptr);
  ~RunsBrowser() override;

  // Reads the log again now if it moved (the timer does it otherwise).
  void refresh();
  // Waits (running the event loop) until the reader is idle; false on timeout.
  bool wait_idle(int ms = 10000);
  void set_polling(bool on);

  RunsTableModel* model() const { return model_; }
  RunsFilterModel* filter() const { return filter_; }
  QTableView* table() const { return table_; }
  QLineEdit* filter_field() const { return filter_field_; }
  QComboBox* status_box() const { return status_; }
  QTabWidget* compare_tabs() const { return tabs_; }
  CompareCurves* curves() const { return curves_; }
  CompareParams* params() const { return params_; }
  CompareMetrics* metrics() const { return metrics_; }
  CompareConfusion* confusion() const { return confusion_; }
  CompareGraphs* graphs() const { return graphs_; }
  RunTreeView* run_tree() const { return tree_; }
  TradeoffPlot* tradeoff() const { return tradeoff_; }
  QStringList selected_runs() const;
  void select_runs(const QStringList& ids);
  QString log_path() const { return log_path_; }

  // What the table's toolbar and context menu do, for the selected runs.
  void rename_selected();
  void tag_selected();
  void recolor_selected();
  void delete_selected();
  // Deletes without asking (the confirmation's answer given): the log rows,
  // and the run folders with their checkpoints when `folders`.
  void delete_runs(const QStringList& ids, bool folders);
  void rename_run(const QString& id, const QString& name);
  void tag_runs(const QStringList& ids, const QString& tag, bool add);
  void fork_selected();
  void export_selected();

  // Saved views: the filter, the status/experiment/tag choices, the columns and the sort.
  void save_view(const QString& name);
  bool apply_view(const QString& name);
  QStringList view_names() const;

 protected:
  // F2 and Delete in the table rename and delete runs (the editor's window-wide
  // F2 and Delete give way while the table has the focus).
  bool eventFilter(QObject* watched, QEvent* event) override;

 signals:
  void open_graph_requested(const QString& run_id);
  void graph_diff_requested(const QString& first, const QString& second);  // show the second's graph, marked
  void run_requested(const strata::RunRequest& request);  // resume or fork
  void runs_changed();  // after a reload that changed something

 private:
  void build_filter_bar(QVBoxLayout* lay);
  void build_actions(QHBoxLayout* bar);
  void poll();
  void apply(RunsSnapshot snapshot);
  void update_choices();
  void update_count();
  void filter_changed();  // the count and the trade-off plot follow the filter
  void selection_changed();
  void show_columns_menu();
  void update_actions();
  std::vector<const RunRow*> selected_rows() const;
  // Runs `job` on the reader thread with the log open there, then `done` on the UI thread.
  void read(std::function<void(store::RunLog&)> job, std::function<void(bool ok)> done);
  store::RunLog* writer_log();
  // Runs a change through the writer log and commits it; false (after saying why) when it failed.
  bool write(const std::function<void(store::RunLog&)>& change);
  void update_tradeoff();  // for rename, tag, delete (UI thread); nullptr when there is no log yet

  QString log_path_;
  QThreadPool reader_;  // one thread: every read of the log, in order
  std::mutex log_mutex_;
  std::unique_ptr<store::RunLog> read_log_;   // used on the reader thread only
  std::unique_ptr<store::RunLog> write_log_;  // used on the UI thread only
  int64_t version_ = -2;
  bool reading_ = false, reread_ = false;
  int in_flight_ = 0;
  QTimer poll_;
  RunsTableModel* model_;
  RunsFilterModel* filter_;
  QTableView* table_;
  QLineEdit* filter_field_;
  QComboBox *status_, *experiment_, *tag_, *views_;
  QLabel *count_, *problem_;
  QToolButton *columns_button_, *save_view_;
  QList<QAction*> selection_actions_;
  QAction *rename_, *tag_action_, *color_, *delete_, *open_, *resume_, *fork_, *export_;
  QTabWidget* tabs_;
  CompareCurves* curves_;
  CompareParams* params_;
  CompareMetrics* metrics_;
  CompareConfusion* confusion_;
  CompareGraphs* graphs_;
  RunTreeView* tree_;
  TradeoffPlot* tradeoff_;
  QTimer selection_timer_;
  QMap<QString, bool> column_choice_;  // the user's column choices, by column id
  void apply_column_visibility();
  int64_t read_version_ = -2;  // the reader thread's: the data_version it last read at  // the comparison follows the selection once it settles
};

}  // namespace strata::ui
