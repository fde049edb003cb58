// Models, the trainer, checkpoints, schedules and metrics: short trainings on
// both backends, reproducibility from the seed, CPU and Vulkan agreeing,
// resume equal to an uninterrupted run, early stopping, NaN handling.
#include <QFileInfo>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <random>

#include "core/error.h"
#include "graph/graph.h"
#include "model/model.h"
#include "runtime/backend.h"
#include "test_support.h"
#include "train/checkpoint.h"
#include "train/schedule.h"
#include "train/trainer.h"

using namespace strata;

namespace {

// Three noisy 2-D blobs lifted to 12 features: easy, but not instantly.
Dataset blobs(int64_t n, uint32_t seed) {
  Dataset d;
  d.sample_shape = {12};
  d.classes = 3;
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.f, 0.6f);
  for (int64_t i = 0; i < n; ++i) {
    const int c = int(i % 3);
    const float cx = c == 0 ? -1.f : c == 1 ? 1.f : 0.f, cy = c == 2 ? 1.5f : -0.5f;
    const float x = cx + noise(rng), y = cy + noise(rng);
    for (int k = 0; k < 12; ++k) d.x.push_back(k % 2 ? x * float(k + 1) / 12.f : y * float(12 - k) / 12.f);
    d.y.push_back(float(c));
  }
  return d;
}

Graph mlp(bool dropout) {
  Graph g;
  g.add_node("Input", {{"shape", {12}}});
  g.add_node("Dense", {{"units", 16}, {"activation", "relu"}});
  g.add_link({"input_1", "dense_1", 0});
  std::string last = "dense_1";
  if (dropout) {
    g.add_node("Dropout", {{"rate", 0.25}});
    g.add_link({"dense_1", "dropout_1", 0});
    last = "dropout_1";
  }
  g.add_node("Dense", {{"units", 3}});
  g.add_link({last, "dense_2", 0});
  g.add_node("SoftmaxCrossEntropy", {});
  g.add_link({"dense_2", "softmax_cross_entropy_1", 0});
  return g;
}

// A small CNN with a skip connection, batch norm and dropout on 1x8x8 images.
Graph small_cnn() {
  Graph g;
  g.add_node("Input", {{"shape", {1, 8, 8}}});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"padding", "same"}, {"activation", "relu"}});
  g.add_node("BatchNormalization", {});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"padding", "same"}});
  g.add_node("Add", {});
  g.add_node("MaxPool2D", {});
  g.add_node("Flatten", {});
  g.add_node("Dropout", {{"rate", 0.2}});
  g.add_node("Dense", {{"units", 3}});
  g.add_node("SoftmaxCrossEntropy", {});
  for (auto [a, b, p] : {std::tuple{"input_1", "conv2d_1", 0}, {"conv2d_1", "batch_normalization_1", 0},
                         {"batch_normalization_1", "conv2d_2", 0}, {"conv2d_2", "add_1", 0}, {"conv2d_1", "add_1", 1},
                         {"add_1", "max_pool2d_1", 0}, {"max_pool2d_1", "flatten_1", 0}, {"flatten_1", "dropout_1", 0},
                         {"dropout_1", "dense_1", 0}, {"dense_1", "softmax_cross_entropy_1", 0}})
    g.add_link({a, b, p});
  return g;
}

