#pragma once
// Every device Strata can train on (the native CPU backend and each Vulkan
// device) with its type, backend, driver and memory, the memory a training
// step of this model needs at the project's batch size against each one's,
// and which one is chosen and which one a run is using now. Choosing a row
// chooses the device for the next run.
#include <QString>
#include <QWidget>
#include <vector>

#include "runtime/device_info.h"

class QLabel;
class QTableWidget;

namespace strata::ui {

class ProjectDocument;

class DevicePanel : public QWidget {
  Q_OBJECT
 public:
  explicit DevicePanel(ProjectDocument* doc, QWidget* parent = nullptr);
  void set_devices(const std::vector<DeviceInfo>& devices, const QString& vulkan_problem);
  // "auto" or a spec ("cpu", "vulkan:0"); `resolved` is the device "auto" means.
  void set_chosen(const QString& spec, const QString& resolved);
  // The device a run is using now ("" when none is running).
  void set_in_use(const QString& spec);
  QTableWidget* table() const { return table_; }

 signals:
  void device_chosen(const QString& spec);

 private:
  void refill();
  ProjectDocument* doc_;
  QTableWidget* table_;
  QLabel* note_;
  std::vector<DeviceInfo> devices_;
  QString vulkan_problem_, chosen_, resolved_, in_use_;
  bool filling_ = false;
};

}  // namespace strata::ui
