#include "ui_test_support.h"

#include <QDropEvent>
#include <QElapsedTimer>
#include <QMimeData>
#include <QTreeWidget>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "app/main_window.h"
#include "document/project_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/palette_panel.h"

namespace strata::test {

QString write_tiny_project(const QTemporaryDir& dir, int epochs) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 0.3);
  std::ofstream csv(dir.filePath("table.csv").toStdString());
  csv << "a,b,c,d,label\n";
  for (int i = 0; i < 300; ++i) {
    const int k = i % 3;
    csv << k + noise(rng) << ',' << -k + noise(rng) << ',' << noise(rng) << ',' << 2 * k + noise(rng) << ',' << k << '\n';
  }
  csv.close();
  const nlohmann::json project = {
      {"format", "strata-project"}, {"version", 1}, {"name", "tiny"},
      {"graph",
       {{"nodes",
         {{{"id", "in"}, {"type", "Input"}, {"params", {{"shape", {4}}}}, {"pos", {0, 0}}},
          {{"id", "hidden"}, {"type", "Dense"}, {"params", {{"units", 16}, {"activation", "relu"}}}, {"pos", {0, 110}}},
          {{"id", "head"}, {"type", "Dense"}, {"params", {{"units", 3}}}, {"pos", {0, 220}}},
          {{"id", "loss"}, {"type", "SoftmaxCrossEntropy"}, {"params", nlohmann::json::object()}, {"pos", {0, 330}}}}},
        {"links", {{{"from", "in"}, {"to", "hidden"}}, {{"from", "hidden"}, {"to", "head"}}, {{"from", "head"}, {"to", "loss"}}}}}},
      {"dataset", {{"kind", "csv"}, {"train", "table.csv"}, {"label", "label"}, {"test_split", 0.2}}},
      {"training", {{"epochs", epochs}, {"batch_size", 16}, {"learning_rate", 0.01}, {"validation_split", 0.1}}}};
  const QString path = dir.filePath("tiny.strata");
  std::ofstream(path.toStdString()) << project.dump(2);
  return path;
}

bool wait_for(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > ms) return false;
    QTest::qWait(20);
  }
  return true;
}

void isolate_user_folders() {
  static QTemporaryDir dir;  // lives until the program ends
  qputenv("XDG_CONFIG_HOME", (dir.path() + "/config").toUtf8());
  qputenv("XDG_DATA_HOME", (dir.path() + "/data").toUtf8());
  qputenv("STRATA_DATA_DIR", (dir.path() + "/strata").toUtf8());
  qputenv("XDG_RUNTIME_DIR", (dir.path() + "/runtime").toUtf8());
  QDir().mkpath(dir.path() + "/runtime");
  QFile::setPermissions(dir.path() + "/runtime", QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

QPoint viewport_point(ui::GraphView* view, const QPointF& scene_pos) { return view->mapFromScene(scene_pos); }

QPoint port_point(ui::GraphView* view, const ui::PortRef& port) {
  ui::NodeItem* item = view->graph_scene()->node_item(port.node);
  if (!item) return {};
  return view->mapFromScene(item->port_scene_pos(port));
}

std::string drop_layer(ui::MainWindow* window, const QString& type, const QPointF& scene_pos) {
  QTreeWidget* tree = window->palette()->tree();
  QTreeWidgetItem* item = window->palette()->item_for(type);
  if (!item) return {};
  // The palette's own drag data: what QDrag would carry from this item.
  const QModelIndex index = tree->model()->index(item->parent()->indexOfChild(item), 0,
                                                tree->model()->index(tree->indexOfTopLevelItem(item->parent()), 0));
  std::unique_ptr<QMimeData> mime(tree->model()->mimeData({index}));
  if (!mime) return {};
  ui::GraphView* view = window->view();
  const auto before = window->document()->graph().nodes().size();
  const QPoint at = viewport_point(view, scene_pos);
  QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
  QApplication::sendEvent(view->viewport(), &enter);
  QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
  QApplication::sendEvent(view->viewport(), &move);
  QDropEvent drop(at, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
  QApplication::sendEvent(view->viewport(), &drop);
  const auto& nodes = window->document()->graph().nodes();
  return nodes.size() > before ? nodes.back().id : std::string();
}

void mouse_drag(QWidget* viewport, QPoint from, QPoint to, Qt::KeyboardModifiers mods) {
  QTest::mousePress(viewport, Qt::LeftButton, mods, from);
  for (int i = 1; i <= 6; ++i) QTest::mouseMove(viewport, from + (to - from) * i / 6);
  QTest::mouseRelease(viewport, Qt::LeftButton, mods, to);
}

void drag_link(ui::GraphView* view, const ui::PortRef& from, const ui::PortRef& to) {
  mouse_drag(view->viewport(), port_point(view, from), port_point(view, to));
}

}  // namespace strata::test
