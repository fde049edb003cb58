// Exports checked by the tools users would use: the PyTorch folder loaded by
// Debian's python3-torch must give Strata's outputs (within 1e-4) on graphs
// covering every layer kind; the .npz read by numpy and the safetensors file
// parsed by its specification must hold the same tensors. Also the writers'
// own round trips and the refusal of damaged files.
#include <QProcess>
#include <QFile>
#include <QTemporaryDir>

#include <fstream>

#include "core/error.h"
#include "data/npy.h"
#include "export/export_precheck.h"
#include "export/onnx_export.h"
#include "export/pytorch_export.h"
#include "export/weights_export.h"
#include "graph/project.h"
#include "model/model.h"
#include "runtime/backend.h"
#include "test_support.h"
#include "train/checkpoint.h"
#include "train/trainer.h"

using namespace strata;

namespace {

Graph chain_links(Graph g, const std::vector<std::tuple<std::string, std::string, int>>& links) {
  for (const auto& [a, b, p] : links) g.add_link({a, b, p});
  return g;
}

Graph image_graph() {
  Graph g;
  g.add_node("Input", {{"shape", {1, 8, 8}}});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"padding", "same"}, {"activation", "relu"}});
  g.add_node("BatchNormalization", {});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"padding", "same"}, {"dilation", {1, 1}}});
  g.add_node("Add", {});
  g.add_node("MaxPool2D", {});
  g.add_node("AvgPool2D", {{"pool_size", {3, 3}}, {"strides", {1, 1}}, {"padding", "same"}});
  g.add_node("Flatten", {});
  g.add_node("Dropout", {{"rate", 0.3}});
  g.add_node("Dense", {{"units", 6}, {"activation", "gelu"}});
  g.add_node("LayerNormalization", {});
  g.add_node("Activation", {{"activation", "leaky_relu"}, {"alpha", 0.2}});
  g.add_node("Dense", {{"units", 3}});
  g.add_node("SoftmaxCrossEntropy", {});
  return chain_links(g, {{"input_1", "conv2d_1", 0}, {"conv2d_1", "batch_normalization_1", 0},
                         {"batch_normalization_1", "conv2d_2", 0}, {"conv2d_2", "add_1", 0}, {"conv2d_1", "add_1", 1},
                         {"add_1", "max_pool2d_1", 0}, {"max_pool2d_1", "avg_pool2d_1", 0}, {"avg_pool2d_1", "flatten_1", 0},
                         {"flatten_1", "dropout_1", 0}, {"dropout_1", "dense_1", 0}, {"dense_1", "layer_normalization_1", 0},
                         {"layer_normalization_1", "activation_1", 0}, {"activation_1", "dense_2", 0},
                         {"dense_2", "softmax_cross_entropy_1", 0}});
}

Graph sequence_graph() {
  Graph g;
  g.add_node("Input", {{"shape", {6}}});
  g.add_node("Embedding", {{"vocab_size", 20}, {"dim", 4}});
  g.add_node("LSTM", {{"units", 5}, {"return_sequences", true}});
  g.add_node("GRU", {{"units", 3}, {"return_sequences", true}});
  g.add_node("SimpleRNN", {{"units", 4}, {"return_sequences", true}, {"activation", "relu"}});
  g.add_node("Concatenate", {});
  g.add_node("BatchNormalization", {});
  g.add_node("LSTM", {{"units", 4}}, {}, "last state");  // an id that is not a Python identifier
  g.add_node("Dense", {{"units", 2}});
  g.add_node("SoftmaxCrossEntropy", {});
  return chain_links(g, {{"input_1", "embedding_1", 0}, {"embedding_1", "lstm_1", 0}, {"lstm_1", "gru_1", 0},
                         {"lstm_1", "simple_rnn_1", 0}, {"gru_1", "concatenate_1", 0}, {"simple_rnn_1", "concatenate_1", 1},
                         {"concatenate_1", "batch_normalization_1", 0}, {"batch_normalization_1", "last state", 0},
                         {"last state", "dense_1", 0}, {"dense_1", "softmax_cross_entropy_1", 0}});
}

