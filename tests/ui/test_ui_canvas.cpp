// The editor driven as a user drives it, on the offscreen platform: layers
// dropped from the palette with its own drag data, links dragged from port
// to port (and refused with the reason), a layer dropped into a link, the
// Delete key, copy and paste between two windows, the quick-add box, the
// inspector's widgets, the problems and summary panels, and undo/redo that
// restores the saved project exactly at every step. The CNN built from an
// empty canvas is saved and trained by `strata train`.
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QSpinBox>
#include <QStatusBar>
#include <QTreeWidget>
#include <QUndoStack>

#include "app/main_window.h"
#include "app/start_page.h"
#include "common/theme.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/code_panel.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/inspector_panel.h"
#include "editor/link_item.h"
#include "editor/palette_panel.h"
#include "editor/problems_panel.h"
#include "editor/quick_add.h"
#include "editor/summary_panel.h"
#include "ui_test_support.h"

using namespace strata;
using namespace strata::ui;
using namespace strata::test;

namespace {

MainWindow* new_window() {
  auto* w = new MainWindow;
  w->setAttribute(Qt::WA_DeleteOnClose, false);
  w->resize(1600, 1000);
  w->show();
  if (!QTest::qWaitForWindowExposed(w)) qWarning("window not exposed");
  w->action("new")->trigger();
  w->view()->reset_zoom();
  return w;
}

// The centre of a node's card, in the viewport.
QPoint node_point(MainWindow* w, const std::string& id) {
  NodeItem* item = w->scene()->node_item(id);
  return item ? viewport_point(w->view(), item->mapToScene(QPointF(node_geometry::kWidth / 2, node_geometry::kHeight / 2))) : QPoint();
}

void click_node(MainWindow* w, const std::string& id, Qt::KeyboardModifiers mods = {}) {
  QTest::mouseClick(w->view()->viewport(), Qt::LeftButton, mods, node_point(w, id));
}

PortRef out(const std::string& id) { return {id, true, 0}; }
PortRef in(const std::string& id, int port = 0) { return {id, false, port}; }

void set_spin(QWidget* field, int value) {
  auto* spin = qobject_cast<QSpinBox*>(field);
  QVERIFY(spin);
  spin->setFocus();
  QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(spin, QString::number(value));
  QTest::keyClick(spin, Qt::Key_Return);
}

void type_into(QWidget* field, const QString& text) {
  auto* edit = qobject_cast<QLineEdit*>(field);
  QVERIFY(edit);
  edit->setFocus();
  QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(edit, text);
}

void choose(QWidget* field, const QString& value) {
  auto* combo = qobject_cast<QComboBox*>(field);
  QVERIFY(combo);
  combo->setFocus();
  // Arrow keys, as a keyboard user picks from a closed combo box.
  QTest::keyClick(combo, Qt::Key_Home);
  for (int i = 0; i < combo->count() && combo->currentText() != value; ++i) QTest::keyClick(combo, Qt::Key_Down);
  QCOMPARE(combo->currentText(), value);
}

void settle(MainWindow* w) {
  QCoreApplication::processEvents();
  w->document()->flush_analysis();
}

}  // namespace

class TestUiCanvas : public QObject {
  Q_OBJECT
 private slots:
  void init() { QApplication::clipboard()->clear(); }
  void builds_the_cnn_from_an_empty_canvas();
  void refused_connections_say_why();
  void layer_dropped_on_a_link_is_inserted();
  void delete_key_removes_and_undo_restores();
  void copy_and_paste_between_two_windows();
  void quick_add_offers_the_layers_that_fit();
  void inspector_edits_are_validated_and_undoable();
  void problems_panel_points_at_the_error();
  void summary_and_code_follow_the_graph();
  void undo_and_redo_restore_every_state();
  void every_example_opens_without_problems();
  void padding_masks_show_in_the_inspector();
  void a_project_file_dropped_on_the_window_opens();
};

