#pragma once
// The application window: the start page or the canvas in the centre, and
// dockable panels around it (layer palette, inspector, problems, model
// summary, undo history, code). Menus File, Edit, View, Model, Train, Help
// and a toolbar reach every action, with the shortcut shown. One window holds
// one project; File > New Window opens another.
#include <QMainWindow>
#include <QPointer>
#include <vector>

#include "runtime/device_info.h"
#include "train/telemetry.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QUndoView;

namespace strata::ui {

class Autosaver;
class CodePanel;
class GraphScene;
class GraphView;
class InspectorPanel;
class PalettePanel;
class ProblemsPanel;
class ProjectDocument;
class StartPage;
class DatasetPanel;
class EvaluationView;
class RunController;
class TrainingDashboard;
class DevicePanel;
class DatasetWatcher;
class SummaryPanel;
class TrainingPanel;
class RunsBrowser;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a project file here (after the unsaved-changes prompt). A bad file
  // opens nothing: the message names the file, node and field, and the
  // current project stays. Returns whether it opened.
  bool open_project(const QString& path);
  bool save();
  bool save_as(const QString& path);
  void new_project();
  // Offers the recovery files a crashed Strata left behind (at start-up).
  void offer_recovery();

  ProjectDocument* document() const { return doc_; }
  GraphScene* scene() const { return scene_; }
  GraphView* view() const { return view_; }
  PalettePanel* palette() const { return palette_; }
  InspectorPanel* inspector() const { return inspector_; }
  ProblemsPanel* problems() const { return problems_; }
  SummaryPanel* summary() const { return summary_; }
  CodePanel* code() const { return code_; }
  TrainingPanel* training_settings() const { return training_panel_; }
  DatasetPanel* dataset_panel() const { return dataset_panel_; }
  DatasetWatcher* dataset_watcher() const { return dataset_watcher_; }
  DevicePanel* device_panel() const { return device_panel_; }
  StartPage* start_page() const { return start_; }
  Autosaver* autosaver() const { return autosaver_; }
  bool showing_canvas() const;
  enum class Tab { Design = 0, Training = 1, Evaluation = 2, Runs = 3 };
  RunsBrowser* runs_browser() const { return browser_; }
  // Opens the graph and settings a run trained as a new, unsaved project.
  bool open_run_graph(const QString& run_id);
  // Model > Import Weights: transfer learning from a run or a weights file.
  void import_weights();
  // Opens run `second`'s graph with what differs from run `first`'s outlined on the canvas.
  void show_graph_diff(const QString& first, const QString& second);
  void show_tab(Tab tab);
  RunController* runs() const { return runs_; }
  TrainingDashboard* dashboard() const { return dashboard_; }
  EvaluationView* evaluation() const { return evaluation_; }
  // The runs the Evaluation tab offers, from the experiment log; opens `current` when given.
  void refresh_run_list(const QString& current = {});
  // The log's runs as (id, "id — name — status started"), newest first; empty without a log.
  static std::vector<std::pair<QString, QString>> logged_runs(bool exclude_running);
  // An action by its object name ("save", "undo", "train"), for tests.
  QAction* action(const QString& name) const;

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // main_window.cpp: panels and state
  void build_panels();
  void build_status_bar();
  void show_canvas(bool canvas);
  void update_title();
  void update_analysis_state();
  void restore_settings();
  void save_settings();
  void load_devices();
  void set_device(const QString& spec);
  void show_status(const QString& text, int ms = 4000);
  // main_window_actions.cpp: actions, menus, toolbar
  void build_actions();
  void build_menus();
  void build_toolbar();
  void fill_recent_menu();
  void fill_examples_menu();
  QAction* make_action(const QString& name, const QString& text, const QString& icon = {},
                       const QKeySequence& shortcut = {});
  // main_window_file.cpp: documents
  bool maybe_save();
  bool save_with_dialog();
  void open_with_dialog();
  void close_project();
  void add_recent(const QString& path);
  void open_paths(const QStringList& paths);
  // main_window_train.cpp: runs from the editor (the run service on a worker thread)
  void build_training();
  void start_training();
  void stop_training();
  void toggle_pause();
  void update_run_actions();

  ProjectDocument* doc_ = nullptr;
  Autosaver* autosaver_ = nullptr;
  GraphScene* scene_ = nullptr;
  GraphView* view_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  StartPage* start_ = nullptr;
  PalettePanel* palette_ = nullptr;
  InspectorPanel* inspector_ = nullptr;
  ProblemsPanel* problems_ = nullptr;
  SummaryPanel* summary_ = nullptr;
  CodePanel* code_ = nullptr;
  TrainingPanel* training_panel_ = nullptr;
  DatasetPanel* dataset_panel_ = nullptr;
  DatasetWatcher* dataset_watcher_ = nullptr;
  DevicePanel* device_panel_ = nullptr;
  QUndoView* history_ = nullptr;
  QPlainTextEdit* train_log_ = nullptr;
  std::vector<QDockWidget*> docks_, hidden_docks_;
  QDockWidget *palette_dock_ = nullptr, *inspector_dock_ = nullptr, *problems_dock_ = nullptr,
              *summary_dock_ = nullptr, *history_dock_ = nullptr, *training_settings_dock_ = nullptr, *dataset_dock_ = nullptr, *devices_dock_ = nullptr, *code_dock_ = nullptr, *training_output_dock_ = nullptr;
  QMenu *recent_menu_ = nullptr, *examples_menu_ = nullptr, *panels_menu_ = nullptr;
  QComboBox* device_combo_ = nullptr;
  QLabel *problems_label_ = nullptr, *totals_label_ = nullptr, *zoom_label_ = nullptr, *device_label_ = nullptr;
  std::vector<DeviceInfo> devices_;
  QString device_spec_;
  RunController* runs_ = nullptr;
  TrainingDashboard* dashboard_ = nullptr;
  EvaluationView* evaluation_ = nullptr;
  QTabWidget* workspace_ = nullptr;
  RunsBrowser* browser_ = nullptr;
  std::vector<QDockWidget*> runs_hidden_docks_;  // the panels the Runs tab put away
  QProgressBar* run_progress_ = nullptr;
  QLabel* run_label_ = nullptr;
  std::vector<TelemetryEvent> telemetry_;  // the current run's, epoch by epoch
  int run_epochs_ = 1;                     // the current run's epochs (its settings, not the editor's)
  bool start_shown_ = false;
};

}  // namespace strata::ui
