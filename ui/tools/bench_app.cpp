#include "tools/bench_app.h"

#include "common/theme.h"

namespace strata::ui {

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