void TestUiCanvas::builds_the_cnn_from_an_empty_canvas() {
  std::unique_ptr<MainWindow> w(new_window());
  QVERIFY(w->showing_canvas());
  w->view()->zoom_by(0.5);
  w->view()->centerOn(100, 500);
  const QStringList types{"Input", "Conv2D", "MaxPool2D", "Conv2D", "MaxPool2D", "Flatten", "Dense", "Dense", "SoftmaxCrossEntropy"};
  std::vector<std::string> ids;
  for (int i = 0; i < types.size(); ++i) {
    ids.push_back(drop_layer(w.get(), types[i], QPointF(100, 40 + 120 * i)));
    QVERIFY2(!ids.back().empty(), qPrintable(types[i]));
  }
  QCOMPARE(ids[1], std::string("conv2d_1"));
  QCOMPARE(ids[3], std::string("conv2d_2"));
  for (size_t i = 0; i + 1 < ids.size(); ++i) drag_link(w->view(), out(ids[i]), in(ids[i + 1]));
  settle(w.get());
  QCOMPARE(w->document()->graph().links().size(), ids.size() - 1);

  // Parameters through the inspector, as a user types them.
  click_node(w.get(), "conv2d_2");
  QCOMPARE(w->scene()->selected_node_ids(), std::vector<std::string>{"conv2d_2"});
  set_spin(w->inspector()->field("filters"), 64);
  choose(w->inspector()->field("activation"), "relu");
  click_node(w.get(), "conv2d_1");
  choose(w->inspector()->field("activation"), "relu");
  click_node(w.get(), "dense_1");
  set_spin(w->inspector()->field("units"), 128);
  choose(w->inspector()->field("activation"), "relu");
  click_node(w.get(), "dense_2");
  set_spin(w->inspector()->field("units"), 10);
  settle(w.get());

  // The Input's default shape is Fashion-MNIST's: the graph is complete.
  const ModelReport& r = w->document()->report();
  QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].c_str());
  QCOMPARE(r.parameters, int64_t(225034));  // Keras' count for this network
  QCOMPARE(r.node("flatten_1")->shape.output, (Shape{1600}));
  QCOMPARE(w->scene()->link_item({"flatten_1", "dense_1", 0}) != nullptr, true);
  QVERIFY(w->action("train")->isEnabled());
  QVERIFY(w->summary()->totals_text().contains(QLocale().toString(225034)));

  // Saved, it trains from the command line.
  QTemporaryDir dir;
  const QString path = dir.filePath("cnn.strata");
  QVERIFY(w->save_as(path));
  QVERIFY(!w->isWindowModified());
  QProcess train;
  train.setProgram(qEnvironmentVariable("STRATA_BIN"));
  train.setArguments({"train", path, "--device", "cpu", "--epochs", "1", "--limit-train", "256", "--limit-test", "64"});
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("STRATA_DATA_DIR", dir.filePath("data"));
  train.setProcessEnvironment(env);
  train.start();
  QVERIFY(train.waitForFinished(180000));
  const QString log = QString::fromUtf8(train.readAllStandardOutput() + train.readAllStandardError());
  QVERIFY2(train.exitCode() == 0, qPrintable(log));
  QVERIFY2(log.contains("test: loss"), qPrintable(log));
}

void TestUiCanvas::refused_connections_say_why() {
  std::unique_ptr<MainWindow> w(new_window());
  const auto a = drop_layer(w.get(), "Dense", {100, 40});
  const auto b = drop_layer(w.get(), "Dense", {100, 200});
  const auto sum = drop_layer(w.get(), "Add", {400, 350});
  drag_link(w->view(), out(a), in(b));
  QCOMPARE(w->document()->graph().links().size(), size_t(1));
  const int steps = w->document()->undo_stack()->count();
  // A cycle.
  drag_link(w->view(), out(b), in(a));
  QCOMPARE(w->document()->graph().links().size(), size_t(1));
  QVERIFY2(w->scene()->last_refusal().contains("cycle"), qPrintable(w->scene()->last_refusal()));
  // An occupied port.
  drag_link(w->view(), out(sum), in(b));
  QVERIFY2(w->scene()->last_refusal().contains("already linked"), qPrintable(w->scene()->last_refusal()));
  // Output to output.
  drag_link(w->view(), out(a), out(sum));
  QVERIFY2(w->scene()->last_refusal().contains("outputs"), qPrintable(w->scene()->last_refusal()));
  QCOMPARE(w->document()->undo_stack()->count(), steps);  // nothing was made
  QVERIFY(w->statusBar()->currentMessage().contains("outputs"));
  // The second input port of Add is its own target.
  drag_link(w->view(), out(a), in(sum, 1));
  drag_link(w->view(), out(b), in(sum, 0));
  QCOMPARE(w->document()->graph().links().size(), size_t(3));
  QVERIFY((w->document()->graph().links()[1] == Link{a, sum, 1}));
}

