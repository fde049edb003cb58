#pragma once
// What the editor's Qt Tests share: a main() that gives each test program
// its own settings and data folders (never the user's), and the gestures a
// user makes on the canvas: dropping a layer from the palette with the
// palette's own MIME data, dragging a link from port to port, clicking.
#include <QtTest>

#include <QTemporaryDir>
#include <functional>
#include <string>

#include "editor/node_item.h"

namespace strata::ui {
class GraphView;
class MainWindow;
class PalettePanel;
}  // namespace strata::ui

namespace strata::test {

// Points XDG_CONFIG_HOME, XDG_DATA_HOME and STRATA_DATA_DIR at a temporary
// folder; call before the QApplication exists.
void isolate_user_folders();

// Writes table.csv (three separable classes of four features) and tiny.strata
// (an MLP training on it for `epochs`, 10 % held out for validation) into
// `dir`; returns the project's path.
QString write_tiny_project(const QTemporaryDir& dir, int epochs);

// Runs the event loop until `done` or `ms` pass; false on timeout.
bool wait_for(const std::function<bool()>& done, int ms);

// Where a canvas position is in the view's viewport.
QPoint viewport_point(ui::GraphView* view, const QPointF& scene_pos);
// The viewport point of a node's port.
QPoint port_point(ui::GraphView* view, const ui::PortRef& port);

// Drags `type` from the palette (its own MIME data, as QDrag would carry
// it) and drops it at `scene_pos`; returns the id of the node it added
// ("" when none was added).
std::string drop_layer(ui::MainWindow* window, const QString& type, const QPointF& scene_pos);
// Presses on one viewport point, moves in steps and releases on another.
void mouse_drag(QWidget* viewport, QPoint from, QPoint to, Qt::KeyboardModifiers mods = {});
// Drags a link from one port to another with the mouse.
void drag_link(ui::GraphView* view, const ui::PortRef& from, const ui::PortRef& to);

}  // namespace strata::test

// A Qt Test main with isolated user folders and the editor's theme.
#define STRATA_UI_TEST_MAIN(TestClass)                 \
  int main(int argc, char** argv) {                    \
    strata::test::isolate_user_folders();              \
    QApplication app(argc, argv);                      \
    QApplication::setOrganizationName("StrataTest");   \
    QApplication::setApplicationName("StrataTest");    \
    strata::ui::init_theme(app);                       \
    strata::ui::apply_theme(strata::ui::ThemeChoice::Light); \
    app.setAttribute(Qt::AA_Use96Dpi, true);           \
    TestClass tc;                                      \
    QTEST_SET_MAIN_SOURCE_PATH                         \
    return QTest::qExec(&tc, argc, argv);              \
  }
