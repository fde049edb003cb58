#include "common/language.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace strata::ui {

std::vector<std::pair<QString, QString>> available_languages() {
  return {{QStringLiteral("system"), QApplication::translate("strata::ui::Language", "System")},
          {QStringLiteral("en"), QStringLiteral("English")},
          {QStringLiteral("zh_CN"), QStringLiteral("\u7B80\u4F53\u4E2D\u6587")}};
}

QString language_setting() { return QSettings().value(QStringLiteral("view/language"), QStringLiteral("system")).toString(); }

void set_language_setting(const QString& code) { QSettings().setValue(QStringLiteral("view/language"), code); }

QString install_translations(QApplication& app, const QString& wanted) {
  QString code = wanted.isEmpty() ? language_setting() : wanted;
  if (code == QLatin1String("system") || code.isEmpty())
    code = QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
  if (code != QLatin1String("zh_CN")) code = QStringLiteral("en");
  QLocale::setDefault(QLocale(code == QLatin1String("zh_CN") ? QLocale::Chinese : QLocale::English,
                              code == QLatin1String("zh_CN") ? QLocale::China : QLocale::UnitedStates));
  if (code == QLatin1String("en")) return code;  // the source text is English
  auto* qt = new QTranslator(&app);
  if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) app.installTranslator(qt);
  auto* own = new QTranslator(&app);
  if (own->load(QStringLiteral(":/i18n/strata_") + code)) app.installTranslator(own);
  else qWarning("no Strata translation for %s", qPrintable(code));
  return code;
}

}  // namespace strata::ui
