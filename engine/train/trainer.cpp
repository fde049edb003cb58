#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/plural.h"
#include "data/batch_loader.h"
#include "runtime/backend.h"
#include "train/schedule.h"

namespace strata {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The visiting order of epoch `epoch`: a permutation drawn from (seed, epoch) alone.
std::vector<int64_t> epoch_order(int64_t n, uint64_t seed, int epoch, bool shuffle) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  if (shuffle) {
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + uint64_t(epoch) + 1);
    std::shuffle(order.begin(), order.end(), rng);
  }
  return order;
}

// Higher is better for accuracies, lower for losses.
double monitored(const std::string& key, const EpochEvent& e) {
  const bool val = key.rfind("val_", 0) == 0;
  const Metrics& m = val && e.validation ? *e.validation : e.train;
  return key.find("accuracy") != std::string::npos ? -m.accuracy : m.loss;
}
}  // namespace

Trainer::Trainer(Model& model, TrainingConfig config) : model_(model), cfg_(std::move(config)) {}

void Trainer::add_listener(TrainingListener* l) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(l);
}
void Trainer::remove_listener(TrainingListener* l) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), l), listeners_.end());
}
template <class F>
void Trainer::notify_listeners(F&& f) {
  std::lock_guard lock(listeners_mutex_);
  for (auto* l : listeners_) f(*l);
}

void Trainer::pause() { paused_ = true; }
void Trainer::resume() {
  {
    std::lock_guard lock(pause_mutex_);
    paused_ = false;
  }
  pause_cv_.notify_all();
}
void Trainer::stop() {
  stop_ = true;
  resume();
}
void Trainer::wait_while_paused() {
  std::unique_lock lock(pause_mutex_);
  pause_cv_.wait(lock, [&] { return !paused_ || stop_; });
}

void Trainer::check_data(const Dataset& d, const char* what) const {
  if (d.size() == 0) throw Error(std::string("the ") + what + " set is empty");
  if (d.sample_size() != numel(model_.input_shape()))
    throw Error(std::string("the ") + what + " samples have " + std::to_string(d.sample_size()) +
                " values, the model's Input expects " + to_string(model_.input_shape()));
  if (d.label_size() != model_.label_size())
    throw Error(std::string("the ") + what + " labels have " + std::to_string(d.label_size()) +
                " values per sample, the loss expects " + std::to_string(model_.label_size()));
}

nlohmann::json epoch_to_json(const EpochEvent& e) {
  nlohmann::json j{{"epoch", e.epoch}, {"epochs", e.epochs}, {"train", metrics_to_json(e.train)},
                   {"learning_rate", e.learning_rate}, {"seconds", e.seconds}, {"samples_per_s", e.samples_per_s}};
  if (e.validation) j["validation"] = metrics_to_json(*e.validation);
  return j;
}

EpochEvent epoch_from_json(const nlohmann::json& j) {
  EpochEvent e;
  e.epoch = j.at("epoch"), e.epochs = j.at("epochs"), e.train = metrics_from_json(j.at("train"));
  e.learning_rate = j.at("learning_rate"), e.seconds = j.at("seconds"), e.samples_per_s = j.at("samples_per_s");
  if (j.contains("validation")) e.validation = metrics_from_json(j.at("validation"));
  return e;
}

