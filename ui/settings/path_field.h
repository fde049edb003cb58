#pragma once
// A file or folder path: a text field and a button that opens the file
// dialog. Paths inside `base` (the project's folder) are kept relative, as
// the project file reads them; others absolute.
#include <QWidget>

class QLineEdit;
class QToolButton;

namespace strata::ui {

class PathField : public QWidget {
  Q_OBJECT
 public:
  enum class Kind { File, Folder };
  PathField(Kind kind, const QString& filter, QWidget* parent = nullptr);
  void set_base(const QString& base_dir) { base_ = base_dir; }
  void set_path(const QString& path);  // does not emit
  QString path() const;
  QLineEdit* line_edit() const { return edit_; }
  QToolButton* browse_button() const { return browse_; }
  // The path as the project stores it (relative to the base when inside it).
  QString stored(const QString& chosen) const;

 signals:
  void edited(const QString& path);  // after typing (focus out, Enter) or choosing in the dialog

 private:
  Kind kind_;
  QString filter_, base_, last_;
  QLineEdit* edit_;
  QToolButton* browse_;
};

}  // namespace strata::ui
