#pragma once
// The headless command line: `strata <subcommand> ...`. Never needs a display.
namespace strata::cli {

// True if argv[1] names a subcommand (or asks for help/version).
bool is_subcommand(int argc, char** argv);
// Runs the subcommand; returns the process exit code.
int run(int argc, char** argv);

}  // namespace strata::cli