// Convolutions feeding max pools (the pairs the CPU backend fuses): 2x2
// windows, then overlapping 3x3 windows at stride 1.
Graph pooled_cnn(const std::string& act2) {
  Graph g;
  g.add_node("Input", {{"shape", {1, 8, 8}}});
  g.add_node("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"padding", "same"}, {"activation", "relu"}});
  g.add_node("MaxPool2D", {});
  g.add_node("Conv2D", {{"filters", 6}, {"kernel_size", {3, 3}}, {"padding", "same"}, {"activation", act2}});
  g.add_node("MaxPool2D", {{"pool_size", {3, 3}}, {"strides", {1, 1}}});
  g.add_node("Flatten", {});
  g.add_node("Dense", {{"units", 3}});
  g.add_node("SoftmaxCrossEntropy", {});
  for (auto [a, b, p] : {std::tuple{"input_1", "conv2d_1", 0}, {"conv2d_1", "max_pool2d_1", 0},
                         {"max_pool2d_1", "conv2d_2", 0}, {"conv2d_2", "max_pool2d_2", 0},
                         {"max_pool2d_2", "flatten_1", 0}, {"flatten_1", "dense_1", 0},
                         {"dense_1", "softmax_cross_entropy_1", 0}})
    g.add_link({a, b, p});
  return g;
}

// Reshape-only layers in every position the model's buffer sharing must
// handle: after a layer with two consumers (its gradient is a fan-in
// buffer), feeding two consumers itself, chained, and before the head.
Graph reshapes() {
  Graph g;
  g.add_node("Input", {{"shape", {12}}});
  g.add_node("Dense", {{"units", 12}, {"activation", "relu"}});  // dense_1: two consumers
  g.add_node("Reshape", {{"shape", {3, 4}}});
  g.add_node("Flatten", {});                                     // flatten_1: two consumers
  g.add_node("Dense", {{"units", 8}, {"activation", "tanh"}});
  g.add_node("Dense", {{"units", 8}});
  g.add_node("Dense", {{"units", 8}});
  g.add_node("Add", {{"inputs", 3}});
  g.add_node("Reshape", {{"shape", {2, -1}}});
  g.add_node("Flatten", {});
  g.add_node("Dense", {{"units", 3}});
  g.add_node("SoftmaxCrossEntropy", {});
  for (auto [a, b, p] : {std::tuple{"input_1", "dense_1", 0}, {"dense_1", "reshape_1", 0}, {"reshape_1", "flatten_1", 0},
                         {"flatten_1", "dense_2", 0}, {"flatten_1", "dense_3", 0}, {"dense_1", "dense_4", 0},
                         {"dense_2", "add_1", 0}, {"dense_3", "add_1", 1}, {"dense_4", "add_1", 2},
                         {"add_1", "reshape_2", 0}, {"reshape_2", "flatten_2", 0}, {"flatten_2", "dense_5", 0},
                         {"dense_5", "softmax_cross_entropy_1", 0}})
    g.add_link({a, b, p});
  return g;
}
// Images whose class is where a bright square sits.
Dataset squares(int64_t n, uint32_t seed) {
  Dataset d;
  d.sample_shape = {1, 8, 8};
  d.classes = 3;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.f, 0.3f);
  for (int64_t i = 0; i < n; ++i) {
    const int c = int(i % 3);
    std::vector<float> img(64);
    for (auto& v : img) v = u(rng);
    const int r0 = c == 0 ? 0 : c == 1 ? 5 : 2, c0 = c == 2 ? 5 : 1;
    for (int r = r0; r < r0 + 3; ++r)
      for (int k = c0; k < c0 + 2; ++k) img[size_t(r * 8 + k)] += 1.f;
    d.x.insert(d.x.end(), img.begin(), img.end());
    d.y.push_back(float(c));
  }
  return d;
}

TrainingConfig config(int epochs, int batch, double lr = 0.01) {
  TrainingConfig c;
  c.epochs = epochs, c.batch_size = batch, c.learning_rate = lr, c.seed = 7;
  return c;
}

ModelOptions options(const TrainingConfig& c) {
  ModelOptions o;
  o.max_batch = c.batch_size, o.seed = c.seed, o.optimizer = c.optimizer_config(), o.clip_norm = float(c.clip_norm);
  return o;
}

struct LossRecorder : TrainingListener {
  std::vector<double> losses;
  std::function<void(const StepEvent&)> hook;
  void on_step(const StepEvent& e) override {
    losses.push_back(e.loss);
    if (hook) hook(e);
  }
};

