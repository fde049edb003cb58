// The graph model, its analysis (shape inference, parameter counts, messages
// naming node and field with a fix) and the project file (round trip and
// malformed files).
#include <QTemporaryDir>

#include <fstream>

#include "core/error.h"
#include "graph/analysis.h"
#include "graph/graph_diff.h"
#include "graph/project.h"
#include "layers/layer_names.h"
#include "layers/registry.h"
#include "test_support.h"

using namespace strata;

namespace {

// Input -> layers... -> SoftmaxCrossEntropy, linked in a chain.
Graph chain(const std::vector<std::pair<std::string, nlohmann::json>>& layers) {
  Graph g;
  std::string prev;
  for (const auto& [type, params] : layers) {
    const std::string id = g.add_node(type, params);
    if (!prev.empty()) g.add_link({prev, id, 0});
    prev = id;
  }
  return g;
}

QString all_errors(const ModelReport& r) {
  QString s;
  for (const auto& e : r.errors) s += QString::fromStdString(e) + "\n";
  return s;
}

Graph tutorial_cnn() {
  return chain({{"Input", {{"shape", {1, 28, 28}}}},
                {"Conv2D", {{"filters", 32}, {"kernel_size", {3, 3}}, {"activation", "relu"}}},
                {"MaxPool2D", {}},
                {"Conv2D", {{"filters", 64}, {"kernel_size", {3, 3}}, {"activation", "relu"}}},
                {"MaxPool2D", {}},
                {"Flatten", {}},
                {"Dense", {{"units", 128}, {"activation", "relu"}}},
                {"Dense", {{"units", 10}}},
                {"SoftmaxCrossEntropy", {}}});
}

class Recorder : public GraphObserver {
 public:
  void graph_changed(const GraphChange& c) override { kinds.push_back(c.kind); }
  std::vector<GraphChange::Kind> kinds;
};

}  // namespace

class TestGraph : public QObject {
  Q_OBJECT
 private slots:
  void infers_shapes_and_counts_like_keras();
  void messages_name_node_and_field_data();
  void messages_name_node_and_field();
  void structural_errors();
  void loss_must_fit_the_labels();
  void observers_see_every_change();
  void project_round_trips();
  void malformed_projects_data();
  void malformed_projects();
  void examples_load_and_analyze();
  void keras_names_are_understood();
  void diff_of_two_graphs();
};

void TestGraph::infers_shapes_and_counts_like_keras() {
  const ModelReport r = analyze(tutorial_cnn());
  QVERIFY2(r.ok(), qPrintable(all_errors(r)));
  // Keras' model.summary() for this network.
  QCOMPARE(r.node("conv2d_1")->shape.output, (Shape{32, 26, 26}));
  QCOMPARE(r.node("conv2d_1")->shape.parameters, int64_t(320));
  QCOMPARE(r.node("max_pool2d_1")->shape.output, (Shape{32, 13, 13}));
  QCOMPARE(r.node("conv2d_2")->shape.parameters, int64_t(18496));
  QCOMPARE(r.node("max_pool2d_2")->shape.output, (Shape{64, 5, 5}));
  QCOMPARE(r.node("flatten_1")->shape.output, (Shape{1600}));
  QCOMPARE(r.node("dense_1")->shape.parameters, int64_t(204928));
  QCOMPARE(r.parameters, int64_t(225034));
  QCOMPARE(r.input, std::string("input_1"));
  QCOMPARE(r.output, std::string("dense_2"));
  QVERIFY(r.flops > 0 && r.training_bytes > 4 * 225034 * 4);
  // LSTM parameters as PyTorch counts them with one bias (Keras' count).
  const ModelReport l = analyze(chain({{"Input", {{"shape", {28, 28}}}}, {"LSTM", {{"units", 64}}}, {"Dense", {{"units", 10}}},
                                       {"SoftmaxCrossEntropy", {}}}));
  QVERIFY2(l.ok(), qPrintable(all_errors(l)));
  QCOMPARE(l.node("lstm_1")->shape.parameters, int64_t(4 * 64 * (28 + 64) + 4 * 64));
}

