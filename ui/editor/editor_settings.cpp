#include "editor/editor_settings.h"

namespace strata::ui {

EditorSettings& editor_settings() {
  static EditorSettings s;
  return s;
}

}  // namespace strata::ui