std::vector<double> train_losses(Backend& be, const Graph& g, const Dataset& d, const TrainingConfig& c,
                                 bool fuse = true, int* fused_pairs = nullptr, bool alias_reshapes = true) {
  ModelOptions o = options(c);
  o.fuse = fuse;
  o.alias_reshapes = alias_reshapes;
  Model m(g, be, o);
  if (fused_pairs) *fused_pairs = m.fused_pairs();
  Trainer t(m, c);
  LossRecorder rec;
  t.add_listener(&rec);
  t.fit(d, nullptr);
  return rec.losses;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT
 private slots:
  void learns_on_each_backend();
  void same_seed_gives_the_same_curve();
  void cpu_and_vulkan_agree();
  void fused_conv_pool_trains_like_separate_ops();
  void reshapes_share_buffers_and_train_like_copies();
  void one_optimizer_step_over_all_parameters();
  void resume_equals_uninterrupted();
  void checkpoints_keep_the_history_once();
  void early_stopping_restores_the_best();
  void nan_loss_stops_with_the_step();
  void schedules();
  void metrics();
  void rejects_mismatched_data();
  void transfer_learning_and_freezing();
  void pause_and_resume_from_another_thread();
  void telemetry_equals_an_independent_computation();
  void telemetry_finds_dead_units();
};

void TestTraining::learns_on_each_backend() {
  test::ValidationGuard guard;
  const Dataset train = blobs(300, 1), test_set = blobs(150, 2);
  for (auto& be : test::all_backends()) {
    const TrainingConfig c = config(6, 32);
    Model m(mlp(true), *be, options(c));
    Trainer t(m, c);
    const FitResult r = t.fit(train, nullptr);
    QCOMPARE(int(r.status), int(FitStatus::Finished));
    QVERIFY(r.history.back().train.loss < r.history.front().train.loss);
    const Metrics e = t.evaluate(test_set);
    QVERIFY2(e.accuracy > 0.85, qPrintable(QString("%1: accuracy %2").arg(be->info().name.c_str()).arg(e.accuracy)));
  }
}

void TestTraining::same_seed_gives_the_same_curve() {
  test::ValidationGuard guard;
  const Dataset train = squares(96, 3);
  for (auto& be : test::all_backends()) {
    const TrainingConfig c = config(2, 16);
    const auto a = train_losses(*be, small_cnn(), train, c), b = train_losses(*be, small_cnn(), train, c);
    QCOMPARE(a.size(), size_t(12));
    QVERIFY2(a == b, be->info().name.c_str());
    TrainingConfig other = c;
    other.seed = 8;
    QVERIFY(train_losses(*be, small_cnn(), train, other) != a);
  }
}

void TestTraining::cpu_and_vulkan_agree() {
  test::ValidationGuard guard;
  auto backends = test::all_backends();
  if (backends.size() < 2) QSKIP("no Vulkan device");
  const Dataset train = squares(192, 4), test_set = squares(90, 5);
  std::vector<double> test_loss;
  for (auto& be : backends) {
    const TrainingConfig c = config(2, 32);
    Model m(small_cnn(), *be, options(c));
    Trainer t(m, c);
    t.fit(train, nullptr);
    test_loss.push_back(t.evaluate(test_set).loss);
  }
  QVERIFY2(std::fabs(test_loss[0] - test_loss[1]) <= 0.02 * test_loss[0],
           qPrintable(QString("cpu %1, vulkan %2").arg(test_loss[0]).arg(test_loss[1])));
}

