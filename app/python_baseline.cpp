#include "python_baseline.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace strata::cli {
namespace {
// Single quotes for the shell: the arguments are our own numbers and names.
std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

std::optional<nlohmann::json> run_python_baseline(const std::string& script, const std::vector<std::string>& args,
                                                  const std::vector<std::string>& env, std::string* why) {
  const char* python = std::getenv("STRATA_TORCH_PYTHON");
  const std::string interpreter = python ? python : "/usr/bin/python3";
  if (access(interpreter.c_str(), X_OK) != 0) {
    *why = interpreter + " not found";
    return std::nullopt;
  }
  char path[] = "/tmp/strata-baseline-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    *why = "cannot create a temporary file";
    return std::nullopt;
  }
  close(fd);
  std::ofstream(path) << script;
  std::string cmd = "env";
  for (const auto& e : env) cmd += " " + quoted(e);
  cmd += " " + quoted(interpreter) + " " + quoted(path);
  for (const auto& a : args) cmd += " " + quoted(a);
  cmd += " 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int status = pclose(p);
    std::remove(path);
    if (status != 0) {
      *why = "the PyTorch baseline failed: " + out.substr(out.size() > 600 ? out.size() - 600 : 0);
      return std::nullopt;
    }
  } else {
    std::remove(path);
    *why = "cannot run " + interpreter;
    return std::nullopt;
  }
  const auto last = out.find_last_of('\n', out.size() >= 2 ? out.size() - 2 : 0);
  try {
    return nlohmann::json::parse(last == std::string::npos ? out : out.substr(last + 1));
  } catch (const std::exception&) {
    *why = "the PyTorch baseline printed no JSON: " + out.substr(0, 600);
    return std::nullopt;
  }
}

void report_torch_baseline(const std::string& script, const std::vector<std::string>& args, double items,
                           double rate, const std::string& unit, nlohmann::json& j) {
  double best = 0;
  int best_threads = 0;
  std::string why, version;
  for (int threads : {1, 2}) {
    std::vector<std::string> with_threads = args;
    with_threads.push_back(std::to_string(threads));
    const std::vector<std::string> env{"OPENBLAS_NUM_THREADS=" + std::to_string(threads),
                                       "OMP_NUM_THREADS=" + std::to_string(threads),
                                       "MALLOC_MMAP_THRESHOLD_=1073741824", "MALLOC_TRIM_THRESHOLD_=1073741824",
                                       "MALLOC_TOP_PAD_=268435456"};
    if (auto r = run_python_baseline(script, with_threads, env, &why)) {
      const double s = items / (*r)["seconds"].get<double>();
      version = (*r)["torch"].get<std::string>();
      if (s > best) best = s, best_threads = threads;
    }
  }
  if (best <= 0) {
    std::printf("  no PyTorch baseline: %s\n", why.c_str());
    return;
  }
  std::printf("  %-45s %8.2f ms  %8.0f %s/s (baseline, %d thread%s)\n", ("PyTorch " + version + " CPU").c_str(),
              items / best * 1e3, best, unit.c_str(), best_threads, best_threads > 1 ? "s" : "");
  std::printf("  ratio %.3f\n", rate / best);
  j["baseline"] = "pytorch " + version;
  j["baseline_" + unit + "_per_s"] = best;
  j["baseline_threads"] = best_threads;
  j["ratio"] = rate / best;
}

}  // namespace strata::cli
