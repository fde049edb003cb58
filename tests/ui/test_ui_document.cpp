// The open project without the window: every undo command restores the
// serialized project exactly (node and link order included), edits of one
// field merge, saving and reopening round-trips, a bad file changes nothing,
// copy and paste rename what clashes, and a crash leaves a recovery file
// that brings the unsaved edits back.
#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QProcess>
#include <fstream>

#include "common/theme.h"
#include "core/error.h"
#include "document/graph_commands.h"
#include "document/graph_fragment.h"
#include "document/project_document.h"
#include "document/recovery.h"
#include "ui_test_support.h"

using namespace strata;
using namespace strata::ui;

namespace {

Node node(const std::string& id, const std::string& type, nlohmann::json params = nlohmann::json::object(), NodePos pos = {}) {
  Node n;
  n.id = id, n.type = type, n.params = std::move(params), n.pos = pos;
  return n;
}

// A document holding Input -> Dense -> Dense -> Add(2 inputs) -> loss with a skip.
void build_branchy(ProjectDocument& doc) {
  QUndoStack* s = doc.undo_stack();
  s->push(new AddNodeCommand(&doc, node("in", "Input", {{"shape", {8}}})));
  s->push(new AddNodeCommand(&doc, node("a", "Dense", {{"units", 8}}, {0, 120})));
  s->push(new AddNodeCommand(&doc, node("b", "Dense", {{"units", 8}}, {200, 120})));
  s->push(new AddNodeCommand(&doc, node("sum", "Add", {}, {0, 240})));
  s->push(new AddNodeCommand(&doc, node("head", "Dense", {{"units", 3}}, {0, 360})));
  s->push(new AddNodeCommand(&doc, node("loss", "SoftmaxCrossEntropy", {}, {0, 480})));
  for (const Link& l : std::vector<Link>{{"in", "a", 0}, {"a", "b", 0}, {"a", "sum", 0}, {"b", "sum", 1}, {"sum", "head", 0}, {"head", "loss", 0}})
    s->push(new AddLinkCommand(&doc, l));
}

}  // namespace

class TestUiDocument : public QObject {
  Q_OBJECT
 private slots:
  void undo_and_redo_restore_the_serialized_project_exactly();
  void edits_of_one_field_merge_within_a_session();
  void save_and_reopen_round_trips();
  void bad_files_open_nothing_data();
  void bad_files_open_nothing();
  void paste_renames_what_clashes();
  void clipboard_refuses_text_that_is_not_a_project();
  void recovery_file_survives_a_crash();
  void analysis_reports_problems_by_node_and_field();
};

