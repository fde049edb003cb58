#pragma once
// A picture of a project's graph as the canvas draws it, for the start
// page's example gallery.
#include <QPixmap>
#include <QString>

namespace strata::ui {

// The project at `path` drawn into `size` (device-independent pixels);
// a null pixmap when the file cannot be read.
QPixmap graph_thumbnail(const QString& path, const QSize& size, qreal device_pixel_ratio);

}  // namespace strata::ui
