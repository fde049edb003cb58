#include "evaluation/sample_grid.h"

#include <QLocale>

#include "settings/dataset_probe.h"

namespace strata::ui {

SampleGrid::SampleGrid(QWidget* parent) : QListWidget(parent) {
  setObjectName(QStringLiteral("sample_grid"));
  setViewMode(QListView::IconMode);
  setIconSize(QSize(64, 64));
  setGridSize(QSize(104, 96));
  setSpacing(4);
  setResizeMode(QListView::Adjust);
  setMovement(QListView::Static);
  setWordWrap(true);
  connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { emit sample_activated(sample_of(item)); });
}

int64_t SampleGrid::sample_of(const QListWidgetItem* item) { return item ? item->data(Qt::UserRole).toLongLong() : -1; }

void SampleGrid::show_samples(const Dataset& data, const std::vector<int64_t>& indices, const QStringList& captions, int limit) {
  clear();
  const bool images = data.sample_shape.size() == 3 && (data.sample_shape[0] == 1 || data.sample_shape[0] == 3);
  setViewMode(images ? QListView::IconMode : QListView::ListMode);
  const int64_t per = data.sample_size();
  for (size_t i = 0; i < indices.size() && int(i) < limit; ++i) {
    const int64_t s = indices[i];
    auto* item = new QListWidgetItem(this);
    item->setData(Qt::UserRole, qlonglong(s));
    const QString caption = i < size_t(captions.size()) ? captions[int(i)] : QString();
    const std::vector<float> values(data.x.begin() + s * per, data.x.begin() + (s + 1) * per);
    if (images) {
      item->setIcon(QIcon(QPixmap::fromImage(sample_image(values, data.sample_shape).scaled(64, 64, Qt::KeepAspectRatio, Qt::FastTransformation))));
      item->setText(caption);
    } else {
      QStringList shown;
      for (size_t k = 0; k < std::min<size_t>(8, values.size()); ++k) shown << QLocale().toString(values[k], 'g', 3);
      item->setText(tr("#%1  %2\n%3%4").arg(s).arg(caption, shown.join(QStringLiteral("  ")),
                                              values.size() > 8 ? QStringLiteral(" \u2026") : QString()));
    }
    item->setToolTip(tr("Sample %1: %2").arg(s).arg(caption));
  }
  if (int(indices.size()) > limit)
    addItem(tr("... and %n more", nullptr, int(indices.size()) - limit));
}

}  // namespace strata::ui
