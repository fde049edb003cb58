#pragma once
// Where an export lands, written so that it never deletes or overwrites
// anything it did not create:
//  - every file is first written whole (and flushed) under a fresh temporary
//    name created next to its destination, then renamed into place, so a
//    failure leaves nothing behind;
//  - an existing destination is refused unless `force`; even then only the
//    files the export writes are replaced (a folder's other files stay, and
//    a file or folder standing where the other kind is expected is refused).
#include <string>
#include <vector>

#include "core/error.h"

namespace strata {

// The destination is already there and `force` was not given; nothing was
// written. (The CLI adds its --force hint; the editor can ask instead.)
class DestinationExists : public Error {
 public:
  using Error::Error;
};

struct ExportFile {
  std::string name;   // a plain file name inside the export folder
  std::string bytes;
};

// A one-file export (ONNX, safetensors, npz). Throws DestinationExists when
// the file exists (without force), strata::Error naming the path when it is a
// folder or cannot be written.
void write_export_file(const std::string& path, const std::string& bytes, bool force);

// A folder export (PyTorch). A missing folder is created whole by renaming a
// temporary folder into place; an existing empty one receives the files; a
// non-empty one is refused unless `force`, which replaces only `files`.
void write_export_folder(const std::string& dir, const std::vector<ExportFile>& files, bool force);

}  // namespace strata
