// `strata export RUN --format safetensors|npz|onnx|pytorch --output PATH`: a run's
// trained weights (its last checkpoint) in a format other tools load. A
// pre-check names the nodes a format cannot represent before anything is
// written. Nothing the export did not create is ever deleted or overwritten:
// an existing destination is refused unless --force, which replaces only the
// files the export writes (export/export_destination.h).
#include <cstdio>

#include "commands.h"
#include "core/error.h"
#include "export/export_destination.h"
#include "export/run_export.h"
#include "run/run_lookup.h"
#include "train/run_folder.h"

namespace strata::cli {
namespace {

struct ExportOptions {
  std::string run, format, output, db;
  bool force = false, preprocessed = false, json = false;
};

void run_export(const ExportOptions& o) {
  const RunFolder run = find_run(o.run, o.db);
  try {
    const RunExportResult r = export_run(run, {o.format, o.output, o.force, o.preprocessed});
    std::printf("exported %zu tensors of run %s as %s to %s\n", r.tensors, run.id.c_str(), o.format.c_str(), o.output.c_str());
  } catch (const DestinationExists& e) {
    throw Error(std::string(e.what()) + " (--force replaces only the files the export writes" +
                (o.format == "pytorch" ? ": model.py and weights.npz)" : ")"));
  }
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