void TestUiCanvas::layer_dropped_on_a_link_is_inserted() {
  std::unique_ptr<MainWindow> w(new_window());
  const auto d = drop_layer(w.get(), "Dense", {100, 0});
  const auto loss = drop_layer(w.get(), "SoftmaxCrossEntropy", {100, 300});
  drag_link(w->view(), out(d), in(loss));
  const std::string before = w->document()->serialized();
  LinkItem* link = w->scene()->link_item({d, loss, 0});
  QVERIFY(link);
  const QPointF mid = link->shape().boundingRect().center();
  QVERIFY(w->scene()->link_at(mid) == link);
  const auto drop = drop_layer(w.get(), "Dropout", mid);
  QCOMPARE(drop, std::string("dropout_1"));
  const auto& links = w->document()->graph().links();
  QCOMPARE(links.size(), size_t(2));
  QVERIFY(std::count(links.begin(), links.end(), Link{d, drop, 0}) == 1);
  QVERIFY(std::count(links.begin(), links.end(), Link{drop, loss, 0}) == 1);
  // One step to undo.
  w->action("undo")->trigger();
  QCOMPARE(w->document()->serialized(), before);

  // A lone node already on the canvas, dragged onto the link, goes into it too.
  const auto norm = drop_layer(w.get(), "BatchNormalization", {500, 0});
  const std::string with_norm = w->document()->serialized();
  link = w->scene()->link_item({d, loss, 0});
  const QPointF target = link->shape().boundingRect().center();
  mouse_drag(w->view()->viewport(), node_point(w.get(), norm), viewport_point(w->view(), target));
  QCOMPARE(w->document()->graph().links().size(), size_t(2));
  QVERIFY((w->document()->graph().links()[0] == Link{d, norm, 0} || w->document()->graph().links()[1] == Link{d, norm, 0}));
  w->action("undo")->trigger();  // the move and the relinking are one step
  QCOMPARE(w->document()->serialized(), with_norm);
}

