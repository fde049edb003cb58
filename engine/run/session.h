#pragma once
// What runs, evaluation, prediction and the benchmarks share: a project's
// model compiled on a chosen device, optionally with a run's checkpoint loaded.
#include <memory>
#include <string>

#include "graph/project.h"
#include "model/model.h"
#include "runtime/backend.h"
#include "runtime/device_info.h"
#include "train/checkpoint.h"

namespace strata {

struct Session {
  DeviceInfo device;
  std::unique_ptr<Backend> backend;
  std::unique_ptr<Model> model;
};

// `fuse` off keeps every layer's output readable (Model::node_output).
Session open_session(const Project& project, const std::string& device_spec, bool fuse = true);
// Loads a checkpoint into the session's model.
TrainingState load_into(Session& s, const std::string& checkpoint);
// The folder holding a project file (relative dataset paths start there).
std::string project_folder(const std::string& project_path);

}  // namespace strata
