#include "evaluation/inspection.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>

namespace strata::ui {

Inspection::Inspection(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(1);  // one job at a time, in order: the inspector is not thread-safe
}

Inspection::~Inspection() {
  pool_.clear();
  pool_.waitForDone();
}

template <class F>
void Inspection::job(F&& f) {
  QPointer<Inspection> self(this);
  const int generation = generation_;
  pool_.start([self, generation, f = std::forward<F>(f)]() mutable {
    // Delivered on the UI thread only while no other open() came since.
    auto current = [self, generation] { return self && self->generation_ == generation; };
    f(self, current);
  });
}

void Inspection::open(const QString& run) {
  opening_ = true;
  run_ = run;
  ++generation_;
  pool_.clear();  // what was asked of the run looked at before
  job([run](QPointer<Inspection> self, auto current) {
    std::shared_ptr<RunInspector> inspector;
    QString error;
    try {
      inspector = std::make_shared<RunInspector>(run.toStdString());
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(self, [self, current, inspector, error] {
      if (!current()) return;  // another run was opened meanwhile
      self->opening_ = false;
      if (!error.isEmpty()) {
        self->inspector_.reset();
        emit self->failed(error);
        return;
      }
      self->inspector_ = inspector;
      emit self->opened();
    });
  });
}

std::vector<int> Inspection::epochs() const { return inspector_ ? inspector_->epochs() : std::vector<int>{}; }
bool Inspection::has_split(Split s) const { return inspector_ && inspector_->has_split(s); }
const Dataset& Inspection::data(Split s) const { return inspector_->data(s); }
const Project& Inspection::project() const { return inspector_->project(); }

void Inspection::predict(int epoch, Split split) {
  auto inspector = inspector_;
  if (!inspector) return;
  job([inspector, epoch, split](QPointer<Inspection> self, auto current) {
    SplitPredictions p;
    QString error;
    try {
      p = inspector->predict(epoch, split);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(self, [current, self, p = std::move(p), error] {
      if (!current()) return;
      if (!error.isEmpty()) emit self->failed(error);
      else emit self->predicted(p);
    });
  });
}

void Inspection::activations(int epoch, Split split, int64_t sample) {
  auto inspector = inspector_;
  if (!inspector) return;
  job([inspector, epoch, split, sample](QPointer<Inspection> self, auto current) {
    std::vector<LayerOutput> layers;
    QString error;
    try {
      layers = inspector->activations(epoch, split, sample);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(self, [current, self, layers = std::move(layers), error, epoch, split, sample] {
      if (!current()) return;
      if (!error.isEmpty()) emit self->failed(error);
      else emit self->activated(epoch, split, sample, layers);
    });
  });
}

void Inspection::wait() {
  pool_.waitForDone();
  QCoreApplication::processEvents();
}

}  // namespace strata::ui
