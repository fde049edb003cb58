#include "editor/quick_add.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScreen>
#include <QVBoxLayout>
#include <algorithm>

#include "common/icons.h"
#include "editor/layer_catalog.h"

namespace strata::ui {

QuickAddPopup::QuickAddPopup(QWidget* parent) : QFrame(parent, Qt::Popup) {
  setFrameShape(QFrame::StyledPanel);
  setObjectName(QStringLiteral("quick_add"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->setSpacing(4);
  search_ = new QLineEdit(this);
  search_->setPlaceholderText(tr("Add a layer: type to search"));
  search_->setClearButtonEnabled(true);
  search_->installEventFilter(this);
  list_ = new QListWidget(this);
  list_->setUniformItemSizes(true);
  list_->setMinimumWidth(520);
  list_->setMinimumHeight(320);
  list_->setTextElideMode(Qt::ElideRight);
  list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  list_->setIconSize(QSize(18, 18));
  layout->addWidget(search_);
  layout->addWidget(list_);
  connect(search_, &QLineEdit::textChanged, this, &QuickAddPopup::refill);
  connect(search_, &QLineEdit::returnPressed, this, &QuickAddPopup::choose_current);
  connect(list_, &QListWidget::itemActivated, this, &QuickAddPopup::choose_current);
  connect(list_, &QListWidget::itemClicked, this, &QuickAddPopup::choose_current);
}

void QuickAddPopup::open_at(const QPoint& global_pos, std::vector<const LayerSpec*> candidates) {
  candidates_ = std::move(candidates);
  search_->clear();
  refill();
  adjustSize();
  QPoint at = global_pos;
  if (const QScreen* screen = QGuiApplication::screenAt(global_pos)) {  // keep it on screen
    const QRect avail = screen->availableGeometry();
    at.setX(std::clamp(at.x(), avail.left(), std::max(avail.left(), avail.right() - width())));
    at.setY(std::clamp(at.y(), avail.top(), std::max(avail.top(), avail.bottom() - height())));
  }
  move(at);
  show();
  search_->setFocus();
}

QStringList QuickAddPopup::listed_types() const {
  QStringList out;
  for (int i = 0; i < list_->count(); ++i) out << list_->item(i)->data(Qt::UserRole).toString();
  return out;
}

void QuickAddPopup::refill() {
  list_->clear();
  for (const auto& m : search_layers(search_->text())) {
    if (!candidates_.empty() && std::find(candidates_.begin(), candidates_.end(), m.spec) == candidates_.end()) continue;
    const QString type = QString::fromStdString(m.spec->type);
    auto* item = new QListWidgetItem(category_icon(QString::fromStdString(m.spec->category)),
                                     type + QStringLiteral("  \u2014  ") + layer_summary(*m.spec), list_);
    item->setData(Qt::UserRole, type);
    item->setToolTip(layer_summary(*m.spec));
  }
  if (list_->count() > 0) list_->setCurrentRow(0);
}

void QuickAddPopup::choose_current() {
  QListWidgetItem* item = list_->currentItem();
  if (!item) return;
  const QString type = item->data(Qt::UserRole).toString();
  hide();
  emit chosen(type);
}

bool QuickAddPopup::eventFilter(QObject* watched, QEvent* event) {
  // Up and Down in the search field move through the list, as in a combo box.
  if (watched == search_ && event->type() == QEvent::KeyPress) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up || key->key() == Qt::Key_PageDown ||
        key->key() == Qt::Key_PageUp) {
      QCoreApplication::sendEvent(list_, event);
      return true;
    }
    if (key->key() == Qt::Key_Escape) {
      hide();
      return true;
    }
  }
  return QFrame::eventFilter(watched, event);
}

}  // namespace strata::ui