FitResult Trainer::fit(const Dataset& train, const Dataset* validation, const TrainingState* resume,
                       const std::string& checkpoint_path) {
  check_data(train, "training");
  if (validation) check_data(*validation, "validation");
  const auto t_start = Clock::now();
  const int64_t B = std::min<int64_t>(cfg_.batch_size, model_.max_batch());
  const int64_t n = train.size(), xs = train.sample_size(), ys = train.label_size();
  const int64_t batches = (n + B - 1) / B;
  const int64_t outs = numel(model_.output_shape());
  const int64_t classes = train.labels == LabelKind::ClassIndex ? train.classes : 0;
  LearningRateSchedule schedule(cfg_.schedule, cfg_.learning_rate, cfg_.epochs);
  BatchLoader loader(train, B, augment_, cfg_.seed);

  TrainingState st;
  if (resume) {
    st = *resume;
    schedule.restore(st.schedule);
  }
  FitResult result;
  for (const auto& h : st.history) result.history.push_back(epoch_from_json(h));
  result.epochs_run = int(result.history.size());
  result.best_epoch = st.early.best_epoch;
  std::vector<std::vector<float>> best_weights;
  std::optional<TelemetryProbe> probe;
  if (telemetry_) probe.emplace(model_);
  // A stop() that came before fit() stops it before the first step (it is
  // never cleared: one trainer trains once).
  auto checkpoint = [&] {
    if (checkpoint_path.empty()) return;
    st.schedule = schedule.state();
    save_checkpoint(checkpoint_path, model_, st);
    notify_listeners([&](TrainingListener& l) { l.on_checkpoint(checkpoint_path, st.epoch, st.step, st.batch == 0); });
  };

  for (; st.epoch < cfg_.epochs; ++st.epoch, st.batch = 0) {
    const int epoch = st.epoch;
    const auto t_epoch = Clock::now();
    const double lr = schedule.rate(epoch);
    loader.start_epoch(epoch_order(n, cfg_.seed, epoch, cfg_.shuffle), epoch, st.batch);
    MetricsAccumulator acc(classes, outs);
    if (st.batch > 0) acc.restore(st.partial);
    const int64_t resumed_samples = acc.state().samples;
    for (; st.batch < batches; ++st.batch) {
      const int64_t b = st.batch;
      if (paused_) wait_while_paused();
      if (stop_) {
        result.status = FitStatus::Stopped;
        result.message = "stopped at epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(b + 1);
        break;
      }
      const BatchLoader::Batch batch = loader.next();
      const int64_t count = batch.count;
      const int64_t step = st.step + 1;
      const auto t_step = Clock::now();
      if (probe) probe->before_step(epoch, b, batches);
      model_.set_inputs({batch.x, size_t(count * xs)}, count);
      model_.set_labels({batch.y, size_t(count * ys)}, count);
      model_.forward(count, true, uint32_t(step));
      model_.backward_and_update(count, step, float(lr));
      const double loss = model_.loss(count);
      model_.outputs(count, outbuf_);
      if (probe) probe->after_step(epoch, b, batches, count);
      if (!std::isfinite(loss)) {
        result.status = FitStatus::Failed;
        result.message = "the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " +
                         std::to_string(step) + " (epoch " + std::to_string(epoch + 1) + ", batch " +
                         std::to_string(b + 1) + "); lower the learning rate or enable gradient clipping" +
                         (checkpoint_path.empty() ? "" : "; the last good checkpoint is kept");
        break;
      }
      st.step = step;
      st.train_seconds += seconds_since(t_step);
      st.trained_samples += count;
      const int64_t correct_before = acc.state().correct;
      acc.add(outbuf_, {batch.y, size_t(count * ys)}, count, loss);
      StepEvent ev;
      ev.epoch = epoch, ev.step = step, ev.batch = b + 1, ev.batches = batches, ev.loss = loss;
      ev.accuracy = double(acc.state().correct - correct_before) / double(count);
      ev.running_loss = acc.mean_loss(), ev.running_accuracy = acc.accuracy(), ev.learning_rate = lr;
      ev.classification = classes > 0;
      ev.epoch_seconds = seconds_since(t_epoch);
      ev.samples_per_s = double(acc.samples() - resumed_samples) / std::max(1e-9, ev.epoch_seconds);
      notify_listeners([&](TrainingListener& l) { l.on_step(ev); });
    }
    result.steps = st.step;
    if (result.status == FitStatus::Failed) break;
    if (result.status == FitStatus::Stopped) {
      st.partial = acc.state();  // the running metrics of the part-trained epoch go with the checkpoint
      checkpoint();
      break;
    }

    EpochEvent ee;
    ee.epoch = epoch, ee.epochs = cfg_.epochs, ee.train = acc.result(), ee.learning_rate = lr;
    ee.seconds = seconds_since(t_epoch);
    ee.samples_per_s = double(ee.train.samples - resumed_samples) / std::max(1e-9, ee.seconds);
    if (validation) ee.validation = evaluate(*validation);
    result.history.push_back(ee);
    st.history.push_back(epoch_to_json(ee));
    result.epochs_run = epoch + 1;
    notify_listeners([&](TrainingListener& l) { l.on_epoch(ee); });
    if (probe) {
      const TelemetryEvent te = probe->finish_epoch(epoch);
      notify_listeners([&](TrainingListener& l) { l.on_telemetry(te); });
    }

    schedule.observe(monitored(validation ? "val_loss" : "loss", ee));
    bool early_stop = false;
    if (cfg_.early_stopping.enabled) {
      const double v = monitored(cfg_.early_stopping.monitor, ee);
      if (!st.early.has_best || v < st.early.best - cfg_.early_stopping.min_delta) {
        st.early.best = v, st.early.has_best = true, st.early.since_best = 0, st.early.best_epoch = epoch;
        result.best_epoch = epoch;
        if (cfg_.early_stopping.restore_best) {
          best_weights.clear();
          for (auto& p : model_.params()) {
            std::vector<float> w(static_cast<size_t>(p.param->value.numel()));
            model_.backend().download(p.param->value, w);
            best_weights.push_back(std::move(w));
          }
        }
      } else if (++st.early.since_best >= cfg_.early_stopping.patience) {
        // As Keras' EarlyStopping: `patience` epochs without improvement, then stop.
        result.status = FitStatus::EarlyStopped;
        result.message = "no improvement of " + cfg_.early_stopping.monitor + " for " +
                         count_of(st.early.since_best, "epoch") + "; best at epoch " + std::to_string(st.early.best_epoch + 1);
        early_stop = true;
      }
    }
    st.partial = {};
    if (early_stop) break;
    {
      TrainingState next = st;  // the checkpoint points at the next epoch's first batch
      ++next.epoch, next.batch = 0;
      std::swap(st, next);
      checkpoint();
      std::swap(st, next);
    }
  }
  if (cfg_.early_stopping.enabled && cfg_.early_stopping.restore_best && !best_weights.empty() &&
      result.best_epoch + 1 != result.epochs_run) {
    size_t i = 0;
    for (auto& p : model_.params()) model_.backend().upload(p.param->value, best_weights[i++]);
  }
  result.wall_s = seconds_since(t_start);
  result.train_samples_per_s = double(st.trained_samples) / std::max(1e-9, st.train_seconds);
  notify_listeners([&](TrainingListener& l) { l.on_finish(result); });
  return result;
}

