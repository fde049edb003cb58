#include "export/export_destination.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/fault_injection.h"

namespace strata {
namespace fs = std::filesystem;

namespace {

// The destination as an absolute path without a trailing separator, so "."
// and "out/" name the folders they mean.
fs::path normalized(const std::string& p) {
  fs::path a = fs::absolute(p).lexically_normal();
  if (!a.has_filename() && a != a.root_path()) a = a.parent_path();
  return a;
}

// How messages name the destination: as the user wrote it, with the absolute
// path where that says more ("." -> "/home/me/project").
std::string shown(const std::string& given, const fs::path& target) {
  return given == target.string() ? given : given + " (" + target.string() + ")";
}

std::string errno_text() { return std::strerror(errno); }

// Why `dir` cannot take the export, from errno after a failed create.
std::string cannot_write(const fs::path& dir) {
  if (errno == ENOENT) return dir.string() + ": no such folder (an export does not create missing folders)";
  return dir.string() + ": cannot write the export here (" + errno_text() + ")";
}

// mkstemp and mkdtemp create private (0600/0700) entries; an export gets the
// permissions any new file or folder of the user would get.
// The umask is read from /proc (setting it to read it would race with other threads).
mode_t usual_mode(mode_t base) {
  mode_t mask = 022;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("Umask:", 0) == 0) mask = mode_t(std::stoul(line.substr(6), nullptr, 8));
  return base & ~mask;
}

// Writes `bytes` to a new file `dir/.<stem>.strata-tmp-XXXXXX` (created with
// O_EXCL by mkstemp, so nothing existing is ever opened) and flushes it to
// disk; returns its path. Throws naming `dir` when it cannot be written.
fs::path write_temporary(const fs::path& dir, const std::string& stem, const std::string& bytes) {
  std::string name = (dir / ("." + stem + ".strata-tmp-XXXXXX")).string();
  const int fd = mkstemp(name.data());
  if (fd < 0) throw Error(cannot_write(dir));
  size_t done = 0;
  const size_t allowed = size_t(fault::disk_write_allowance(bytes.size()));  // a test's "full disk"
  while (done < bytes.size()) {
    const ssize_t n = done < allowed ? ::write(fd, bytes.data() + done, allowed - done) : (errno = ENOSPC, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = errno_text();
      ::close(fd);
      ::unlink(name.c_str());
      throw Error((dir / stem).string() + ": writing the export failed (" + why + "); nothing was left behind");
    }
    done += size_t(n);
  }
  ::fchmod(fd, usual_mode(0666));
  const bool synced = ::fsync(fd) == 0;
  const std::string why = errno_text();
  ::close(fd);
  if (!synced) {
    ::unlink(name.c_str());
    throw Error(dir.string() + ": writing the export failed (" + why + ")");
  }
  return name;
}

// Renames `from` to `to` unless `to` exists (atomically where the file system
// supports RENAME_NOREPLACE). Returns false, moving nothing, when `to` exists.
bool rename_no_replace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != EINVAL && errno != ENOSYS) throw Error(to.string() + ": cannot move the export into place (" + errno_text() + ")");
  // No RENAME_NOREPLACE on this file system: a file can still be placed
  // atomically with link(), which fails on an existing name.
  if (!fs::is_directory(from)) {
    if (::link(from.c_str(), to.c_str()) != 0) {
      if (errno == EEXIST) return false;
      throw Error(to.string() + ": cannot move the export into place (" + errno_text() + ")");
    }
    ::unlink(from.c_str());
    return true;
  }
  std::error_code ec;
  if (fs::exists(fs::symlink_status(to, ec))) return false;
  if (std::rename(from.c_str(), to.c_str()) != 0)
    throw Error(to.string() + ": cannot move the export into place (" + errno_text() + ")");
  return true;
}

void replace(const fs::path& from, const fs::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0)
    throw Error(to.string() + ": cannot replace the file (" + errno_text() + ")");
}