// Token ids with a padding mask through learned and sinusoidal positions,
// causal self-attention, cross-attention (bias-free, dropout on the weights),
// a residual Add, LayerNorm, pre- and post-norm encoder blocks (one with an id
// that is not a Python identifier), masked average and max pooling over time.
Graph attention_graph() {
  Graph g;
  g.add_node("Input", {{"shape", {6}}});
  g.add_node("Embedding", {{"vocab_size", 20}, {"dim", 8}, {"mask_zero", true}});
  g.add_node("PositionalEmbedding", {});
  g.add_node("PositionalEmbedding", {{"mode", "sinusoidal"}});
  g.add_node("MultiHeadAttention", {{"heads", 2}, {"key_dim", 3}, {"value_dim", 4}, {"causal", true}});
  g.add_node("Add", {});
  g.add_node("LayerNormalization", {});
  g.add_node("MultiHeadAttention", {{"inputs", 2}, {"heads", 3}, {"key_dim", 2}, {"use_bias", false}, {"dropout", 0.1}});
  g.add_node("GlobalAveragePooling1D", {});
  g.add_node("GlobalMaxPooling1D", {});
  g.add_node("TransformerEncoderBlock", {{"heads", 2}, {"intermediate_dim", 12}, {"norm", "pre"}}, {}, "pre norm block");
  g.add_node("TransformerEncoderBlock", {{"heads", 4}, {"intermediate_dim", 9}, {"activation", "relu"}});
  g.add_node("Concatenate", {});
  g.add_node("Dense", {{"units", 2}});
  g.add_node("SoftmaxCrossEntropy", {});
  return chain_links(g, {{"input_1", "embedding_1", 0}, {"embedding_1", "positional_embedding_1", 0},
                         {"embedding_1", "positional_embedding_2", 0},
                         {"positional_embedding_1", "multi_head_attention_1", 0},
                         {"multi_head_attention_1", "add_1", 0}, {"positional_embedding_1", "add_1", 1},
                         {"add_1", "layer_normalization_1", 0}, {"layer_normalization_1", "multi_head_attention_2", 0},
                         {"positional_embedding_2", "multi_head_attention_2", 1},
                         {"multi_head_attention_2", "global_average_pooling1d_1", 0},
                         {"layer_normalization_1", "pre norm block", 0},
                         {"pre norm block", "transformer_encoder_block_1", 0},
                         {"transformer_encoder_block_1", "global_max_pooling1d_1", 0},
                         {"global_average_pooling1d_1", "concatenate_1", 0}, {"global_max_pooling1d_1", "concatenate_1", 1},
                         {"concatenate_1", "dense_1", 0}, {"dense_1", "softmax_cross_entropy_1", 0}});
}

// Strided, dilated and bias-free convolutions, Multiply, global average
// pooling, Reshape, Dense over the last axis of a sequence, a tanh RNN and a GRU's
// last state, batch norm on features, a Softmax layer.
Graph mixed_graph() {
  Graph g;
  g.add_node("Input", {{"shape", {2, 9, 9}}});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"strides", {2, 2}}, {"activation", "tanh"}, {"use_bias", false}});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"dilation", {2, 2}}, {"padding", "same"}, {"activation", "sigmoid"}});
  g.add_node("Multiply", {});
  g.add_node("GlobalAveragePooling2D", {});
  g.add_node("Reshape", {{"shape", {4, -1}}});
  g.add_node("Dense", {{"units", 5}, {"activation", "relu"}, {"use_bias", false}});
  g.add_node("SimpleRNN", {{"units", 3}, {"return_sequences", true}});
  g.add_node("GRU", {{"units", 3}});
  g.add_node("Concatenate", {});
  g.add_node("BatchNormalization", {});
  g.add_node("Dense", {{"units", 3}});
  g.add_node("Softmax", {});
  g.add_node("SoftmaxCrossEntropy", {});
  return chain_links(g, {{"input_1", "conv2d_1", 0}, {"conv2d_1", "conv2d_2", 0}, {"conv2d_1", "multiply_1", 0},
                         {"conv2d_2", "multiply_1", 1}, {"multiply_1", "global_average_pooling2d_1", 0},
                         {"multiply_1", "reshape_1", 0}, {"reshape_1", "dense_1", 0}, {"dense_1", "simple_rnn_1", 0},
                         {"simple_rnn_1", "gru_1", 0}, {"global_average_pooling2d_1", "concatenate_1", 0},
                         {"gru_1", "concatenate_1", 1}, {"concatenate_1", "batch_normalization_1", 0},
                         {"batch_normalization_1", "dense_2", 0}, {"dense_2", "softmax_1", 0},
                         {"softmax_1", "softmax_cross_entropy_1", 0}});
}