void TestTraining::fused_conv_pool_trains_like_separate_ops() {
  // The CPU and Vulkan backends run each Conv2D with the MaxPool2D it feeds as one op;
  // training must give the losses of the separate ops: bit for bit with ReLU
  // and no activation (derivatives 0 and 1), within float rounding with tanh
  // (overlapping windows sum the gradients before or after the derivative).
  test::ValidationGuard guard;
  const Dataset train = squares(96, 6);
  const TrainingConfig c = config(2, 16);
  for (auto& be : test::all_backends())
    for (const char* act : {"relu", "linear", "tanh"}) {
      int fused = -1, separate = -1;
      const auto a = train_losses(*be, pooled_cnn(act), train, c, true, &fused);
      const auto b = train_losses(*be, pooled_cnn(act), train, c, false, &separate);
      QCOMPARE(separate, 0);
      QCOMPARE(fused, be->fuses_conv_max_pool() ? 2 : 0);
      QCOMPARE(a.size(), b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        const bool exact = std::string(act) != "tanh";
        QVERIFY2(exact ? a[i] == b[i] : std::fabs(a[i] - b[i]) <= 1e-5 * std::fabs(b[i]),
                 qPrintable(QString("%1 %2 step %3: fused %4, separate %5")
                                .arg(QString::fromStdString(be->info().name)).arg(act).arg(i).arg(a[i], 0, 'g', 9)
                                .arg(b[i], 0, 'g', 9)));
      }
    }
}

void TestTraining::reshapes_share_buffers_and_train_like_copies() {
  // Flatten and Reshape run as views of their input's buffers; training must
  // give, bit for bit, the losses of the copying layers.
  test::ValidationGuard guard;
  const Dataset train = blobs(96, 4);
  const TrainingConfig c = config(2, 16, 0.05);
  for (auto& be : test::all_backends()) {
    const auto shared = train_losses(*be, reshapes(), train, c, true, nullptr, true);
    const auto copied = train_losses(*be, reshapes(), train, c, true, nullptr, false);
    QCOMPARE(shared.size(), copied.size());
    QVERIFY(shared.back() < shared.front());
    for (size_t i = 0; i < shared.size(); ++i)
      QVERIFY2(shared[i] == copied[i], qPrintable(QString("%1 step %2: shared %3, copied %4")
                                                       .arg(QString::fromStdString(be->info().name)).arg(i)
                                                       .arg(shared[i], 0, 'g', 9).arg(copied[i], 0, 'g', 9)));
  }
}

void TestTraining::one_optimizer_step_over_all_parameters() {
  // The model keeps every trainable parameter (and gradient and optimizer
  // state) in one tensor and updates them in one optimizer call; with a
  // layer frozen it updates them one by one. Freezing a layer without
  // parameters takes the per-parameter path with nothing frozen: the losses
  // must be the same bit for bit, with Adam (two states) and SGD momentum (one).
  test::ValidationGuard guard;
  const Dataset train = squares(96, 5);
  for (auto& be : test::all_backends())
    for (const char* opt : {"adam", "sgd"}) {
      TrainingConfig c = config(2, 16, 0.01);
      c.optimizer = opt;
      c.momentum = 0.9;
      std::vector<double> runs[2];
      for (int per_parameter = 0; per_parameter < 2; ++per_parameter) {
        Model m(pooled_cnn("relu"), *be, options(c));
        if (per_parameter) m.set_frozen({"flatten_1"});
        Trainer t(m, c);
        LossRecorder rec;
        t.add_listener(&rec);
        t.fit(train, nullptr);
        runs[per_parameter] = rec.losses;
      }
      QCOMPARE(runs[0].size(), runs[1].size());
      QVERIFY(runs[0].back() < runs[0].front());
      for (size_t i = 0; i < runs[0].size(); ++i)
        QVERIFY2(runs[0][i] == runs[1][i], qPrintable(QString("%1 %2 step %3: together %4, one by one %5")
                                                          .arg(QString::fromStdString(be->info().name)).arg(opt).arg(i)
                                                          .arg(runs[0][i], 0, 'g', 9).arg(runs[1][i], 0, 'g', 9)));
    }
}

