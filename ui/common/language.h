#pragma once
// The UI language: English (the source text) or Simplified Chinese, chosen
// from the system locale or View > Language (QSettings "view/language"), and
// the translators that provide it: Strata's own catalogue (built by Qt
// Linguist from resources/translations) and Qt's for the standard dialogs.
#include <QString>
#include <utility>
#include <vector>

class QApplication;

namespace strata::ui {

// ("system", "System"), ("en", "English"), ("zh_CN", "简体中文")
std::vector<std::pair<QString, QString>> available_languages();
QString language_setting();
void set_language_setting(const QString& code);

// Installs the translators for `code` ("en", "zh_CN"; empty: the setting,
// then the system locale) and makes it the default locale for numbers.
// Returns the language in use.
QString install_translations(QApplication& app, const QString& code = {});

}  // namespace strata::ui
