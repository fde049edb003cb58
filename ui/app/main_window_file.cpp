// Opening, saving and closing the main window's project, recent files and
// the recovery offer. A bad project file opens nothing and says which file,
// node and field; the project on screen stays as it was.
#include <QApplication>
#include <filesystem>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

#include "app/main_window.h"
#include "app/recent_files.h"
#include "app/start_page.h"
#include "browser/runs_browser.h"
#include "browser/runs_table_model.h"
#include "browser/import_weights_dialog.h"
#include "browser/compare_graphs.h"
#include "editor/node_item.h"
#include "graph/graph_diff.h"
#include "store/run_log.h"
#include "graph/project.h"
#include "core/error.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "document/recovery.h"
#include "editor/auto_layout.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"

namespace strata::ui {
namespace {

QString last_dir() {
  return QSettings().value(QStringLiteral("file/last_dir"), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
}

// Nodes all at one spot (a generated or hand-written file): lay them out.
bool needs_layout(const Graph& g) {
  if (g.nodes().size() < 2) return false;
  for (const auto& n : g.nodes())
    if (!(n.pos == g.nodes()[0].pos)) return false;
  return true;
}

}  // namespace

bool MainWindow::maybe_save() {
  if (!doc_->is_modified()) return true;
  QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"),
                  tr("Save the changes to “%1” before closing it?").arg(doc_->title()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setInformativeText(tr("Your changes are lost if you don't save them."));
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
  }
}

void MainWindow::new_project() {
  if (!maybe_save()) return;
  doc_->reset();
  show_canvas(true);
  view_->reset_zoom();
  view_->centerOn(0, 200);
  show_status(tr("New project: drag layers from the palette onto the canvas, or press Space to search for one."), 8000);
}

bool MainWindow::open_project(const QString& path) {
  if (!maybe_save()) return false;
  try {
    doc_->open(path);
  } catch (const Error& e) {
    // Nothing changed: the message names the file, node and field.
    QMessageBox::critical(this, tr("Cannot Open Project"), QString::fromStdString(e.what()));
    return false;
  }
  add_recent(doc_->file_path());
  show_canvas(true);
  if (needs_layout(doc_->graph())) scene_->auto_layout(false);
  view_->fit_all();
  show_status(tr("Opened %1").arg(QDir::toNativeSeparators(doc_->file_path())));
  return true;
}

void MainWindow::open_with_dialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), last_dir(), tr("Strata projects (*.strata);;All files (*)"));
  if (path.isEmpty()) return;
  QSettings().setValue(QStringLiteral("file/last_dir"), QFileInfo(path).absolutePath());
  open_project(path);
}

void MainWindow::open_paths(const QStringList& paths) {
  bool first = true;
  for (const QString& p : paths) {
    if (!p.endsWith(QLatin1String(".strata"), Qt::CaseInsensitive)) {
      show_status(tr("%1 is not a Strata project (*.strata)").arg(QDir::toNativeSeparators(p)));
      continue;
    }
    if (first && (doc_->is_pristine() || !showing_canvas() || !doc_->is_modified())) open_project(p);
    else {
      auto* w = new MainWindow;
      w->show();
      w->open_project(p);
    }
    first = false;
  }
}

bool MainWindow::save() {
  if (doc_->file_path().isEmpty() || doc_->file_path().startsWith(QLatin1String(":/"))) return save_with_dialog();
  // Examples live read-only where the package installs them: save a copy.
  if (!QFileInfo(QFileInfo(doc_->file_path()).absolutePath()).isWritable()) return save_with_dialog();
  return save_as(doc_->file_path());
}

bool MainWindow::save_with_dialog() {
  QString suggested = doc_->file_path().isEmpty() ? last_dir() + QLatin1Char('/') + doc_->title() + QStringLiteral(".strata")
                                                  : doc_->file_path();
  QString path = QFileDialog::getSaveFileName(this, tr("Save Project"), suggested, tr("Strata projects (*.strata)"));
  if (path.isEmpty()) return false;
  if (!path.endsWith(QLatin1String(".strata"))) path += QStringLiteral(".strata");
  QSettings().setValue(QStringLiteral("file/last_dir"), QFileInfo(path).absolutePath());
  return save_as(path);
}

bool MainWindow::save_as(const QString& path) {
  try {
    doc_->save_as(path);
  } catch (const Error& e) {
    // The old file is intact (saving is atomic) and the edits are still here.
    QMessageBox::critical(this, tr("Cannot Save Project"), QString::fromStdString(e.what()));
    return false;
  }
  add_recent(doc_->file_path());
  show_status(tr("Saved %1").arg(QDir::toNativeSeparators(doc_->file_path())));
  return true;
}