void TestTraining::resume_equals_uninterrupted() {
  test::ValidationGuard guard;
  QTemporaryDir dir;
  const Dataset train = squares(96, 6);
  for (auto& be : test::all_backends()) {
    const TrainingConfig c = config(3, 16);
    const auto whole = train_losses(*be, small_cnn(), train, c);
    const std::string ck = dir.filePath("run.ck").toStdString();
    std::vector<double> parts;
    {
      Model m(small_cnn(), *be, options(c));
      Trainer t(m, c);
      LossRecorder rec;
      rec.hook = [&](const StepEvent& e) {
        if (e.step == 8) t.stop();  // mid-way through the second epoch
      };
      t.add_listener(&rec);
      const FitResult r = t.fit(train, nullptr, nullptr, ck);
      QCOMPARE(int(r.status), int(FitStatus::Stopped));
      parts = rec.losses;
    }
    Model m(small_cnn(), *be, options(c));  // a fresh process would do the same
    const TrainingState st = load_checkpoint(ck, m);
    QCOMPARE(st.step, int64_t(8));
    Trainer t(m, c);
    LossRecorder rec;
    t.add_listener(&rec);
    const FitResult r = t.fit(train, nullptr, &st, ck);
    QCOMPARE(int(r.status), int(FitStatus::Finished));
    QCOMPARE(r.epochs_run, 3);
    parts.insert(parts.end(), rec.losses.begin(), rec.losses.end());
    QCOMPARE(parts.size(), whole.size());
    for (size_t i = 0; i < whole.size(); ++i)
      QVERIFY2(parts[i] == whole[i], qPrintable(QString("%1 step %2: %3 vs %4").arg(be->info().name.c_str()).arg(i + 1)
                                                    .arg(parts[i], 0, 'g', 17).arg(whole[i], 0, 'g', 17)));
  }
}

void TestTraining::checkpoints_keep_the_history_once() {
  // Every epoch's checkpoint used to embed the whole metric history, so a run
  // folder grew quadratically: a checkpoint now has the same size at every
  // epoch, and its history (one file beside it) still comes back whole.
  QTemporaryDir dir;
  auto backends = test::all_backends();
  const TrainingConfig c = config(6, 32);
  Model m(mlp(false), *backends[0], options(c));
  Trainer t(m, c);
  const std::string ck = dir.filePath("checkpoint.ck").toStdString();
  std::vector<qint64> sizes;
  struct Sizes : TrainingListener {
    std::vector<qint64>* out;
    void on_checkpoint(const std::string& path, int, int64_t, bool) override { out->push_back(QFileInfo(path.c_str()).size()); }
  } listener;
  listener.out = &sizes;
  t.add_listener(&listener);
  const FitResult r = t.fit(blobs(120, 9), nullptr, nullptr, ck);
  QCOMPARE(r.epochs_run, 6);
  QCOMPARE(sizes.size(), size_t(6));
  QVERIFY2(sizes.back() - sizes.front() < 64, qPrintable(QString("%1 -> %2 bytes").arg(sizes.front()).arg(sizes.back())));
  Model again(mlp(false), *backends[0], options(c));
  const TrainingState st = load_checkpoint(ck, again);
  QCOMPARE(st.history.size(), size_t(6));
  QCOMPARE(epoch_from_json(st.history[5]).train.loss, r.history[5].train.loss);
}

void TestTraining::early_stopping_restores_the_best() {
  auto backends = test::all_backends();
  Backend& be = *backends[0];
  TrainingConfig c = config(10, 32);
  c.early_stopping.enabled = true;
  c.early_stopping.monitor = "loss";
  c.early_stopping.min_delta = 1e9;  // nothing counts as better than the first epoch
  c.early_stopping.patience = 1;
  Model m(mlp(false), be, options(c));
  Trainer t(m, c);
  std::vector<float> after_first;
  struct Snap : TrainingListener {
    Model* m;
    std::vector<float>* out;
    void on_epoch(const EpochEvent& e) override {
      if (e.epoch != 0) return;
      auto& w = m->params()[0].param->value;
      out->resize(size_t(w.numel()));
      m->backend().download(w, *out);
    }
  } snap;
  snap.m = &m, snap.out = &after_first;
  t.add_listener(&snap);
  const FitResult r = t.fit(blobs(120, 9), nullptr);
  QCOMPARE(int(r.status), int(FitStatus::EarlyStopped));
  // Keras' EarlyStopping(patience=1) stops after the first epoch without improvement: 2 epochs.
  QCOMPARE(r.epochs_run, 2);
  QCOMPARE(r.best_epoch, 0);
  QVERIFY2(r.message == "no improvement of loss for 1 epoch; best at epoch 1", r.message.c_str());
  std::vector<float> now(after_first.size());
  be.download(m.params()[0].param->value, now);
  QVERIFY(now == after_first);
}

