#include "train/checkpoint.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <zlib.h>

#include "core/error.h"
#include "export/weights_export.h"
#include "graph/project.h"
#include "runtime/backend.h"

namespace strata {

namespace {

constexpr char kMagic[8] = {'S', 'T', 'R', 'A', 'T', 'A', 'C', 'K'};
// Format 2 ends in a CRC-32 of everything before it, so a truncated or
// bit-flipped checkpoint is refused instead of resuming from wrong weights.
constexpr uint32_t kVersion = 2;

// Every tensor a checkpoint holds, in a fixed order: name and tensor.
std::vector<std::pair<std::string, Tensor*>> tensors_of(Model& model) {
  std::vector<std::pair<std::string, Tensor*>> out;
  for (auto& np : model.params()) {
    out.emplace_back(np.name(), &np.param->value);
    if (np.param->opt_state1.defined()) out.emplace_back(np.name() + "#opt1", &np.param->opt_state1);
    if (np.param->opt_state2.defined()) out.emplace_back(np.name() + "#opt2", &np.param->opt_state2);
  }
  return out;
}

nlohmann::json state_to_json(const TrainingState& s) {
  nlohmann::json scores = nlohmann::json::array();
  for (const auto& [v, y] : s.partial.scores) scores.push_back({v, y});
  return {{"epoch", s.epoch},
          {"batch", s.batch},
          {"step", s.step},
          {"train_seconds", s.train_seconds},
          {"trained_samples", s.trained_samples},
          {"schedule",
           {{"plateau_lr", s.schedule.plateau_lr}, {"best", s.schedule.best}, {"bad_epochs", s.schedule.bad_epochs},
            {"has_best", s.schedule.has_best}}},
          {"early",
           {{"best", s.early.best}, {"has_best", s.early.has_best}, {"since_best", s.early.since_best},
            {"best_epoch", s.early.best_epoch}}},
          {"partial",
           {{"samples", s.partial.samples}, {"correct", s.partial.correct}, {"top_k_correct", s.partial.top_k_correct},
            {"loss_sum", s.partial.loss_sum}, {"se", s.partial.se}, {"ae", s.partial.ae},
            {"confusion", s.partial.confusion}, {"scores", scores}}},
          {"history_epochs", s.history.size()}};
}

TrainingState state_from_json(const nlohmann::json& j) {
  TrainingState s;
  s.epoch = j.at("epoch"), s.batch = j.at("batch"), s.step = j.at("step");
  s.train_seconds = j.at("train_seconds"), s.trained_samples = j.at("trained_samples");
  const auto& sc = j.at("schedule");
  s.schedule = {sc.at("plateau_lr"), sc.at("best"), sc.at("bad_epochs"), sc.at("has_best")};
  const auto& e = j.at("early");
  s.early = {e.at("best"), e.at("has_best"), e.at("since_best"), e.at("best_epoch")};
  const auto& p = j.at("partial");
  s.partial.samples = p.at("samples"), s.partial.correct = p.at("correct"), s.partial.top_k_correct = p.at("top_k_correct");
  s.partial.loss_sum = p.at("loss_sum"), s.partial.se = p.at("se"), s.partial.ae = p.at("ae");
  s.partial.confusion = p.at("confusion").get<std::vector<int64_t>>();
  for (const auto& v : p.at("scores")) s.partial.scores.emplace_back(v[0].get<float>(), v[1].get<int>());
  if (j.contains("history")) s.history = j.at("history");  // checkpoints written before the history had its own file
  return s;
}

// The metric history lives once in its own file beside the checkpoint
// ("checkpoint.ck" -> "checkpoint.history.json"), rewritten at each save, so a
// run folder grows by one checkpoint per epoch, not by the whole history each
// time. Copies of the checkpoint in the same folder (epoch-N.ck) name the same
// file and read its first N epochs.
std::string history_name(const std::string& checkpoint_path) {
  return std::filesystem::path(checkpoint_path).stem().string() + ".history.json";
}

}  // namespace

void save_checkpoint(const std::string& path, Model& model, const TrainingState& state) {
  Backend& be = model.backend();
  nlohmann::json table = nlohmann::json::array();
  std::string data;
  std::vector<float> buf;
  for (auto& [name, t] : tensors_of(model)) {
    buf.resize(size_t(t->numel()));
    be.download(*t, buf);
    table.push_back({{"name", name}, {"shape", t->shape()}, {"offset", data.size()}});
    data.append(reinterpret_cast<const char*>(buf.data()), buf.size() * sizeof(float));
  }
  const std::string history = history_name(path);
  write_file_atomically((std::filesystem::path(path).parent_path() / history).string(), state.history.dump() + "\n");
  nlohmann::json state_json = state_to_json(state);
  state_json["history_file"] = history;
  const std::string header = nlohmann::json{{"state", state_json}, {"tensors", table}}.dump();
  std::string file(kMagic, sizeof kMagic);
  const uint32_t version = kVersion;
  const uint64_t len = header.size();
  file.append(reinterpret_cast<const char*>(&version), sizeof version);
  file.append(reinterpret_cast<const char*>(&len), sizeof len);
  file += header;
  file += data;
  const uint32_t crc = uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(file.data()), uInt(file.size())));
  file.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  write_file_atomically(path, file);
}

