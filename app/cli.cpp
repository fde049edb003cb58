#include "cli.h"

#include <cstdio>
#include <cstring>

#include "commands.h"
#include "core/error.h"

namespace strata::cli {
namespace {
const char* const kSubcommands[] = {"devices", "train", "resume", "fork", "eval", "predict", "export", "runs", "bench", "--help", "-h", "--version"};
}

bool is_subcommand(int argc, char** argv) {
  if (argc < 2) return false;
  for (const char* s : kSubcommands)
    if (std::strcmp(argv[1], s) == 0) return true;
  return false;
}

int run(int argc, char** argv) {
  CLI::App app{"Strata: design, train, compare and export neural networks on any GPU (Vulkan) or the CPU.\n"
               "Run without arguments, or with a project file, to open the editor."};
  app.set_version_flag("--version", "strata 0.1.0");
  app.require_subcommand(1);
  add_devices_command(app);
  add_train_command(app);
  add_eval_commands(app);
  add_export_command(app);
  add_runs_command(app);
  add_bench_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const strata::Error& e) {
    std::fprintf(stderr, "strata: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata: unexpected error: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace strata::cli
