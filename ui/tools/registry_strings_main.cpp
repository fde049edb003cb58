// Prints ui/common/registry_strings.cpp: the layer registry's user-visible
// text (categories, summaries, parameter labels and help) as
// QT_TRANSLATE_NOOP entries, because Qt Linguist reads only source files and
// the registry's text lives in the Qt-free engine. Run through the
// `update_registry_strings` build target; the translation test fails while
// the file is out of date.
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "layers/registry.h"

namespace {

std::string label(const std::string& name) {
  std::string s = name;
  for (char& c : s)
    if (c == '_') c = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main() {
  std::vector<std::string> strings;
  std::set<std::string> seen;
  auto add = [&](const std::string& s) {
    if (!s.empty() && seen.insert(s).second) strings.push_back(s);
  };
  for (const auto& spec : strata::layer_specs()) {
    add(spec.category);
    add(spec.summary);
    for (const auto& p : spec.params) {
      add(label(p.name));
      add(p.help);
    }
  }
  std::printf(
      "// Generated from the layer registry by ui/tools/registry_strings_main.cpp\n"
      "// (`cmake --build build/release --target update_registry_strings`); do not edit.\n"
      "// Qt Linguist reads only source files, and the registry's user-visible text\n"
      "// lives in the Qt-free engine: these entries put it in the translations.\n"
      "#include <QtGlobal>\n\n"
      "namespace {\n[[maybe_unused]] const char* const kRegistryStrings[] = {\n");
  for (const auto& s : strings) std::printf("    QT_TRANSLATE_NOOP(\"strata::layers\", %s),\n", quoted(s).c_str());
  std::printf("};\n}  // namespace\n");
  return 0;
}
