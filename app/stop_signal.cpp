#include "stop_signal.h"

#include <chrono>
#include <csignal>

namespace strata::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  std::signal(sig, SIG_DFL);  // the next one ends the process
}

}  // namespace

StopOnSignal::StopOnSignal(std::function<void()> stop) {
  g_signal = 0;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  watcher_ = std::thread([this, stop = std::move(stop)] {
    while (!done_.load()) {
      if (g_signal != 0) {
        stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

StopOnSignal::~StopOnSignal() {
  done_ = true;
  watcher_.join();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

int StopOnSignal::signal() const { return int(g_signal); }

}  // namespace strata::cli
