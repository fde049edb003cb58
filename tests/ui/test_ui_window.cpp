// The main window around the canvas: the unsaved-changes prompt, the title's
// modified mark, recent files and remembered settings, a bad project file
// that opens nothing, zooming and panning, the theme switch, keyboard access
// to every action, and the Simplified Chinese translation (complete, and in
// use when chosen).
#include <QApplication>
#include <QDockWidget>
#include <QDomDocument>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QTimer>
#include <QTranslator>
#include <fstream>

#include "app/main_window.h"
#include "app/recent_files.h"
#include "common/language.h"
#include "common/theme.h"
#include "document/recovery.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/quick_add.h"
#include "layers/registry.h"
#include "ui_test_support.h"

using namespace strata;
using namespace strata::ui;
using namespace strata::test;

namespace {

std::unique_ptr<MainWindow> window_with(const QString& project = {}, bool keep_size = false) {
  std::unique_ptr<MainWindow> w(new MainWindow);
  w->setAttribute(Qt::WA_DeleteOnClose, false);
  if (!keep_size) w->resize(1600, 1000);
  w->show();
  if (!QTest::qWaitForWindowExposed(w.get())) qWarning("not exposed");
  if (!project.isEmpty()) w->open_project(project);
  return w;
}

// Answers the next modal message box with the button whose text contains `label`.
void answer_next_box(const QString& label, QString* text = nullptr) {
  QTimer::singleShot(0, [label, text] {
    for (QWidget* top : QApplication::topLevelWidgets())
      if (auto* box = qobject_cast<QMessageBox*>(top); box && box->isVisible()) {
        if (text) *text = box->text() + "\n" + box->informativeText();
        for (QAbstractButton* b : box->buttons())
          if (b->text().remove('&').contains(label, Qt::CaseInsensitive)) return b->click();
      }
    answer_next_box(label, text);  // not shown yet: try again on the next turn
  });
}

}  // namespace

class TestUiWindow : public QObject {
  Q_OBJECT
 private slots:
  void unsaved_changes_are_asked_about();
  void a_bad_project_file_opens_nothing();
  void work_left_by_a_crash_is_offered_back();
  void recent_files_and_settings_are_remembered();
  void wheel_zooms_and_space_drag_pans();
  void theme_switch_repaints_from_the_palette();
  void every_menu_action_is_reachable_by_keyboard();
  void chinese_translation_is_complete();
  void chinese_translation_is_used_when_chosen();
};

void TestUiWindow::unsaved_changes_are_asked_about() {
  QTemporaryDir dir;
  const QString path = dir.filePath("mlp.strata");
  QFile::copy(STRATA_EXAMPLES "/fashion_mnist_mlp.strata", path);
  auto w = window_with(path);
  QVERIFY(!w->isWindowModified());
  QVERIFY(w->windowTitle().startsWith("Fashion-MNIST MLP"));
  w->document()->undo_stack()->push(new SetParamCommand(w->document(), {"dense_1"}, "units", 64));
  QVERIFY(w->isWindowModified());
  // Cancel keeps everything.
  answer_next_box("Cancel");
  w->action("new")->trigger();
  QVERIFY(w->document()->graph().find("dense_1"));
  QVERIFY(w->isWindowModified());
  // Save writes the file, then the new project opens.
  QString asked;
  answer_next_box("Save", &asked);
  w->action("new")->trigger();
  QVERIFY2(asked.contains("Fashion-MNIST MLP"), qPrintable(asked));
  QVERIFY(w->document()->graph().nodes().empty());
  QCOMPARE(load_project(path.toStdString()).graph.find("dense_1")->params["units"].get<int>(), 64);
  // Discard drops the edit.
  w->open_project(path);
  w->document()->undo_stack()->push(new SetParamCommand(w->document(), {"dense_1"}, "units", 8));
  answer_next_box("Discard");
  QVERIFY(w->close());
  QCOMPARE(load_project(path.toStdString()).graph.find("dense_1")->params["units"].get<int>(), 64);
}

void TestUiWindow::a_bad_project_file_opens_nothing() {
  QTemporaryDir dir;
  const QString bad = dir.filePath("broken.strata");
  std::ofstream(bad.toStdString()) << R"({"format": "strata-project", "version": 1, "graph": {"nodes": [{"id": "c1", "type": "Conv2D", "params": {"kernel_size": "big"}}]}})";
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_cnn.strata");
  const std::string before = w->document()->serialized();
  QString message;
  answer_next_box("OK", &message);
  QVERIFY(!w->open_project(bad));
  QVERIFY2(message.contains(bad) && message.contains("node 'c1'") && message.contains("kernel_size"), qPrintable(message));
  QCOMPARE(w->document()->serialized(), before);
  QCOMPARE(w->document()->title(), QString("Fashion-MNIST CNN"));
}