namespace {
struct ParsedCheckpoint {
  std::string file;
  nlohmann::json header;
  size_t data_start = 0;
};

ParsedCheckpoint parse_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the checkpoint");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string file = ss.str();
  const size_t head = sizeof kMagic + sizeof(uint32_t) + sizeof(uint64_t);
  if (file.size() < head || std::memcmp(file.data(), kMagic, sizeof kMagic) != 0)
    throw Error(path + ": not a Strata checkpoint");
  uint32_t version;
  uint64_t len;
  std::memcpy(&version, file.data() + sizeof kMagic, sizeof version);
  std::memcpy(&len, file.data() + sizeof kMagic + sizeof version, sizeof len);
  if (version > kVersion) throw Error(path + ": written by a newer Strata (checkpoint format " + std::to_string(version) + ")");
  if (version >= 2) {
    uint32_t stored = 0;
    if (file.size() >= head + sizeof stored) std::memcpy(&stored, file.data() + file.size() - sizeof stored, sizeof stored);
    const size_t body = file.size() >= head + sizeof stored ? file.size() - sizeof stored : 0;
    if (body == 0 || stored != uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(file.data()), uInt(body))))
      throw Error(path + ": damaged checkpoint: its CRC-32 does not match its contents (the file was truncated or "
                         "changed on disk); resume from another epoch's checkpoint with `strata fork RUN --epoch N`");
    file.resize(body);
  }
  if (file.size() < head + len) throw Error(path + ": truncated checkpoint (header)");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(file.substr(head, len));
  } catch (const std::exception&) {
    throw Error(path + ": damaged checkpoint header");
  }
  return {file, header, head + len};
}
}  // namespace

int64_t checkpoint_step(const std::string& path) {
  const ParsedCheckpoint c = parse_checkpoint(path);
  try {
    return c.header.at("state").at("step").get<int64_t>();
  } catch (const nlohmann::json::exception&) {
    throw Error(path + ": damaged checkpoint header (no step)");
  }
}

namespace {
// A header that parsed as JSON but lacks a field or has one of the wrong
// type (a damaged or hand-made file) is refused naming the file, like every
// other damage (found by tests/fuzz/fuzz_weights).
template <class F>
auto reading_header(const std::string& path, F&& read) {
  try {
    return read();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": damaged checkpoint header (" + e.what() + ")");
  }
}
std::map<std::string, NamedArray> checkpoint_weights_unchecked(const std::string& path);
TrainingState load_checkpoint_unchecked(const std::string& path, Model& model);

// A tensor's shape from the header: every size at least 0, and no more
// values than the file could hold (so the byte count cannot overflow).
Shape tensor_shape(const nlohmann::json& entry, const std::string& path, size_t file_size) {
  Shape shape = entry.at("shape").get<Shape>();
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d > 0 && n > int64_t(file_size / sizeof(float)) / d))
      throw Error(path + ": damaged checkpoint header (tensor " + entry.at("name").get<std::string>() + " has shape " +
                  to_string(shape) + ", more than the file holds)");
    n *= d;
  }
  return shape;
}
}  // namespace

std::map<std::string, NamedArray> checkpoint_weights(const std::string& path) {
  return reading_header(path, [&] { return checkpoint_weights_unchecked(path); });
}

TrainingState load_checkpoint(const std::string& path, Model& model) {
  return reading_header(path, [&] { return load_checkpoint_unchecked(path, model); });
}

