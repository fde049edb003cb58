#pragma once
// One open project: the engine's Project (whose Graph is the one model the
// editor edits), its file, its undo stack, and the analysis of its graph.
// Views observe the graph through strata::GraphObserver and change it only
// by pushing undo commands (document/graph_commands.h); the document re-runs
// the analysis once per burst of changes and announces it.
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <string>

#include "graph/analysis.h"
#include "graph/graph.h"
#include "graph/project.h"

namespace strata::ui {

class ProjectDocument : public QObject, private GraphObserver {
  Q_OBJECT
 public:
  explicit ProjectDocument(QObject* parent = nullptr);
  ~ProjectDocument() override;

  const Project& project() const { return project_; }
  // Mutate only from undo commands: every change must be undoable.
  Graph& graph() { return project_.graph; }
  const Graph& graph() const { return project_.graph; }
  QUndoStack* undo_stack() const { return undo_; }

  QString file_path() const { return path_; }
  // The project's name, else its file's name, else "Untitled".
  QString title() const;
  bool is_modified() const { return !undo_->isClean() || recovered_; }
  // An untouched new document (no nodes, nothing to undo, no file).
  bool is_pristine() const;

  // Replace the whole project. They throw strata::Error (naming the file,
  // node and field) and leave the document as it was when the file is bad.
  void open(const QString& path);
  void open_recovered(const Project& project, const QString& original_path);
  // A new project: no nodes, the Fashion-MNIST dataset, two epochs at batch 64.
  void reset();
  static Project new_project();
  // Writes the project atomically; the stack's clean state moves here.
  void save_as(const QString& path);
  // Exactly the text save_as writes.
  std::string serialized() const;

  // The project's own fields (name, description, dataset, training) as JSON,
  // and setting them (from undo commands: document/graph_commands.h).
  nlohmann::json settings_json() const;
  void apply_settings_json(const nlohmann::json& settings);  // throws strata::Error for bad values

  // What the dataset gives (from the dataset watcher once it has read it),
  // so the analysis checks the Input and the loss against the data too.
  void set_data_spec(std::optional<DataSpec> spec);
  const std::optional<DataSpec>& data_spec() const { return data_spec_; }
  // The folder relative dataset paths start from (the project file's; the
  // working folder for an unsaved project).
  std::string base_dir() const;

  // The analysis of the current graph (run now if changes are pending).
  const ModelReport& report();
  AnalysisOptions analysis_options() const;
  // Runs a pending analysis now, if there is one (tests, before training).
  void flush_analysis();

 signals:
  void analyzed();            // report() has new results
  void replaced();            // the whole project was replaced (open, new, recover)
  void file_path_changed();
  void settings_changed();    // name, description, dataset or training changed
  void modified_changed(bool modified);

 private:
  void graph_changed(const GraphChange& change) override;
  void schedule_analysis();
  void replace(Project project, const QString& path, bool recovered);
  Project project_;
  QString path_;
  QUndoStack* undo_ = nullptr;
  ModelReport report_;
  std::optional<DataSpec> data_spec_;
  bool analysis_pending_ = false, recovered_ = false;
};

}  // namespace strata::ui