void TestUiWindow::work_left_by_a_crash_is_offered_back() {
  // A window with an unsaved edit autosaves, then its process "dies": the
  // recovery file is handed to a process id that no longer runs.
  QString file;
  std::string edited;
  {
    auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_mlp.strata");
    w->document()->undo_stack()->push(new SetParamCommand(w->document(), {"dense_1"}, "units", 96));
    w->autosaver()->save_now();
    file = w->autosaver()->file();
    edited = w->document()->serialized();
    QVERIFY(QFile::exists(file));
    QProcess gone;
    gone.start("true");
    gone.waitForFinished();
    nlohmann::json j = nlohmann::json::parse(std::ifstream(file.toStdString()));
    j["pid"] = gone.processId() > 0 ? gone.processId() : 999999;
    std::ofstream(file.toStdString()) << j.dump();
    // The crash: the window goes without closing (its autosaver would remove the file).
    QFile::copy(file, file + ".keep");
    w->document()->undo_stack()->setClean();
    w->close();
  }
  QFile::rename(file + ".keep", file);
  auto w = window_with();
  answer_next_box("Recover");
  w->offer_recovery();
  QVERIFY(w->showing_canvas());
  QCOMPARE(w->document()->serialized(), edited);
  QVERIFY(w->isWindowModified());
  QVERIFY(w->document()->file_path().endsWith("fashion_mnist_mlp.strata"));
  QVERIFY(!QFile::exists(file));  // offered once; the window now keeps its own
  w->document()->undo_stack()->setClean();
  w->document()->reset();
}

void TestUiWindow::recent_files_and_settings_are_remembered() {
  clear_recent_files();
  {
    auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_lstm.strata");
    w->action("link_labels")->trigger();  // off
    w->findChild<QDockWidget*>("code_dock")->show();
    w->findChild<QDockWidget*>("palette_dock")->hide();
    w->resize(1300, 900);
    QVERIFY(w->close());
  }
  QVERIFY(recent_files().first().endsWith("fashion_mnist_lstm.strata"));
  auto w = window_with({}, true);
  QCOMPARE(w->size(), QSize(1300, 900));
  QVERIFY(!w->action("link_labels")->isChecked());
  w->action("new")->trigger();
  QVERIFY(w->findChild<QDockWidget*>("palette_dock")->isHidden());
  QVERIFY(!w->findChild<QDockWidget*>("code_dock")->isHidden());
  w->action("link_labels")->trigger();
  w->findChild<QDockWidget*>("palette_dock")->show();
  QVERIFY(w->close());
}

void TestUiWindow::wheel_zooms_and_space_drag_pans() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_cnn.strata");
  GraphView* view = w->view();
  view->reset_zoom();
  const double before = view->zoom();
  const QPoint at = view->viewport()->rect().center();
  QWheelEvent wheel(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, {}, Qt::NoScrollPhase, false);
  QApplication::sendEvent(view->viewport(), &wheel);
  QVERIFY(view->zoom() > before * 1.1);
  w->action("zoom_100")->trigger();
  QCOMPARE(view->zoom(), 1.0);
  // Space + drag on the background pans and selects nothing.
  w->scene()->clearSelection();
  const QPointF centre_before = view->visible_center();
  view->setFocus();
  QTest::keyPress(view, Qt::Key_Space);
  mouse_drag(view->viewport(), QPoint(30, 30), QPoint(230, 130));
  QTest::keyRelease(view, Qt::Key_Space);
  const QPointF moved = centre_before - view->visible_center();
  QVERIFY2(std::abs(moved.x() - 200) < 2 && std::abs(moved.y() - 100) < 2, qPrintable(QString("%1 %2").arg(moved.x()).arg(moved.y())));
  QVERIFY(w->scene()->selectedItems().isEmpty());
  QVERIFY(!view->quick_add()->isVisible());  // a drag, not a tap: no quick-add box
  // The middle button pans too.
  const QPointF c2 = view->visible_center();
  QTest::mousePress(view->viewport(), Qt::MiddleButton, {}, QPoint(300, 300));
  QTest::mouseMove(view->viewport(), QPoint(250, 300));
  QTest::mouseRelease(view->viewport(), Qt::MiddleButton, {}, QPoint(250, 300));
  QVERIFY(std::abs((view->visible_center() - c2).x() - 50) < 2);
  // A background drag without Space is a rubber band.
  w->action("zoom_fit")->trigger();
  const QRectF all = w->scene()->nodes_rect();
  mouse_drag(view->viewport(), view->mapFromScene(all.topLeft() - QPointF(30, 30)), view->mapFromScene(all.bottomRight() + QPointF(30, 30)));
  QCOMPARE(w->scene()->selected_node_ids().size(), w->document()->graph().nodes().size());
}