Dataset data_for(const Graph& g, int64_t n) {
  Dataset d;
  d.classes = g.find("dense_2") ? 3 : 2;
  d.sample_shape = g.find("embedding_1") ? Shape{6} : g.find("multiply_1") ? Shape{2, 9, 9} : Shape{1, 8, 8};
  std::mt19937 rng(3);
  for (int64_t i = 0; i < n * d.sample_size(); ++i)
    d.x.push_back(g.find("embedding_1") ? float(rng() % 20) : std::uniform_real_distribution<float>(0, 1)(rng));
  for (int64_t i = 0; i < n; ++i) d.y.push_back(float(i % d.classes));
  return d;
}

bool torch_available(QString* why) {
  QProcess p;
  p.start("/usr/bin/python3", {"-c", "import torch, numpy"});
  if (!p.waitForFinished(60000) || p.exitCode() != 0) {
    *why = "python3-torch is not installed for /usr/bin/python3";
    return false;
  }
  return true;
}

}  // namespace

class TestExport : public QObject {
  Q_OBJECT
 private slots:
  void exports_agree_with_strata_data();
  void exports_agree_with_strata();
  void onnx_names_and_metadata();
  void readers_round_trip_and_reject_damage();
  void precheck_names_the_problem();
  void import_weights_by_name();
};

void TestExport::exports_agree_with_strata_data() {
  QTest::addColumn<int>("which");
  QTest::addRow("images: conv, batch norm, skip, pooling, dropout, gelu, layer norm") << 0;
  QTest::addRow("sequences: embedding, lstm, gru, rnn, concatenate, batch norm") << 1;
  QTest::addRow("mixed: strides, dilation, multiply, global pooling, reshape, rnn, gru state, softmax") << 2;
  QTest::addRow("attention: masks, positions, causal and cross attention, pooling over time") << 3;
}

// Each export checked by the tool users would load it with, on the outputs of
// a trained model: PyTorch (python3-torch), numpy, a spec-level safetensors
// parse, the ONNX checker (python3-onnx) and onnxruntime-web (npm).
void TestExport::exports_agree_with_strata() {
  QFETCH(int, which);
  QString why;
  if (!torch_available(&why)) QSKIP(qPrintable(why));
  QVERIFY2(QFile::exists(STRATA_SOURCE_DIR "/tests/oracles/onnxweb/node_modules/onnxruntime-web/package.json"),
           "onnxruntime-web is not installed: run scripts/install-node-oracles.sh");
  QTemporaryDir dir;
  auto backends = test::all_backends();
  Backend& be = *backends[0];
  const Graph g = which == 0 ? image_graph() : which == 1 ? sequence_graph() : which == 2 ? mixed_graph() : attention_graph();
  TrainingConfig c;
  c.epochs = 2, c.batch_size = 16, c.learning_rate = 0.01, c.seed = 5;
  ModelOptions mo;
  mo.max_batch = c.batch_size, mo.seed = c.seed, mo.optimizer = c.optimizer_config();
  Model m(g, be, mo);
  Trainer t(m, c);
  const Dataset d = data_for(g, 64);
  const std::string ck = dir.filePath("run.ck").toStdString();
  t.fit(d, nullptr, nullptr, ck);  // trained weights and batch-norm statistics that are not the defaults

  std::vector<float> x(d.x.begin(), d.x.begin() + 10 * d.sample_size()), y;
  t.predict(x, 10, y);
  Shape xs{10};
  xs.insert(xs.end(), d.sample_shape.begin(), d.sample_shape.end());
  const std::string xp = dir.filePath("x.npy").toStdString(), yp = dir.filePath("y.npy").toStdString();
  write_file_atomically(xp, npy_bytes({xs, x}));
  write_file_atomically(yp, npy_bytes({{10, int64_t(y.size() / 10)}, y}));

  const WeightMap w = checkpoint_weights(ck);
  const std::string out = dir.filePath("torch_model").toStdString();
  export_pytorch(g, w, out, "test model");
  const std::string st = dir.filePath("w.safetensors").toStdString(), npz = dir.filePath("w.npz").toStdString();
  write_file_atomically(st, safetensors_bytes(w));
  write_file_atomically(npz, npz_bytes(w));

  const std::string onnx = dir.filePath("model.onnx").toStdString();
  export_onnx(g, w, onnx, "test model");

  for (const auto& [script, args] : std::vector<std::pair<QString, QStringList>>{
           {"check_export.py", {QString::fromStdString(out), QString::fromStdString(xp), QString::fromStdString(yp),
                                QString::fromStdString(st), QString::fromStdString(npz)}},
           {"check_onnx.py", {QString::fromStdString(onnx), QString::fromStdString(xp), QString::fromStdString(yp),
                              QStringLiteral(STRATA_SOURCE_DIR "/tests/oracles/onnxweb/run_onnx.mjs")}}}) {
    const auto r = test::run_oracle_script(script, args);
    QVERIFY2(r.ok, qPrintable(r.log));
    qInfo().noquote() << r.log;
  }
}

