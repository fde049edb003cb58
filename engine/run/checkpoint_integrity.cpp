#include "run/checkpoint_integrity.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "store/run_log.h"
#include "train/checkpoint.h"

namespace strata {
namespace fs = std::filesystem;

void check_checkpoint_record(const std::string& path, const std::vector<nlohmann::json>& records) {
  const std::string name = fs::path(path).filename().string();
  const nlohmann::json* last = nullptr;
  for (const auto& r : records)
    if (fs::path(r.value("path", std::string())).filename() == name) last = &r;
  if (!last) return;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the checkpoint");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  const int64_t crc = store::RunLog::checkpoint_fingerprint(bytes);
  const int64_t want_crc = last->value("crc32", int64_t(-1)), want_bytes = last->value("bytes", int64_t(-1));
  if (int64_t(bytes.size()) == want_bytes &&
      (crc == want_crc || store::RunLog::checkpoint_fingerprint_v1(bytes) == want_crc))  // a log from before the fix
    return;
  // Written after the last record (its own CRC, for format 2, was checked by reading its step).
  if (checkpoint_step(path) > last->value("step", int64_t(0))) return;
  throw Error(path + ": the checkpoint does not match the one the experiment log recorded after step " +
              std::to_string(last->value("step", int64_t(0))) + " (" + std::to_string(want_bytes) + " bytes, CRC-32 " +
              std::to_string(want_crc) + "; the file now has " + std::to_string(bytes.size()) + " bytes, CRC-32 " +
              std::to_string(crc) + "): it was damaged or replaced since; resume from another epoch's checkpoint with " +
              "`strata fork RUN --epoch N`");
}

void check_checkpoint_in_log(const RunFolder& run, const std::string& path) {
  std::vector<nlohmann::json> records;
  try {
    const RunInfo info = read_run_info(run);
    if (info.log.empty() || !fs::exists(info.log)) return;
    store::RunLog log(info.log, store::LogAccess::MustExist);
    records = log.checkpoints(run.id);
  } catch (const Error&) {
    return;  // the log is gone or damaged: the checkpoint's own CRC still applies
  }
  check_checkpoint_record(path, records);
}

}  // namespace strata
