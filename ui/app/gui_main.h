#pragma once
namespace strata::ui {
// Creates the QApplication and the main window; returns the exit code.
int gui_main(int argc, char** argv);
}  // namespace strata::ui
