#include "cli.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "core/closest_names.h"
#include "core/error.h"

namespace strata::cli {
namespace {

ExitStatus g_status = kExitOk;
std::string g_run_id;

const char* const kHelpFooter =
    "Exit status: 0 done; 1 the command failed (the message says why); 2 bad arguments;\n"
    "3 a training was stopped (Ctrl-C or SIGTERM) with its checkpoint: `strata resume RUN` continues it;\n"
    "4 `strata selftest` found the device computing wrongly.\n"
    "With --json, the last stdout line is one JSON object, also on failure: {\"error\": ..., \"run_id\": ...}.\n";

bool wants_json(int argc, char** argv) {
  for (int i = 2; i < argc; ++i)
    if (std::strcmp(argv[i], "--json") == 0) return true;
  return false;
}

// With --json a failure still ends stdout with one JSON object.
int fail(const std::string& message, int argc, char** argv) {
  std::fprintf(stderr, "strata: %s\n", message.c_str());
  if (wants_json(argc, argv)) {
    nlohmann::json j{{"error", message}};
    if (!g_run_id.empty()) j["run_id"] = g_run_id;
    std::printf("%s\n", j.dump().c_str());
  }
  return kExitError;
}

// argv[1] is neither an option nor a subcommand: say so, list the
// subcommands, and suggest the nearest.
int unknown_command(const std::string& word, const std::vector<std::string>& commands) {
  std::string hint;
  if (word == "help" || word == "version") hint = "; did you mean `strata --" + word + "`?";
  else if (const auto near = closest_names(word, commands); !near.empty()) hint = "; did you mean " + quoted_list(near) + "?";
  else if (word.find('/') != std::string::npos || word.find('.') != std::string::npos)
    hint = " or an existing project file";
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
  std::fprintf(stderr,
               "strata: '%s' is not a command%s\ncommands: %s\n(`strata --help` describes them; `strata` alone or "
               "`strata PROJECT.strata` opens the editor)\n",
               word.c_str(), hint.c_str(), list.c_str());
  return kExitUsage;
}

std::unique_ptr<CLI::App> make_app() {
  auto app = std::make_unique<CLI::App>(
      "Strata: design, train, compare and export neural networks on any GPU (Vulkan) or the CPU.\n"
      "Run without arguments, or with a project file, to open the editor.");
  app->set_version_flag("--version", "strata 0.1.0");
  app->require_subcommand(1);
  app->footer(kHelpFooter);
  add_devices_command(*app);
  add_selftest_command(*app);
  add_train_command(*app);
  add_eval_commands(*app);
  add_export_command(*app);
  add_runs_command(*app);
  add_bench_command(*app);
  return app;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* s : app.get_subcommands({})) names.push_back(s->get_name());
  return names;
}

}  // namespace

void set_exit_status(ExitStatus s) { g_status = s; }
void note_run_id(const std::string& id) { g_run_id = id; }

bool opens_editor(int argc, char** argv) {
  // The editor's own options, each with a value (ui/app/gui_main.cpp).
  static const std::vector<std::string> editor_options{"--lang", "--theme", "--screenshot"};
  const auto names = subcommand_names(*make_app());
  int projects = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const std::string option = a.substr(0, a.find('='));
    if (std::find(editor_options.begin(), editor_options.end(), option) != editor_options.end()) {
      if (option == a && ++i == argc) return false;  // "--lang" without its value
      continue;
    }
    if (a.empty() || a[0] == '-') return false;
    // One existing file, which is not a subcommand's name, is a project to open.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(a, ec) || std::find(names.begin(), names.end(), a) != names.end()) return false;
    if (++projects > 1) return false;
  }
  return true;
}

int run(int argc, char** argv) {
  const auto owned = make_app();
  CLI::App& app = *owned;
  if (argc >= 2 && argv[1][0] != '-') {
    const auto commands = subcommand_names(app);
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      if (wants_json(argc, argv))
        std::printf("%s\n", nlohmann::json{{"error", "'" + std::string(argv[1]) + "' is not a command"}}.dump().c_str());
      return unknown_command(argv[1], commands);
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the error
    if (code == 0) return kExitOk;
    if (wants_json(argc, argv)) std::printf("%s\n", nlohmann::json{{"error", e.what()}}.dump().c_str());
    return kExitUsage;
  } catch (const strata::Error& e) {
    return fail(e.what(), argc, argv);
  } catch (const std::exception& e) {
    return fail(std::string("unexpected error: ") + e.what(), argc, argv);
  }
  return g_status;
}

}  // namespace strata::cli
