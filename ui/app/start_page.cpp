#include "app/start_page.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSvgRenderer>
#include <QPainter>
#include <QVBoxLayout>

#include "app/examples.h"
#include "app/recent_files.h"
#include "common/icons.h"
#include "editor/graph_thumbnail.h"

namespace strata::ui {

namespace {
QLabel* heading(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setPointSizeF(f.pointSizeF() * 1.25);
  f.setBold(true);
  l->setFont(f);
  return l;
}

QPixmap logo(int size, qreal dpr) {
  QPixmap pm(QSize(size, size) * dpr);
  pm.setDevicePixelRatio(dpr);
  pm.fill(Qt::transparent);
  QSvgRenderer svg(QStringLiteral(":/icons/strata.svg"));
  QPainter p(&pm);
  svg.render(&p, QRectF(0, 0, size, size));
  return pm;
}
}  // namespace

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("start_page"));
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(48, 36, 48, 24);
  outer->setSpacing(18);

  auto* title_row = new QHBoxLayout;
  auto* icon = new QLabel(this);
  icon->setPixmap(logo(56, devicePixelRatioF()));
  title_row->addWidget(icon);
  auto* title = new QLabel(QStringLiteral("<span style='font-size:26px; font-weight:600'>Strata</span><br>%1")
                               .arg(tr("Design neural networks as graphs, train them on any GPU or the CPU, "
                                       "and compare what you trained.")),
                           this);
  title->setWordWrap(true);
  title_row->addWidget(title, 1);
  outer->addLayout(title_row);

  auto* columns = new QHBoxLayout;
  columns->setSpacing(36);
  auto* left = new QVBoxLayout;
  left->setSpacing(8);
  left->addWidget(heading(tr("Start"), this));
  auto* new_button = new QPushButton(action_icon(QStringLiteral("new")), tr("New Project"), this);
  new_button->setObjectName(QStringLiteral("start_new"));
  auto* open_button = new QPushButton(action_icon(QStringLiteral("open")), tr("Open Project..."), this);
  open_button->setObjectName(QStringLiteral("start_open"));
  for (QPushButton* b : {new_button, open_button}) {
    b->setIconSize(QSize(20, 20));
    b->setMinimumHeight(36);
    b->setStyleSheet(QStringLiteral("text-align: left; padding-left: 10px;"));
    left->addWidget(b);
  }
  left->addSpacing(14);
  left->addWidget(heading(tr("Recent"), this));
  recent_ = new QListWidget(this);
  recent_->setObjectName(QStringLiteral("start_recent"));
  recent_->setFrameShape(QFrame::NoFrame);
  recent_->setIconSize(QSize(18, 18));
  no_recent_ = new QLabel(tr("Projects you open appear here."), this);
  no_recent_->setEnabled(false);
  left->addWidget(recent_, 1);
  left->addWidget(no_recent_);
  left->addStretch(0);
  auto* left_host = new QWidget(this);
  left_host->setLayout(left);
  left_host->setMaximumWidth(420);
  left_host->setMinimumWidth(300);
  columns->addWidget(left_host);

  auto* right = new QVBoxLayout;
  right->setSpacing(8);
  right->addWidget(heading(tr("Examples"), this));
  auto* hint = new QLabel(tr("The networks of the classic tutorials, ready to train. Click one to open it."), this);
  hint->setEnabled(false);
  right->addWidget(hint);
  examples_ = new QListWidget(this);
  examples_->setObjectName(QStringLiteral("start_examples"));
  examples_->setViewMode(QListView::IconMode);
  // Portrait tiles: most networks are a tall column of layers.
  examples_->setIconSize(QSize(190, 250));
  examples_->setGridSize(QSize(230, 310));
  examples_->setResizeMode(QListView::Adjust);
  examples_->setMovement(QListView::Static);
  examples_->setWordWrap(true);
  examples_->setFrameShape(QFrame::NoFrame);
  examples_->setSpacing(6);
  for (QListWidget* list : {examples_, recent_}) {  // lists on the page's own background, not a white well
    list->setAutoFillBackground(false);
    list->viewport()->setAutoFillBackground(false);
    list->setStyleSheet(QStringLiteral("QListWidget { background: transparent; }"));
  }
  right->addWidget(examples_, 1);
  columns->addLayout(right, 1);
  outer->addLayout(columns, 1);

  connect(new_button, &QPushButton::clicked, this, &StartPage::new_requested);
  connect(open_button, &QPushButton::clicked, this, &StartPage::open_requested);
  connect(examples_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { emit path_chosen(item->data(Qt::UserRole).toString()); });
  connect(examples_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { emit path_chosen(item->data(Qt::UserRole).toString()); });
  connect(recent_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { emit path_chosen(item->data(Qt::UserRole).toString()); });
  connect(recent_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { emit path_chosen(item->data(Qt::UserRole).toString()); });
  refresh();
}

void StartPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!examples_filled_) fill_examples();
}

void StartPage::fill_examples() {
  examples_filled_ = true;
  examples_->clear();
  for (const auto& e : list_examples()) {
    auto* item = new QListWidgetItem(examples_);
    item->setText(e.title);
    item->setToolTip(e.description);
    item->setData(Qt::UserRole, e.path);
    item->setIcon(QIcon(graph_thumbnail(e.path, examples_->iconSize(), devicePixelRatioF())));
  }
}

void StartPage::refresh() {
  recent_->clear();
  for (const QString& f : recent_files()) {
    auto* item = new QListWidgetItem(action_icon(QStringLiteral("open")),
                                     QFileInfo(f).completeBaseName() + QStringLiteral("\n") + QDir::toNativeSeparators(QFileInfo(f).absolutePath()),
                                     recent_);
    item->setData(Qt::UserRole, f);
    item->setToolTip(f);
  }
  no_recent_->setVisible(recent_->count() == 0);
  recent_->setVisible(recent_->count() > 0);
  if (isVisible() && !examples_filled_) fill_examples();
}

}  // namespace strata::ui
