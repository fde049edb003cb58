#pragma once
// "Did you mean ...?" for a mistyped name: the candidates nearest to it by
// edit distance (letters inserted, deleted, replaced or swapped; case
// ignored), or that it begins, best first. Used for subcommands, layer types
// and choices.
#include <string>
#include <vector>

namespace strata {

std::vector<std::string> closest_names(const std::string& typed, const std::vector<std::string>& candidates,
                                       size_t at_most = 3);

// "'x', 'y' or 'z'" (empty for no names).
std::string quoted_list(const std::vector<std::string>& names, const char* last_joint = " or ");

}  // namespace strata
