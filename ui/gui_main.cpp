#include "gui_main.h"

#include <QApplication>
#include <QCommandLineParser>

#include "main_window.h"

namespace strata::ui {

int gui_main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("Strata");
  QApplication::setOrganizationName("Strata");
  QApplication::setApplicationVersion("0.1.0");
  QCommandLineParser parser;
  parser.setApplicationDescription("Design, train, compare and export neural networks");
  parser.addHelpOption();
  parser.addPositionalArgument("project", "A .strata project to open");
  parser.process(app);
  MainWindow window;
  if (!parser.positionalArguments().isEmpty()) window.open_project(parser.positionalArguments().first());
  window.show();
  return app.exec();
}

}  // namespace strata::ui
