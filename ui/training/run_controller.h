#pragma once
// Runs the engine's RunService on a worker thread for the editor and brings
// its events to the UI thread, coalesced: the training thread only appends
// to a queue under a lock; a timer on the UI thread drains it about thirty
// times a second, handing consecutive steps over as one batch, so a fast
// training never floods the event loop. Pause, resume and stop reach the
// trainer from the UI thread. Requests made while a run is going wait in a
// queue and start in order.
#include <QObject>
#include <QTimer>
#include <QVector>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <variant>
#include <vector>

#include "run/run_service.h"

namespace strata::ui {

class RunController : public QObject {
  Q_OBJECT
 public:
  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;  // stops a run and waits for its thread

  // Starts the run now, or queues it behind the one that is running.
  void start(RunRequest request);
  void pause();
  void resume();
  void stop();
  bool running() const { return service_ != nullptr; }
  bool paused() const { return paused_; }
  int queued() const { return int(queue_.size()); }
  QString run_id() const;
  // Drains what the training thread reported (the timer does it otherwise).
  void deliver();
  // Waits (running the event loop) until no run is going or `ms` pass; false on timeout.
  bool wait_until_idle(int ms);

 signals:
  void started(const strata::RunListener::Started& info);
  void steps(const QVector<strata::StepEvent>& steps);
  void epoch(const strata::EpochEvent& epoch);
  void telemetry(const strata::TelemetryEvent& telemetry);
  void note(const QString& text);
  void tested(const strata::Metrics& test);
  void finished(const nlohmann::json& summary);
  void failed(const QString& message);
  // Running, paused or idle changed, or the queue did.
  void state_changed();

 private:
  class Bridge;
  struct Failed {
    std::string message;
  };
  struct Done {};
  using Event = std::variant<RunListener::Started, StepEvent, EpochEvent, TelemetryEvent, std::string, Metrics, nlohmann::json,
                             Failed, Done>;
  void push(Event e);
  void launch(RunRequest request);
  std::unique_ptr<RunService> service_;
  std::unique_ptr<Bridge> bridge_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Event> events_;
  std::deque<RunRequest> queue_;
  QTimer timer_;
  bool paused_ = false;
};

}  // namespace strata::ui