void TestUiCanvas::delete_key_removes_and_undo_restores() {
  std::unique_ptr<MainWindow> w(new_window());
  const auto a = drop_layer(w.get(), "Input", {100, 0});
  const auto b = drop_layer(w.get(), "Dense", {100, 150});
  const auto c = drop_layer(w.get(), "Dense", {100, 300});
  drag_link(w->view(), out(a), in(b));
  drag_link(w->view(), out(b), in(c));
  const std::string before = w->document()->serialized();
  click_node(w.get(), b);
  QTest::keyClick(w->view(), Qt::Key_Delete);
  QVERIFY(!w->document()->graph().find(b));
  QCOMPARE(w->document()->graph().links().size(), size_t(0));
  QTest::keyClick(w->view(), Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(w->document()->serialized(), before);
  // A selected link alone goes too.
  LinkItem* link = w->scene()->link_item({b, c, 0});
  QVERIFY(link);
  w->scene()->clearSelection();
  link->setSelected(true);
  QTest::keyClick(w->view(), Qt::Key_Delete);
  QCOMPARE(w->document()->graph().links().size(), size_t(1));
  QCOMPARE(w->document()->graph().nodes().size(), size_t(3));
}

void TestUiCanvas::copy_and_paste_between_two_windows() {
  std::unique_ptr<MainWindow> a(new_window());
  const auto x = drop_layer(a.get(), "Dense", {100, 0});
  const auto y = drop_layer(a.get(), "Dropout", {100, 150});
  drag_link(a->view(), out(x), in(y));
  click_node(a.get(), x);
  set_spin(a->inspector()->field("units"), 42);
  click_node(a.get(), y, Qt::ControlModifier);
  QCOMPARE(a->scene()->selected_node_ids().size(), size_t(2));
  a->view()->setFocus();
  QTest::keyClick(a->view(), Qt::Key_C, Qt::ControlModifier);

  std::unique_ptr<MainWindow> b(new_window());
  b->activateWindow();
  b->view()->setFocus();
  QTest::keyClick(b->view(), Qt::Key_V, Qt::ControlModifier);
  const Graph& g = b->document()->graph();
  QCOMPARE(g.nodes().size(), size_t(2));
  QCOMPARE(g.find("dense_1")->params["units"].get<int>(), 42);
  QCOMPARE(g.links().size(), size_t(1));
  QCOMPARE(b->scene()->selected_node_ids().size(), size_t(2));
  // Pasting again in the same window renames what clashes.
  QTest::keyClick(b->view(), Qt::Key_V, Qt::ControlModifier);
  QVERIFY(g.find("dense_2") && g.find("dropout_2"));
  QVERIFY((g.links().back() == Link{"dense_2", "dropout_2", 0}));
  // Ctrl+D duplicates the selection.
  QTest::keyClick(b->view(), Qt::Key_D, Qt::ControlModifier);
  QCOMPARE(g.nodes().size(), size_t(6));
}

void TestUiCanvas::quick_add_offers_the_layers_that_fit() {
  std::unique_ptr<MainWindow> w(new_window());
  const auto input = drop_layer(w.get(), "Input", {100, 0});
  const auto conv = drop_layer(w.get(), "Conv2D", {100, 150});
  drag_link(w->view(), out(input), in(conv));
  settle(w.get());
  // A link dragged from the convolution into empty space.
  mouse_drag(w->view()->viewport(), port_point(w->view(), out(conv)), viewport_point(w->view(), {120, 330}));
  QuickAddPopup* popup = w->view()->quick_add();
  QVERIFY(popup->isVisible());
  const QStringList offered = popup->listed_types();
  QVERIFY(offered.contains("Flatten"));
  QVERIFY(offered.contains("MaxPool2D"));
  QVERIFY2(!offered.contains("Dense"), qPrintable(offered.join(",")));  // Dense refuses an image
  QVERIFY(!offered.contains("Input"));
  QTest::keyClicks(popup->search_field(), "flat");
  QCOMPARE(popup->listed_types().first(), QString("Flatten"));
  QTest::keyClick(popup->search_field(), Qt::Key_Return);
  QVERIFY(!popup->isVisible());
  const auto& links = w->document()->graph().links();
  QVERIFY((links.back() == Link{conv, "flatten_1", 0}));

  // From an input port into space: the layers that can feed it (no losses).
  const auto head = drop_layer(w.get(), "Dense", {600, 150});
  mouse_drag(w->view()->viewport(), port_point(w->view(), in(head)), viewport_point(w->view(), {700, 0}));
  QVERIFY(popup->isVisible());
  QVERIFY(popup->listed_types().contains("Input"));
  QVERIFY(!popup->listed_types().contains("SoftmaxCrossEntropy"));
  QTest::keyClicks(popup->search_field(), "Input");
  QTest::keyClick(popup->search_field(), Qt::Key_Return);
  QVERIFY((w->document()->graph().links().back() == Link{"input_2", head, 0}));

  // Space on the canvas: every layer, fuzzy search.
  w->view()->setFocus();
  QTest::keyPress(w->view(), Qt::Key_Space);
  QTest::keyRelease(w->view(), Qt::Key_Space);
  QVERIFY(popup->isVisible());
  QVERIFY(popup->listed_types().size() >= 20);
  QTest::keyClicks(popup->search_field(), "bnorm");
  QCOMPARE(popup->listed_types().first(), QString("BatchNormalization"));
  QTest::keyClick(popup->search_field(), Qt::Key_Escape);
  QVERIFY(!popup->isVisible());
}

void TestUiCanvas::inspector_edits_are_validated_and_undoable() {
  std::unique_ptr<MainWindow> w(new_window());
  const auto a = drop_layer(w.get(), "Dense", {100, 0});
  const auto b = drop_layer(w.get(), "Dense", {400, 0});
  const auto drop = drop_layer(w.get(), "Dropout", {100, 200});
  const auto conv = drop_layer(w.get(), "Conv2D", {400, 200});
  InspectorPanel* insp = w->inspector();

  // A name that is taken is refused beside the field; nothing changes.
  click_node(w.get(), a);
  type_into(insp->name_field(), QString::fromStdString(b));
  QVERIFY2(insp->name_message().contains("already exists"), qPrintable(insp->name_message()));
  QTest::keyClick(insp->name_field(), Qt::Key_Return);
  QVERIFY(w->document()->graph().find(a));
  type_into(insp->name_field(), "encoder");
  QTest::keyClick(insp->name_field(), Qt::Key_Return);
  QVERIFY(w->document()->graph().find("encoder"));
  QVERIFY(insp->name_message().isEmpty());
  // The next edit reaches the node under its new name.
  set_spin(insp->field("units"), 33);
  QCOMPARE(w->document()->graph().find("encoder")->params["units"].get<int>(), 33);
  w->action("undo")->trigger();
  w->action("undo")->trigger();
  QVERIFY(w->document()->graph().find(a));

  // A number out of the spec's range: the message names the limit, the project keeps the last valid value.
  click_node(w.get(), drop);
  type_into(insp->field("rate"), "1.5");
  QVERIFY2(insp->message("rate").contains("below 1"), qPrintable(insp->message("rate")));
  QVERIFY(!w->document()->graph().find(drop)->params.contains("rate"));
  type_into(insp->field("rate"), "0.25");
  QVERIFY(insp->message("rate").isEmpty());
  QCOMPARE(w->document()->graph().find(drop)->params["rate"].get<double>(), 0.25);

  // An integer list in any usual spelling.
  click_node(w.get(), conv);
  type_into(insp->field("kernel_size"), "5x5");
  QCOMPARE(w->document()->graph().find(conv)->params["kernel_size"], nlohmann::json({5, 5}));
  type_into(insp->field("kernel_size"), "3, 3");  // the default again: the key goes
  QVERIFY(!w->document()->graph().find(conv)->params.contains("kernel_size"));
  // The analysis' error for the node shows beside the field it names.
  const auto image = drop_layer(w.get(), "Input", {700, 0});
  drag_link(w->view(), out(image), in(conv));
  click_node(w.get(), conv);
  type_into(insp->field("kernel_size"), "40, 40");
  settle(w.get());
  QVERIFY2(insp->message("kernel_size").contains("28"), qPrintable(insp->message("kernel_size")));
  type_into(insp->field("kernel_size"), "3, 3");
  settle(w.get());
  QVERIFY(insp->message("kernel_size").isEmpty());

  // Two nodes of one type: one edit sets both, one undo step.
  click_node(w.get(), a);
  click_node(w.get(), b, Qt::ControlModifier);
  const int steps = w->document()->undo_stack()->count();
  set_spin(insp->field("units"), 256);
  QCOMPARE(w->document()->graph().find(a)->params["units"].get<int>(), 256);
  QCOMPARE(w->document()->graph().find(b)->params["units"].get<int>(), 256);
  QCOMPARE(w->document()->undo_stack()->count(), steps + 1);
  w->action("undo")->trigger();
  QVERIFY(!w->document()->graph().find(b)->params.contains("units"));
  // A check box.
  auto* bias = qobject_cast<QCheckBox*>(insp->field("use_bias"));
  QVERIFY(bias);
  QTest::mouseClick(bias, Qt::LeftButton, {}, QPoint(8, bias->height() / 2));
  QCOMPARE(w->document()->graph().find(a)->params["use_bias"].get<bool>(), false);
}

void TestUiCanvas::problems_panel_points_at_the_error() {
  std::unique_ptr<MainWindow> w(new_window());
  QVERIFY(w->open_project(STRATA_EXAMPLES "/fashion_mnist_cnn.strata"));
  // Delete the Flatten and link the pool straight into the Dense layer.
  w->scene()->select_only({"flatten_1"});
  w->action("delete")->trigger();
  w->view()->reset_zoom();
  w->view()->center_on_node("max_pool2d_2");
  drag_link(w->view(), out("max_pool2d_2"), in("dense_1"));
  settle(w.get());
  QTreeWidget* table = w->problems()->table();
  QTreeWidgetItem* row = nullptr;
  for (int i = 0; i < table->topLevelItemCount(); ++i)
    if (table->topLevelItem(i)->text(0) == "dense_1") row = table->topLevelItem(i);
  QVERIFY(row);
  QCOMPARE(row->text(1), QString("input"));
  QVERIFY2(row->text(3).contains("Flatten"), qPrintable(row->text(3)));
  QVERIFY(!w->action("train")->isEnabled());
  QVERIFY2(w->action("train")->toolTip().contains("dense_1"), qPrintable(w->action("train")->toolTip()));
  QVERIFY(w->scene()->node_item("dense_1")->has_error());
  w->scene()->clearSelection();
  w->view()->centerOn(-3000, -3000);
  table->scrollToItem(row);
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(row).center());
  QCOMPARE(w->scene()->selected_node_ids(), std::vector<std::string>{"dense_1"});
  QVERIFY(w->view()->viewport()->rect().contains(node_point(w.get(), "dense_1")));
  // The fix the hint names: insert a Flatten into the link.
  LinkItem* link = w->scene()->link_item({"max_pool2d_2", "dense_1", 0});
  drop_layer(w.get(), "Flatten", link->shape().boundingRect().center());
  settle(w.get());
  QVERIFY(w->document()->report().ok());
  QVERIFY(!w->scene()->node_item("dense_1")->has_error());
  QVERIFY(w->action("train")->isEnabled());
}

