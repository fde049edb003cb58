// `strata eval RUN`: the test metrics of a trained run (its last checkpoint)
// on its project's test set: loss, accuracy, top-k, per-class precision /
// recall / F1, the confusion matrix, ROC-AUC for binary tasks, MSE/MAE for
// regression. `strata predict RUN --input X --output Y`: class probabilities
// (or values, for regression) for raw samples, which go through the run's
// recorded preprocessing exactly as its training data did.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "core/error.h"
#include "data/dataset_config.h"
#include "data/npy.h"
#include "data/raw_input.h"
#include "graph/project.h"
#include "option_checks.h"
#include "run/run_lookup.h"
#include "run/session.h"
#include "train/predictions.h"
#include "train/run_folder.h"
#include "train/trainer.h"

namespace strata::cli {
namespace {

struct EvalOptions {
  std::string run, device = "auto", input, output, db;
  int64_t limit_test = 0;
  bool json = false, preprocessed = false, logits = false;
};

void print_metrics(const Metrics& m, const std::vector<std::string>& names) {
  std::printf("test samples %lld  loss %.4f\n", (long long)m.samples, m.loss);
  if (m.classes == 0) {
    std::printf("mse %.6g  mae %.6g\n", m.mse, m.mae);
    return;
  }
  std::printf("accuracy %.4f", m.accuracy);
  if (m.classes > m.top_k) std::printf("  top-%d %.4f", m.top_k, m.top_k_accuracy);  // with fewer classes it is always 1
  std::printf("  macro precision %.4f recall %.4f F1 %.4f\n", m.macro_precision, m.macro_recall, m.macro_f1);
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
  const RunFolder run = find_run(o.run, o.db);
  const Project project = load_project(run.project());
  const RunInfo info = read_run_info(run);
  LoadedData data = load_dataset(project.dataset, project_folder(run.project()), {info.limit_train, o.limit_test},
                                 run.project() + ": dataset");
  if (!data.test) throw Error(run.project() + ": the dataset has no test set (add test files or test_split)");
  Session s = open_session(project, o.device == "auto" ? info.device_spec : o.device);
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

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// One row per sample: where it came from (its file, or its row number), the
// predicted class, then a column per class (or output).
std::string predictions_csv(const Predictions& p, const std::vector<std::string>& names) {
  std::string out = "input";
  if (!p.predicted.empty()) out += ",predicted";
  for (const auto& c : p.columns) out += "," + csv_field(c);
  out += "\n";
  const size_t per = p.columns.size();
  char buf[32];
  for (int64_t i = 0; i < p.count; ++i) {
    out += names.empty() ? std::to_string(i + 1) : csv_field(names[size_t(i)]);
    if (!p.predicted.empty()) out += "," + csv_field(p.columns[size_t(p.predicted[size_t(i)])]);
    for (size_t k = 0; k < per; ++k) {
      std::snprintf(buf, sizeof buf, ",%.9g", double(p.values[size_t(i) * per + k]));
      out += buf;
    }
    out += "\n";
  }
  return out;
}

void run_predict(const EvalOptions& o) {
  const RunFolder run = find_run(o.run, o.db);
  const Project project = load_project(run.project());
  Session s = open_session(project, o.device == "auto" ? read_run_info(run).device_spec : o.device);
  load_into(s, run.checkpoint());
  const Shape& input = s.model->input_shape();
  RawSamples x;
  std::vector<std::string> class_names;
  if (o.preprocessed) {
    x = read_preprocessed_samples(o.input, input);
    if (std::ifstream(run.preprocessing())) class_names = run_preprocessing(run).class_names;
  } else {
    const Preprocessing pre = run_preprocessing(run);
    if (numel(pre.sample_shape) != numel(input))
      throw Error("run " + run.id + ": its preprocessing gives samples of " + to_string(pre.sample_shape) +
                  ", the model takes " + to_string(input));
    x = read_raw_samples(o.input, pre);
    pre.apply(x.values);
    class_names = pre.class_names;
  }
  Trainer t(*s.model, project.training);
  std::vector<float> outputs;
  t.predict(x.values, x.count, outputs);
  const Predictions p = interpret_outputs(project.graph, outputs, x.count, class_names);
  const bool csv = o.output.size() >= 4 && o.output.compare(o.output.size() - 4, 4, ".csv") == 0;
  NpyArray y;
  y.shape = {x.count};
  if (o.logits) {
    for (int64_t d : s.model->output_shape()) y.shape.push_back(d);
    y.values = outputs;
  } else {
    y.shape.push_back(int64_t(p.columns.size()));
    y.values = p.values;
  }
  if (csv && !o.logits) write_file_atomically(o.output, predictions_csv(p, x.names));
  else if (csv) throw Error(o.output + ": --logits writes a .npy");
  else write_file_atomically(o.output, npy_bytes(y));
  std::printf("%lld samples -> %s %s (%s)\n", (long long)x.count, o.output.c_str(), to_string(y.shape).c_str(),
              o.logits ? "logits" : p.probabilities ? "class probabilities" : "values");
}

}  // namespace

void add_eval_commands(CLI::App& app) {
  static EvalOptions e, p;
  auto* eval = app.add_subcommand("eval", "Test metrics of a trained run");
  eval->add_option("run", e.run, "Run id (see the runs folder) or a run folder")->required();
  eval->add_option("--device", e.device, "Device spec (see `strata devices`; default: the run's)");
  eval->add_option("--limit-test", e.limit_test, "Use only the first N test samples")->check(at_least(1));
  eval->add_option("--db", e.db, "Find the run in this experiment log");
  eval->add_flag("--json", e.json, "End with one JSON object on the last line");
  eval->callback([] { run_eval(e); });

  auto* predict = app.add_subcommand(
      "predict", "Class probabilities (or values) for raw samples, through the run's own preprocessing");
  predict->add_option("run", p.run, "Run id or run folder")->required();
  predict->add_option("--input", p.input,
                      "Raw samples: images (a file, a folder, or a .npy of pixels 0-255), feature rows (.csv with a "
                      "header, or .npy), texts (one per line, or a .csv with the text column)")
      ->required();
  predict->add_option("--output", p.output, ".csv (input, predicted class, one column per class) or .npy (probabilities)")
      ->required();
  predict->add_flag("--preprocessed", p.preprocessed, "The input is already preprocessed: a float .npy the model takes as it is");
  predict->add_flag("--logits", p.logits, "Write the model's raw outputs (.npy) instead of probabilities");
  predict->add_option("--device", p.device, "Device spec (see `strata devices`; default: the run's)");
  predict->add_option("--db", p.db, "Find the run in this experiment log");
  predict->add_flag("--json", p.json, "On failure, end with one JSON object on the last line");
  predict->callback([] { run_predict(p); });
}

}  // namespace strata::cli
