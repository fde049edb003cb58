#pragma once
// Finding a run and its experiment log. A run named by id is looked up in
// the log given (the CLI's --db; the folder that log recorded for it), else
// in the runs folder; a run folder's path works too. Reading a run never
// creates a log.
#include <string>

#include "data/preprocessing.h"
#include "store/run_log.h"
#include "train/run_folder.h"

namespace strata {

RunFolder find_run(const std::string& id_or_path, const std::string& db_option);
// The log a command on this run uses: --db when given, else the log the run
// recorded (run.json), else the default log.
std::string log_of(const RunFolder& run, const std::string& db_option);
// `--db` or the default path.
std::string log_path(const std::string& db_option);
// The preprocessing the run recorded (preprocessing.json); throws saying what
// to do for a run trained before Strata recorded it.
Preprocessing run_preprocessing(const RunFolder& run);

}  // namespace strata
