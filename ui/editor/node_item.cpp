#include "editor/node_item.h"

#include <QApplication>
#include <QBuffer>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>
#include <cmath>

#include "common/format.h"
#include "common/icons.h"
#include "common/theme.h"
#include "editor/editor_settings.h"
#include "editor/layer_catalog.h"
#include "editor/link_item.h"
#include "layers/registry.h"

namespace strata::ui {
using namespace node_geometry;

namespace {
constexpr double kRadius = 7, kBand = 5, kPad = 10;

QString elided(const QFont& font, const QString& text, double width) {
  return QFontMetricsF(font).elidedText(text, Qt::ElideRight, width);
}
}  // namespace

NodeItem::NodeItem(const Node& node) {
  setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges | ItemIsFocusable);
  setAcceptHoverEvents(true);
  setZValue(1);
  set_node(node, 1);
  set_model_pos(node.pos);
}

void NodeItem::set_node(const Node& node, int input_ports) {
  id_ = node.id;
  layer_type_ = node.type;
  if (input_ports != inputs_) prepareGeometryChange();  // the shape holds the ports
  inputs_ = input_ports;
  const LayerSpec* spec = find_layer(node.type);
  category_ = spec ? QString::fromStdString(spec->category) : QString();
  has_output_ = !spec || !spec->is_loss;
  key_text_ = spec ? key_params_text(*spec, node.params) : QString();
  summary_ = spec ? layer_summary(*spec) : QString();
  update_tooltip();
  update();
}

void NodeItem::set_report(const NodeReport* report, const std::vector<std::string>& warnings) {
  report_ = report ? *report : NodeReport{};
  warnings_ = warnings;
  update_tooltip();
  update();
}

void NodeItem::update_tooltip() {
  QString tip = QStringLiteral("<b>%1</b> &nbsp;%2<br>%3")
                    .arg(QString::fromStdString(layer_type_).toHtmlEscaped(), QString::fromStdString(id_).toHtmlEscaped(),
                         summary_.toHtmlEscaped());
  if (has_error()) {
    tip += QStringLiteral("<br><br><b>%1</b> ").arg(QApplication::translate("strata::ui::NodeItem", "Error:"));
    if (!report_.field.empty()) tip += QString::fromStdString(report_.field).toHtmlEscaped() + QStringLiteral(": ");
    tip += QString::fromStdString(report_.error).toHtmlEscaped();
    if (!report_.hint.empty())
      tip += QStringLiteral("<br><b>%1</b> %2")
                 .arg(QApplication::translate("strata::ui::NodeItem", "Fix:"), QString::fromStdString(report_.hint).toHtmlEscaped());
  } else if (report_.upstream_error) {
    tip += QStringLiteral("<br><br>") + QApplication::translate("strata::ui::NodeItem", "Waits for a node above it to be fixed.");
  }
  for (const auto& w : warnings_)
    tip += QStringLiteral("<br><br><b>%1</b> %2")
               .arg(QApplication::translate("strata::ui::NodeItem", "Warning:"), QString::fromStdString(w).toHtmlEscaped());
  if (!telemetry_.empty()) {
    const LayerTelemetry& t = telemetry_.back();
    tip += QStringLiteral("<br><br>") + QApplication::translate("strata::ui::NodeItem", "<b>Last epoch</b> (%1):").arg(telemetry_.size());
    if (t.weight_norm >= 0)
      tip += QApplication::translate("strata::ui::NodeItem", "<br>weight norm %1, gradient norm %2, update/weight %3")
                 .arg(t.weight_norm, 0, 'g', 3)
                 .arg(t.grad_norm, 0, 'g', 3)
                 .arg(t.update_ratio, 0, 'g', 3);
    if (t.dead_fraction >= 0)
      tip += QApplication::translate("strata::ui::NodeItem", "<br>%1 % of its units never fired").arg(t.dead_fraction * 100, 0, 'f', 1);
    for (const auto& e : telemetry_)
      if (e.forward_ms >= 0)
        tip += QApplication::translate("strata::ui::NodeItem", "<br>measured: forward %1 ms, backward %2 ms per step")
                   .arg(e.forward_ms, 0, 'f', 2)
                   .arg(std::max(0.0, e.backward_ms), 0, 'f', 2);
  }
  if (!telemetry_warning_.isEmpty())
    tip += QStringLiteral("<br><br><b>%1</b> %2")
               .arg(QApplication::translate("strata::ui::NodeItem", "Warning:"), telemetry_warning_.toHtmlEscaped());
  if (!preview_.isNull()) {
    // The picture travels inside the tooltip's rich text as a data URL.
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    preview_.save(&buffer, "PNG");
    tip += QStringLiteral("<br><br>%1<br><img src=\"data:image/png;base64,%2\">")
               .arg(preview_caption_.toHtmlEscaped(), QString::fromLatin1(png.toBase64()));
  }
  if (diff_mark_ != DiffMark::None) tip += QStringLiteral("<br><br><b>%1</b>").arg(diff_detail_.toHtmlEscaped());
  setToolTip(tip);
}

