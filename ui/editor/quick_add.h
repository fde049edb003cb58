#pragma once
// The quick-add box: Space or a double-click on the canvas, or a link dragged
// into empty space, opens a search field over the layers (fuzzy, by name,
// category and summary); Enter or a click adds the one chosen. After a
// dragged link it lists only the layers that fit that port.
#include <QFrame>
#include <vector>

#include "layers/layer.h"

class QLineEdit;
class QListWidget;

namespace strata::ui {

class QuickAddPopup : public QFrame {
  Q_OBJECT
 public:
  explicit QuickAddPopup(QWidget* parent = nullptr);
  // Shows the box at `global_pos` offering `candidates` (every layer when empty).
  void open_at(const QPoint& global_pos, std::vector<const LayerSpec*> candidates = {});
  QLineEdit* search_field() const { return search_; }
  QListWidget* list() const { return list_; }
  // The layer types listed now, in order (for tests).
  QStringList listed_types() const;

 signals:
  void chosen(const QString& type);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void refill();
  void choose_current();
  QLineEdit* search_;
  QListWidget* list_;
  std::vector<const LayerSpec*> candidates_;
};

}  // namespace strata::ui
