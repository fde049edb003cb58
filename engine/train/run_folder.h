#pragma once
// Where a run's files live: <runs root>/<run id>/ with the project as it was
// trained (overrides applied), run.json (how it was started: data limits,
// device, the experiment log it belongs to), preprocessing.json (what turns
// raw samples into the model's input, data/preprocessing.h), the checkpoint
// written after every epoch (one per epoch, epoch-N.ck, for forks and the
// Evaluation tab), the weights training started from (epoch-0.ck with its
// empty epoch-0.history.json, or a fork's copy of its parent's epoch), the
// metric history (checkpoint.history.json), summary.json at the end, and run.lock while
// a process trains it (train/run_lock.h). The runs root is
// $STRATA_DATA_DIR/runs, else $XDG_DATA_HOME/strata/runs, else
// ~/.local/share/strata/runs. The SQLite experiment log records these paths.
#include <cstdint>
#include <string>

namespace strata {

struct RunFolder {
  std::string id, dir;
  std::string project() const { return dir + "/project.strata"; }
  std::string checkpoint() const { return dir + "/checkpoint.ck"; }
  std::string epoch_checkpoint(int epoch) const { return dir + "/epoch-" + std::to_string(epoch) + ".ck"; }
  std::string summary() const { return dir + "/summary.json"; }
  std::string info() const { return dir + "/run.json"; }
  std::string preprocessing() const { return dir + "/preprocessing.json"; }
};

// run.json: what resume, fork, eval and predict need to know about how a run started.
struct RunInfo {
  int64_t limit_train = 0, limit_test = 0;  // 0: every sample
  std::string device_spec = "auto";
  std::string log;                          // the experiment log (absolute path); empty for runs made before it was recorded
  // The epoch training started from: 0, or the parent's epoch a fork starts
  // after. Its weights are kept as epoch-<start_epoch>.ck (not by runs made
  // before it was recorded).
  int start_epoch = 0;
};
void write_run_info(const RunFolder& run, const RunInfo& info);
// Copies a file under a temporary name and renames it into place, so a reader
// never sees half a checkpoint. Throws strata::Error naming both files.
void copy_file_atomically(const std::string& from, const std::string& to);
// Defaults for what a run made by an older Strata did not record; throws naming the file when it is damaged.
RunInfo read_run_info(const RunFolder& run);

// $STRATA_DATA_DIR, else $XDG_DATA_HOME/strata, else ~/.local/share/strata:
// where runs, the experiment log and the editor's recovery files live.
std::string data_root();
std::string runs_root();
// A new run's folder (created), with an id from the time and randomness.
RunFolder create_run_folder();
// A run given by id (in the runs root) or by a folder path; throws if absent.
RunFolder find_run_folder(const std::string& id_or_path);
// Removes what Strata writes in a run folder, then the folder if nothing else
// is left in it (a run that failed before it started leaves nothing behind).
void remove_run_folder(const RunFolder& run);

}  // namespace strata