void TestGraph::messages_name_node_and_field_data() {
  QTest::addColumn<QString>("layer");
  QTest::addColumn<QString>("params");
  QTest::addColumn<QString>("input");
  QTest::addColumn<QString>("expected");
  QTest::addRow("kernel larger than input") << "Conv2D" << R"({"kernel_size": [5, 5]})" << "[1, 3, 3]"
                                            << "conv2d_1: kernel_size: kernel size 5x5 is larger than the input 3x3";
  QTest::addRow("zero units") << "Dense" << R"({"units": 0})" << "[8]" << "dense_1: units must be at least 1";
  QTest::addRow("negative rate") << "Dropout" << R"({"rate": -0.5})" << "[8]" << "dropout_1: rate must be at least 0";
  QTest::addRow("rate of one") << "Dropout" << R"({"rate": 1.0})" << "[8]" << "dropout_1: rate must be below 1";
  QTest::addRow("dense after conv") << "Dense" << R"({"units": 4})" << "[3, 8, 8]" << "(insert Flatten";
  QTest::addRow("unknown parameter") << "Dense" << R"({"unitz": 4})" << "[8]" << "dense_1: unitz: Dense has no parameter 'unitz'";
  QTest::addRow("bad choice") << "Conv2D" << R"({"padding": "full"})" << "[1, 8, 8]"
                              << "conv2d_1: padding must be one of valid, same, not 'full'";
  QTest::addRow("lstm zero units") << "LSTM" << R"({"units": 0})" << "[5, 3]" << "lstm_1: units must be at least 1";
  QTest::addRow("lstm on images") << "LSTM" << R"({})" << "[1, 28, 28]" << "Reshape to [height, width]";
  QTest::addRow("pool too big") << "MaxPool2D" << R"({"pool_size": [4, 4]})" << "[1, 3, 3]" << "max_pool2d_1: pool_size";
  QTest::addRow("embedding padding") << "Embedding" << R"({"vocab_size": 10, "padding_index": 10})" << "[7]"
                                     << "embedding_1: padding_index: padding index 10 is outside the vocabulary of 10";
  QTest::addRow("reshape") << "Reshape" << R"({"shape": [5, -1]})" << "[12]" << "reshape_1: shape: cannot reshape [12]";
}

void TestGraph::messages_name_node_and_field() {
  QFETCH(QString, layer);
  QFETCH(QString, params);
  QFETCH(QString, input);
  QFETCH(QString, expected);
  Graph g;
  g.add_node("Input", {{"shape", nlohmann::json::parse(input.toStdString())}});
  g.add_node(layer.toStdString(), nlohmann::json::parse(params.toStdString()));
  g.add_link({"input_1", g.nodes()[1].id, 0});
  const ModelReport r = analyze(g);
  QVERIFY(!r.ok());
  QVERIFY2(all_errors(r).contains(expected), qPrintable(all_errors(r)));
}

void TestGraph::structural_errors() {
  {  // unconnected input and a missing loss
    Graph g;
    g.add_node("Input", {{"shape", {4}}});
    g.add_node("Dense", {{"units", 2}});
    const QString e = all_errors(analyze(g));
    QVERIFY2(e.contains("dense_1: input is not connected (link a layer's output to it)"), qPrintable(e));
    QVERIFY2(e.contains("the graph has no loss"), qPrintable(e));
  }
  {  // a cycle
    Graph g;
    g.add_node("Input", {{"shape", {4}}});
    g.add_node("Add", {});
    g.add_node("Dense", {{"units", 4}});
    g.add_link({"input_1", "add_1", 0});
    g.add_link({"add_1", "dense_1", 0});
    g.add_link({"dense_1", "add_1", 1});
    const QString e = all_errors(analyze(g));
    QVERIFY2(e.contains("cycle through add_1, dense_1"), qPrintable(e));
  }
  {  // mismatched Add and a skip connection that fits
    Graph g = chain({{"Input", {{"shape", {8}}}}, {"Dense", {{"units", 4}}}});
    g.add_node("Add", {});
    g.add_link({"input_1", "add_1", 0});
    g.add_link({"dense_1", "add_1", 1});
    QVERIFY2(all_errors(analyze(g)).contains("add_1: input 2 has shape [4], input 1 has [8]; Add needs equal shapes (insert"),
             qPrintable(all_errors(analyze(g))));
    g.set_param("dense_1", "units", 8);
    g.add_node("SoftmaxCrossEntropy", {});
    g.add_link({"add_1", "softmax_cross_entropy_1", 0});
    QVERIFY2(analyze(g).ok(), qPrintable(all_errors(analyze(g))));
  }
  {  // links the graph refuses outright
    Graph g = chain({{"Input", {{"shape", {8}}}}, {"Dense", {{"units", 4}}}});
    QVERIFY_THROWS_EXCEPTION(Error, g.add_link({"input_1", "dense_1", 0}));  // port taken
    QVERIFY_THROWS_EXCEPTION(Error, g.add_link({"input_1", "dense_1", 1}));  // no such port
    QVERIFY_THROWS_EXCEPTION(Error, g.add_link({"dense_1", "dense_1", 0}));
    QVERIFY_THROWS_EXCEPTION(Error, g.add_node("NoSuchLayer"));
  }
}

