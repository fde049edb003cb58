#include "run/run_lookup.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace strata {

std::string log_path(const std::string& db_option) {
  return db_option.empty() ? store::RunLog::default_path() : db_option;
}

RunFolder find_run(const std::string& id_or_path, const std::string& db_option) {
  if (db_option.empty()) return find_run_folder(id_or_path);
  store::RunLog log(db_option, store::LogAccess::MustExist);
  if (const auto r = log.get_run(id_or_path)) {
    if (r->run_dir.empty() || !std::filesystem::is_directory(r->run_dir))
      throw Error("run " + r->id + " in " + db_option + ": its folder " + r->run_dir + " is gone");
    return {r->id, r->run_dir};
  }
  std::error_code ec;
  if (std::filesystem::is_directory(id_or_path, ec)) return find_run_folder(id_or_path);
  throw Error("no run '" + id_or_path + "' in " + db_option);
}

Preprocessing run_preprocessing(const RunFolder& run) {
  std::ifstream in(run.preprocessing());
  if (!in)
    throw Error("run " + run.id + " has no record of its preprocessing (" + run.preprocessing() +
                "; runs trained before Strata recorded it): give preprocessed input (predict --preprocessed, "
                "export --preprocessed), or `strata resume " + run.id + "`, which records it");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(run.preprocessing() + ": damaged (not JSON)");
  return Preprocessing::from_json(j, run.preprocessing());
}

std::string log_of(const RunFolder& run, const std::string& db_option) {
  if (!db_option.empty()) return db_option;
  const RunInfo info = read_run_info(run);
  return info.log.empty() ? store::RunLog::default_path() : info.log;
}

}  // namespace strata
