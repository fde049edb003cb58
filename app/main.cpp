// strata: with no arguments, or with the path of a project file (and the
// editor's own options), it opens the editor; anything else is the headless
// command line, which never touches a display (a mistyped subcommand is a
// command-line error, not an editor that fails to find a screen).
#include "cli.h"

#ifdef STRATA_HAVE_UI
#include "app/gui_main.h"
#endif

#include <cstdio>

int main(int argc, char** argv) {
  if (!strata::cli::opens_editor(argc, argv)) return strata::cli::run(argc, argv);
#ifdef STRATA_HAVE_UI
  return strata::ui::gui_main(argc, argv);
#else
  std::fprintf(stderr, "strata: this build has no user interface; run `strata --help` for the commands\n");
  return strata::cli::kExitUsage;
#endif
}