// Masks travel with links and are never drawn: the inspector says where a
// node's comes from and what the node does with it, and follows the
// Embedding's mask_zero box as a user ticks it (and undo).
void TestUiCanvas::padding_masks_show_in_the_inspector() {
  std::unique_ptr<MainWindow> w(new_window());
  QVERIFY(w->open_project(STRATA_EXAMPLES "/transformer_text.strata"));
  settle(w.get());
  InspectorPanel* insp = w->inspector();
  auto stats_of = [&](const char* id) {
    w->scene()->select_only({id});
    settle(w.get());
    return insp->stats_text();
  };
  QVERIFY2(stats_of("embedding_1").contains("made here"), qPrintable(insp->stats_text()));
  QVERIFY2(stats_of("dense_1").contains("from embedding_1, passed on"), qPrintable(insp->stats_text()));
  QVERIFY2(stats_of("global_average_pooling1d_1").contains("from embedding_1, used here"), qPrintable(insp->stats_text()));
  QVERIFY(!stats_of("dense_5").contains("Padding mask"));  // pooling over time consumed it

  const nlohmann::json before = w->document()->graph().find("embedding_1")->params;
  stats_of("embedding_1");
  auto* mask_zero = qobject_cast<QCheckBox*>(insp->field("mask_zero"));
  QVERIFY(mask_zero && mask_zero->isChecked());
  QTest::mouseClick(mask_zero, Qt::LeftButton, {}, QPoint(8, mask_zero->height() / 2));
  settle(w.get());
  QCOMPARE(w->document()->graph().find("embedding_1")->params.value("mask_zero", false), false);  // the default: not stored
  QVERIFY2(!stats_of("global_average_pooling1d_1").contains("Padding mask"), qPrintable(insp->stats_text()));
  w->action("undo")->trigger();
  settle(w.get());
  QCOMPARE(w->document()->graph().find("embedding_1")->params, before);
  QVERIFY(stats_of("global_average_pooling1d_1").contains("used here"));
}

