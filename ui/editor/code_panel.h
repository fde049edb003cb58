#pragma once
// The PyTorch module the exporter would write for the graph as it is now
// (export/pytorch_export.h), read-only, with Python highlighting, refreshed
// after each change while the panel is visible. While the graph has errors
// it says so instead.
#include <QTimer>
#include <QWidget>

class QPlainTextEdit;

namespace strata::ui {

class ProjectDocument;

class CodePanel : public QWidget {
  Q_OBJECT
 public:
  explicit CodePanel(ProjectDocument* doc, QWidget* parent = nullptr);
  QString code() const;
  // Regenerates now (tests; normally after a short pause and only when shown).
  void refresh();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  ProjectDocument* doc_;
  QPlainTextEdit* text_;
  QTimer timer_;
  bool stale_ = true;
};

}  // namespace strata::ui