void TestUiDocument::undo_and_redo_restore_the_serialized_project_exactly() {
  ProjectDocument doc;
  std::vector<std::string> states{doc.serialized()};
  auto push = [&](QUndoCommand* c) {
    doc.undo_stack()->push(c);
    states.push_back(doc.serialized());
  };
  build_branchy(doc);
  states.clear();
  states.push_back(doc.serialized());
  // Removing a node in the middle of the list takes its links from the middle of theirs.
  push(new RemoveNodeCommand(&doc, "a"));
  QCOMPARE(doc.graph().links().size(), size_t(3));
  push(new SetParamCommand(&doc, {"sum"}, "inputs", 3));
  push(new AddNodeCommand(&doc, node("c", "Dense", {}, {300, 300})));
  push(new AddLinkCommand(&doc, {"in", "c", 0}));
  push(new AddLinkCommand(&doc, {"c", "sum", 2}));
  push(new AddLinkCommand(&doc, {"c", "sum", 0}));
  // Fewer inputs on a merge node drops the link into the port that goes.
  push(new SetParamCommand(&doc, {"sum"}, "inputs", 2));
  QCOMPARE(std::count(doc.graph().links().begin(), doc.graph().links().end(), Link{"c", "sum", 2}), 0);
  {
    // The training settings name layers: they follow a rename and forget a deleted node.
    nlohmann::json before = doc.settings_json(), after = before;
    after["training"]["freeze"] = {"c", "b"};
    after["training"]["init_from"] = {{"source", "run-x"}, {"layers", {"c"}}};
    push(new SetSettingsCommand(&doc, before, after, "freeze"));
  }
  {
    auto* macro = new MacroCommand("several");
    new RemoveLinkCommand(&doc, {"b", "sum", 1}, macro);
    new SetParamCommand(&doc, {"b", "c"}, "units", 5, 0, macro);
    new RenameNodeCommand(&doc, "c", "see", macro);
    push(macro);
  }
  QCOMPARE(doc.project().training.freeze, (std::vector<std::string>{"see", "b"}));
  QCOMPARE(doc.project().training.init_from.layers, (std::vector<std::string>{"see"}));
  push(new RemoveNodeCommand(&doc, "b"));
  QCOMPARE(doc.project().training.freeze, (std::vector<std::string>{"see"}));
  push(new MoveNodesCommand(&doc, {{"head", {{0, 360}, {10.5, 370.25}}}}, "move"));
  push(new SetParamCommand(&doc, {"head"}, "activation", "relu"));
  push(new SetParamCommand(&doc, {"head"}, "activation", nullptr));  // back to the default: the key goes
  {
    nlohmann::json before = doc.settings_json(), after = before;
    after["name"] = "renamed";
    after["training"]["batch_size"] = 16;
    push(new SetSettingsCommand(&doc, before, after, "settings"));
  }
  push(new RemoveNodeCommand(&doc, "in"));
  // Undo back to the start, then redo to the end: every state exactly as it was.
  for (size_t i = states.size() - 1; i > 0; --i) {
    doc.undo_stack()->undo();
    QCOMPARE(doc.serialized(), states[i - 1]);
  }
  for (size_t i = 1; i < states.size(); ++i) {
    doc.undo_stack()->redo();
    QCOMPARE(doc.serialized(), states[i]);
  }
}

void TestUiDocument::edits_of_one_field_merge_within_a_session() {
  ProjectDocument doc;
  build_branchy(doc);
  const int before = doc.undo_stack()->count();
  for (int units : {1, 12, 128}) doc.undo_stack()->push(new SetParamCommand(&doc, {"head"}, "units", units, 7));
  QCOMPARE(doc.undo_stack()->count(), before + 1);
  QCOMPARE(doc.graph().find("head")->params["units"].get<int>(), 128);
  // Another session (the field lost the focus) is another step.
  doc.undo_stack()->push(new SetParamCommand(&doc, {"head"}, "units", 64, 8));
  QCOMPARE(doc.undo_stack()->count(), before + 2);
  doc.undo_stack()->undo();
  doc.undo_stack()->undo();
  QCOMPARE(doc.graph().find("head")->params["units"].get<int>(), 3);
  // Moves by keyboard nudges merge; drags never do.
  doc.undo_stack()->push(new MoveNodesCommand(&doc, {{"a", {{0, 120}, {10, 120}}}}, "nudge", true));
  doc.undo_stack()->push(new MoveNodesCommand(&doc, {{"a", {{10, 120}, {20, 120}}}}, "nudge", true));
  QCOMPARE(doc.undo_stack()->count(), before + 1);
  doc.undo_stack()->undo();
  QCOMPARE(doc.graph().find("a")->pos, (NodePos{0, 120}));
}