void TestGraph::loss_must_fit_the_labels() {
  AnalysisOptions o;
  o.data = DataSpec{{1, 28, 28}, LabelKind::ClassIndex, 10, {}};
  Graph g = tutorial_cnn();
  QVERIFY(analyze(g, o).ok());
  g.set_param("dense_2", "units", 5);
  QVERIFY2(all_errors(analyze(g, o)).contains("set the last Dense layer's units to 10"), qPrintable(all_errors(analyze(g, o))));
  o.data->input = {3, 32, 32};
  QVERIFY2(all_errors(analyze(g, o)).contains("input_1: shape: the dataset's samples have shape [3, 32, 32]"),
           qPrintable(all_errors(analyze(g, o))));
}

void TestGraph::observers_see_every_change() {
  Graph g;
  Recorder rec;
  g.add_observer(&rec);
  g.add_node("Input", {{"shape", {4}}}, {10, 20});
  g.add_node("Dense", {});
  g.add_link({"input_1", "dense_1", 0});
  g.move_node("dense_1", {5, 5});
  g.set_param("dense_1", "units", 3);
  g.rename_node("dense_1", "head");
  QCOMPARE(g.links()[0].to, std::string("head"));
  g.remove_node("head");  // its link goes first
  using K = GraphChange::Kind;
  const std::vector<K> want{K::NodeAdded, K::NodeAdded, K::LinkAdded,   K::NodeMoved,
                            K::ParamsChanged, K::NodeRenamed, K::LinkRemoved, K::NodeRemoved};
  QVERIFY(rec.kinds == want);
  g.remove_observer(&rec);
}

void TestGraph::project_round_trips() {
  QTemporaryDir dir;
  Project p;
  p.name = "round trip";
  p.graph = tutorial_cnn();
  p.graph.move_node("dense_1", {123.5, -7.25});
  p.dataset = {{"kind", "fashion_mnist"}};
  p.training.epochs = 3;
  p.training.optimizer = "sgd";
  p.training.momentum = 0.9;
  p.training.schedule.kind = "cosine";
  const std::string path = dir.filePath("a.strata").toStdString();
  save_project(p, path);
  const Project q = load_project(path);
  QCOMPARE(project_to_json(q).dump(), project_to_json(p).dump());
  QCOMPARE(q.graph.find("dense_1")->pos, (NodePos{123.5, -7.25}));
}

