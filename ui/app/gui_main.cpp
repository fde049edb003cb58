#include "app/gui_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTimer>

#include "app/main_window.h"
#include "common/language.h"
#include "common/theme.h"
#include "editor/graph_view.h"

namespace strata::ui {

int gui_main(int argc, char** argv) {
  QApplication::setApplicationName(QStringLiteral("Strata"));
  QApplication::setOrganizationName(QStringLiteral("Strata"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  QApplication::setDesktopFileName(QStringLiteral("strata"));
  QApplication app(argc, argv);
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/strata.svg")));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Design, train, compare and export neural networks"));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A .strata project to open"));
  // For looking at the UI without a person: save the window to a PNG and quit.
  QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save the window to <png> once shown, then quit"),
                                QStringLiteral("png"));
  QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("UI language for this run: en or zh_CN"), QStringLiteral("code"));
  QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("Theme for this run: system, light or dark"),
                           QStringLiteral("name"));
  parser.addOptions({screenshot, lang, theme});
  parser.process(app);

  init_theme(app);
  apply_theme(theme_from_setting(parser.isSet(theme) ? parser.value(theme)
                                                     : QSettings().value(QStringLiteral("view/theme")).toString()));
  install_translations(app, parser.value(lang));

  auto* window = new MainWindow;
  window->show();
  if (!parser.positionalArguments().isEmpty()) window->open_project(parser.positionalArguments().first());
  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    QTimer::singleShot(1500, window, [window, path] {
      if (window->showing_canvas()) window->view()->fit_all();
      QApplication::exit(window->grab().save(path) ? 0 : 1);
    });
  } else {
    QTimer::singleShot(0, window, &MainWindow::offer_recovery);
  }
  return app.exec();
}

}  // namespace strata::ui
