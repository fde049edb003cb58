#pragma once
// The headless command line: `strata <subcommand> ...`. Never needs a display.
#include <string>

namespace strata::cli {

// Exit statuses (listed in `strata --help`).
enum ExitStatus : int {
  kExitOk = 0,
  kExitError = 1,    // the command failed; the message says why
  kExitUsage = 2,    // bad arguments: unknown command or option, a value out of range
  kExitStopped = 3,  // a training was stopped (Ctrl-C, SIGTERM) with its checkpoint: `strata resume RUN` continues it
  kExitSelftestFailed = 4,  // `strata selftest` found the device computing wrongly
};

// True when argv asks for the editor: no arguments, or at most one existing
// file (a project) that is not a subcommand, with only the editor's own
// options (--lang, --theme, --screenshot and their values).
bool opens_editor(int argc, char** argv);
// Runs the subcommand; returns the process exit status.
int run(int argc, char** argv);

// Set by a command that ends other than kExitOk without failing (a stopped training).
void set_exit_status(ExitStatus s);
// The run a command works on, once known: a failure reported with --json names it.
void note_run_id(const std::string& id);

}  // namespace strata::cli
