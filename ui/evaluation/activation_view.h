#pragma once
// What every layer outputs for one sample: feature maps as a grid of small
// pictures ([channels, height, width]), sequences as a heat map ([time,
// features]) and vectors as a strip of bars, each with the layer's name,
// type and shape.
#include <QImage>
#include <QWidget>
#include <vector>

#include "run/run_inspection.h"

class QVBoxLayout;

namespace strata::ui {

// The picture a layer's output becomes (exposed for tests).
QImage layer_output_image(const LayerOutput& layer, int max_width);

class ActivationView : public QWidget {
  Q_OBJECT
 public:
  explicit ActivationView(QWidget* parent = nullptr);
  void show_layers(const std::vector<LayerOutput>& layers);
  int shown_layers() const { return shown_; }

 private:
  QVBoxLayout* layout_;
  int shown_ = 0;
};

}  // namespace strata::ui
