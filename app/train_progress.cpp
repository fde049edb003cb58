#include "train_progress.h"

#include <string>

namespace strata::cli {

void ProgressPrinter::on_step(const StepEvent& e) {
  const int percent = int(100 * e.batch / e.batches);
  // On a terminal redraw often; in a log file print every 25 %.
  if (!terminal_ && (percent / 25 == last_percent_ / 25 || e.batch == e.batches)) return;
  if (terminal_ && percent == last_percent_ && e.batch != e.batches) return;
  last_percent_ = percent;
  const int width = 24, filled = width * int(e.batch) / int(e.batches);
  const double eta = e.samples_per_s > 0 ? e.epoch_seconds * double(e.batches - e.batch) / double(e.batch) : 0;
  std::fprintf(out_, "%sepoch %d [%s%s] %lld/%lld  %.0f samples/s  ETA %.0fs  loss %.4f  acc %.4f%s",
               terminal_ ? "\r" : "", e.epoch + 1, std::string(size_t(filled), '=').c_str(),
               std::string(size_t(width - filled), ' ').c_str(), (long long)e.batch, (long long)e.batches,
               e.samples_per_s, eta, e.running_loss, e.running_accuracy, terminal_ ? "" : "\n");
  std::fflush(out_);
}

void ProgressPrinter::on_epoch(const EpochEvent& e) {
  last_percent_ = -1;
  std::fprintf(out_, "%sepoch %d/%d  %.1fs  %.0f samples/s  lr %.3g  loss %.4f  acc %.4f", terminal_ ? "\r\033[K" : "",
               e.epoch + 1, e.epochs, e.seconds, e.samples_per_s, e.learning_rate, e.train.loss, e.train.accuracy);
  if (e.validation) std::fprintf(out_, "  val_loss %.4f  val_acc %.4f", e.validation->loss, e.validation->accuracy);
  std::fprintf(out_, "\n");
  std::fflush(out_);
}

}  // namespace strata::cli