void TestUiDocument::save_and_reopen_round_trips() {
  QTemporaryDir dir;
  ProjectDocument doc;
  build_branchy(doc);
  QVERIFY(doc.is_modified());
  const QString path = dir.filePath("branchy.strata");
  doc.save_as(path);
  QVERIFY(!doc.is_modified());
  QCOMPARE(doc.file_path(), path);
  ProjectDocument again;
  again.open(path);
  QCOMPARE(again.serialized(), doc.serialized());
  QVERIFY(!again.is_modified());
  QCOMPARE(again.undo_stack()->count(), 0);
  // The file is exactly what the document serializes.
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadOnly));
  QCOMPARE(f.readAll().toStdString(), doc.serialized());
  // An edit after saving marks it modified again; undo back to the save is clean.
  doc.undo_stack()->push(new SetParamCommand(&doc, {"head"}, "units", 4));
  QVERIFY(doc.is_modified());
  doc.undo_stack()->undo();
  QVERIFY(!doc.is_modified());
}

void TestUiDocument::bad_files_open_nothing_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("expected");
  const QString head = R"({"format": "strata-project", "version": 1, )";
  QTest::addRow("not json") << "{nope" << "not valid JSON";
  QTest::addRow("newer") << R"({"format": "strata-project", "version": 7})" << "written by a newer Strata";
  QTest::addRow("bad field") << head + R"("graph": {"nodes": [{"id": "c", "type": "Conv2D", "params": {"filters": -3}}]}})"
                             << "node 'c': filters";
  QTest::addRow("unknown layer") << head + R"("graph": {"nodes": [{"id": "z", "type": "Dense3D"}]}})" << "node 'z'";
}

void TestUiDocument::bad_files_open_nothing() {
  QFETCH(QString, text);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  const QString good = dir.filePath("good.strata"), bad = dir.filePath("bad.strata");
  ProjectDocument doc;
  build_branchy(doc);
  doc.save_as(good);
  doc.undo_stack()->push(new SetParamCommand(&doc, {"head"}, "units", 4));  // an unsaved edit
  const std::string before = doc.serialized();
  std::ofstream(bad.toStdString()) << text.toStdString();
  QString message;
  try {
    doc.open(bad);
  } catch (const Error& e) {
    message = e.what();
  }
  QVERIFY2(message.startsWith(bad) && message.contains(expected), qPrintable(message));
  QCOMPARE(doc.serialized(), before);
  QCOMPARE(doc.file_path(), good);
  QVERIFY(doc.is_modified());
  QVERIFY(doc.undo_stack()->canUndo());
}

void TestUiDocument::paste_renames_what_clashes() {
  ProjectDocument doc;
  build_branchy(doc);
  const std::string json = fragment_json(doc.graph(), {"a", "b", "sum"});
  const Graph fragment = fragment_from_text(json);
  QCOMPARE(fragment.nodes().size(), size_t(3));
  QCOMPARE(fragment.links().size(), size_t(3));  // a->b, a->sum, b->sum; not in->a
  auto* macro = new MacroCommand("paste");
  const auto ids = add_fragment(&doc, fragment, 40, 40, macro);
  doc.undo_stack()->push(macro);
  QCOMPARE(ids, (std::vector<std::string>{"a_2", "b_2", "sum_2"}));
  const Node* copy = doc.graph().find("b_2");
  QVERIFY(copy);
  QCOMPARE(copy->pos, (NodePos{240, 160}));
  QCOMPARE(copy->params, doc.graph().find("b")->params);
  int copied_links = 0;
  for (const auto& l : doc.graph().links()) copied_links += l.to == "sum_2" && (l.from == "a_2" || l.from == "b_2");
  QCOMPARE(copied_links, 2);
  // Through the system clipboard, as between two windows.
  QApplication::clipboard()->setMimeData(fragment_mime(doc.graph(), {"head"}));
  const Graph from_clipboard = fragment_from_mime(*QApplication::clipboard()->mimeData());
  QCOMPARE(from_clipboard.nodes().at(0).params["units"].get<int>(), 3);
}

