#pragma once
// Exporting a run: its trained weights (the last checkpoint) in a format
// other tools load, with the run's preprocessing where the format carries
// it. The command line (`strata export`) and the editor's export dialog both
// call this. The pre-check runs first and nothing is written when it
// refuses; an existing destination is refused (DestinationExists) unless
// `force`, which replaces only the files the export writes.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "train/run_folder.h"

namespace strata {

struct RunExportRequest {
  std::string format;  // safetensors, npz, onnx, pytorch
  std::string output;  // a file, or a folder for pytorch
  bool force = false;
  bool preprocessed = false;  // onnx: the model takes preprocessed input
};

struct RunExportResult {
  size_t tensors = 0;
  std::vector<std::pair<std::string, int64_t>> files;  // written, with their sizes
};

// What the format cannot hold, as messages naming the nodes; empty: go ahead.
std::vector<std::string> run_export_problems(const RunFolder& run, const std::string& format);
// Throws strata::Error naming the run and every problem when the pre-check refuses.
RunExportResult export_run(const RunFolder& run, const RunExportRequest& request);
// The files an export of this format to `output` writes.
std::vector<std::string> export_files(const std::string& format, const std::string& output);

}  // namespace strata
