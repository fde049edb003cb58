// strata: with a subcommand it runs headless (never touching a display);
// without one, or with a project path, it opens the editor.
#include "cli.h"

#ifdef STRATA_HAVE_UI
#include "app/gui_main.h"
#endif

#include <cstdio>

int main(int argc, char** argv) {
  if (strata::cli::is_subcommand(argc, argv)) return strata::cli::run(argc, argv);
#ifdef STRATA_HAVE_UI
  return strata::ui::gui_main(argc, argv);
#else
  std::fprintf(stderr, "strata: this build has no user interface; run `strata --help` for the commands\n");
  return 2;
#endif
}
