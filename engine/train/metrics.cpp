#include "train/metrics.h"

#include <algorithm>
#include <cmath>

namespace strata {

MetricsAccumulator::MetricsAccumulator(int64_t classes, int64_t outputs_per_sample, int top_k)
    : classes_(classes), per_sample_(outputs_per_sample), top_k_(top_k) {
  if (classes_ > 0) s_.confusion.assign(size_t(classes_ * classes_), 0);
}

void MetricsAccumulator::add(std::span<const float> out, std::span<const float> labels, int64_t batch, double mean_loss) {
  s_.loss_sum += mean_loss * double(batch);
  s_.samples += batch;
  if (classes_ == 0) {
    for (int64_t i = 0; i < batch * per_sample_; ++i) {
      const double e = double(out[size_t(i)]) - double(labels[size_t(i)]);
      s_.se += e * e, s_.ae += std::fabs(e);
    }
    return;
  }
  for (int64_t b = 0; b < batch; ++b) {
    const float* o = out.data() + b * per_sample_;
    const int truth = int(labels[size_t(b)]);
    int pred;
    if (per_sample_ == 1) {  // one logit: class 1 when positive
      pred = o[0] > 0.f ? 1 : 0;
      s_.scores.emplace_back(o[0], truth);
      if (truth == pred) ++s_.top_k_correct;
    } else {
      pred = int(std::max_element(o, o + per_sample_) - o);
      int higher = 0;
      for (int64_t c = 0; c < per_sample_; ++c) higher += o[c] > o[truth] ? 1 : 0;
      if (higher < top_k_) ++s_.top_k_correct;
      if (classes_ == 2) s_.scores.emplace_back(o[1] - o[0], truth);  // the logit of class 1 against 0
    }
    if (pred == truth) ++s_.correct;
    if (truth >= 0 && truth < classes_ && pred >= 0 && pred < classes_) ++s_.confusion[size_t(truth * classes_ + pred)];
  }
}

Metrics MetricsAccumulator::result() const {
  Metrics m;
  m.samples = s_.samples;
  m.loss = mean_loss();
  m.top_k = top_k_;
  if (classes_ == 0) {
    const double n = double(std::max<int64_t>(1, s_.samples * per_sample_));
    m.mse = s_.se / n, m.mae = s_.ae / n;
    return m;
  }
  m.classes = classes_;
  m.accuracy = accuracy();
  m.top_k_accuracy = s_.samples ? double(s_.top_k_correct) / double(s_.samples) : 0;
  m.confusion = s_.confusion;
  for (int64_t c = 0; c < classes_; ++c) {
    int64_t tp = s_.confusion[size_t(c * classes_ + c)], predicted = 0, actual = 0;
    for (int64_t k = 0; k < classes_; ++k) {
      predicted += s_.confusion[size_t(k * classes_ + c)];
      actual += s_.confusion[size_t(c * classes_ + k)];
    }
    ClassMetrics cm;
    cm.support = actual;
    cm.precision = predicted ? double(tp) / double(predicted) : 0;
    cm.recall = actual ? double(tp) / double(actual) : 0;
    cm.f1 = cm.precision + cm.recall > 0 ? 2 * cm.precision * cm.recall / (cm.precision + cm.recall) : 0;
    m.per_class.push_back(cm);
    m.macro_precision += cm.precision / double(classes_);
    m.macro_recall += cm.recall / double(classes_);
    m.macro_f1 += cm.f1 / double(classes_);
  }
  if (classes_ == 2 && !s_.scores.empty()) {
    // ROC: sweep the threshold down through the sorted scores; AUC by trapezoids.
    auto s = s_.scores;
    std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    int64_t pos = 0, neg = 0;
    for (const auto& [score, y] : s) (y == 1 ? pos : neg)++;
    if (pos > 0 && neg > 0) {
      int64_t tp = 0, fp = 0;
      m.roc.push_back({0, 0, double(s.front().first) + 1});
      for (size_t i = 0; i < s.size(); ++i) {
        (s[i].second == 1 ? tp : fp)++;
        if (i + 1 < s.size() && s[i + 1].first == s[i].first) continue;  // ties move together
        m.roc.push_back({double(fp) / double(neg), double(tp) / double(pos), double(s[i].first)});
      }
      m.auc = 0;
      for (size_t i = 1; i < m.roc.size(); ++i)
        m.auc += (m.roc[i].fpr - m.roc[i - 1].fpr) * (m.roc[i].tpr + m.roc[i - 1].tpr) / 2;
    }
  }
  return m;
}

nlohmann::json metrics_to_json(const Metrics& m) {
  nlohmann::json j{{"samples", m.samples}, {"loss", m.loss}};
  if (m.classes > 0) {
    nlohmann::json per = nlohmann::json::array(), roc = nlohmann::json::array();
    for (const auto& c : m.per_class)
      per.push_back({{"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"support", c.support}});
    for (const auto& r : m.roc) roc.push_back({r.fpr, r.tpr, r.threshold});
    j.update({{"classes", m.classes}, {"accuracy", m.accuracy}, {"top_k", m.top_k}, {"top_k_accuracy", m.top_k_accuracy},
              {"confusion", m.confusion}, {"per_class", per}, {"macro_precision", m.macro_precision},
              {"macro_recall", m.macro_recall}, {"macro_f1", m.macro_f1}});
    if (m.auc >= 0) j.update({{"auc", m.auc}, {"roc", roc}});
  } else {
    j.update({{"mse", m.mse}, {"mae", m.mae}});
  }
  return j;
}

Metrics metrics_from_json(const nlohmann::json& j) {
  Metrics m;
  m.samples = j.value("samples", int64_t(0));
  m.loss = j.value("loss", 0.0);
  m.classes = j.value("classes", int64_t(0));
  m.accuracy = j.value("accuracy", 0.0);
  m.top_k = j.value("top_k", 5);
  m.top_k_accuracy = j.value("top_k_accuracy", 0.0);
  m.confusion = j.value("confusion", std::vector<int64_t>{});
  for (const auto& c : j.value("per_class", nlohmann::json::array()))
    m.per_class.push_back({c.value("precision", 0.0), c.value("recall", 0.0), c.value("f1", 0.0), c.value("support", int64_t(0))});
  m.macro_precision = j.value("macro_precision", 0.0);
  m.macro_recall = j.value("macro_recall", 0.0);
  m.macro_f1 = j.value("macro_f1", 0.0);
  m.auc = j.value("auc", -1.0);
  for (const auto& r : j.value("roc", nlohmann::json::array())) m.roc.push_back({r[0], r[1], r[2]});
  m.mse = j.value("mse", 0.0);
  m.mae = j.value("mae", 0.0);
  return m;
}

}  // namespace strata
