#include "train/training_config.h"

#include <cmath>
#include <set>

#include "core/error.h"

namespace strata {

OptimizerConfig TrainingConfig::optimizer_config() const {
  OptimizerConfig c;
  c.kind = optimizer_from_name(optimizer);
  c.nesterov = nesterov;
  c.lr = float(learning_rate);
  c.beta1 = float(c.kind == OptimizerKind::SGD ? momentum : beta1);
  c.beta2 = float(beta2);
  c.eps = float(epsilon);
  c.weight_decay = float(weight_decay);
  return c;
}

namespace {

// Reads fields of one JSON object, naming "where.field" in every error and
// rejecting keys it was not asked for.
class Reader {
 public:
  Reader(const nlohmann::json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) throw Error(where_ + ": must be a JSON object");
  }
  ~Reader() noexcept(false) {
    if (std::uncaught_exceptions()) return;
    for (const auto& [k, v] : j_.items())
      if (!seen_.count(k)) throw Error(where_ + "." + k + ": unknown field");
  }
  template <class T>
  void get(const char* key, T& out, double min = -INFINITY, double max = INFINITY) {
    seen_.insert(key);
    if (!j_.contains(key)) return;
    const auto& v = j_.at(key);
    const std::string at = where_ + "." + key;
    if constexpr (std::is_same_v<T, bool>) {
      if (!v.is_boolean()) throw Error(at + ": must be true or false");
      out = v.get<bool>();
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (!v.is_string()) throw Error(at + ": must be text");
      out = v.get<std::string>();
    } else if constexpr (std::is_integral_v<T>) {
      if (!v.is_number_integer()) throw Error(at + ": must be a whole number");
      const double d = v.get<double>();
      if (d < min || d > max) throw Error(at + ": must be between " + num(min) + " and " + num(max));
      out = v.get<T>();
    } else {
      if (!v.is_number()) throw Error(at + ": must be a number");
      const double d = v.get<double>();
      if (!std::isfinite(d) || d < min || d > max) throw Error(at + ": must be between " + num(min) + " and " + num(max));
      out = T(d);
    }
  }
  const nlohmann::json* object(const char* key) {
    seen_.insert(key);
    return j_.contains(key) ? &j_.at(key) : nullptr;
  }
  void choice(const char* key, std::string& out, std::initializer_list<const char*> allowed) {
    get(key, out);
    for (const char* a : allowed)
      if (out == a) return;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw Error(where_ + "." + key + ": must be one of " + list + ", not '" + out + "'");
  }

 private:
  static std::string num(double v) {
    if (std::isinf(v)) return v > 0 ? "infinity" : "-infinity";
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  const nlohmann::json& j_;
  std::string where_;
  std::set<std::string> seen_;
};

}  // namespace

TrainingConfig training_from_json(const nlohmann::json& j, const std::string& where) {
  TrainingConfig c;
  Reader r(j, where);
  r.get("epochs", c.epochs, 1, 1e6);
  r.get("batch_size", c.batch_size, 1, 1 << 20);
  r.choice("optimizer", c.optimizer, {"sgd", "adam", "adamw", "rmsprop"});
  r.get("learning_rate", c.learning_rate, 0, kMaxLearningRate);
  if (!(c.learning_rate > 0))
    throw Error(where + ".learning_rate: must be positive (and at most " + std::to_string(int(kMaxLearningRate)) + ")");
  r.get("momentum", c.momentum, 0, 1);
  r.get("nesterov", c.nesterov);
  r.get("beta1", c.beta1, 0, 1);
  r.get("beta2", c.beta2, 0, 1);
  r.get("epsilon", c.epsilon, 0, 1);
  r.get("weight_decay", c.weight_decay, 0, 10);
  r.get("clip_norm", c.clip_norm, 0, 1e9);
  r.get("seed", c.seed, 0, 1.8e19);
  r.get("shuffle", c.shuffle);
  r.get("validation_split", c.validation_split, 0, 0.9);
  if (const auto* s = r.object("schedule")) {
    Reader q(*s, where + ".schedule");
    q.choice("kind", c.schedule.kind, {"constant", "step", "exponential", "cosine", "plateau"});
    q.get("step_epochs", c.schedule.step_epochs, 1, 1e6);
    q.get("gamma", c.schedule.gamma, 0, 1);
    q.get("min_lr", c.schedule.min_lr, 0, 100);
    q.get("patience", c.schedule.patience, 0, 1e6);
    q.get("factor", c.schedule.factor, 0, 1);
  }
  if (const auto* f = r.object("freeze")) {
    if (!f->is_array()) throw Error(where + ".freeze: must be a list of layer names");
    for (const auto& v : *f) {
      if (!v.is_string()) throw Error(where + ".freeze: must be a list of layer names");
      c.freeze.push_back(v);
    }
  }
  if (const auto* i = r.object("init_from")) {
    Reader q(*i, where + ".init_from");
    q.get("source", c.init_from.source);
    if (const auto* l = q.object("layers")) {
      if (!l->is_array()) throw Error(where + ".init_from.layers: must be a list of layer names");
      for (const auto& v : *l) {
        if (!v.is_string()) throw Error(where + ".init_from.layers: must be a list of layer names");
        c.init_from.layers.push_back(v);
      }
    }
  }
  if (const auto* e = r.object("early_stopping")) {
    Reader q(*e, where + ".early_stopping");
    q.get("enabled", c.early_stopping.enabled);
    q.choice("monitor", c.early_stopping.monitor, {"val_loss", "val_accuracy", "loss", "accuracy"});
    q.get("patience", c.early_stopping.patience, 0, 1e6);
    q.get("min_delta", c.early_stopping.min_delta, 0, 1e9);
    q.get("restore_best", c.early_stopping.restore_best);
  }
  return c;
}

nlohmann::json training_to_json(const TrainingConfig& c) {
  return {{"epochs", c.epochs},
          {"batch_size", c.batch_size},
          {"optimizer", c.optimizer},
          {"learning_rate", c.learning_rate},
          {"momentum", c.momentum},
          {"nesterov", c.nesterov},
          {"beta1", c.beta1},
          {"beta2", c.beta2},
          {"epsilon", c.epsilon},
          {"weight_decay", c.weight_decay},
          {"clip_norm", c.clip_norm},
          {"seed", c.seed},
          {"shuffle", c.shuffle},
          {"validation_split", c.validation_split},
          {"schedule",
           {{"kind", c.schedule.kind},
            {"step_epochs", c.schedule.step_epochs},
            {"gamma", c.schedule.gamma},
            {"min_lr", c.schedule.min_lr},
            {"patience", c.schedule.patience},
            {"factor", c.schedule.factor}}},
          {"freeze", c.freeze},
          {"init_from", {{"source", c.init_from.source}, {"layers", c.init_from.layers}}},
          {"early_stopping",
           {{"enabled", c.early_stopping.enabled},
            {"monitor", c.early_stopping.monitor},
            {"patience", c.early_stopping.patience},
            {"min_delta", c.early_stopping.min_delta},
            {"restore_best", c.early_stopping.restore_best}}}};
}

}  // namespace strata