void TestExport::onnx_names_and_metadata() {
  // The file is written whole or not at all, and a weight that does not fit
  // the graph is refused naming the tensor before anything is written.
  QTemporaryDir dir;
  auto backends = test::all_backends();
  ModelOptions mo;
  mo.max_batch = 2, mo.seed = 1;
  Model m(image_graph(), *backends[0], mo);
  WeightMap w;
  for (auto& np : m.params()) {
    NamedArray arr{np.param->value.shape(), std::vector<float>(static_cast<size_t>(np.param->value.numel()))};
    backends[0]->download(np.param->value, arr.values);
    w[np.name()] = arr;
  }
  OnnxOptions named;
  named.metadata = {{"strata_run", "r1"}};
  const std::string bytes = onnx_model_bytes(image_graph(), w, "named", named);
  for (const char* s : {"conv2d_1.weight", "batch_normalization_1.running_var", "strata_run", "Strata", "input", "output"})
    QVERIFY2(bytes.find(s) != std::string::npos, s);
  QVERIFY(bytes.find("dropout_1") == std::string::npos);  // Dropout is removed from the inference graph
  const std::string path = dir.filePath("m.onnx").toStdString();
  WeightMap bad = w;
  bad["dense_2.weight"].shape = {6, 3};
  try {
    export_onnx(image_graph(), bad, path, "bad");
    QFAIL("exported a weight of the wrong shape");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("dense_2.weight has shape [6, 3], the graph needs [3, 6]"), e.what());
  }
  QVERIFY(!QFile::exists(QString::fromStdString(path)));
  bad.erase("conv2d_2.weight");
  QVERIFY_THROWS_EXCEPTION(Error, onnx_model_bytes(image_graph(), bad, "missing"));
}

