#pragma once
// View preferences every canvas shares (View menu, saved with QSettings by
// the main window): snapping to the grid and the shape labels on links.
namespace strata::ui {

struct EditorSettings {
  bool snap_to_grid = true;
  bool link_labels = true;
};

EditorSettings& editor_settings();

}  // namespace strata::ui
