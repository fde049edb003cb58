#pragma once
// What the palette drags onto the canvas: the layer type's name under the
// editor's own MIME type.
#include <QMimeData>
#include <QString>

namespace strata::ui {

inline constexpr char kLayerMimeType[] = "application/x-strata-layer";

inline QMimeData* layer_mime(const QString& type) {
  auto* mime = new QMimeData;
  mime->setData(QString::fromLatin1(kLayerMimeType), type.toUtf8());
  return mime;
}

// The layer type a drag carries, or an empty string.
inline QString layer_from_mime(const QMimeData* mime) {
  if (!mime || !mime->hasFormat(QString::fromLatin1(kLayerMimeType))) return {};
  return QString::fromUtf8(mime->data(QString::fromLatin1(kLayerMimeType)));
}

}  // namespace strata::ui
