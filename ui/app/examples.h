#pragma once
// The example projects shipped with Strata (resources/examples): where they
// are ($STRATA_EXAMPLES_DIR, the source tree of a development build, or
// <prefix>/share/strata/examples of an installed one) and what they are.
#include <QString>
#include <vector>

namespace strata::ui {

struct ExampleInfo {
  QString path, title, description;
};

QString examples_dir();
// Every example that loads, by title; an unreadable file is left out.
std::vector<ExampleInfo> list_examples();

}  // namespace strata::ui