void MainWindow::close_project() {
  if (!maybe_save()) return;
  doc_->reset();
  show_canvas(false);
}

void MainWindow::add_recent(const QString& path) {
  add_recent_file(path);
  start_->refresh();
}

void MainWindow::offer_recovery() {
  const auto entries = orphaned_recoveries();
  if (entries.empty()) return;
  QString list;
  for (const auto& e : entries)
    list += QStringLiteral("<li>%1 %2</li>")
                .arg((e.title.isEmpty() ? tr("Untitled") : e.title).toHtmlEscaped(),
                     e.original_path.isEmpty() ? QString() : QStringLiteral("(%1)").arg(QDir::toNativeSeparators(e.original_path).toHtmlEscaped()));
  QMessageBox box(QMessageBox::Question, tr("Recover Unsaved Work"),
                  tr("Strata closed without saving %n project(s). Recover the unsaved changes?", nullptr, int(entries.size())),
                  QMessageBox::NoButton, this);
  box.setInformativeText(QStringLiteral("<ul>%1</ul>").arg(list));
  QPushButton* recover = box.addButton(tr("&Recover"), QMessageBox::AcceptRole);
  box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
  box.setDefaultButton(recover);
  box.exec();
  const bool wanted = box.clickedButton() == recover;
  bool first = true;
  for (const auto& e : entries) {
    if (wanted) {
      try {
        const Project p = load_recovery(e.file);
        MainWindow* w = this;
        if (!first || !doc_->is_pristine()) {
          w = new MainWindow;
          w->show();
        }
        w->doc_->open_recovered(p, e.original_path);
        w->show_canvas(true);
        w->view_->fit_all();
        w->show_status(tr("Recovered unsaved changes; save them to keep them."), 10000);
        first = false;
      } catch (const Error& err) {
        QMessageBox::warning(this, tr("Cannot Recover"), QString::fromStdString(err.what()));
        continue;  // keep the file: nothing is thrown away that could not be opened
      }
    }
    discard_recovery(e.file);
  }
}

bool MainWindow::open_run_graph(const QString& run_id) {
  // The graph and settings the run trained, as a new unsaved project (saving
  // asks where: the run folder's copy is the run's record, not to be edited).
  const RunRow* row = browser_->model()->find(run_id);
  if (!row) return false;
  const store::RunRecord record = row->record;  // a copy: the Runs tab may reload while Save asks
  if (!maybe_save()) return false;
  try {
    const std::string file = record.run_dir + "/project.strata";
    Project p = std::filesystem::exists(file) ? load_project(file)
                                              : project_from_json({{"format", "strata-project"}, {"version", kProjectFormatVersion},
                                                                   {"graph", record.graph}, {"dataset", record.dataset},
                                                                   {"training", record.training}},
                                                                  record.id);
    doc_->open_recovered(p, QString());
  } catch (const std::exception& e) {
    QMessageBox::critical(this, tr("Cannot Open Run"), tr("Run %1: %2").arg(run_id, QString::fromStdString(e.what())));
    return false;
  }
  show_tab(Tab::Design);
  if (needs_layout(doc_->graph())) scene_->auto_layout(false);
  view_->fit_all();
  show_status(tr("Opened the graph of run %1 as a new project").arg(run_id));
  return true;
}

void MainWindow::import_weights() {
  ImportWeightsDialog dialog(doc_, logged_runs(true), this);  // a run still training has no final weights yet
  dialog.exec();
}

void MainWindow::show_graph_diff(const QString& first, const QString& second) {
  const RunRow* a = browser_->model()->find(first);
  const RunRow* b = browser_->model()->find(second);
  if (!a || !b) return;
  const GraphDiff d = diff_graphs(a->record.graph, b->record.graph);  // before open_run_graph's dialogs
  if (!open_run_graph(second)) return;
  for (const auto& id : d.added)
    if (NodeItem* n = scene_->node_item(id)) n->set_diff_mark(NodeItem::DiffMark::Added, tr("Not in run %1's graph").arg(first));
  std::map<std::string, QStringList> changes;
  for (const auto& c : d.changed) changes[c.node] << change_text(c);
  for (const auto& [id, list] : changes)
    if (NodeItem* n = scene_->node_item(id))
      n->set_diff_mark(NodeItem::DiffMark::Changed, tr("Changed since run %1: %2").arg(first, list.join(QStringLiteral("; "))));
  QStringList removed;
  for (const auto& id : d.removed) removed << QString::fromStdString(id);
  show_status(removed.isEmpty() ? tr("Run %1's graph: outlined what differs from run %2 (green added, amber changed)").arg(second, first)
                                : tr("Run %1's graph: outlined what differs from run %2; removed since: %3").arg(second, first, removed.join(QStringLiteral(", "))),
              15000);
}

}  // namespace strata::ui
