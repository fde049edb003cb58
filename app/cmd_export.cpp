// `strata export RUN --format safetensors|npz|onnx|pytorch --output PATH`: a run's
// trained weights (its last checkpoint) in a format other tools load. A
// pre-check names the nodes a format cannot represent before anything is
// written. Nothing the export did not create is ever deleted or overwritten:
// an existing destination is refused unless --force, which replaces only the
// files the export writes (export/export_destination.h).
#include <cstdio>
#include <fstream>
#include <optional>

#include "commands.h"
#include "core/error.h"
#include "export/export_destination.h"
#include "export/export_precheck.h"
#include "export/onnx_export.h"
#include "export/pytorch_export.h"
#include "export/weights_export.h"
#include "graph/project.h"
#include "run/run_lookup.h"
#include "train/checkpoint.h"
#include "train/run_folder.h"

namespace strata::cli {
namespace {

struct ExportOptions {
  std::string run, format, output, db;
  bool force = false, preprocessed = false, json = false;
};

void run_export(const ExportOptions& o) {
  const RunFolder run = find_run(o.run, o.db);
  const Project project = load_project(run.project());
  const auto problems = export_precheck(project.graph, o.format);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += "\n  " + p;
    throw Error("cannot export run " + run.id + " as " + o.format + ":" + all);
  }
  const WeightMap weights = checkpoint_weights(run.checkpoint());
  // The run's preprocessing travels with the model; a run trained before
  // Strata recorded it can still be exported for preprocessed input.
  std::optional<Preprocessing> pre;
  if (!o.preprocessed || std::ifstream(run.preprocessing())) pre = run_preprocessing(run);
  try {
    if (o.format == "safetensors") {
      std::map<std::string, std::string> meta{{"format", "pt"}, {"strata_run", run.id}};
      if (pre) meta["strata_preprocessing"] = pre->to_json().dump();
      write_export_file(o.output, safetensors_bytes(weights, meta), o.force);
    } else if (o.format == "npz") {
      write_export_file(o.output, npz_bytes(weights), o.force);
    } else if (o.format == "onnx") {
      OnnxOptions opt;
      opt.metadata = {{"strata_run", run.id}};
      opt.preprocessing = pre ? &*pre : nullptr;
      opt.raw_input = !o.preprocessed;
      export_onnx(project.graph, weights, o.output, project.name, opt, o.force);
    } else if (o.format == "pytorch") {
      export_pytorch(project.graph, weights, o.output, project.name, pre ? &*pre : nullptr, o.force);
    }
  } catch (const DestinationExists& e) {
    throw Error(std::string(e.what()) + " (--force replaces only the files the export writes" +
                (o.format == "pytorch" ? ": model.py and weights.npz)" : ")"));
  }
  std::printf("exported %zu tensors of run %s as %s to %s\n", weights.size(), run.id.c_str(), o.format.c_str(),
              o.output.c_str());
}

}  // namespace

void add_export_command(CLI::App& app) {
  static ExportOptions o;
  auto* cmd = app.add_subcommand("export", "Export a run's trained weights");
  cmd->add_option("run", o.run, "Run id or run folder")->required();
  cmd->add_option("--format", o.format, "safetensors, npz, onnx or pytorch")
      ->required()
      ->check(CLI::IsMember({"safetensors", "npz", "onnx", "pytorch"}));
  cmd->add_option("--output", o.output, "File (safetensors, npz, onnx) or folder (pytorch)")->required();
  cmd->add_flag("--force", o.force, "Replace an existing destination's files (only those the export writes)");
  cmd->add_flag("--preprocessed", o.preprocessed,
                "onnx: the model takes preprocessed input, without the Sub/Div preprocessing nodes at its input");
  cmd->add_option("--db", o.db, "Find the run in this experiment log");
  cmd->add_flag("--json", o.json, "On failure, end with one JSON object on the last line");
  cmd->callback([] { run_export(o); });
}

}  // namespace strata::cli
