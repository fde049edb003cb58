#pragma once
// How numbers, shapes and sizes read in the editor: "32×26×26", "1.2 M",
// "4.0 MiB", "225,034" (grouped by the UI language's rules).
#include <QString>
#include <cstdint>
#include <vector>

namespace strata::ui {

QString shape_text(const std::vector<int64_t>& shape);  // per-sample shape: "32×26×26", "10"; "scalar" when empty
QString count_text(int64_t n);                          // "225,034"
QString short_count_text(double n);                     // "225 k", "1.6 M", "12 G"
QString bytes_text(double bytes);                       // "812 B", "4.0 MiB"

}  // namespace strata::ui
