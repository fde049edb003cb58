#include "train_progress.h"

#include <string>

namespace strata::cli {

namespace {
std::string fixed4(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}
}  // namespace

void ProgressPrinter::on_step(const StepEvent& e) {
  const int percent = int(100 * e.batch / e.batches);
  // On a terminal redraw often; in a log file print every 25 %.
  if (!terminal_ && (percent / 25 == last_percent_ / 25 || e.batch == e.batches)) return;
  if (terminal_ && percent == last_percent_ && e.batch != e.batches) return;
  last_percent_ = percent;
  const int width = 24, filled = width * int(e.batch) / int(e.batches);
  const double eta = e.samples_per_s > 0 ? e.epoch_seconds * double(e.batches - e.batch) / double(e.batch) : 0;
  const std::string acc = e.classification ? "  acc " + fixed4(e.running_accuracy) : "";  // none for regression
  std::fprintf(out_, "%sepoch %d [%s%s] %lld/%lld  %.0f samples/s  ETA %.0fs  loss %.4f%s%s",
               terminal_ ? "\r" : "", e.epoch + 1, std::string(size_t(filled), '=').c_str(),
               std::string(size_t(width - filled), ' ').c_str(), (long long)e.batch, (long long)e.batches,
               e.samples_per_s, eta, e.running_loss, acc.c_str(), terminal_ ? "" : "\n");
  std::fflush(out_);
}

void ProgressPrinter::on_epoch(const EpochEvent& e) {
  last_percent_ = -1;
  const bool classes = e.train.classes > 0;  // regression has no accuracy to show
  std::fprintf(out_, "%sepoch %d/%d  %.1fs  %.0f samples/s  lr %.3g  loss %.4f%s", terminal_ ? "\r\033[K" : "",
               e.epoch + 1, e.epochs, e.seconds, e.samples_per_s, e.learning_rate, e.train.loss,
               classes ? ("  acc " + fixed4(e.train.accuracy)).c_str() : "");
  if (e.validation)
    std::fprintf(out_, "  val_loss %.4f%s", e.validation->loss,
                 classes ? ("  val_acc " + fixed4(e.validation->accuracy)).c_str() : "");
  std::fprintf(out_, "\n");
  std::fflush(out_);
}

}  // namespace strata::cli
