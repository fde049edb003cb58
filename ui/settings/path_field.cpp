#include "settings/path_field.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

#include "common/icons.h"

namespace strata::ui {

PathField::PathField(Kind kind, const QString& filter, QWidget* parent) : QWidget(parent), kind_(kind), filter_(filter) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  edit_ = new QLineEdit(this);
  browse_ = new QToolButton(this);
  browse_->setIcon(action_icon(QStringLiteral("open")));
  browse_->setToolTip(kind == Kind::File ? tr("Choose a file") : tr("Choose a folder"));
  layout->addWidget(edit_, 1);
  layout->addWidget(browse_);
  setFocusProxy(edit_);
  connect(edit_, &QLineEdit::editingFinished, this, [this] {
    if (edit_->text() != last_) {
      last_ = edit_->text();
      emit edited(last_);
    }
  });
  connect(browse_, &QToolButton::clicked, this, [this] {
    const QString start = edit_->text().isEmpty() ? base_ : QDir(base_).absoluteFilePath(edit_->text());
    const QString chosen = kind_ == Kind::File ? QFileDialog::getOpenFileName(this, tr("Choose a File"), start, filter_)
                                               : QFileDialog::getExistingDirectory(this, tr("Choose a Folder"), start);
    if (chosen.isEmpty()) return;
    set_path(stored(chosen));
    emit edited(last_);
  });
}

QString PathField::stored(const QString& chosen) const {
  if (base_.isEmpty()) return chosen;
  const QString rel = QDir(base_).relativeFilePath(chosen);
  return rel.startsWith(QLatin1String("..")) ? QDir::cleanPath(chosen) : rel;
}

void PathField::set_path(const QString& path) {
  last_ = path;
  if (!edit_->hasFocus()) edit_->setText(path);
}

QString PathField::path() const { return edit_->text(); }

}  // namespace strata::ui
