#pragma once
// A confusion matrix as a heat map: rows are the true classes, columns the
// predicted ones; counts, or shares of each row (normalised), or the
// difference between two matrices (blue more, red fewer). Readable with a
// hundred classes: the cells shrink to fit and the wheel (with Ctrl) zooms,
// class names show where they fit and always in the tooltip. A click on a
// cell selects it.
#include <QString>
#include <QWidget>
#include <optional>
#include <string>
#include <vector>

namespace strata::ui {

class ConfusionMatrixView : public QWidget {
  Q_OBJECT
 public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);
  // `counts` [true][predicted]; `difference`: they may be negative (after minus before).
  void set_matrix(int64_t classes, std::vector<std::string> names, std::vector<int64_t> counts, bool difference = false);
  void set_normalized(bool rows);
  void set_zoom(double zoom);  // 1: fit the widget
  double zoom() const { return zoom_; }
  int64_t classes() const { return classes_; }
  std::optional<std::pair<int64_t, int64_t>> selected() const { return selected_; }
  void select(int64_t true_class, int64_t predicted_class);
  // The cell under a point of the widget, if any.
  std::optional<std::pair<int64_t, int64_t>> cell_at(const QPoint& p) const;
  QRect cell_rect(int64_t true_class, int64_t predicted_class) const;
  QString cell_text(int64_t true_class, int64_t predicted_class) const;  // what the tooltip says
  QSize sizeHint() const override;

 signals:
  void cell_clicked(qint64 true_class, qint64 predicted_class);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void layout_cells();
  QString name(int64_t c) const;
  double value(int64_t t, int64_t p) const;  // what the colour shows
  int64_t classes_ = 0;
  std::vector<std::string> names_;
  std::vector<int64_t> counts_;
  bool difference_ = false, normalized_ = false;
  double zoom_ = 1;
  int cell_ = 20, label_w_ = 0, label_h_ = 0;
  std::optional<std::pair<int64_t, int64_t>> selected_;
};

}  // namespace strata::ui
