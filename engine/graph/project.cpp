#include "graph/project.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/fault_injection.h"
#include "core/plural.h"
#include "layers/layer_names.h"
#include "layers/registry.h"

namespace strata {

namespace {

std::string node_where(const std::string& source, const std::string& id) { return source + ": node '" + id + "'"; }

void read_graph(const nlohmann::json& g, const std::string& source, Graph& graph) {
  if (!g.is_object()) throw Error(source + ": 'graph' must be an object with 'nodes' and 'links'");
  const auto& nodes = g.value("nodes", nlohmann::json::array());
  const auto& links = g.value("links", nlohmann::json::array());
  if (!nodes.is_array()) throw Error(source + ": graph.nodes must be a list");
  if (!links.is_array()) throw Error(source + ": graph.links must be a list");
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    const std::string at = source + ": graph.nodes[" + std::to_string(i) + "]";
    if (!n.is_object()) throw Error(at + ": must be an object");
    if (!n.contains("id") || !n["id"].is_string() || n["id"].get<std::string>().empty())
      throw Error(at + ": 'id' must be a non-empty text");
    const std::string id = n["id"];
    const std::string where = node_where(source, id);
    if (!n.contains("type") || !n["type"].is_string()) throw Error(where + ": 'type' must be a layer type name");
    // Keras' names and other spellings become Strata's type (with what the alias implies).
    const auto name = resolve_layer_name(n["type"].get<std::string>());
    if (!name) throw Error(where + ": " + unknown_layer_message(n["type"]));
    const std::string& type = name->type;
    const LayerSpec* spec = find_layer(type);
    nlohmann::json params = n.value("params", nlohmann::json::object());
    if (!params.is_object()) throw Error(where + ": 'params' must be an object");
    for (const auto& [k, v] : name->params.items())
      if (!params.contains(k)) params[k] = v;
    try {
      resolve_params(*spec, id, params);
    } catch (const LayerError& e) {
      throw Error(where + ": " + e.field + ": " + e.what() + (e.hint.empty() ? "" : " (" + e.hint + ")"));
    }
    NodePos pos;
    if (n.contains("pos")) {
      const auto& p = n["pos"];
      if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
        throw Error(where + ": 'pos' must be [x, y]");
      pos = {p[0].get<double>(), p[1].get<double>()};
    }
    for (const auto& [key, v] : n.items())
      if (key != "id" && key != "type" && key != "params" && key != "pos") throw Error(where + ": unknown field '" + key + "'");
    if (graph.find(id)) throw Error(where + ": a second node with this id");
    graph.add_node(type, params, pos, id);
  }
  for (size_t i = 0; i < links.size(); ++i) {
    const auto& l = links[i];
    const std::string at = source + ": graph.links[" + std::to_string(i) + "]";
    if (!l.is_object() || !l.contains("from") || !l.contains("to") || !l["from"].is_string() || !l["to"].is_string())
      throw Error(at + ": must be {\"from\": node, \"to\": node, \"port\": n}");
    if (l.contains("port") && !l["port"].is_number_integer()) throw Error(at + ".port: must be a whole number (from 0)");
    const int port = l.value("port", 0);
    const std::string to = l["to"];
    // The file counts ports from 0, messages count inputs from 1: port errors say both.
    const std::string named = "\"port\": " + std::to_string(port) + " (input " + std::to_string(port + 1) + ")";
    if (const Node* target = graph.find(to)) {
      const int ports = graph.input_ports(*target);
      if (port < 0 || port >= ports)
        throw Error(at + ".port: node '" + to + "' has no " + named + "; it has " + count_of(ports, "input") +
                    (ports > 0 ? ", \"port\" 0 to " + std::to_string(ports - 1) : std::string()));
      for (const auto& other : graph.links())
        if (other.to == to && other.port == port)
          throw Error(at + ".port: " + named + " of node '" + to + "' is already linked to '" + other.from + "'");
    }
    try {
      graph.add_link({l["from"].get<std::string>(), to, port});
    } catch (const Error& e) {
      throw Error(at + ": " + e.what());
    }
  }
}

}  // namespace

Project project_from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": not a Strata project (the top level must be a JSON object)");
  // Text fields hold text: a number or list there is named, not a JSON library message.
  for (const char* key : {"format", "name", "description"})
    if (j.contains(key) && !j[key].is_string()) throw Error(source + ": '" + key + "' must be text (in quotes), not " + j[key].type_name());
  if (j.value("format", "") != "strata-project") throw Error(source + ": not a Strata project (no \"format\": \"strata-project\")");
  if (!j.contains("version") || !j["version"].is_number_integer()) throw Error(source + ": 'version' is missing");
  const int version = j["version"];
  if (version > kProjectFormatVersion)
    throw Error(source + ": written by a newer Strata (project format " + std::to_string(version) +
                "; this version reads up to " + std::to_string(kProjectFormatVersion) + "); please update Strata");
  if (version < 1) throw Error(source + ": bad project format version " + std::to_string(version));
  Project p;
  for (const auto& [key, v] : j.items())
    if (key != "format" && key != "version" && key != "name" && key != "description" && key != "graph" &&
        key != "dataset" && key != "training")
      throw Error(source + ": unknown field '" + key + "'");
  p.name = j.value("name", "");
  p.description = j.value("description", "");
  read_graph(j.value("graph", nlohmann::json::object()), source, p.graph);
  p.dataset = j.value("dataset", nlohmann::json::object());
  if (!p.dataset.is_object()) throw Error(source + ": 'dataset' must be an object");
  p.training = training_from_json(j.value("training", nlohmann::json::object()), source + ": training");
  return p;
}

nlohmann::json project_to_json(const Project& p) {
  nlohmann::json nodes = nlohmann::json::array(), links = nlohmann::json::array();
  for (const auto& n : p.graph.nodes())
    nodes.push_back({{"id", n.id}, {"type", n.type}, {"params", n.params}, {"pos", {n.pos.x, n.pos.y}}});
  for (const auto& l : p.graph.links()) links.push_back({{"from", l.from}, {"to", l.to}, {"port", l.port}});
  return {{"format", "strata-project"},
          {"version", kProjectFormatVersion},
          {"name", p.name},
          {"description", p.description},
          {"graph", {{"nodes", nodes}, {"links", links}}},
          {"dataset", p.dataset},
          {"training", training_to_json(p.training)}};
}

Project load_project(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return project_from_json(parse_json_text(ss.str(), path), path);
}

nlohmann::json parse_json_text(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann counts bytes: turn the position into the line and column an editor shows.
    const size_t at = std::min(text.size(), e.byte > 0 ? e.byte - 1 : 0);
    size_t line = 1, column = 1;
    for (size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') ++line, column = 1;
      else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // characters, not UTF-8 bytes
    }
    std::string why = e.what();
    const size_t colon = why.find(": ", why.find("column"));
    why = colon == std::string::npos ? why : why.substr(colon + 2);
    throw Error(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON (" + why + ")");
  } catch (const nlohmann::json::out_of_range&) {
    // A number too large for a double (found by fuzzing: 77777777E7777777...).
    throw Error(name + ": not valid JSON (a number too large to read)");
  }
}

void save_project(const Project& p, const std::string& path) { write_file_atomically(path, project_to_json(p).dump(2) + "\n"); }

}  // namespace strata