void TestGraph::malformed_projects_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("expected");
  const QString ok_head = R"({"format": "strata-project", "version": 1, )";
  QTest::addRow("not json") << "{nope" << "not valid JSON";
  QTest::addRow("number overflow (fuzzing)") << "77777777E7777777777777777777777777" << "a number too large to read";
  QTest::addRow("number overflow in a field") << ok_head + R"("training": {"epochs": 1E999}})" << "a number too large to read";
  // Found by mutating project files: a number or list where text belongs.
  QTest::addRow("format not text") << R"({"format": 7, "version": 1})" << "'format' must be text (in quotes), not number";
  QTest::addRow("name not text") << ok_head + R"("name": [1]})" << "'name' must be text (in quotes), not array";
  QTest::addRow("description not text") << ok_head + R"("description": null})" << "'description' must be text (in quotes), not null";
  QTest::addRow("json error placed by line and column")
      << "{\"format\": \"strata-project\",\n  \"version\": 1,\n  \"name\": \"x\" oops}" << ":3:15: not valid JSON (syntax error";
  QTest::addRow("keras name, no near one") << ok_head + R"("graph": {"nodes": [{"id": "x", "type": "Bidirectional"}]}})"
                                           << "unknown layer type 'Bidirectional' (the types are Input, Dense";
  QTest::addRow("near name") << ok_head + R"("graph": {"nodes": [{"id": "x", "type": "Dnse"}]}})"
                             << "node 'x': unknown layer type 'Dnse' (did you mean 'Dense'?)";
  QTest::addRow("near choice") << ok_head + R"("graph": {"nodes": [{"id": "d", "type": "Dense", "params": {"units": 2, "activation": "rleu"}}]}})"
                               << "activation must be one of linear, relu, leaky_relu, sigmoid, tanh, gelu, not 'rleu' (did you mean 'relu'?)";
  QTest::addRow("port out of range")
      << ok_head + R"("graph": {"nodes": [{"id": "i", "type": "Input", "params": {"shape": [2]}}, {"id": "a", "type": "Add"}],
                     "links": [{"from": "i", "to": "a", "port": 2}]}})"
      << R"(graph.links[0].port: node 'a' has no "port": 2 (input 3); it has 2 inputs, "port" 0 to 1)";
  QTest::addRow("port taken")
      << ok_head + R"("graph": {"nodes": [{"id": "i", "type": "Input", "params": {"shape": [2]}}, {"id": "a", "type": "Add"}],
                     "links": [{"from": "i", "to": "a", "port": 1}, {"from": "i", "to": "a", "port": 1}]}})"
      << R"(graph.links[1].port: "port": 1 (input 2) of node 'a' is already linked to 'i')";
  QTest::addRow("port not a number")
      << ok_head + R"("graph": {"nodes": [{"id": "i", "type": "Input", "params": {"shape": [2]}}, {"id": "a", "type": "Add"}],
                     "links": [{"from": "i", "to": "a", "port": "1"}]}})"
      << "graph.links[0].port: must be a whole number";
  QTest::addRow("learning rate above the command line's limit too") << ok_head + R"("training": {"learning_rate": 1000}})"
                                                                     << "training.learning_rate: must be between 0 and 100";
  QTest::addRow("learning rate zero") << ok_head + R"("training": {"learning_rate": 0}})"
                                      << "training.learning_rate: must be positive";
  QTest::addRow("not a project") << R"({"a": 1})" << "not a Strata project";
  QTest::addRow("newer version") << R"({"format": "strata-project", "version": 99})"
                                 << "written by a newer Strata (project format 99";
  QTest::addRow("unknown layer") << ok_head + R"("graph": {"nodes": [{"id": "x", "type": "Dense3D"}]}})"
                                 << "node 'x': unknown layer type 'Dense3D'";
  QTest::addRow("bad parameter") << ok_head + R"("graph": {"nodes": [{"id": "d", "type": "Dense", "params": {"units": "ten"}}]}})"
                                 << "node 'd': units: units must be a whole number";
  QTest::addRow("duplicate id") << ok_head + R"("graph": {"nodes": [{"id": "d", "type": "Flatten"}, {"id": "d", "type": "Flatten"}]}})"
                                << "node 'd': a second node with this id";
  QTest::addRow("dangling link") << ok_head + R"("graph": {"nodes": [{"id": "d", "type": "Flatten"}], "links": [{"from": "q", "to": "d"}]}})"
                                 << "graph.links[0]: no node 'q'";
  QTest::addRow("bad training") << ok_head + R"("training": {"epochs": 0}})" << "training.epochs: must be between 1";
  QTest::addRow("unknown training field") << ok_head + R"("training": {"epoch": 3}})" << "training.epoch: unknown field";
}

void TestGraph::malformed_projects() {
  QFETCH(QString, text);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  const std::string path = dir.filePath("bad.strata").toStdString();
  std::ofstream(path) << text.toStdString();
  try {
    load_project(path);
    QFAIL("loaded a malformed project");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains(expected), e.what());
    QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path)), e.what());
  }
}

