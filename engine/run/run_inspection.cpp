#include "run/run_inspection.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "run/run_lookup.h"
#include "train/trainer.h"

namespace strata {

std::string split_name(Split s) {
  switch (s) {
    case Split::Train: return "train";
    case Split::Validation: return "validation";
    case Split::Test: return "test";
  }
  return {};
}

std::vector<int64_t> SplitPredictions::confusion() const {
  std::vector<int64_t> m(size_t(classes * classes), 0);
  if (classes <= 0) return m;
  for (int64_t i = 0; i < predictions.count && size_t(i) < predictions.predicted.size(); ++i) {
    const auto t = int64_t(labels[size_t(i)]), p = predictions.predicted[size_t(i)];
    if (t >= 0 && t < classes && p >= 0 && p < classes) ++m[size_t(t * classes + p)];
  }
  return m;
}

float SplitPredictions::confidence(int64_t i) const {
  if (predictions.predicted.empty() || !predictions.probabilities) return 0.f;
  const size_t cols = predictions.columns.size();
  const int64_t p = predictions.predicted[size_t(i)];
  if (cols == 1) return p == 1 ? predictions.values[size_t(i)] : 1.f - predictions.values[size_t(i)];
  return predictions.values[size_t(i) * cols + size_t(p)];
}

std::vector<int64_t> SplitPredictions::cell(int64_t true_class, int64_t predicted_class) const {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < predictions.count && size_t(i) < predictions.predicted.size(); ++i)
    if (int64_t(labels[size_t(i)]) == true_class && predictions.predicted[size_t(i)] == predicted_class) out.push_back(i);
  std::stable_sort(out.begin(), out.end(), [&](int64_t a, int64_t b) { return confidence(a) > confidence(b); });
  return out;
}

RunInspector::RunInspector(const std::string& run, const std::string& db, const std::string& device)
    : run_(find_run(run, db)), project_(load_project(run_.project())) {
  const RunInfo info = read_run_info(run_);
  start_epoch_ = info.start_epoch;
  const std::string where = run_.project() + ": dataset";
  data_ = load_dataset(project_.dataset, project_folder(run_.project()), {info.limit_train, info.limit_test}, where);
  // The validation samples are the ones training held out (the same seeded split).
  if (project_.training.validation_split > 0) validation_ = data_.train.split_off(project_.training.validation_split, project_.training.seed);
  session_ = open_session(project_, device, /*fuse=*/false);
}

RunInspector::~RunInspector() = default;

std::vector<int> RunInspector::epochs() const {
  std::vector<int> out{start_epoch_};
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(run_.dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("epoch-", 0) != 0 || e.path().extension() != ".ck") continue;
    if (const int epoch = std::atoi(n.c_str() + 6); epoch > start_epoch_) out.push_back(epoch);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool RunInspector::has_split(Split s) const {
  return s == Split::Train || (s == Split::Validation && validation_) || (s == Split::Test && data_.test);
}

const Dataset& RunInspector::data(Split s) const {
  if (s == Split::Validation && validation_) return *validation_;
  if (s == Split::Test && data_.test) return *data_.test;
  if (s == Split::Train) return data_.train;
  throw Error("run " + run_.id + " has no " + split_name(s) + " set");
}

void RunInspector::load_weights(int epoch) {
  if (epoch == loaded_epoch_) return;
  const std::string ck = run_.epoch_checkpoint(epoch);
  if (std::filesystem::exists(ck)) {
    load_into(session_, ck);
  } else if (epoch == 0) {
    // A run made before the initial weights were kept: a model compiled
    // afresh draws them from the run's seed (without init_from's layers).
    session_ = open_session(project_, session_.device.spec(), /*fuse=*/false);
  } else {
    throw Error("run " + run_.id + " has no checkpoint after epoch " + std::to_string(epoch));
  }
  loaded_epoch_ = epoch;
}

SplitPredictions RunInspector::predict(int epoch, Split s) {
  const Dataset& d = data(s);
  load_weights(epoch);
  Trainer t(*session_.model, project_.training);
  std::vector<float> outputs;
  t.predict(d.x, d.size(), outputs);
  SplitPredictions p;
  p.split = s, p.epoch = epoch;
  p.labels = d.y;
  p.classes = d.labels == LabelKind::ClassIndex ? d.classes : 0;
  p.class_names = d.class_names;
  p.predictions = interpret_outputs(project_.graph, outputs, d.size(), d.class_names);
  return p;
}

std::vector<LayerOutput> RunInspector::activations(int epoch, Split s, int64_t index) {
  const Dataset& d = data(s);
  if (index < 0 || index >= d.size())
    throw Error(split_name(s) + " sample " + std::to_string(index) + " does not exist (the set has " + std::to_string(d.size()) + ")");
  load_weights(epoch);
  Model& m = *session_.model;
  const int64_t per = d.sample_size(), per_label = d.label_size();
  m.set_inputs(std::span<const float>(d.x.data() + index * per, size_t(per)), 1);
  m.set_labels(std::span<const float>(d.y.data() + index * per_label, size_t(per_label)), 1);
  m.forward(1, /*training=*/false, 0);
  std::vector<LayerOutput> out;
  for (const auto& rep : m.report().nodes) {
    LayerOutput o;
    o.node = rep.id, o.type = rep.type;
    if (m.node_output(rep.id, 1, o.values, o.shape)) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace strata