void TestUiDocument::clipboard_refuses_text_that_is_not_a_project() {
  QString message;
  try {
    fragment_from_text(R"({"format": "strata-project", "version": 1, "graph": {"nodes": [{"id": "x", "type": "Dense", "params": {"units": "many"}}]}})");
  } catch (const Error& e) {
    message = e.what();
  }
  QVERIFY2(message.startsWith("clipboard: node 'x'") && message.contains("units"), qPrintable(message));
  message.clear();
  try {
    fragment_from_text("hello");
  } catch (const Error& e) {
    message = e.what();
  }
  QVERIFY2(message.contains("not a Strata project"), qPrintable(message));
}

void TestUiDocument::recovery_file_survives_a_crash() {
  QTemporaryDir dir;
  const QString path = dir.filePath("work.strata");
  QString recovery_file;
  std::string edited;
  {
    auto* doc = new ProjectDocument;
    build_branchy(*doc);
    doc->save_as(path);
    auto* saver = new Autosaver(doc, 60000);
    doc->undo_stack()->push(new SetParamCommand(doc, {"head"}, "units", 7));
    edited = doc->serialized();
    saver->save_now();
    recovery_file = saver->file();
    QVERIFY(QFile::exists(recovery_file));
    // The writer is alive (this process): nothing to offer yet.
    for (const auto& e : orphaned_recoveries()) QVERIFY(e.file != recovery_file);
    // A crash: the process dies without closing the document. Simulate it by
    // handing the file to a process id that no longer runs.
    QProcess gone;
    gone.start("true");
    gone.waitForFinished();
    const qint64 dead = gone.processId() ? gone.processId() : 999999;
    nlohmann::json j = nlohmann::json::parse(std::ifstream(recovery_file.toStdString()));
    j["pid"] = dead > 0 ? dead : 999999;
    std::ofstream(recovery_file.toStdString()) << j.dump();
    // Leak the document as a crash would (no destructor removes the file).
    doc->setParent(nullptr);
    saver->setParent(nullptr);
  }
  const auto entries = orphaned_recoveries();
  auto it = std::find_if(entries.begin(), entries.end(), [&](const RecoveryEntry& e) { return e.file == recovery_file; });
  QVERIFY(it != entries.end());
  QCOMPARE(it->original_path, path);
  ProjectDocument restored;
  restored.open_recovered(load_recovery(it->file), it->original_path);
  QCOMPARE(restored.serialized(), edited);
  QVERIFY(restored.is_modified());  // recovered edits are unsaved until saved
  QCOMPARE(restored.file_path(), path);
  // A clean close removes its own file.
  {
    ProjectDocument doc;
    build_branchy(doc);
    QString file;
    {
      Autosaver saver(&doc, 60000);
      saver.save_now();
      file = saver.file();
      QVERIFY(QFile::exists(file));
    }
    QVERIFY(!QFile::exists(file));
  }
  discard_recovery(recovery_file);
}

void TestUiDocument::analysis_reports_problems_by_node_and_field() {
  ProjectDocument doc;
  build_branchy(doc);
  doc.undo_stack()->push(new AddNodeCommand(&doc, node("conv", "Conv2D", {}, {400, 0})));
  doc.undo_stack()->push(new AddLinkCommand(&doc, {"in", "conv", 0}));
  doc.flush_analysis();
  const ModelReport& r = doc.report();
  auto find = [&](const std::string& node) -> const Problem* {
    for (const auto& p : r.problems)
      if (p.node == node) return &p;
    return nullptr;
  };
  const Problem* conv = find("conv");
  QVERIFY(conv);
  QCOMPARE(conv->severity, Problem::Severity::Error);
  QCOMPARE(conv->field, std::string("input"));
  QVERIFY2(QString::fromStdString(conv->message).contains("[channels, height, width]"), conv->message.c_str());
  QVERIFY(!conv->hint.empty());
  // The Conv2D leads nowhere: a warning on that node too.
  bool warned = false;
  for (const auto& p : r.problems) warned = warned || (p.node == "conv" && p.severity == Problem::Severity::Warning);
  QVERIFY(warned);
}

STRATA_UI_TEST_MAIN(TestUiDocument)
#include "test_ui_document.moc"