// A temporary folder the export owns; on failure it removes exactly the files
// it was given and itself, never anything else.
class StagingFolder {
 public:
  explicit StagingFolder(const fs::path& parent, const std::string& stem) {
    std::string name = (parent / ("." + stem + ".strata-export-XXXXXX")).string();
    if (!::mkdtemp(name.data())) throw Error(cannot_write(parent));
    path_ = name;
  }
  ~StagingFolder() {
    if (path_.empty()) return;
    for (const auto& f : files_) ::unlink((path_ / f).c_str());
    ::rmdir(path_.c_str());
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  void add(const ExportFile& f) {
    const fs::path tmp = write_temporary(path_, f.name, f.bytes);
    replace(tmp, path_ / f.name);  // inside our own folder: nobody else's file
    files_.push_back(f.name);
  }
  const fs::path& path() const { return path_; }
  // The folder became the destination itself: nothing to clean up.
  void release() { path_.clear(); }
  // A file moved out of the folder is no longer ours to remove.
  void moved(const std::string& name) { std::erase(files_, name); }

 private:
  fs::path path_;
  std::vector<std::string> files_;
};

void check_names(const std::vector<ExportFile>& files) {
  std::set<std::string> seen;
  for (const auto& f : files)
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." || f.name == ".." || !seen.insert(f.name).second)
      throw Error("export: '" + f.name + "' is not a file name of its own");
}

}  // namespace

void write_export_file(const std::string& path, const std::string& bytes, bool force) {
  const fs::path target = normalized(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw Error(shown(path, target) + ": is a folder; this export is one file, give its file name");
  const bool exists = fs::exists(fs::symlink_status(target, ec));
  if (exists && !force) throw DestinationExists(shown(path, target) + ": already exists; nothing was written");
  const fs::path tmp = write_temporary(target.parent_path(), target.filename().string(), bytes);
  try {
    if (force) replace(tmp, target);
    else if (!rename_no_replace(tmp, target))
      throw DestinationExists(shown(path, target) + ": already exists; nothing was written");
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

void write_export_folder(const std::string& dir, const std::vector<ExportFile>& files, bool force) {
  check_names(files);
  const fs::path target = normalized(dir);
  const std::string name = shown(dir, target);
  std::error_code ec;
  const auto st = fs::status(target, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw Error(name + ": is a file, not a folder; the export writes a folder there (nothing was written)");

  if (!fs::exists(st)) {
    // Build the whole folder beside the destination, then rename it into place.
    StagingFolder staging(target.parent_path(), target.filename().string());
    for (const auto& f : files) staging.add(f);
    ::chmod(staging.path().c_str(), usual_mode(0777));
    if (rename_no_replace(staging.path(), target)) {
      staging.release();
      return;
    }
    // Someone created the folder meanwhile: fall through to the rules for an existing one.
  }

  // An existing folder: refuse if anything is in it, unless forced; forced,
  // only the export's own files are replaced. Files are staged inside the
  // folder itself so each one moves into place with an atomic rename.
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(target, ec)) {
    (void)e;
    ++entries;
  }
  if (ec) throw Error(name + ": cannot read the folder (" + ec.message() + ")");
  if (entries > 0 && !force) {
    throw DestinationExists(name + ": the folder is not empty (" + std::to_string(entries) + " entr" +
                            (entries == 1 ? "y" : "ies") + "); nothing was written");
  }
  for (const auto& f : files) {
    const auto fst = fs::symlink_status(target / f.name, ec);
    if (fs::exists(fst) && !fs::is_regular_file(fst))
      throw Error((target / f.name).string() + ": is not a file; the export would replace it (nothing was written)");
  }
  StagingFolder staging(target, target.filename().string());
  for (const auto& f : files) staging.add(f);
  for (const auto& f : files) {
    if (force) replace(staging.path() / f.name, target / f.name);
    else if (!rename_no_replace(staging.path() / f.name, target / f.name))
      throw DestinationExists((target / f.name).string() + ": appeared while exporting; the rest was not written");
    staging.moved(f.name);
  }
}

}  // namespace strata
