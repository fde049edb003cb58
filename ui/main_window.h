#pragma once
// The application window. For now it shows the devices Strata found; the node
// editor, charts and run browser dock into it as they are built.
#include <QMainWindow>

class QTableWidget;

namespace strata::ui {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  void open_project(const QString& path);

 private:
  void fill_devices();
  QTableWidget* devices_ = nullptr;
};

}  // namespace strata::ui
