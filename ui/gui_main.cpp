#include "gui_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

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
  // For looking at the UI without a person: save the window to a PNG and quit.
  QCommandLineOption screenshot("screenshot", "Save the main window to <png> once shown, then quit", "png");
  parser.addOption(screenshot);
  parser.process(app);
  MainWindow window;
  if (!parser.positionalArguments().isEmpty()) window.open_project(parser.positionalArguments().first());
  window.show();
  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    QTimer::singleShot(1500, &window, [&window, &app, path] {
      const bool ok = window.grab().save(path);
      app.exit(ok ? 0 : 1);
    });
  }
  return app.exec();
}

}  // namespace strata::ui