void TestExport::readers_round_trip_and_reject_damage() {
  QTemporaryDir dir;
  WeightMap w;
  w["a.weight"] = {{2, 3}, {1, 2, 3, 4, 5, 6}};
  w["b.bias"] = {{1}, {-7}};
  const std::string st = dir.filePath("w.safetensors").toStdString(), npz = dir.filePath("w.npz").toStdString();
  write_file_atomically(st, safetensors_bytes(w));
  write_file_atomically(npz, npz_bytes(w));
  for (const auto& r : {read_safetensors(st), read_npz(npz)}) {
    QCOMPARE(r.size(), size_t(2));
    QCOMPARE(r.at("a.weight").shape, (Shape{2, 3}));
    QCOMPARE(r.at("a.weight").values, w["a.weight"].values);
    QCOMPARE(r.at("b.bias").values, w["b.bias"].values);
  }
  std::string bytes = safetensors_bytes(w);
  std::ofstream(st, std::ios::binary) << bytes.substr(0, bytes.size() - 5);
  try {
    read_safetensors(st);
    QFAIL("read a truncated safetensors file");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("b.bias: data offsets do not fit") || QString(e.what()).contains("a.weight"), e.what());
  }
  std::ofstream(npz, std::ios::binary) << "not a zip";
  QVERIFY_THROWS_EXCEPTION(Error, read_npz(npz));
  // .npy headers with a malformed or hostile shape (found by mutating files):
  // a message naming the file, never a library exception or a huge allocation.
  const std::string good = npy_bytes({{2, 3}, {1, 2, 3, 4, 5, 6}});
  const size_t start = 10, hlen = uint8_t(good[8]) | size_t(uint8_t(good[9])) << 8;
  QVERIFY(good.substr(start, hlen).find("(2,3)") != std::string::npos);
  for (const std::string& shape : {std::string("(x, 3)"), std::string("(-2, 3)"), std::string("[2, 3]"),
                                   std::string("(9999999999999, 9999999999999)"), std::string("(2, 4)")}) {
    // The header with another shape, its length field kept right.
    std::string header = good.substr(start, hlen);
    header.replace(header.find("(2,3)"), 5, shape);
    const std::string bad = good.substr(0, 8) + char(header.size() & 0xff) + char(header.size() >> 8) + header + good.substr(start + hlen);
    try {
      parse_npy(bad, "x.npy");
      QFAIL(qPrintable(QString::fromStdString("read a .npy with shape " + shape)));
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).startsWith("x.npy: "), e.what());
    }
  }
}

void TestExport::precheck_names_the_problem() {
  Graph g = image_graph();
  QVERIFY(export_precheck(g, "pytorch").empty());
  g.remove_link({"flatten_1", "dropout_1", 0});
  const auto problems = export_precheck(g, "pytorch");
  QVERIFY(!problems.empty());
  QVERIFY2(QString::fromStdString(problems[0]).contains("dropout_1"), problems[0].c_str());
  QVERIFY(export_precheck(image_graph(), "onnx").empty());
  QVERIFY(export_precheck(sequence_graph(), "onnx").empty());
  QVERIFY(!export_precheck(image_graph(), "tflite").empty());
}

void TestExport::import_weights_by_name() {
  // Weights exported as .npz and .safetensors go back into a model whose layers
  // match (transfer learning), with shape checks.
  QTemporaryDir dir;
  auto backends = test::all_backends();
  Backend& be = *backends[0];
  ModelOptions mo;
  mo.max_batch = 4, mo.seed = 1;
  Model a(image_graph(), be, mo);
  WeightMap w;
  for (auto& np : a.params()) {
    NamedArray arr{np.param->value.shape(), std::vector<float>(static_cast<size_t>(np.param->value.numel()))};
    be.download(np.param->value, arr.values);
    w[np.name()] = arr;
  }
  const std::string npz = dir.filePath("w.npz").toStdString(), st = dir.filePath("w.safetensors").toStdString();
  write_file_atomically(npz, npz_bytes(w));
  write_file_atomically(st, safetensors_bytes(w));
  for (const auto& file : {npz, st}) {
    mo.seed = 2;  // different initial weights
    Model b(image_graph(), be, mo);
    const auto copied = init_from_checkpoint(b, file, {"conv2d_1", "dense_2"});
    QCOMPARE(copied.size(), size_t(4));
    std::vector<float> got(static_cast<size_t>(b.params()[0].param->value.numel()));
    be.download(b.params()[0].param->value, got);
    QVERIFY(got == w["conv2d_1.weight"].values);
  }
  Graph other = image_graph();
  other.set_param("dense_2", "units", 4);
  Model c(other, be, mo);
  try {
    init_from_checkpoint(c, npz, {"dense_2"});
    QFAIL("imported weights of the wrong shape");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("dense_2.weight has shape [3, 6], the model's is [4, 6]"), e.what());
  }
}

QTEST_APPLESS_MAIN(TestExport)
#include "test_export.moc"
