#pragma once
// What a window shows without a project: New and Open, the recent projects,
// and the examples as a gallery of pictures of their graphs (one click
// opens one).
#include <QWidget>

class QListWidget;
class QLabel;

namespace strata::ui {

class StartPage : public QWidget {
  Q_OBJECT
 public:
  explicit StartPage(QWidget* parent = nullptr);
  // Re-reads the recent files (and draws the gallery the first time).
  void refresh();
  QListWidget* examples() const { return examples_; }
  QListWidget* recent() const { return recent_; }

 signals:
  void new_requested();
  void open_requested();
  void path_chosen(const QString& path);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void fill_examples();
  QListWidget *examples_, *recent_;
  QLabel* no_recent_;
  bool examples_filled_ = false;
};

}  // namespace strata::ui