void TestUiCanvas::summary_and_code_follow_the_graph() {
  std::unique_ptr<MainWindow> w(new_window());
  QVERIFY(w->open_project(STRATA_EXAMPLES "/fashion_mnist_cnn.strata"));
  settle(w.get());
  QTreeWidget* table = w->summary()->table();
  QCOMPARE(table->topLevelItemCount(), int(w->document()->graph().nodes().size()));
  QCOMPARE(table->topLevelItem(1)->text(0), QString("conv2d_1"));
  QCOMPARE(table->topLevelItem(1)->text(2), QString::fromUtf8("32\u00D726\u00D726"));
  QCOMPARE(table->topLevelItem(1)->text(3), QString("320"));
  QVERIFY2(w->summary()->memory_text().contains("batch 64"), qPrintable(w->summary()->memory_text()));
  // Against a device too small for it: a warning.
  w->summary()->set_device("tiny", 1024);
  QVERIFY(w->summary()->memory_warning());
  w->summary()->set_device("big", uint64_t(1) << 34);
  QVERIFY(!w->summary()->memory_warning());
  // A click selects the node (in the summary's tab, brought to the front).
  w->findChild<QDockWidget*>("summary_dock")->raise();
  QApplication::processEvents();
  table->scrollToItem(table->topLevelItem(6));
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(table->topLevelItem(6)).center());
  QCOMPARE(w->scene()->selected_node_ids(), std::vector<std::string>{"dense_1"});
  // The code is the exporter's, and follows edits.
  w->code()->refresh();
  QVERIFY2(w->code()->code().contains("nn.Conv2d(1, 32, (3, 3)"), qPrintable(w->code()->code()));
  set_spin(w->inspector()->field("units"), 99);
  w->code()->refresh();
  QVERIFY(w->code()->code().contains("nn.Linear(1600, 99"));
  QCOMPARE(table->topLevelItem(6)->text(3), QLocale().toString(1600 * 99 + 99));
}

