#pragma once
// Whether a run's checkpoint is still the file training wrote. The experiment
// log records each checkpoint's size and CRC-32 as it is written
// (RunLog::log_checkpoint); a checkpoint that no longer matches its last
// record was truncated, bit-flipped or replaced since, and resuming from it
// or exporting it would carry wrong weights on silently. Checkpoints of
// format 2 also check themselves (train/checkpoint.h); this catches damage in
// older ones and a file swapped for another run's.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "train/run_folder.h"

namespace strata {

// Throws strata::Error naming `path` when it differs from the last record of
// a file of its name in `records` (RunLog::checkpoints). A checkpoint newer
// than every record (the process ended between writing and logging it) and
// one with no record pass.
void check_checkpoint_record(const std::string& path, const std::vector<nlohmann::json>& records);
// The same against the run's own log (run.json names it); a log that is gone
// or cannot be read leaves the check to the checkpoint's own CRC.
void check_checkpoint_in_log(const RunFolder& run, const std::string& path);

}  // namespace strata