void TestTraining::nan_loss_stops_with_the_step() {
  auto backends = test::all_backends();
  TrainingConfig c = config(2, 32, 1e30);
  c.optimizer = "sgd";
  Model m(mlp(false), *backends[0], options(c));
  Trainer t(m, c);
  const FitResult r = t.fit(blobs(120, 9), nullptr);
  QCOMPARE(int(r.status), int(FitStatus::Failed));
  QVERIFY2(QString::fromStdString(r.message).contains(QRegularExpression("loss became (NaN|infinite) at step \\d+")),
           r.message.c_str());
}

void TestTraining::schedules() {
  ScheduleConfig s;
  s.kind = "step", s.step_epochs = 2, s.gamma = 0.5;
  LearningRateSchedule step(s, 0.1, 10);
  QCOMPARE(step.rate(0), 0.1);
  QCOMPARE(step.rate(1), 0.1);
  QCOMPARE(step.rate(2), 0.05);
  QCOMPARE(step.rate(5), 0.025);
  s.kind = "exponential", s.gamma = 0.9;
  QVERIFY(std::fabs(LearningRateSchedule(s, 0.1, 10).rate(3) - 0.1 * 0.729) < 1e-12);
  s.kind = "cosine", s.min_lr = 0.01;
  LearningRateSchedule cosine(s, 0.1, 10);
  QCOMPARE(cosine.rate(0), 0.1);
  QVERIFY(std::fabs(cosine.rate(5) - 0.055) < 1e-12);
  QVERIFY(std::fabs(cosine.rate(10) - 0.01) < 1e-12);
  s.kind = "plateau", s.patience = 1, s.factor = 0.5, s.min_lr = 0.02;
  LearningRateSchedule plateau(s, 0.1, 10);
  for (double v : {1.0, 0.9, 0.95, 0.95}) plateau.observe(v);  // two epochs without improvement
  QCOMPARE(plateau.rate(4), 0.05);
  for (double v : {0.95, 0.95, 0.95, 0.95, 0.95, 0.95}) plateau.observe(v);
  QCOMPARE(plateau.rate(9), 0.02);  // never below min_lr
}

void TestTraining::metrics() {
  // 3 classes: logits chosen so the predictions are 0, 1, 1, 2, 0 for truths 0, 1, 2, 2, 1.
  MetricsAccumulator acc(3, 3, 2);
  const std::vector<float> out{5, 1, 0, 0, 5, 1, 1, 5, 2, 0, 1, 5, 5, 4, 0};
  const std::vector<float> labels{0, 1, 2, 2, 1};
  acc.add(out, labels, 5, 0.5);
  const Metrics m = acc.result();
  QCOMPARE(m.accuracy, 0.6);
  QCOMPARE(m.confusion, (std::vector<int64_t>{1, 0, 0, 1, 1, 0, 0, 1, 1}));
  QCOMPARE(m.per_class[0].precision, 0.5);
  QCOMPARE(m.per_class[1].recall, 0.5);
  QCOMPARE(m.per_class[2].precision, 1.0);
  QCOMPARE(m.top_k_accuracy, 1.0);  // every truth is in the top 2
  QVERIFY(std::fabs(m.macro_f1 - (2.0 / 3 + 0.5 + 2.0 / 3) / 3) < 1e-12);
  // Binary with one logit: AUC of perfectly ranked scores is 1, of reversed 0.
  MetricsAccumulator bin(2, 1);
  bin.add(std::vector<float>{-2, -1, 1, 2}, std::vector<float>{0, 0, 1, 1}, 4, 0.1);
  QCOMPARE(bin.result().auc, 1.0);
  MetricsAccumulator rev(2, 1);
  rev.add(std::vector<float>{2, 1, -1, -2}, std::vector<float>{0, 0, 1, 1}, 4, 0.1);
  QCOMPARE(rev.result().auc, 0.0);
  // Regression.
  MetricsAccumulator reg(0, 2);
  reg.add(std::vector<float>{1, 2, 3, 4}, std::vector<float>{1, 0, 3, 5}, 2, 1.0);
  QCOMPARE(reg.result().mse, 5.0 / 4);
  QCOMPARE(reg.result().mae, 3.0 / 4);
}

