#include "run/session.h"

#include <filesystem>

#include "runtime/devices.h"

namespace strata {

Session open_session(const Project& project, const std::string& device_spec, bool fuse) {
  Session s;
  s.device = select_device(device_spec);
  s.backend = open_backend(s.device);
  const TrainingConfig& cfg = project.training;
  ModelOptions mo;
  mo.max_batch = cfg.batch_size, mo.seed = cfg.seed, mo.optimizer = cfg.optimizer_config();
  mo.clip_norm = float(cfg.clip_norm);
  mo.fuse = fuse;
  s.model = std::make_unique<Model>(project.graph, *s.backend, mo);
  return s;
}

TrainingState load_into(Session& s, const std::string& checkpoint) { return load_checkpoint(checkpoint, *s.model); }

std::string project_folder(const std::string& project_path) {
  return std::filesystem::absolute(project_path).parent_path().string();
}

}  // namespace strata
