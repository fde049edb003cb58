#pragma once
// Where a run's files live: <runs root>/<run id>/ with the project as it was
// trained (overrides applied), the checkpoint written after every epoch, and
// summary.json at the end. The runs root is $STRATA_DATA_DIR/runs, else
// $XDG_DATA_HOME/strata/runs, else ~/.local/share/strata/runs. The SQLite
// experiment log records these paths; eval and predict find runs here.
#include <string>

namespace strata {

struct RunFolder {
  std::string id, dir;
  std::string project() const { return dir + "/project.strata"; }
  std::string checkpoint() const { return dir + "/checkpoint.ck"; }
  std::string summary() const { return dir + "/summary.json"; }
};

// $STRATA_DATA_DIR, else $XDG_DATA_HOME/strata, else ~/.local/share/strata:
// where runs, the experiment log and the editor's recovery files live.
std::string data_root();
std::string runs_root();
// A new run's folder (created), with an id from the time and randomness.
RunFolder create_run_folder();
// A run given by id (in the runs root) or by a folder path; throws if absent.
RunFolder find_run_folder(const std::string& id_or_path);

}  // namespace strata