void TestTraining::rejects_mismatched_data() {
  auto backends = test::all_backends();
  const TrainingConfig c = config(1, 8);
  Model m(mlp(false), *backends[0], options(c));
  Trainer t(m, c);
  Dataset wrong = squares(10, 1);
  try {
    t.fit(wrong, nullptr);
    QFAIL("trained on data of the wrong shape");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("the training samples have 64 values, the model's Input expects [12]"), e.what());
  }
}

void TestTraining::transfer_learning_and_freezing() {
  QTemporaryDir dir;
  auto backends = test::all_backends();
  Backend& be = *backends[0];
  const std::string ck = dir.filePath("a.ck").toStdString();
  TrainingConfig c = config(1, 32);
  const Dataset data = blobs(96, 4);
  std::vector<float> source_w(16 * 12);
  {
    Model a(mlp(false), be, options(c));
    Trainer(a, c).fit(data, nullptr, nullptr, ck);
    be.download(a.params()[0].param->value, source_w);
  }
  c.seed = 99;  // a different initialisation
  Model b(mlp(false), be, options(c));
  const auto copied = init_from_checkpoint(b, ck, {"dense_1"});
  QCOMPARE(copied, (std::vector<std::string>{"dense_1.weight", "dense_1.bias"}));
  b.set_frozen({"dense_1"});
  std::vector<float> head_before(3 * 16), head_after(3 * 16), w(16 * 12);
  be.download(b.params()[2].param->value, head_before);
  Trainer(b, c).fit(data, nullptr);
  be.download(b.params()[0].param->value, w);
  be.download(b.params()[2].param->value, head_after);
  QVERIFY(w == source_w);               // frozen and initialised from the source
  QVERIFY(head_after != head_before);   // the rest trains
  // A layer whose shape differs is named.
  Graph other = mlp(false);
  other.set_param("dense_1", "units", 8);
  Model d(other, be, options(c));
  try {
    init_from_checkpoint(d, ck, {"dense_1"});
    QFAIL("copied weights of the wrong shape");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("dense_1.weight has shape [16, 12], the model's is [8, 12]"), e.what());
  }
  QVERIFY_THROWS_EXCEPTION(Error, b.set_frozen({"nope"}));
}