QPointF NodeItem::port_scene_pos(const PortRef& port) const {
  if (port.output) return mapToScene(QPointF(kWidth / 2, kHeight));
  return mapToScene(QPointF(kWidth * (port.index + 1) / (inputs_ + 1), 0));
}

std::optional<PortRef> NodeItem::port_at(const QPointF& scene_pos) const {
  std::optional<PortRef> best;
  double best_d = kPortHitRadius;
  auto consider = [&](const PortRef& p) {
    const double d = QLineF(port_scene_pos(p), scene_pos).length();
    if (d <= best_d) best_d = d, best = p;
  };
  if (has_output_) consider({id_, true, 0});
  for (int i = 0; i < inputs_; ++i) consider({id_, false, i});
  return best;
}

void NodeItem::set_hovered_port(std::optional<PortRef> port) {
  if (port == hovered_port_) return;
  hovered_port_ = std::move(port);
  update();
}

void NodeItem::remove_link(LinkItem* link) { std::erase(links_, link); }

void NodeItem::set_output_preview(const QImage& picture, const QString& caption) {
  preview_ = picture.isNull() ? QImage() : picture.width() > 260 ? picture.scaledToWidth(260, Qt::SmoothTransformation) : picture;
  preview_caption_ = caption;
  update_tooltip();
}

void NodeItem::set_telemetry(std::vector<LayerTelemetry> epochs, QString warning) {
  telemetry_ = std::move(epochs);
  telemetry_warning_ = std::move(warning);
  update_tooltip();
  update();
}

void NodeItem::set_run_progress(double fraction) {
  // Repaint only when the bar visibly moves (a run reports thirty times a second).
  if ((fraction < 0) == (run_progress_ < 0) && std::abs(fraction - run_progress_) < 0.005) return;
  run_progress_ = fraction;
  update();
}

void NodeItem::set_model_pos(const NodePos& pos) {
  syncing_ = true;
  setPos(pos.x, pos.y);
  syncing_ = false;
}

QRectF NodeItem::boundingRect() const {
  const double m = kPortRadius + 4;  // ports, badge and selection outline stick out
  return QRectF(-m, -m - 4, kWidth + 2 * m + 6, kHeight + 2 * m + 4);
}

QPainterPath NodeItem::shape() const {
  QPainterPath p;
  p.addRoundedRect(QRectF(0, 0, kWidth, kHeight), kRadius, kRadius);
  const double r = kPortHitRadius;
  if (has_output_) p.addEllipse(QPointF(kWidth / 2, kHeight), r, r);
  for (int i = 0; i < inputs_; ++i) p.addEllipse(QPointF(kWidth * (i + 1) / (inputs_ + 1), 0), r, r);
  return p;
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemPositionChange && !syncing_ && editor_settings().snap_to_grid) {
    const QPointF p = value.toPointF();
    return QPointF(std::round(p.x() / kGrid) * kGrid, std::round(p.y() / kGrid) * kGrid);
  }
  if (change == ItemPositionHasChanged)
    for (LinkItem* l : links_) l->update_path();
  if (change == ItemSelectedHasChanged) setZValue(value.toBool() ? 2 : 1);
  return QGraphicsItem::itemChange(change, value);
}