Metrics Trainer::evaluate(const Dataset& data, bool stoppable) {
  check_data(data, "evaluation");
  const int64_t B = model_.max_batch(), n = data.size(), xs = data.sample_size(), ys = data.label_size();
  MetricsAccumulator acc(data.labels == LabelKind::ClassIndex ? data.classes : 0, numel(model_.output_shape()));
  for (int64_t start = 0; start < n; start += B) {
    if (stoppable && stop_) break;
    const int64_t count = std::min(B, n - start);
    model_.set_inputs({&data.x[size_t(start * xs)], size_t(count * xs)}, count);
    model_.set_labels({&data.y[size_t(start * ys)], size_t(count * ys)}, count);
    model_.forward(count, false, 0);
    const double loss = model_.loss(count);
    model_.outputs(count, outbuf_);
    acc.add(outbuf_, {&data.y[size_t(start * ys)], size_t(count * ys)}, count, loss);
  }
  return acc.result();
}

void Trainer::predict(const std::vector<float>& x, int64_t n, std::vector<float>& out) {
  const int64_t xs = numel(model_.input_shape()), os = numel(model_.output_shape()), B = model_.max_batch();
  if (int64_t(x.size()) != n * xs)
    throw Error("predict: " + std::to_string(x.size()) + " values are not " + std::to_string(n) + " samples of " +
                to_string(model_.input_shape()));
  out.resize(size_t(n * os));
  std::vector<float> zeros(size_t(B * model_.label_size()), 0.f);
  for (int64_t start = 0; start < n; start += B) {
    const int64_t count = std::min(B, n - start);
    model_.set_inputs({&x[size_t(start * xs)], size_t(count * xs)}, count);
    model_.set_labels({zeros.data(), size_t(count * model_.label_size())}, count);  // the loss runs on dummy labels
    model_.forward(count, false, 0);
    model_.outputs(count, outbuf_);
    std::copy(outbuf_.begin(), outbuf_.end(), out.begin() + start * os);
  }
}

}  // namespace strata
