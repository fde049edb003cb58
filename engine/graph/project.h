#pragma once
// The project file (.strata): JSON with a format name and version, holding
// the graph (nodes with id, layer type, parameters and editor position; links
// between ports), the dataset configuration and the training configuration.
// Loading validates everything and names the file, node and field at fault;
// saving writes a temporary file and renames it, so a crash never leaves half
// a project. Saving then loading gives the same project.
#include "core/atomic_file.h"
#include <nlohmann/json.hpp>
#include <string>

#include "graph/graph.h"
#include "train/training_config.h"

namespace strata {

inline constexpr int kProjectFormatVersion = 1;

struct Project {
  std::string name;
  std::string description;
  Graph graph;
  nlohmann::json dataset = nlohmann::json::object();  // checked by the data module (data/dataset_config.h)
  TrainingConfig training;
};

// `source` names the file in messages.
Project project_from_json(const nlohmann::json& j, const std::string& source);
nlohmann::json project_to_json(const Project& p);

Project load_project(const std::string& path);
void save_project(const Project& p, const std::string& path);

// JSON text, or an Error "name:line:column: not valid JSON (why)".
nlohmann::json parse_json_text(const std::string& text, const std::string& name);

}  // namespace strata
