#pragma once
// The layer palette: every registered layer, grouped by category, with a
// one-line description, filtered by a search field (fuzzy). Drag a layer
// onto the canvas, or double-click it (or press Enter) to add it below the
// selected node.
#include <QWidget>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace strata::ui {

class PaletteTree;

class PalettePanel : public QWidget {
  Q_OBJECT
 public:
  explicit PalettePanel(QWidget* parent = nullptr);
  QLineEdit* search_field() const { return search_; }
  QTreeWidget* tree() const;
  // The tree's item for a layer type (tests drag it).
  QTreeWidgetItem* item_for(const QString& type) const;

 signals:
  void layer_activated(const QString& type);

 private:
  void fill();
  void filter(const QString& text);
  QLineEdit* search_;
  PaletteTree* tree_;
};

}  // namespace strata::ui