void TestUiWindow::theme_switch_repaints_from_the_palette() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_mlp.strata");
  w->action("theme_dark")->trigger();
  QVERIFY(dark_theme_active());
  QImage dark = w->view()->viewport()->grab().toImage();
  w->action("theme_light")->trigger();
  QVERIFY(!dark_theme_active());
  QImage light = w->view()->viewport()->grab().toImage();
  // The canvas background follows: dark is dark, light is light.
  QVERIFY(QColor(dark.pixel(5, 5)).lightness() < 80);
  QVERIFY(QColor(light.pixel(5, 5)).lightness() > 200);
  QCOMPARE(QSettings().value("view/theme").toString(), QString("light"));
}

void TestUiWindow::every_menu_action_is_reachable_by_keyboard() {
  auto w = window_with();
  // Every top-level menu has an accelerator, and the everyday actions have shortcuts.
  for (QAction* menu : w->menuBar()->actions()) QVERIFY2(menu->text().contains('&'), qPrintable(menu->text()));
  for (const char* name : {"new", "open", "save", "save_as", "close_project", "undo", "redo", "cut", "copy", "paste",
                           "duplicate", "delete", "select_all", "rename", "find_layer", "zoom_in", "zoom_out", "zoom_fit",
                           "zoom_100", "link_labels", "add_layer", "layout", "train", "stop"}) {
    QAction* a = w->action(name);
    QVERIFY2(a, name);
    QVERIFY2(!a->shortcut().isEmpty(), name);
  }
  // Window-wide shortcuts are distinct (a panel's own, such as the Runs
  // table's F2 and Delete, act only while focus is inside it).
  QMap<QString, QString> seen;
  for (QAction* a : w->findChildren<QAction*>())
    if (a->shortcutContext() != Qt::WidgetWithChildrenShortcut && a->shortcutContext() != Qt::WidgetShortcut)
    for (const QKeySequence& k : a->shortcuts()) {
      const QString key = k.toString();
      QVERIFY2(!seen.contains(key) || seen[key] == a->objectName(), qPrintable(key + " " + seen[key] + " " + a->objectName()));
      seen[key] = a->objectName();
    }
}

void TestUiWindow::chinese_translation_is_complete() {
  QFile ts(STRATA_SOURCE_DIR "/resources/translations/strata_zh_CN.ts");
  QVERIFY(ts.open(QIODevice::ReadOnly));
  QDomDocument doc;
  QVERIFY(doc.setContent(&ts));
  const QDomNodeList messages = doc.elementsByTagName("message");
  QVERIFY(messages.size() > 200);
  QSet<QString> layer_texts;
  for (int i = 0; i < messages.size(); ++i) {
    const QDomElement m = messages.at(i).toElement();
    const QString source = m.firstChildElement("source").text();
    const QDomElement t = m.firstChildElement("translation");
    QVERIFY2(t.attribute("type") != "unfinished" && t.attribute("type") != "vanished" && t.attribute("type") != "obsolete",
             qPrintable("unfinished: " + source));
    QVERIFY2(!t.text().trimmed().isEmpty(), qPrintable("empty: " + source));
    if (m.parentNode().firstChildElement("name").text() == "strata::layers") layer_texts.insert(source);
  }
  // Every text of the layer registry is in the catalogue (ui/common/registry_strings.cpp is current).
  for (const auto& spec : layer_specs()) {
    QVERIFY2(layer_texts.contains(QString::fromStdString(spec.summary)), spec.summary.c_str());
    QVERIFY2(layer_texts.contains(QString::fromStdString(spec.category)), spec.category.c_str());
    for (const auto& p : spec.params) QVERIFY2(layer_texts.contains(QString::fromStdString(p.help)), p.help.c_str());
  }
}

void TestUiWindow::chinese_translation_is_used_when_chosen() {
  QTranslator zh;
  QVERIFY(zh.load(":/i18n/strata_zh_CN"));
  QApplication::installTranslator(&zh);
  {
    auto w = window_with();
    const QString file_menu = w->menuBar()->actions().first()->text();
    QVERIFY2(file_menu != "&File" && file_menu.contains("(&F)"), qPrintable(file_menu));
    QVERIFY(w->action("save")->text() != "&Save");
    QVERIFY(w->close());
  }
  QApplication::removeTranslator(&zh);
}

STRATA_UI_TEST_MAIN(TestUiWindow)
#include "test_ui_window.moc"