void TestUiCanvas::undo_and_redo_restore_every_state() {
  std::unique_ptr<MainWindow> w(new_window());
  std::vector<std::string> states{w->document()->serialized()};
  auto record = [&] {
    settle(w.get());
    QVERIFY(w->document()->serialized() != states.back());
    states.push_back(w->document()->serialized());
  };
  const auto x = drop_layer(w.get(), "Input", {100, 0});
  record();
  const auto d = drop_layer(w.get(), "Dense", {100, 150});
  record();
  drag_link(w->view(), out(x), in(d));
  record();
  // One drag of a node is one step, however many mouse moves it took.
  mouse_drag(w->view()->viewport(), node_point(w.get(), d), node_point(w.get(), d) + QPoint(80, 40));
  record();
  click_node(w.get(), d);
  set_spin(w->inspector()->field("units"), 77);
  record();
  QTest::keyClick(w->view(), Qt::Key_Right);
  QTest::keyClick(w->view(), Qt::Key_Right);  // nudges merge
  record();
  QTest::keyClick(w->view(), Qt::Key_D, Qt::ControlModifier);
  record();
  w->action("layout")->trigger();
  record();
  click_node(w.get(), x);
  QTest::keyClick(w->view(), Qt::Key_Delete);
  record();
  QCOMPARE(w->document()->undo_stack()->count(), int(states.size()) - 1);
  for (size_t i = states.size() - 1; i > 0; --i) {
    QTest::keyClick(w->view(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->document()->serialized(), states[i - 1]);
  }
  QVERIFY(!w->isWindowModified());
  for (size_t i = 1; i < states.size(); ++i) {
    QTest::keyClick(w->view(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w->document()->serialized(), states[i]);
  }
  QVERIFY(w->isWindowModified());
}

void TestUiCanvas::every_example_opens_without_problems() {
  std::unique_ptr<MainWindow> w(new MainWindow);
  w->setAttribute(Qt::WA_DeleteOnClose, false);
  w->resize(1600, 1000);
  w->show();
  QVERIFY(QTest::qWaitForWindowExposed(w.get()));
  // From the start page's gallery, one click.
  QListWidget* gallery = w->start_page()->examples();
  QVERIFY(gallery->count() >= 6);
  const int n = gallery->count();
  for (int i = 0; i < n; ++i) {
    if (w->showing_canvas()) w->action("close_project")->trigger();
    QVERIFY(!w->showing_canvas());
    QListWidget* g = w->start_page()->examples();
    g->scrollToItem(g->item(i));
    QTest::mouseClick(g->viewport(), Qt::LeftButton, {}, g->visualItemRect(g->item(i)).center());
    QVERIFY2(w->showing_canvas(), qPrintable(g->item(i)->text()));
    settle(w.get());
    const ModelReport& r = w->document()->report();
    QVERIFY2(r.problems.empty(), qPrintable(g->item(i)->text() + ": " + QString::fromStdString(r.problems.empty() ? "" : r.problems[0].message)));
    QVERIFY(!w->isWindowModified());
    QCOMPARE(w->scene()->node_items().size(), w->document()->graph().nodes().size());
  }
}

void TestUiCanvas::a_project_file_dropped_on_the_window_opens() {
  std::unique_ptr<MainWindow> w(new_window());
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(STRATA_EXAMPLES "/fashion_mnist_mlp.strata")});
  const QPoint at = w->rect().center();
  QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, {});
  QApplication::sendEvent(w.get(), &enter);
  QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, {});
  QApplication::sendEvent(w.get(), &drop);
  QCOMPARE(w->document()->title(), QString("Fashion-MNIST MLP"));
  QVERIFY(w->showing_canvas());
}

STRATA_UI_TEST_MAIN(TestUiCanvas)
#include "test_ui_canvas.moc"
