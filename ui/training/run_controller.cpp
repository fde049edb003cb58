#include "training/run_controller.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

namespace strata::ui {

// Lives on the training thread's side: turns each event into a queued item.
class RunController::Bridge final : public RunListener {
 public:
  explicit Bridge(RunController* c) : c_(c) {}
  void on_step(const StepEvent& e) override { c_->push(e); }
  void on_epoch(const EpochEvent& e) override { c_->push(e); }
  void on_telemetry(const TelemetryEvent& e) override { c_->push(e); }
  void on_note(const std::string& text) override { c_->push(text); }
  void on_started(const Started& s) override { c_->push(s); }
  void on_test(const Metrics& m) override { c_->push(m); }
  void on_finished(const nlohmann::json& summary) override { c_->push(summary); }
  void on_failed(const std::string& message) override { c_->push(Failed{message}); }

 private:
  RunController* c_;
};

RunController::RunController(QObject* parent) : QObject(parent) {
  timer_.setInterval(33);  // at most ~30 updates a second reach the widgets
  connect(&timer_, &QTimer::timeout, this, &RunController::deliver);
}

RunController::~RunController() {
  queue_.clear();
  if (service_) service_->stop();
  if (thread_.joinable()) thread_.join();
}

void RunController::push(Event e) {
  std::lock_guard lock(mutex_);
  events_.push_back(std::move(e));
}

void RunController::start(RunRequest request) {
  if (service_) {
    queue_.push_back(std::move(request));
    emit state_changed();
    return;
  }
  launch(std::move(request));
}

void RunController::launch(RunRequest request) {
  service_ = std::make_unique<RunService>(std::move(request));
  bridge_ = std::make_unique<Bridge>(this);
  service_->add_listener(bridge_.get());
  paused_ = false;
  thread_ = std::thread([this, service = service_.get()] {
    try {
      service->execute();
    } catch (const std::exception&) {
      // reported through on_failed
    }
    push(Done{});
  });
  timer_.start();
  emit state_changed();
}

void RunController::pause() {
  if (!service_ || paused_) return;
  service_->pause();
  paused_ = true;
  emit state_changed();
}

void RunController::resume() {
  if (!service_ || !paused_) return;
  service_->resume();
  paused_ = false;
  emit state_changed();
}

void RunController::stop() {
  queue_.clear();  // Stop means stop: the queued runs do not start either
  if (service_) service_->stop();
  emit state_changed();
}

QString RunController::run_id() const { return service_ ? QString::fromStdString(service_->run_id()) : QString(); }

void RunController::deliver() {
  std::vector<Event> events;
  {
    std::lock_guard lock(mutex_);
    events.swap(events_);
  }
  QVector<StepEvent> batch;
  auto flush_steps = [&] {
    if (!batch.isEmpty()) emit steps(batch);
    batch.clear();
  };
  for (auto& e : events) {
    if (auto* s = std::get_if<StepEvent>(&e)) {
      batch.append(*s);
      continue;
    }
    flush_steps();
    if (auto* v = std::get_if<RunListener::Started>(&e)) emit started(*v);
    else if (auto* v = std::get_if<EpochEvent>(&e)) emit epoch(*v);
    else if (auto* v = std::get_if<TelemetryEvent>(&e)) emit telemetry(*v);
    else if (auto* v = std::get_if<std::string>(&e)) emit note(QString::fromStdString(*v));
    else if (auto* v = std::get_if<Metrics>(&e)) emit tested(*v);
    else if (auto* v = std::get_if<nlohmann::json>(&e)) emit finished(*v);
    else if (auto* v = std::get_if<Failed>(&e)) emit failed(QString::fromStdString(v->message));
    else if (std::holds_alternative<Done>(e)) {
      if (thread_.joinable()) thread_.join();
      service_.reset();
      bridge_.reset();
      paused_ = false;
      timer_.stop();
      emit state_changed();
      if (!queue_.empty()) {
        RunRequest next = std::move(queue_.front());
        queue_.pop_front();
        launch(std::move(next));
      }
    }
  }
  flush_steps();
}

bool RunController::wait_until_idle(int ms) {
  QElapsedTimer t;
  t.start();
  QEventLoop loop;  // blocks between events (the delivery timer's at the latest), never spins
  while (running() || !queue_.empty()) {
    if (t.elapsed() > ms) return false;
    loop.processEvents(QEventLoop::WaitForMoreEvents);
  }
  return true;
}

}  // namespace strata::ui
