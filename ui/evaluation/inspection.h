#pragma once
// The editor's access to a recorded run for its evaluation views: the
// engine's RunInspector, opened and queried on a worker thread (one job at a
// time, in order), results delivered as signals on the UI thread. Reading the
// run's data from the UI thread is safe once it is open: nothing changes it.
#include <QObject>
#include <QThreadPool>
#include <memory>
#include <vector>

#include "run/run_inspection.h"

namespace strata::ui {

class Inspection : public QObject {
  Q_OBJECT
 public:
  explicit Inspection(QObject* parent = nullptr);
  ~Inspection() override;  // drops queued jobs, waits for the one under way

  // Opens a run (id or folder); `opened` or `failed` follow.
  void open(const QString& run);
  bool ready() const { return inspector_ != nullptr && !opening_; }
  QString run_id() const { return run_; }
  // Valid once ready(): the run's epochs and data.
  std::vector<int> epochs() const;
  bool has_split(Split s) const;
  const Dataset& data(Split s) const;
  const Project& project() const;

  void predict(int epoch, Split split);                       // -> predicted
  void activations(int epoch, Split split, int64_t sample);   // -> activated
  // Waits for the jobs queued so far (tests).
  void wait();

 signals:
  void opened();
  void failed(const QString& message);
  void predicted(const strata::SplitPredictions& predictions);
  void activated(int epoch, strata::Split split, qint64 sample, const std::vector<strata::LayerOutput>& layers);

 private:
  template <class F>
  void job(F&& f);
  QThreadPool pool_;
  // Each open() starts a generation: answers to an earlier one are dropped
  // (they describe another run, or the same run before it trained on).
  int generation_ = 0;
  std::shared_ptr<RunInspector> inspector_;
  QString run_;
  bool opening_ = false;
};

}  // namespace strata::ui