namespace {
std::map<std::string, NamedArray> checkpoint_weights_unchecked(const std::string& path) {
  const ParsedCheckpoint c = parse_checkpoint(path);
  std::map<std::string, NamedArray> out;
  for (const auto& e : c.header.at("tensors")) {
    const std::string name = e.at("name");
    if (name.find('#') != std::string::npos) continue;  // optimizer state
    NamedArray a{tensor_shape(e, path, c.file.size()), {}};
    const size_t off = c.data_start + std::min(e.at("offset").get<size_t>(), c.file.size()),
                 bytes = size_t(numel(a.shape)) * sizeof(float);
    if (off + bytes > c.file.size()) throw Error(path + ": truncated checkpoint (" + name + ")");
    a.values.resize(size_t(numel(a.shape)));
    if (bytes > 0) std::memcpy(a.values.data(), c.file.data() + off, bytes);  // an empty tensor has no buffer
    out.emplace(name, std::move(a));
  }
  return out;
}
}  // namespace

std::vector<std::string> init_from_checkpoint(Model& model, const std::string& path,
                                              const std::vector<std::string>& layers) {
  // Weight files exported by Strata (or written by other tools with the same
  // names) work as well as checkpoints.
  auto ends_with = [&](const char* ext) {
    const std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  const auto weights = ends_with(".npz")           ? read_npz(path)
                       : ends_with(".safetensors") ? read_safetensors(path)
                                                   : checkpoint_weights(path);
  std::vector<std::string> copied;
  for (const auto& want : layers) {
    bool found = false;
    for (const auto& np : model.params()) found = found || np.node == want;
    if (!found) throw Error("init_from: the model has no layer '" + want + "'");
  }
  for (auto& np : model.params()) {
    const bool chosen = layers.empty() || std::find(layers.begin(), layers.end(), np.node) != layers.end();
    if (!chosen) continue;
    const auto it = weights.find(np.name());
    if (it == weights.end()) {
      if (layers.empty()) continue;  // "all matching layers": skip what the source lacks
      throw Error(path + ": no tensor '" + np.name() + "' for layer '" + np.node + "'");
    }
    if (it->second.shape != np.param->value.shape()) {
      if (layers.empty()) continue;
      throw Error(path + ": " + np.name() + " has shape " + to_string(it->second.shape) + ", the model's is " +
                  to_string(np.param->value.shape()));
    }
    model.backend().upload(np.param->value, it->second.values);
    copied.push_back(np.name());
  }
  return copied;
}

namespace {
TrainingState load_checkpoint_unchecked(const std::string& path, Model& model) {
  const ParsedCheckpoint c = parse_checkpoint(path);
  const std::string& file = c.file;
  const nlohmann::json& header = c.header;
  const size_t data_start = c.data_start;
  const auto tensors = tensors_of(model);
  const auto& table = header.at("tensors");
  if (table.size() != tensors.size())
    throw Error(path + ": the checkpoint holds " + std::to_string(table.size()) + " tensors, the model has " +
                std::to_string(tensors.size()) + " (a different graph or optimizer?)");
  std::vector<float> buf;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto& [name, t] = tensors[i];
    const auto& e = table[i];
    if (e.at("name") != name) throw Error(path + ": tensor " + std::to_string(i) + " is '" + e.at("name").get<std::string>() + "', the model expects '" + name + "'");
    if (e.at("shape").get<Shape>() != t->shape())
      throw Error(path + ": " + name + " has shape " + to_string(e.at("shape").get<Shape>()) + ", the model expects " +
                  to_string(t->shape()));
    const size_t off = data_start + std::min(e.at("offset").get<size_t>(), file.size()),
                 bytes = size_t(t->numel()) * sizeof(float);
    if (off + bytes > file.size()) throw Error(path + ": truncated checkpoint (" + name + ")");
    buf.resize(size_t(t->numel()));
    std::memcpy(buf.data(), file.data() + off, bytes);
    model.backend().upload(*t, buf);
  }
  TrainingState state = state_from_json(header.at("state"));
  const auto& sj = header.at("state");
  if (sj.contains("history_file")) {
    const std::string file = (std::filesystem::path(path).parent_path() / sj.at("history_file").get<std::string>()).string();
    const size_t epochs = sj.at("history_epochs");
    std::ifstream in(file);
    const nlohmann::json h = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
    if (!h.is_array() || h.size() < epochs)
      throw Error(path + ": its metric history " + file + " is missing or shorter than its " + std::to_string(epochs) + " epochs");
    state.history = nlohmann::json(std::vector<nlohmann::json>(h.begin(), h.begin() + long(epochs)));
  }
  return state;
}

}  // namespace

}  // namespace strata
