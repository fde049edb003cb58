// `strata eval RUN`: the test metrics of a trained run (its last checkpoint)
// on its project's test set: loss, accuracy, top-k, per-class precision /
// recall / F1, the confusion matrix, ROC-AUC for binary tasks, MSE/MAE for
// regression. `strata predict RUN --input X.npy --output Y.npy`: the model's
// outputs for samples in a NumPy file.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "core/error.h"
#include "data/dataset_config.h"
#include "data/npy.h"
#include "graph/project.h"
#include "run_session.h"
#include "train/run_folder.h"
#include "train/trainer.h"

namespace strata::cli {
namespace {

struct EvalOptions {
  std::string run, device = "auto", input, output;
  int64_t limit_test = 0;
  bool json = false;
};

void print_metrics(const Metrics& m, const std::vector<std::string>& names) {
  std::printf("test samples %lld  loss %.4f\n", (long long)m.samples, m.loss);
  if (m.classes == 0) {
    std::printf("mse %.6g  mae %.6g\n", m.mse, m.mae);
    return;
  }
  std::printf("accuracy %.4f  top-%d %.4f  macro precision %.4f recall %.4f F1 %.4f\n", m.accuracy, m.top_k,
              m.top_k_accuracy, m.macro_precision, m.macro_recall, m.macro_f1);
  if (m.auc >= 0) std::printf("ROC AUC %.4f\n", m.auc);
  std::printf("\n%-16s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support");
  for (int64_t c = 0; c < m.classes; ++c) {
    const auto& pc = m.per_class[size_t(c)];
    const std::string name = size_t(c) < names.size() ? names[size_t(c)] : std::to_string(c);
    std::printf("%-16.16s %9.4f %9.4f %9.4f %8lld\n", name.c_str(), pc.precision, pc.recall, pc.f1, (long long)pc.support);
  }
  std::printf("\nconfusion matrix (rows: true class, columns: predicted)\n");
  for (int64_t r = 0; r < m.classes; ++r) {
    for (int64_t c = 0; c < m.classes; ++c) std::printf("%6lld", (long long)m.confusion[size_t(r * m.classes + c)]);
    std::printf("\n");
  }
}

void run_eval(const EvalOptions& o) {
  const RunFolder run = find_run_folder(o.run);
  const Project project = load_project(run.project());
  LoadedData data = load_dataset(project.dataset, project_folder(run.project()), {1, o.limit_test}, run.project() + ": dataset");
  if (!data.test) throw Error(run.project() + ": the dataset has no test set (add test files or test_split)");
  Session s = open_session(project, o.device);
  load_into(s, run.checkpoint());
  Trainer t(*s.model, project.training);
  const Metrics m = t.evaluate(*data.test);
  print_metrics(m, data.test->class_names);
  if (o.json) {
    nlohmann::json j = metrics_to_json(m);
    j["run_id"] = run.id, j["device"] = s.device.name;
    std::printf("%s\n", j.dump().c_str());
  }
}

void run_predict(const EvalOptions& o) {
  const RunFolder run = find_run_folder(o.run);
  const Project project = load_project(run.project());
  Session s = open_session(project, o.device);
  load_into(s, run.checkpoint());
  const NpyArray x = read_npy(o.input);
  const int64_t per = numel(s.model->input_shape());
  if (!x.shape.empty() && x.shape[0] == 0) throw Error(o.input + ": no samples (shape " + to_string(x.shape) + ")");
  if (x.shape.empty() || numel(x.shape) % per != 0 || numel(x.shape) / x.shape[0] != per)
    throw Error(o.input + ": shape " + to_string(x.shape) + " is not a batch of samples with " + std::to_string(per) +
                " values each (the model's input is " + to_string(s.model->input_shape()) + ")");
  Trainer t(*s.model, project.training);
  NpyArray y;
  t.predict(x.values, x.shape[0], y.values);
  y.shape = {x.shape[0]};
  for (int64_t d : s.model->output_shape()) y.shape.push_back(d);
  write_file_atomically(o.output, npy_bytes(y));
  std::printf("%lld samples -> %s %s\n", (long long)x.shape[0], o.output.c_str(), to_string(y.shape).c_str());
}

}  // namespace

void add_eval_commands(CLI::App& app) {
  static EvalOptions e, p;
  auto* eval = app.add_subcommand("eval", "Test metrics of a trained run");
  eval->add_option("run", e.run, "Run id (see the runs folder) or a run folder")->required();
  eval->add_option("--device", e.device, "Device spec (see `strata devices`)");
  eval->add_option("--limit-test", e.limit_test, "Use only the first N test samples")->check(CLI::PositiveNumber);
  eval->add_flag("--json", e.json, "End with one JSON object on the last line");
  eval->callback([] { run_eval(e); });

  auto* predict = app.add_subcommand("predict", "The model's outputs for samples in a .npy file");
  predict->add_option("run", p.run, "Run id or run folder")->required();
  predict->add_option("--input", p.input, "float32 .npy, batch first")->required()->check(CLI::ExistingFile);
  predict->add_option("--output", p.output, "Where to write the outputs (.npy)")->required();
  predict->add_option("--device", p.device, "Device spec (see `strata devices`)");
  predict->callback([] { run_predict(p); });
}

}  // namespace strata::cli
