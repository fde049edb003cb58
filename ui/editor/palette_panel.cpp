#include "editor/palette_panel.h"

#include <QApplication>
#include <QDrag>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/icons.h"
#include "editor/layer_catalog.h"
#include "editor/layer_mime.h"
#include "layers/registry.h"

namespace strata::ui {

namespace {
constexpr int kTypeRole = Qt::UserRole, kSummaryRole = Qt::UserRole + 1;

// Two lines per layer: its type, and its summary in smaller, quieter text.
class LayerDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(kTypeRole).isValid()) s.setHeight(std::max(s.height(), option.fontMetrics.height() * 2 + 8));
    return s;
  }
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    if (!index.data(kTypeRole).isValid()) return QStyledItemDelegate::paint(painter, option, index);
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString summary = index.data(kSummaryRole).toString();
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const QRect text = QApplication::style()->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette& pal = opt.palette;
    QFont bold = opt.font;
    bold.setBold(true);
    const int line = opt.fontMetrics.height();
    painter->save();
    painter->setFont(bold);
    painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(text.left(), text.top() + 3, text.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                      index.data(kTypeRole).toString());
    QFont small = opt.font;
    small.setPointSizeF(opt.font.pointSizeF() * 0.9);
    painter->setFont(small);
    QColor quiet = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    quiet.setAlphaF(0.65f);
    painter->setPen(quiet);
    painter->drawText(QRect(text.left(), text.top() + 3 + line, text.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(small).elidedText(summary, Qt::ElideRight, text.width()));
    painter->restore();
  }
};

}  // namespace

// The tree starts drags with the layer's own MIME data.
class PaletteTree : public QTreeWidget {
 public:
  using QTreeWidget::QTreeWidget;

 protected:
  QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override {
    if (items.isEmpty() || !items[0]->data(0, kTypeRole).isValid()) return nullptr;
    return layer_mime(items[0]->data(0, kTypeRole).toString());
  }
  QStringList mimeTypes() const override { return {QString::fromLatin1(kLayerMimeType)}; }
  Qt::DropActions supportedDropActions() const override { return Qt::CopyAction; }
};

PalettePanel::PalettePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  search_ = new QLineEdit(this);
  search_->setPlaceholderText(tr("Search layers"));
  search_->setClearButtonEnabled(true);
  search_->addAction(action_icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
  tree_ = new PaletteTree(this);
  tree_->setHeaderHidden(true);
  tree_->setRootIsDecorated(true);
  tree_->setIndentation(12);
  tree_->setIconSize(QSize(20, 20));
  tree_->setDragEnabled(true);
  tree_->setDragDropMode(QAbstractItemView::DragOnly);
  tree_->setItemDelegate(new LayerDelegate(tree_));
  tree_->setUniformRowHeights(false);
  layout->addWidget(search_);
  layout->addWidget(tree_, 1);
  fill();
  connect(search_, &QLineEdit::textChanged, this, &PalettePanel::filter);
  connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    if (item->data(0, kTypeRole).isValid()) emit layer_activated(item->data(0, kTypeRole).toString());
  });
  // Enter in the search field adds the best match.
  connect(search_, &QLineEdit::returnPressed, this, [this] {
    for (int c = 0; c < tree_->topLevelItemCount(); ++c)
      for (int i = 0; i < tree_->topLevelItem(c)->childCount(); ++i)
        if (QTreeWidgetItem* item = tree_->topLevelItem(c)->child(i); !item->isHidden()) {
          emit layer_activated(item->data(0, kTypeRole).toString());
          return;
        }
  });
}

QTreeWidget* PalettePanel::tree() const { return tree_; }

QTreeWidgetItem* PalettePanel::item_for(const QString& type) const {
  for (int c = 0; c < tree_->topLevelItemCount(); ++c)
    for (int i = 0; i < tree_->topLevelItem(c)->childCount(); ++i)
      if (tree_->topLevelItem(c)->child(i)->data(0, kTypeRole).toString() == type) return tree_->topLevelItem(c)->child(i);
  return nullptr;
}

void PalettePanel::fill() {
  tree_->clear();
  for (const auto& category : layer_categories()) {
    auto* group = new QTreeWidgetItem(tree_, {category_label(category)});
    group->setIcon(0, category_icon(QString::fromStdString(category)));
    group->setFlags(Qt::ItemIsEnabled);
    QFont f = group->font(0);
    f.setBold(true);
    group->setFont(0, f);
    for (const auto& spec : layer_specs()) {
      if (spec.category != category) continue;
      auto* item = new QTreeWidgetItem(group);
      const QString type = QString::fromStdString(spec.type);
      item->setText(0, type);
      item->setData(0, kTypeRole, type);
      item->setData(0, kSummaryRole, layer_summary(spec));
      item->setToolTip(0, QStringLiteral("<b>%1</b><br>%2<br><i>%3</i>")
                              .arg(type, layer_summary(spec).toHtmlEscaped(),
                                   tr("Drag onto the canvas, or double-click to add below the selected node")));
      item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }
  }
  tree_->expandAll();
}

void PalettePanel::filter(const QString& text) {
  for (int c = 0; c < tree_->topLevelItemCount(); ++c) {
    QTreeWidgetItem* group = tree_->topLevelItem(c);
    int shown = 0;
    for (int i = 0; i < group->childCount(); ++i) {
      QTreeWidgetItem* item = group->child(i);
      const auto spec = find_layer(item->data(0, kTypeRole).toString().toStdString());
      bool match = text.trimmed().isEmpty();
      if (!match)
        for (const auto& m : search_layers(text))
          if (m.spec == spec) match = true;
      item->setHidden(!match);
      shown += match;
    }
    group->setHidden(shown == 0);
  }
  tree_->expandAll();
}

}  // namespace strata::ui
