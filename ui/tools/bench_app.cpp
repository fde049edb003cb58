#include "tools/bench_app.h"

#include <algorithm>

#include "common/theme.h"

namespace strata::ui {

double median(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t.empty() ? 0 : t[t.size() / 2];
}

double p95(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t.empty() ? 0 : t[std::min(t.size() - 1, size_t(double(t.size()) * 0.95))];
}

std::unique_ptr<QApplication> offscreen_app_if_needed() {
  if (QApplication::instance()) return nullptr;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "strata";
  static char* argv[] = {name, nullptr};
  auto app = std::make_unique<QApplication>(argc, argv);
  init_theme(*app);
  apply_theme(ThemeChoice::Light);
  return app;
}

}  // namespace strata::ui