void TestTraining::pause_and_resume_from_another_thread() {
  auto backends = test::all_backends();
  const TrainingConfig c = config(2, 16);
  Model m(mlp(false), *backends[0], options(c));
  Trainer t(m, c);
  std::atomic<bool> paused_seen{false};
  LossRecorder rec;
  rec.hook = [&](const StepEvent& e) {
    if (e.step == 3) t.pause();  // the next step waits until the other thread resumes
  };
  t.add_listener(&rec);
  std::thread other([&] {
    while (!t.paused()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    paused_seen = rec.losses.size() == 3;  // no step ran while paused
    t.resume();
  });
  const FitResult r = t.fit(blobs(96, 2), nullptr);
  other.join();
  QVERIFY(paused_seen);
  QCOMPARE(int(r.status), int(FitStatus::Finished));
  QCOMPARE(rec.losses.size(), size_t(12));
}

void TestTraining::telemetry_equals_an_independent_computation() {
  for (auto& be : test::all_backends()) {
    test::ValidationGuard guard;
    const Dataset d = blobs(96, 3);  // batch 16: six steps an epoch
    TrainingConfig c = config(1, 16);
    c.shuffle = false;
    struct Rec : TrainingListener {
      std::vector<TelemetryEvent> events;
      void on_telemetry(const TelemetryEvent& e) override { events.push_back(e); }
    } rec;
    Model m(mlp(false), *be, options(c));
    Trainer t(m, c);
    t.add_listener(&rec);
    t.fit(d, nullptr);
    QCOMPARE(rec.events.size(), size_t(1));
    const LayerTelemetry* dense = nullptr;
    for (const auto& l : rec.events[0].layers)
      if (l.node == "dense_1") dense = &l;
    QVERIFY(dense);
    // Independently: five steps without telemetry, then the sixth by hand.
    Dataset first = d;
    first.truncate(80);
    Model m2(mlp(false), *be, options(c));
    Trainer t2(m2, c);
    t2.set_telemetry(false);
    t2.fit(first, nullptr);
    auto params_of = [&](Model& model, bool grads) {
      std::vector<float> all, part;
      for (auto& p : model.params())
        if (p.node == "dense_1") {
          part.resize(size_t(p.param->value.numel()));
          model.backend().download(grads ? p.param->grad : p.param->value, part);
          all.insert(all.end(), part.begin(), part.end());
        }
      return all;
    };
    const std::vector<float> before = params_of(m2, false);
    m2.set_inputs(std::span<const float>(d.x.data() + 80 * 12, 16 * 12), 16);
    m2.set_labels(std::span<const float>(d.y.data() + 80, 16), 16);
    m2.forward(16, true, 6);
    m2.backward_and_update(16, 6, float(c.learning_rate));
    const std::vector<float> after = params_of(m2, false), grads = params_of(m2, true);
    double w = 0, g = 0, u = 0, b = 0;
    for (size_t i = 0; i < after.size(); ++i) {
      w += double(after[i]) * after[i], g += double(grads[i]) * grads[i], b += double(before[i]) * before[i];
      u += (double(after[i]) - before[i]) * (double(after[i]) - before[i]);
    }
    QVERIFY2(std::abs(dense->grad_norm - std::sqrt(g)) <= 1e-5 * std::sqrt(g), qPrintable(QString("%1 vs %2").arg(dense->grad_norm).arg(std::sqrt(g))));
    QVERIFY(std::abs(dense->weight_norm - std::sqrt(w)) <= 1e-5 * std::sqrt(w));
    QVERIFY(std::abs(dense->update_ratio - std::sqrt(u / b)) <= 1e-4 * std::sqrt(u / b));
    QVERIFY(dense->grad_norm > 0);
    // The first epoch's layers were timed; the input has no weights.
    QVERIFY(dense->forward_ms >= 0 && dense->backward_ms >= 0);
    QCOMPARE(rec.events[0].layers[0].weight_norm, -1.0);
  }
}

void TestTraining::telemetry_finds_dead_units() {
  for (auto& be : test::all_backends()) {
    test::ValidationGuard guard;
    const Dataset d = blobs(64, 4);
    TrainingConfig c = config(2, 16);
    Model m(mlp(false), *be, options(c));
    // dense_1 outputs relu(0 * x - 1) = 0 everywhere: every unit dead, and stays so (no gradient).
    for (auto& p : m.params())
      if (p.node == "dense_1")
        be->upload(p.param->value, std::vector<float>(size_t(p.param->value.numel()), p.role == "bias" ? -1.f : 0.f));
    struct Rec : TrainingListener {
      std::vector<TelemetryEvent> events;
      void on_telemetry(const TelemetryEvent& e) override { events.push_back(e); }
    } rec;
    Trainer t(m, c);
    t.add_listener(&rec);
    t.fit(d, nullptr);
    QCOMPARE(rec.events.size(), size_t(2));
    for (const auto& l : rec.events[1].layers) {
      if (l.node == "dense_1") QCOMPARE(l.dead_fraction, 1.0);
      if (l.node == "dense_2") QCOMPARE(l.dead_fraction, -1.0);  // not a ReLU layer
      QCOMPARE(l.forward_ms, -1.0);                             // timed in the first epoch only
    }
  }
}

QTEST_APPLESS_MAIN(TestTraining)
#include "test_training.moc"