void TestGraph::keras_names_are_understood() {
  // Layer types, losses and activations by the names Keras users type.
  QTemporaryDir dir;
  const std::string path = dir.filePath("keras.strata").toStdString();
  std::ofstream(path) << R"({"format": "strata-project", "version": 1, "graph": {"nodes": [
      {"id": "in", "type": "InputLayer", "params": {"shape": [1, 4, 4]}},
      {"id": "pool", "type": "MaxPooling2D"},
      {"id": "flat", "type": "flatten"},
      {"id": "d1", "type": "dense", "params": {"units": 3, "activation": "ReLU"}},
      {"id": "act", "type": "LeakyReLU"},
      {"id": "d2", "type": "Dense", "params": {"units": 2, "activation": "None"}},
      {"id": "loss", "type": "categorical_crossentropy"}],
    "links": [{"from": "in", "to": "pool"}, {"from": "pool", "to": "flat"}, {"from": "flat", "to": "d1"},
              {"from": "d1", "to": "act"}, {"from": "act", "to": "d2"}, {"from": "d2", "to": "loss"}]}})";
  const Project p = load_project(path);
  QCOMPARE(p.graph.find("in")->type, std::string("Input"));
  QCOMPARE(p.graph.find("pool")->type, std::string("MaxPool2D"));
  QCOMPARE(p.graph.find("flat")->type, std::string("Flatten"));
  QCOMPARE(p.graph.find("act")->type, std::string("Activation"));
  QCOMPARE(p.graph.find("act")->params["activation"].get<std::string>(), std::string("leaky_relu"));
  QCOMPARE(p.graph.find("loss")->type, std::string("SoftmaxCrossEntropy"));
  QCOMPARE(p.graph.find("loss")->params["labels"].get<std::string>(), std::string("one_hot"));
  QVERIFY2(analyze(p.graph).ok(), qPrintable(all_errors(analyze(p.graph))));
  for (const char* mse : {"MSE", "mse", "mean_squared_error", "MeanSquaredError"}) {
    const auto name = resolve_layer_name(mse);
    QVERIFY2(name && name->type == "MeanSquaredError", mse);
  }
  QCOMPARE(resolve_layer_name("sparse_categorical_crossentropy")->params["labels"].get<std::string>(), std::string("index"));
  QCOMPARE(resolve_layer_name("binary_crossentropy")->type, std::string("BinaryCrossEntropy"));
  QCOMPARE(resolve_layer_name("mae")->type, std::string("MeanAbsoluteError"));
  QVERIFY(!resolve_layer_name("Transformer"));
  QVERIFY2(test::error_of([] { Graph g; g.add_node("Conv2d3"); }).contains("did you mean 'Conv2D'?"),
           qPrintable(test::error_of([] { Graph g; g.add_node("Conv2d3"); })));
}

void TestGraph::examples_load_and_analyze() {
  const QDir examples(QStringLiteral(STRATA_SOURCE_DIR "/resources/examples"));
  const auto files = examples.entryList({"*.strata"});
  QVERIFY(files.size() >= 3);
  for (const auto& f : files) {
    const Project p = load_project(examples.filePath(f).toStdString());
    const ModelReport r = analyze(p.graph);
    QVERIFY2(r.ok(), qPrintable(f + ": " + all_errors(r)));
  }
}

void TestGraph::diff_of_two_graphs() {
  // A run's graph against its fork's: a layer added, one removed, a parameter
  // changed, one set where it was the default, the type of one changed, and
  // the links that follow.
  const nlohmann::json before = nlohmann::json::parse(R"({
    "nodes": [{"id": "in", "type": "Input", "params": {"shape": [4]}},
              {"id": "h", "type": "Dense", "params": {"units": 16, "activation": "relu"}},
              {"id": "drop", "type": "Dropout", "params": {"rate": 0.5}},
              {"id": "out", "type": "Dense", "params": {"units": 3}}],
    "links": [{"from": "in", "to": "h"}, {"from": "h", "to": "drop"}, {"from": "drop", "to": "out"}]})");
  const nlohmann::json after = nlohmann::json::parse(R"({
    "nodes": [{"id": "in", "type": "Input", "params": {"shape": [4]}},
              {"id": "h", "type": "Dense", "params": {"units": 32, "activation": "relu", "use_bias": false}},
              {"id": "norm", "type": "LayerNormalization", "params": {}},
              {"id": "out", "type": "Activation", "params": {"units": 3}}],
    "links": [{"from": "in", "to": "h"}, {"from": "h", "to": "norm"}, {"from": "norm", "to": "out"}]})");
  const GraphDiff d = diff_graphs(before, after);
  QCOMPARE(d.added, std::vector<std::string>{"norm"});
  QCOMPARE(d.removed, std::vector<std::string>{"drop"});
  QCOMPARE(d.changed.size(), size_t(3));
  QCOMPARE(d.changed[0].node + "." + d.changed[0].key, std::string("h.units"));
  QCOMPARE(d.changed[0].before, nlohmann::json(16));
  QCOMPARE(d.changed[0].after, nlohmann::json(32));
  QCOMPARE(d.changed[1].node + "." + d.changed[1].key, std::string("h.use_bias"));
  QVERIFY(d.changed[1].before.is_null());
  QCOMPARE(d.changed[2].node + "." + d.changed[2].key, std::string("out.type"));
  QCOMPARE(d.links_added, (std::vector<std::string>{"h -> norm", "norm -> out"}));
  QCOMPARE(d.links_removed, (std::vector<std::string>{"drop -> out", "h -> drop"}));
  QVERIFY(diff_graphs(before, before).empty());
}

QTEST_APPLESS_MAIN(TestGraph)
#include "test_graph.moc"
