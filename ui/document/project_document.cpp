#include "document/project_document.h"

#include <QFileInfo>
#include <QTimer>

#include "core/error.h"

namespace strata::ui {

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {
  project_.graph.add_observer(this);
  connect(undo_, &QUndoStack::cleanChanged, this, [this](bool) { emit modified_changed(is_modified()); });
  analysis_pending_ = true;
  flush_analysis();
}

ProjectDocument::~ProjectDocument() { project_.graph.remove_observer(this); }

QString ProjectDocument::title() const {
  if (!project_.name.empty()) return QString::fromStdString(project_.name);
  if (!path_.isEmpty()) return QFileInfo(path_).completeBaseName();
  return tr("Untitled");
}

bool ProjectDocument::is_pristine() const {
  return path_.isEmpty() && project_.graph.nodes().empty() && undo_->count() == 0 && !recovered_;
}

void ProjectDocument::open(const QString& path) {
  Project loaded = load_project(path.toStdString());  // throws before anything changes
  replace(std::move(loaded), QFileInfo(path).absoluteFilePath(), false);
}

void ProjectDocument::open_recovered(const Project& project, const QString& original_path) {
  replace(project, original_path, true);
}

Project ProjectDocument::new_project() {
  // Most first networks are trained on Fashion-MNIST (Debian ships it), so a
  // new project starts there: it trains as soon as its graph is complete.
  Project p;
  p.dataset = {{"kind", "fashion_mnist"}, {"normalize", {{"mean", {0.286}}, {"std", {0.353}}}}};
  p.training.epochs = 2;
  p.training.batch_size = 64;
  return p;
}

void ProjectDocument::reset() { replace(new_project(), {}, false); }

void ProjectDocument::replace(Project project, const QString& path, bool recovered) {
  const bool was_modified = is_modified();
  undo_->clear();
  project_.name = std::move(project.name);
  project_.description = std::move(project.description);
  project_.dataset = std::move(project.dataset);
  project_.training = project.training;
  project_.graph = project.graph;  // observers stay; they are told Reset
  recovered_ = recovered;
  if (path != path_) {
    path_ = path;
    emit file_path_changed();
  }
  analysis_pending_ = true;
  flush_analysis();
  emit replaced();
  emit settings_changed();
  if (was_modified != is_modified()) emit modified_changed(is_modified());
}

void ProjectDocument::save_as(const QString& path) {
  save_project(project_, path.toStdString());  // atomic: a failure leaves the old file
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (absolute != path_) {
    path_ = absolute;
    emit file_path_changed();
  }
  const bool was_modified = is_modified();
  recovered_ = false;
  undo_->setClean();
  if (was_modified != is_modified()) emit modified_changed(is_modified());
}

std::string ProjectDocument::serialized() const { return project_to_json(project_).dump(2) + "\n"; }

nlohmann::json ProjectDocument::settings_json() const {
  const nlohmann::json j = project_to_json(project_);
  return {{"name", j["name"]}, {"description", j["description"]}, {"dataset", j["dataset"]}, {"training", j["training"]}};
}

void ProjectDocument::apply_settings_json(const nlohmann::json& s) {
  TrainingConfig training = training_from_json(s.at("training"), "training");  // throws before any change
  if (!s.at("dataset").is_object()) throw Error("dataset: must be an object");
  project_.name = s.at("name").get<std::string>();
  project_.description = s.at("description").get<std::string>();
  project_.dataset = s.at("dataset");
  project_.training = std::move(training);
  emit settings_changed();
  schedule_analysis();  // the batch size and optimizer change the memory a step needs
}

AnalysisOptions ProjectDocument::analysis_options() const {
  AnalysisOptions o;
  o.batch_size = project_.training.batch_size;
  const std::string& opt = project_.training.optimizer;
  o.optimizer_states = opt == "adam" || opt == "adamw" ? 2 : opt == "rmsprop" ? 1 : project_.training.momentum > 0 ? 1 : 0;
  return o;
}

const ModelReport& ProjectDocument::report() {
  flush_analysis();
  return report_;
}

void ProjectDocument::flush_analysis() {
  if (!analysis_pending_) return;
  analysis_pending_ = false;
  report_ = analyze(project_.graph, analysis_options());
  emit analyzed();
}

void ProjectDocument::graph_changed(const GraphChange&) { schedule_analysis(); }

void ProjectDocument::schedule_analysis() {
  // One analysis per burst: a paste of fifty nodes is one command but a
  // hundred graph changes.
  if (analysis_pending_) return;
  analysis_pending_ = true;
  QTimer::singleShot(0, this, [this] {
    if (analysis_pending_) flush_analysis();
  });
}

}  // namespace strata::ui
