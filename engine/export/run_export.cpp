#include "export/run_export.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "core/error.h"
#include "export/export_destination.h"
#include "export/export_precheck.h"
#include "export/onnx_export.h"
#include "export/pytorch_export.h"
#include "export/weights_export.h"
#include "graph/project.h"
#include "run/run_lookup.h"
#include "run/checkpoint_integrity.h"
#include "train/checkpoint.h"

namespace strata {

std::vector<std::string> run_export_problems(const RunFolder& run, const std::string& format) {
  return export_precheck(load_project(run.project()).graph, format);
}

std::vector<std::string> export_files(const std::string& format, const std::string& output) {
  if (format == "pytorch") return {output + "/model.py", output + "/weights.npz"};
  return {output};
}

RunExportResult export_run(const RunFolder& run, const RunExportRequest& r) {
  const Project project = load_project(run.project());
  const auto problems = export_precheck(project.graph, r.format);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += "\n  " + p;
    throw Error("cannot export run " + run.id + " as " + r.format + ":" + all);
  }
  check_checkpoint_in_log(run, run.checkpoint());
  const WeightMap weights = checkpoint_weights(run.checkpoint());
  // The run's preprocessing travels with the model; a run trained before
  // Strata recorded it can still be exported for preprocessed input.
  std::optional<Preprocessing> pre;
  if (!r.preprocessed || std::ifstream(run.preprocessing())) pre = run_preprocessing(run);
  if (r.format == "safetensors") {
    std::map<std::string, std::string> meta{{"format", "pt"}, {"strata_run", run.id}};
    if (pre) meta["strata_preprocessing"] = pre->to_json().dump();
    write_export_file(r.output, safetensors_bytes(weights, meta), r.force);
  } else if (r.format == "npz") {
    write_export_file(r.output, npz_bytes(weights), r.force);
  } else if (r.format == "onnx") {
    OnnxOptions opt;
    opt.metadata = {{"strata_run", run.id}};
    opt.preprocessing = pre ? &*pre : nullptr;
    opt.raw_input = !r.preprocessed;
    export_onnx(project.graph, weights, r.output, project.name, opt, r.force);
  } else if (r.format == "pytorch") {
    export_pytorch(project.graph, weights, r.output, project.name, pre ? &*pre : nullptr, r.force);
  }
  RunExportResult out;
  out.tensors = weights.size();
  for (const auto& f : export_files(r.format, r.output)) {
    std::error_code ec;
    out.files.emplace_back(f, int64_t(std::filesystem::file_size(f, ec)));
  }
  return out;
}

}  // namespace strata
