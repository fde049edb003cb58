#include "train/metrics.h"

#include <algorithm>
#include <cmath>

namespace strata {

MetricsAccumulator::MetricsAccumulator(int64_t classes, int64_t outputs_per_sample, int top_k)
    : classes_(classes), per_sample_(outputs_per_sample), top_k_(top_k) {
  if (classes_ > 0) confusion_.assign(size_t(classes_ * classes_), 0);
}

void MetricsAccumulator::add(std::span<const float> out, std::span<const float> labels, int64_t batch, double mean_loss) {
  loss_sum_ += mean_loss * double(batch);
  samples_ += batch;
  if (classes_ == 0) {
    for (int64_t i = 0; i < batch * per_sample_; ++i) {
      const double e = double(out[size_t(i)]) - double(labels[size_t(i)]);
      se_ += e * e, ae_ += std::fabs(e);
    }
    return;
  }
  for (int64_t b = 0; b < batch; ++b) {
    const float* o = out.data() + b * per_sample_;
    const int truth = int(labels[size_t(b)]);
    int pred;
    if (per_sample_ == 1) {  // one logit: class 1 when positive
      pred = o[0] > 0.f ? 1 : 0;
      scores_.emplace_back(o[0], truth);
      if (truth == pred) ++top_k_correct_;
    } else {
      pred = int(std::max_element(o, o + per_sample_) - o);
      int higher = 0;
      for (int64_t c = 0; c < per_sample_; ++c) higher += o[c] > o[truth] ? 1 : 0;
      if (higher < top_k_) ++top_k_correct_;
      if (classes_ == 2) scores_.emplace_back(o[1] - o[0], truth);  // the logit of class 1 against 0
    }
    if (pred == truth) ++correct_;
    if (truth >= 0 && truth < classes_ && pred >= 0 && pred < classes_) ++confusion_[size_t(truth * classes_ + pred)];
  }
}

Metrics MetricsAccumulator::result() const {
  Metrics m;
  m.samples = samples_;
  m.loss = samples_ ? loss_sum_ / double(samples_) : 0;
  m.top_k = top_k_;
  if (classes_ == 0) {
    const double n = double(std::max<int64_t>(1, samples_ * per_sample_));
    m.mse = se_ / n, m.mae = ae_ / n;
    return m;
  }
  m.classes = classes_;
  m.accuracy = samples_ ? double(correct_) / double(samples_) : 0;
  m.top_k_accuracy = samples_ ? double(top_k_correct_) / double(samples_) : 0;
  m.confusion = confusion_;
  for (int64_t c = 0; c < classes_; ++c) {
    int64_t tp = confusion_[size_t(c * classes_ + c)], predicted = 0, actual = 0;
    for (int64_t k = 0; k < classes_; ++k) {
      predicted += confusion_[size_t(k * classes_ + c)];
      actual += confusion_[size_t(c * classes_ + k)];
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
  if (classes_ == 2 && !scores_.empty()) {
    // ROC: sweep the threshold down through the sorted scores; AUC by trapezoids.
    auto s = scores_;
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

}  // namespace strata