void NodeItem::set_diff_mark(DiffMark mark, const QString& detail) {
  diff_mark_ = mark, diff_detail_ = detail;
  update_tooltip();
  update();
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  const CanvasColors c = canvas_colors();
  const QColor cat = category_color(category_);
  const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
  const QRectF card(0, 0, kWidth, kHeight);
  if (diff_mark_ != DiffMark::None) {  // under the card, around it
    QPen pen(diff_mark_ == DiffMark::Added ? QColor(0x16, 0xa3, 0x4a) : QColor(0xd9, 0x77, 0x06), 2.5, Qt::DashLine);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(card.adjusted(-4, -4, 4, 4), kRadius + 3, kRadius + 3);
    painter->restore();
  }
  const bool selected = isSelected();
  painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);

  const QPen border(selected ? c.selection : has_error() ? c.error : c.node_border, selected ? 2.0 : 1.0);
  if (lod < 0.4) {  // far out: a plain card in its category's colour, its type when readable
    painter->setPen(selected || has_error() ? border : Qt::NoPen);
    painter->setBrush(lod < 0.15 ? cat : c.node_fill);
    painter->drawRect(card);
    if (lod < 0.15) return;
    painter->fillRect(QRectF(0, 0, kBand, kHeight), cat);
    // The type in letters big enough to read at this zoom, as far as the card allows.
    QFont f = QApplication::font();
    f.setPixelSize(int(std::clamp(9.0 / lod, 22.0, 40.0)));
    f.setBold(true);
    painter->setFont(f);
    painter->setPen(c.node_text);
    painter->drawText(card.adjusted(kBand + 6, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(f, QString::fromStdString(layer_type_), kWidth - kBand - 10));
    return;
  }

  // Card and the category band along its left edge (the band's left corners
  // follow the card's).
  painter->setPen(border);
  painter->setBrush(c.node_fill);
  painter->drawRoundedRect(card, kRadius, kRadius);
  static const QPainterPath band = [] {
    QPainterPath rounded, clip;
    rounded.addRoundedRect(QRectF(0, 0, kBand + kRadius, kHeight), kRadius, kRadius);
    clip.addRect(QRectF(0, 0, kBand, kHeight));
    return rounded.intersected(clip);
  }();
  painter->fillPath(band, cat);

  // Header: icon, type, name.
  const double x0 = kBand + kPad;
  paint_category_icon(*painter, QRectF(x0, 8, 16, 16), category_, cat);
  QFont bold = QApplication::font();
  bold.setPixelSize(13);
  bold.setBold(true);
  QFont normal = QApplication::font();
  normal.setPixelSize(12);
  QFont small = normal;
  small.setPixelSize(11);
  const QString type = QString::fromStdString(layer_type_);
  const double type_w = std::min(QFontMetricsF(bold).horizontalAdvance(type), kWidth - x0 - 22 - 50);
  painter->setFont(bold);
  painter->setPen(c.node_text);
  painter->drawText(QRectF(x0 + 22, 6, type_w + 1, 20), Qt::AlignVCenter | Qt::AlignLeft, elided(bold, type, type_w + 1));
  painter->setFont(small);
  painter->setPen(c.node_subtle_text);
  const double name_x = x0 + 22 + type_w + 8, name_w = kWidth - name_x - kPad;
  painter->drawText(QRectF(name_x, 6, name_w, 20), Qt::AlignVCenter | Qt::AlignRight,
                    elided(small, QString::fromStdString(id_), name_w));

  // Key parameters.
  painter->setFont(normal);
  painter->setPen(c.node_text);
  const double key_w = kWidth - x0 - kPad - (telemetry_.empty() ? 0 : 50);  // room for the sparkline
  painter->drawText(QRectF(x0, 27, key_w, 16), Qt::AlignVCenter | Qt::AlignLeft,
                    elided(normal, key_text_.isEmpty() ? QStringLiteral("\u2014") : key_text_, key_w));

  // Output shape and parameter count, or the error in short.
  painter->setFont(small);
  const QRectF foot(x0, 45, kWidth - x0 - kPad, 15);
  if (report_.ok) {
    painter->setPen(c.node_subtle_text);
    const QString shape = has_output_ ? QStringLiteral("\u2192 ") + shape_text(report_.shape.output)
                                      : QApplication::translate("strata::ui::NodeItem", "loss");
    painter->drawText(foot, Qt::AlignVCenter | Qt::AlignLeft, shape);
    if (report_.shape.parameters > 0)
      painter->drawText(foot, Qt::AlignVCenter | Qt::AlignRight,
                        QApplication::translate("strata::ui::NodeItem", "%1 params").arg(short_count_text(double(report_.shape.parameters))));
  } else if (has_error()) {
    painter->setPen(c.error);
    painter->drawText(foot, Qt::AlignVCenter | Qt::AlignLeft, elided(small, QString::fromStdString(report_.error), foot.width()));
  } else if (report_.upstream_error) {
    painter->setPen(c.node_subtle_text);
    painter->drawText(foot, Qt::AlignVCenter | Qt::AlignLeft,
                      elided(small, QApplication::translate("strata::ui::NodeItem", "\u2192 ? (waits for the error above)"), foot.width()));
  }

  // A run in progress: a bar along the bottom edge.
  if (run_progress_ >= 0) {
    const QRectF track(kBand + 2, kHeight - 4, kWidth - kBand - 4 - kRadius / 2, 2.5);
    painter->fillRect(track, c.grid);
    painter->fillRect(QRectF(track.topLeft(), QSizeF(track.width() * std::clamp(run_progress_, 0.0, 1.0), track.height())), c.accent);
  }

  // Ports.
  auto port = [&](QPointF at, bool hovered) {
    painter->setPen(QPen(c.node_fill, 1.5));
    painter->setBrush(hovered ? c.accent : c.port_fill);
    const double r = hovered ? kPortRadius + 2 : kPortRadius;
    painter->drawEllipse(at, r, r);
  };
  for (int i = 0; i < inputs_; ++i)
    port(QPointF(kWidth * (i + 1) / (inputs_ + 1), 0), hovered_port_ && !hovered_port_->output && hovered_port_->index == i);
  if (inputs_ > 1) {  // number the ports of merge nodes: links say which input they feed
    painter->setFont(small);
    painter->setPen(c.node_subtle_text);
    for (int i = 0; i < inputs_; ++i)
      painter->drawText(QRectF(kWidth * (i + 1) / (inputs_ + 1) + 6, -16, 20, 12), Qt::AlignLeft | Qt::AlignVCenter,
                        QString::number(i + 1));
  }
  if (has_output_) port(QPointF(kWidth / 2, kHeight), hovered_port_ && hovered_port_->output);

  // The gradient norm over the epochs, a sparkline at the right of the parameters' line (log scale).
  if (telemetry_.size() >= 1 && telemetry_.back().grad_norm > 0) {
    const QRectF spark(kWidth - kPad - 44, 29, 44, 12);
    std::vector<double> g;
    for (const auto& e : telemetry_) g.push_back(std::log10(std::max(e.grad_norm, 1e-12)));
    const auto [lo_it, hi_it] = std::minmax_element(g.begin(), g.end());
    const double lo = *lo_it, hi = std::max(*hi_it, lo + 1e-9);
    QPainterPath path;
    for (size_t i = 0; i < g.size(); ++i) {
      const QPointF pt(spark.left() + (g.size() == 1 ? spark.width() : spark.width() * double(i) / double(g.size() - 1)),
                       spark.bottom() - (g[i] - lo) / (hi - lo) * spark.height());
      if (i == 0) path.moveTo(g.size() == 1 ? QPointF(spark.left(), pt.y()) : pt);
      path.lineTo(pt);
    }
    painter->setPen(QPen(telemetry_warning_.isEmpty() ? c.accent : c.warning, 1.4));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path);
  }

  // Badge: error or warning, top right.
  if (has_error() || !warnings_.empty() || !telemetry_warning_.isEmpty()) {
    const QPointF at(kWidth - 2, 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(has_error() ? c.error : c.warning);
    painter->drawEllipse(at, 8, 8);
    QFont f = bold;
    f.setPixelSize(12);
    painter->setFont(f);
    painter->setPen(Qt::white);
    painter->drawText(QRectF(at.x() - 8, at.y() - 8, 16, 16), Qt::AlignCenter, QStringLiteral("!"));
  }
}

}  // namespace strata::ui
