#include "fuzz_readers.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "data/cifar.h"
#include "data/csv_reader.h"
#include "data/idx.h"
#include "data/image_folder.h"
#include "data/npy.h"
#include "data/text.h"
#include "export/weights_export.h"
#include "graph/analysis.h"
#include "graph/project.h"
#include "store/run_log.h"
#include "train/checkpoint.h"

namespace strata::fuzz {

std::string as_file(const uint8_t* data, size_t size, const char* suffix) {
  const char* base = std::getenv("TMPDIR");
  const std::string path = std::string(base ? base : "/tmp") + "/strata-fuzz-" + std::to_string(getpid()) + suffix;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  return path;
}

void read_project(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const Project p = project_from_json(parse_json_text(text, "fuzz.strata"), "fuzz.strata");
  (void)analyze(p.graph);
  (void)project_to_json(p);
}

void read_npy(const uint8_t* data, size_t size) { (void)parse_npy(std::string(reinterpret_cast<const char*>(data), size), "fuzz.npy"); }

void read_weights(const uint8_t* data, size_t size) {
  if (size < 1) return;
  const int which = data[0] % 3;
  const std::string path = as_file(data + 1, size - 1, which == 0 ? ".npz" : which == 1 ? ".safetensors" : ".ck");
  if (which == 0) (void)read_npz(path);
  else if (which == 1) (void)read_safetensors(path);
  else (void)checkpoint_weights(path);
}

void read_csv(const uint8_t* data, size_t size) { (void)parse_csv(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv"); }

void read_idx(const uint8_t* data, size_t size) {
  if (size < 2) return;
  const size_t cut = 1 + (size - 1) * data[0] / 256;
  const std::string images = as_file(data + 1, cut - 1, "-images.idx");
  const std::string labels = as_file(data + cut, size - cut, "-labels.idx");
  (void)load_idx(images, labels, 64);
}

void read_cifar(const uint8_t* data, size_t size) { (void)load_cifar10({as_file(data, size, "-batch.bin")}, 64); }

void read_text(const uint8_t* data, size_t size) {
  if (size < 1) return;
  TextOptions o;
  o.words = data[0] & 1;
  o.vocab_size = 2 + data[0] % 64;
  o.length = 1 + data[0] % 17;
  TextVocabulary vocab;
  (void)load_text(as_file(data + 1, size - 1, "-text.csv"), o, vocab, true);
}

void read_image(const uint8_t* data, size_t size) {
  if (size < 1) return;
  const std::string path = as_file(data + 1, size - 1, data[0] & 1 ? ".jpg" : ".png");
  const int64_t channels = data[0] & 2 ? 3 : 1;
  (void)image_size(path);
  std::vector<float> sample;
  read_image_sample(path, channels, 1 + data[0] % 7, 1 + data[0] % 5, sample);
}

void read_run_log(const uint8_t* data, size_t size) {
  const std::string path = as_file(data, size, "-runs.db");
  struct Cleanup {  // SQLite's side files, so each input starts alone
    std::string path;
    ~Cleanup() {
      for (const char* side : {"-wal", "-shm", "-journal"}) std::remove((path + side).c_str());
    }
  } cleanup{path};
  store::RunLog log(path, store::LogAccess::MustExist);
  for (const store::RunRecord& r : log.list_runs()) {
    (void)log.checkpoints(r.id);
    (void)log.confusion_matrices(r.id);
    (void)log.evaluation(r.id, "test");
    for (const store::MetricSummary& m : log.metric_summaries())
      if (m.run == r.id) (void)log.metric_points(r.id, m.key);
  }
}

}  // namespace strata::fuzz
