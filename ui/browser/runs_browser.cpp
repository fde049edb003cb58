#include "browser/runs_browser.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <filesystem>
#include <set>

#include "browser/compare_confusion.h"
#include "browser/compare_curves.h"
#include "browser/compare_graphs.h"
#include "browser/compare_tables.h"
#include "browser/export_dialog.h"
#include "browser/fork_dialog.h"
#include "browser/run_colors.h"
#include "browser/run_tree_view.h"
#include "browser/runs_filter_model.h"
#include "browser/runs_table_model.h"
#include "browser/tradeoff_plot.h"
#include "common/icons.h"
#include "store/run_log.h"
#include "train/run_folder.h"
#include "train/run_lock.h"

namespace strata::ui {

RunsBrowser::RunsBrowser(const QString& log_path, QWidget* parent)
    : QWidget(parent), log_path_(log_path.isEmpty() ? QString::fromStdString(store::RunLog::default_path()) : log_path) {
  reader_.setMaxThreadCount(1);
  model_ = new RunsTableModel(this);
  filter_ = new RunsFilterModel(model_, this);
  table_ = new QTableView;
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(6, 6, 6, 6);
  build_filter_bar(lay);

  table_->setObjectName(QStringLiteral("runs_table"));
  table_->setModel(filter_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(-1, Qt::AscendingOrder);  // the log's order (newest first) until a header is clicked
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setSectionsMovable(true);
  table_->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
  table_->horizontalHeader()->setDefaultSectionSize(110);
  table_->installEventFilter(this);
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
  table_->addActions(selection_actions_);
  connect(table_->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, [this] { show_columns_menu(); });
  connect(model_, &QAbstractItemModel::modelReset, this, [this] { apply_column_visibility(); });

  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  curves_ = new CompareCurves([this](QStringList runs, std::string key, std::function<void(CompareCurves::Points)> done) {
    auto points = std::make_shared<CompareCurves::Points>();
    read([points, runs, key](store::RunLog& log) {
            for (const QString& id : runs) (*points)[id] = log.metric_points(id.toStdString(), key);
          },
          [points, done](bool) { done(std::move(*points)); });
  });
  confusion_ = new CompareConfusion([this](QStringList runs, std::function<void(CompareConfusion::Matrices)> done) {
    auto m = std::make_shared<CompareConfusion::Matrices>();
    read([m, runs](store::RunLog& log) {
            for (const QString& id : runs) (*m)[id] = log.confusion_matrices(id.toStdString());
          },
          [m, done](bool) { done(std::move(*m)); });
  });
  graphs_ = new CompareGraphs;
  connect(graphs_, &CompareGraphs::show_on_canvas, this, &RunsBrowser::graph_diff_requested);
  params_ = new CompareParams;
  metrics_ = new CompareMetrics;
  tree_ = new RunTreeView;
  tradeoff_ = new TradeoffPlot;
  tabs_->addTab(curves_, tr("Curves"));
  tabs_->addTab(params_, tr("Parameters"));
  tabs_->addTab(metrics_, tr("Metrics"));
  tabs_->addTab(confusion_, tr("Confusion"));
  tabs_->addTab(graphs_, tr("Graphs"));
  tabs_->addTab(tree_, tr("Run tree"));
  tabs_->addTab(tradeoff_, tr("Trade-off"));
  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(table_);
  split->addWidget(tabs_);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  lay->addWidget(split, 1);

  selection_timer_.setSingleShot(true);
  selection_timer_.setInterval(120);
  connect(&selection_timer_, &QTimer::timeout, this, [this] { selection_changed(); });
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    update_actions();
    selection_timer_.start();
  });
  connect(tree_, &RunTreeView::lineage_chosen, this, [this](const QStringList& ids) {
    select_runs(ids);
    tabs_->setCurrentWidget(curves_);
  });
  connect(tradeoff_, &TradeoffPlot::run_clicked, this, [this](const QString& id) { select_runs({id}); });
  connect(table_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& i) {
    emit open_graph_requested(i.data(RunsTableModel::RunIdRole).toString());
  });

  poll_.setInterval(2000);
  connect(&poll_, &QTimer::timeout, this, [this] { poll(); });
  update_actions();
}

RunsBrowser::~RunsBrowser() {
  poll_.stop();
  reader_.waitForDone();
  read_log_.reset();
}

void RunsBrowser::build_filter_bar(QVBoxLayout* lay) {
  auto* bar = new QHBoxLayout;
  filter_field_ = new QLineEdit;
  filter_field_->setObjectName(QStringLiteral("runs_filter"));
  filter_field_->setClearButtonEnabled(true);
  filter_field_->addAction(action_icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
  filter_field_->setPlaceholderText(tr("Filter: words, tags, key=value, val_accuracy>0.8"));
  filter_field_->setToolTip(tr("Every word must match the run's name, experiment, project, status, device, tags or a "
                               "hyperparameter (\"adam\", \"batch_size=64\"). Comparisons such as val_accuracy>0.8 or "
                               "learning_rate<=0.01 test a metric's best value or a numeric hyperparameter."));
  bar->addWidget(filter_field_, 3);
  status_ = new QComboBox;
  status_->setObjectName(QStringLiteral("status_filter"));
  experiment_ = new QComboBox;
  tag_ = new QComboBox;
  for (QComboBox* b : {status_, experiment_, tag_}) {
    b->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bar->addWidget(b);
  }
  status_->addItem(tr("Any status"), QString());
  experiment_->addItem(tr("Any experiment"), QString());
  tag_->addItem(tr("Any tag"), QString());
  views_ = new QComboBox;
  views_->setObjectName(QStringLiteral("saved_views"));
  views_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  views_->addItem(tr("Saved views"), QString());
  for (const QString& v : view_names()) views_->addItem(v, v);
  bar->addWidget(views_);
  save_view_ = new QToolButton;
  save_view_->setText(tr("Save view\u2026"));
  bar->addWidget(save_view_);
  columns_button_ = new QToolButton;
  columns_button_->setText(tr("Columns\u2026"));
  bar->addWidget(columns_button_);
  count_ = new QLabel;
  bar->addWidget(count_);
  lay->addLayout(bar);
  problem_ = new QLabel;
  problem_->setObjectName(QStringLiteral("filter_problem"));
  problem_->setStyleSheet(QStringLiteral("color: #c0392b"));
  problem_->hide();
  lay->addWidget(problem_);
  auto* actions = new QHBoxLayout;
  build_actions(actions);
  lay->addLayout(actions);

  connect(filter_field_, &QLineEdit::textChanged, this, [this](const QString& t) {
    filter_->set_text(t);
    problem_->setVisible(!filter_->problems().isEmpty());
    problem_->setText(tr("Not understood (a comparison needs a number): %1").arg(filter_->problems().join(QStringLiteral(", "))));
    filter_changed();
  });
  connect(status_, &QComboBox::currentIndexChanged, this, [this] { filter_->set_status(status_->currentData().toString()), filter_changed(); });
  connect(experiment_, &QComboBox::currentIndexChanged, this, [this] { filter_->set_experiment(experiment_->currentData().toString()), filter_changed(); });
  connect(tag_, &QComboBox::currentIndexChanged, this, [this] { filter_->set_tag(tag_->currentData().toString()), filter_changed(); });
  connect(views_, &QComboBox::activated, this, [this](int i) {
    if (i > 0) apply_view(views_->itemData(i).toString());
  });
  connect(save_view_, &QToolButton::clicked, this, [this] {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save view"), tr("Name of this view (filter, columns and sort):"),
                                               QLineEdit::Normal, views_->currentIndex() > 0 ? views_->currentText() : QString(), &ok);
    if (ok && !name.trimmed().isEmpty()) save_view(name.trimmed());
  });
  connect(columns_button_, &QToolButton::clicked, this, [this] { show_columns_menu(); });
}

void RunsBrowser::build_actions(QHBoxLayout* bar) {
  auto make = [&](const QString& text, const QString& tip, const QKeySequence& key = {}) {
    auto* a = new QAction(text, this);
    a->setToolTip(tip);
    if (!key.isEmpty()) a->setShortcut(key), a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto* b = new QToolButton;
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(b);
    selection_actions_ << a;
    return a;
  };
  open_ = make(tr("Open in editor"), tr("Open the graph and settings this run trained, as a new project"));
  resume_ = make(tr("Resume"), tr("Continue a stopped or interrupted run from its last checkpoint"));
  fork_ = make(tr("Fork\u2026"), tr("Start a new run from one of this run's epochs, with changed hyperparameters"));
  export_ = make(tr("Export\u2026"), tr("Write the run's trained model as ONNX, PyTorch, safetensors or npz"));
  bar->addSpacing(16);
  rename_ = make(tr("Rename\u2026"), tr("Give the run another name (F2)"));
  tag_action_ = make(tr("Tag\u2026"), tr("Add or remove a tag on the selected runs"));
  color_ = make(tr("Colour\u2026"), tr("Choose the run's colour in every chart and table"));
  delete_ = make(tr("Delete\u2026"), tr("Remove the selected runs from the log, and optionally their folders (Delete)"));
  bar->addStretch();
  connect(open_, &QAction::triggered, this, [this] {
    if (const QStringList ids = selected_runs(); ids.size() == 1) emit open_graph_requested(ids.front());
  });
  connect(resume_, &QAction::triggered, this, [this] {
    const QStringList ids = selected_runs();
    if (ids.size() != 1) return;
    RunRequest r;
    r.mode = RunRequest::Mode::Resume;
    r.run = ids.front().toStdString();
    r.db = log_path_.toStdString();
    emit run_requested(r);
  });
  connect(fork_, &QAction::triggered, this, [this] { fork_selected(); });
  connect(export_, &QAction::triggered, this, [this] { export_selected(); });
  connect(rename_, &QAction::triggered, this, [this] { rename_selected(); });
  connect(tag_action_, &QAction::triggered, this, [this] { tag_selected(); });
  connect(color_, &QAction::triggered, this, [this] { recolor_selected(); });
  connect(delete_, &QAction::triggered, this, [this] { delete_selected(); });
}

void RunsBrowser::update_actions() {
  const auto rows = selected_rows();
  const bool one = rows.size() == 1;
  open_->setEnabled(one);
  rename_->setEnabled(one);
  fork_->setEnabled(one && rows.front()->record.status != "running");
  resume_->setEnabled(one && (rows.front()->record.status == "stopped" || rows.front()->record.status == "interrupted"));
  export_->setEnabled(one && !rows.front()->record.run_dir.empty());
  tag_action_->setEnabled(!rows.empty());
  color_->setEnabled(!rows.empty());
  delete_->setEnabled(!rows.empty());
}

bool RunsBrowser::eventFilter(QObject* watched, QEvent* event) {
  if (watched == table_ && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool ours = key->modifiers() == Qt::NoModifier && (key->key() == Qt::Key_F2 || key->key() == Qt::Key_Delete);
    if (ours && event->type() == QEvent::ShortcutOverride) {
      event->accept();  // the key comes to the table as a key press, not to a window shortcut
      return true;
    }
    if (ours) {
      if (key->key() == Qt::Key_F2) rename_selected();
      else delete_selected();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void RunsBrowser::set_polling(bool on) {
  if (on) {
    if (!poll_.isActive()) poll_.start();
    refresh();
  } else {
    poll_.stop();
  }
}

void RunsBrowser::read(std::function<void(store::RunLog&)> job, std::function<void(bool)> done) {
  ++in_flight_;
  reader_.start([this, job = std::move(job), done = std::move(done)] {
    bool ok = true;
    try {
      if (!read_log_) read_log_ = std::make_unique<store::RunLog>(log_path_.toStdString(), store::LogAccess::MustExist);
      job(*read_log_);
    } catch (const std::exception&) {
      ok = false;  // no log yet, or one being written: the next poll tries again
    }
    QMetaObject::invokeMethod(
        this, [this, done, ok] {
          --in_flight_;
          done(ok);
        },
        Qt::QueuedConnection);
  });
}

void RunsBrowser::refresh() { poll(); }

void RunsBrowser::poll() {
  if (reading_) {
    reread_ = true;
    return;
  }
  reading_ = true;
  auto snapshot = std::make_shared<std::optional<RunsSnapshot>>();
  read([this, snapshot](store::RunLog& log) {
        // On the reader thread: the whole log only when it moved since the last read.
        const int64_t v = log.data_version();
        if (v != read_version_) *snapshot = read_runs(log), read_version_ = v;
      },
      [this, snapshot](bool ok) {
        reading_ = false;
        if (ok && *snapshot) apply(std::move(**snapshot));
        if (reread_) reread_ = false, poll();
      });
}

bool RunsBrowser::wait_idle(int ms) {
  QElapsedTimer t;
  t.start();
  while (in_flight_ > 0 || reading_ || selection_timer_.isActive() || curves_->loading() || confusion_->loading()) {
    if (t.elapsed() > ms) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  QApplication::processEvents();
  return true;
}

void RunsBrowser::apply(RunsSnapshot snapshot) {
  const QStringList keep = selected_runs();
  {
    std::vector<QString> ids;
    for (const RunRow* r : oldest_first(snapshot.rows)) ids.push_back(r->id);
    assign_run_colors(ids);  // new runs get the next colours, in the order they started
  }
  model_->set_snapshot(std::move(snapshot));
  update_choices();
  update_count();
  tree_->set_runs(model_->rows());
  if (selected_runs() != keep) select_runs(keep);
  selection_changed();
  // A selected run still training has new points: read its curves again.
  for (const RunRow* r : selected_rows())
    if (r->record.status == "running") {
      curves_->reload();
      break;
    }
  emit runs_changed();
}

void RunsBrowser::update_choices() {
  std::set<QString> statuses, experiments, tags;
  for (const auto& r : model_->rows()) {
    statuses.insert(QString::fromStdString(r.record.status));
    experiments.insert(QString::fromStdString(r.record.experiment));
    for (const auto& t : r.record.tags) tags.insert(QString::fromStdString(t));
  }
  auto fill = [](QComboBox* box, const std::set<QString>& items) {
    const QString keep = box->currentData().toString();
    const QSignalBlocker block(box);
    while (box->count() > 1) box->removeItem(1);
    for (const QString& i : items) box->addItem(i, i);
    box->setCurrentIndex(std::max(0, box->findData(keep)));
  };
  {
    const QString keep = status_->currentData().toString();
    const QSignalBlocker block(status_);
    while (status_->count() > 1) status_->removeItem(1);
    for (const QString& st : statuses) status_->addItem(RunsTableModel::status_text(st.toStdString()), st);
    status_->setCurrentIndex(std::max(0, status_->findData(keep)));
  }
  fill(experiment_, experiments);
  fill(tag_, tags);
}

void RunsBrowser::update_count() {
  count_->setText(tr("%1 of %2 runs").arg(filter_->rowCount()).arg(model_->rowCount()));
}

void RunsBrowser::filter_changed() {
  update_count();
  update_tradeoff();  // the plot's population is the filtered table
}

void RunsBrowser::update_tradeoff() {
  std::vector<const RunRow*> all;
  for (int r = 0; r < filter_->rowCount(); ++r) all.push_back(model_->find(filter_->index(r, 0).data(RunsTableModel::RunIdRole).toString()));
  tradeoff_->set_runs(all, selected_runs());
}

void RunsBrowser::apply_column_visibility() {
  QHeaderView* h = table_->horizontalHeader();
  for (int c = 0; c < model_->columnCount(); ++c) {
    const auto& col = model_->columns()[size_t(c)];
    const auto it = column_choice_.constFind(col.id());
    h->setSectionHidden(c, !(it != column_choice_.constEnd() ? *it : RunsTableModel::shown_by_default(col)));
  }
  table_->resizeColumnsToContents();
  for (int c = 0; c < model_->columnCount(); ++c) h->resizeSection(c, std::min(h->sectionSize(c), 260));
}

void RunsBrowser::show_columns_menu() {
  QMenu menu(this);
  QMenu* params = nullptr;
  QMenu* metrics = nullptr;
  for (int c = 0; c < model_->columnCount(); ++c) {
    const auto& col = model_->columns()[size_t(c)];
    QMenu* into = &menu;
    if (col.kind == RunsTableModel::Kind::Param) into = params ? params : (params = menu.addMenu(tr("Hyperparameters")));
    if (col.kind == RunsTableModel::Kind::Last || col.kind == RunsTableModel::Kind::Best)
      into = metrics ? metrics : (metrics = menu.addMenu(tr("Metrics")));
    QAction* a = into->addAction(model_->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    a->setCheckable(true);
    a->setChecked(!table_->horizontalHeader()->isSectionHidden(c));
    connect(a, &QAction::toggled, this, [this, id = col.id()](bool on) {
      column_choice_[id] = on;
      apply_column_visibility();
    });
  }
  menu.exec(QCursor::pos());
}

QStringList RunsBrowser::selected_runs() const {
  QStringList ids;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) ids << i.data(RunsTableModel::RunIdRole).toString();
  return ids;
}

std::vector<const RunRow*> RunsBrowser::selected_rows() const {
  std::vector<const RunRow*> rows;
  for (const QString& id : selected_runs())
    if (const RunRow* r = model_->find(id)) rows.push_back(r);
  return rows;
}

void RunsBrowser::select_runs(const QStringList& ids) {
  QItemSelection sel;
  for (const QString& id : ids) {
    const int src = model_->row_of(id);
    if (src < 0) continue;
    const QModelIndex i = filter_->mapFromSource(model_->index(src, 0));
    if (i.isValid()) sel.select(i, i);
  }
  table_->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (!sel.isEmpty()) table_->scrollTo(sel.indexes().front());
}

void RunsBrowser::selection_changed() {
  const auto rows = selected_rows();
  curves_->set_runs(rows);
  params_->set_runs(rows);
  metrics_->set_runs(rows);
  confusion_->set_runs(rows);
  graphs_->set_runs(rows);
  update_tradeoff();
  update_actions();
}

store::RunLog* RunsBrowser::writer_log() {
  if (!write_log_) {
    try {
      write_log_ = std::make_unique<store::RunLog>(log_path_.toStdString(), store::LogAccess::MustExist);
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Runs"), QString::fromStdString(e.what()));
      return nullptr;
    }
  }
  return write_log_.get();
}

bool RunsBrowser::write(const std::function<void(store::RunLog&)>& change) {
  store::RunLog* log = writer_log();
  if (!log) return false;
  try {
    change(*log);
    log->flush();
  } catch (const std::exception& e) {
    // A log that could not be written (disk full, read-only) says so; the next
    // write opens it afresh. What was committed before stays.
    write_log_.reset();
    QMessageBox::warning(this, tr("Runs"), QString::fromStdString(e.what()));
    refresh();
    return false;
  }
  refresh();
  return true;
}

void RunsBrowser::rename_run(const QString& id, const QString& name) {
  write([&](store::RunLog& log) { log.rename_run(id.toStdString(), name.toStdString()); });
}

void RunsBrowser::tag_runs(const QStringList& ids, const QString& tag, bool add) {
  if (tag.trimmed().isEmpty()) return;
  write([&](store::RunLog& log) {
    for (const QString& id : ids) {
      if (add) log.tag_run(id.toStdString(), tag.trimmed().toStdString());
      else log.untag_run(id.toStdString(), tag.trimmed().toStdString());
    }
  });
}

void RunsBrowser::rename_selected() {
  const auto rows = selected_rows();
  if (rows.size() != 1) return;
  // Copies: the poll may replace the rows while the dialog is open.
  const QString id = rows.front()->id, old_name = QString::fromStdString(rows.front()->record.name);
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("Rename run"), tr("New name of run %1:").arg(id), QLineEdit::Normal, old_name, &ok);
  if (ok) rename_run(id, name.trimmed());
}

void RunsBrowser::tag_selected() {
  const QStringList ids = selected_runs();
  if (ids.isEmpty()) return;
  bool ok = false;
  const QString text = QInputDialog::getText(this, tr("Tag runs"), tr("Tag to add to %n run(s); start it with \u2212 or - to remove it:", nullptr, int(ids.size())),
                                             QLineEdit::Normal, QString(), &ok);
  if (!ok) return;
  const QString t = text.trimmed();
  const bool remove = t.startsWith(QLatin1Char('-')) || t.startsWith(QChar(0x2212));
  tag_runs(ids, remove ? t.mid(1) : t, !remove);
}

void RunsBrowser::recolor_selected() {
  const QStringList ids = selected_runs();
  if (ids.isEmpty()) return;
  const QColor c = QColorDialog::getColor(run_color(ids.front()), this, tr("Colour of the run"));
  if (!c.isValid()) return;
  for (const QString& id : ids) set_run_color(id, c);
  model_->colors_changed();
  tree_->set_runs(model_->rows());
  selection_changed();
}

void RunsBrowser::delete_selected() {
  const auto rows = selected_rows();
  if (rows.empty()) return;
  QStringList names, ids, running;
  int64_t bytes = 0;
  for (const RunRow* r : rows) {
    ids << r->id;
    names << QStringLiteral("%1 (%2)").arg(QString::fromStdString(r->record.name.empty() ? r->record.id : r->record.name), r->id);
    if (!r->record.run_dir.empty() && run_lock_holder(r->record.run_dir)) running << r->id;
    std::error_code ec;
    if (!r->record.run_dir.empty() && std::filesystem::is_directory(r->record.run_dir, ec))
      for (const auto& f : std::filesystem::directory_iterator(r->record.run_dir, ec))
        if (f.is_regular_file(ec)) bytes += int64_t(f.file_size(ec));
  }
  if (!running.isEmpty()) {
    QMessageBox::information(this, tr("Delete runs"), tr("Still training, so not deleted: %1. Stop it first.").arg(running.join(QStringLiteral(", "))));
    return;
  }
  QMessageBox box(QMessageBox::Warning, tr("Delete runs"),
                  tr("Delete %n run(s) from the experiment log: their metrics, confusion matrices, checkpoint records, "
                     "tags and evaluations?", nullptr, int(ids.size())),
                  QMessageBox::Cancel, this);
  box.setInformativeText(names.join(QLatin1Char('\n')));
  auto* folders = new QCheckBox(tr("Also delete the run folders and their checkpoints (%1 MiB)").arg(double(bytes) / (1 << 20), 0, 'f', 1));
  box.setCheckBox(folders);
  QPushButton* yes = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
  box.setDefaultButton(QMessageBox::Cancel);
  box.exec();
  if (box.clickedButton() == yes) delete_runs(ids, folders->isChecked());
}

void RunsBrowser::delete_runs(const QStringList& ids, bool folders) {
  QStringList failed;
  std::vector<std::pair<QString, std::string>> gone;  // run and folder, copied before the log changes
  for (const QString& id : ids) {
    const RunRow* r = model_->find(id);
    if (!r) continue;
    if (!r->record.run_dir.empty() && run_lock_holder(r->record.run_dir)) {
      failed << tr("%1: still training").arg(id);
      continue;
    }
    gone.emplace_back(id, r->record.run_dir);
  }
  // The log rows first; the folders only once their deletion is committed, so
  // a log that cannot be written never loses checkpoints it still lists.
  const bool committed = write([&](store::RunLog& log) {
    for (const auto& [id, dir] : gone) log.delete_run(id.toStdString());
  });
  if (committed && folders)
    for (const auto& [id, dir] : gone) {
      if (dir.empty()) continue;
      try {
        remove_run_folder(RunFolder{id.toStdString(), dir});
      } catch (const std::exception& e) {
        failed << QString::fromStdString(e.what());
      }
    }
  if (!failed.isEmpty()) QMessageBox::warning(this, tr("Delete runs"), failed.join(QLatin1Char('\n')));
}

void RunsBrowser::fork_selected() {
  const auto rows = selected_rows();
  if (rows.size() != 1) return;
  ForkDialog dialog(*rows.front(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  RunRequest r = dialog.request();
  r.db = log_path_.toStdString();
  emit run_requested(r);
}

void RunsBrowser::export_selected() {
  const auto rows = selected_rows();
  if (rows.size() != 1) return;
  const RunRow& r = *rows.front();
  ExportDialog dialog(RunFolder{r.record.id, r.record.run_dir}, QString::fromStdString(r.record.name), this);
  dialog.exec();
}

QStringList RunsBrowser::view_names() const {
  QSettings s;
  s.beginGroup(QStringLiteral("runViews"));
  return s.childGroups();
}

void RunsBrowser::save_view(const QString& name) {
  QSettings s;
  s.beginGroup(QStringLiteral("runViews"));
  s.beginGroup(name);
  s.setValue(QStringLiteral("filter"), filter_field_->text());
  s.setValue(QStringLiteral("status"), status_->currentData());
  s.setValue(QStringLiteral("experiment"), experiment_->currentData());
  s.setValue(QStringLiteral("tag"), tag_->currentData());
  QStringList shown;
  for (int c = 0; c < model_->columnCount(); ++c)
    if (!table_->horizontalHeader()->isSectionHidden(c)) shown << model_->columns()[size_t(c)].id();
  s.setValue(QStringLiteral("columns"), shown);
  const int sc = table_->horizontalHeader()->sortIndicatorSection();
  s.setValue(QStringLiteral("sort"), sc >= 0 && sc < model_->columnCount() ? model_->columns()[size_t(sc)].id() : QString());
  s.setValue(QStringLiteral("descending"), table_->horizontalHeader()->sortIndicatorOrder() == Qt::DescendingOrder);
  if (views_->findData(name) < 0) views_->addItem(name, name);
  views_->setCurrentIndex(views_->findData(name));
}

bool RunsBrowser::apply_view(const QString& name) {
  QSettings s;
  s.beginGroup(QStringLiteral("runViews"));
  if (!s.childGroups().contains(name)) return false;
  s.beginGroup(name);
  filter_field_->setText(s.value(QStringLiteral("filter")).toString());
  auto choose = [](QComboBox* b, const QVariant& v) { b->setCurrentIndex(std::max(0, b->findData(v.toString()))); };
  choose(status_, s.value(QStringLiteral("status")));
  choose(experiment_, s.value(QStringLiteral("experiment")));
  choose(tag_, s.value(QStringLiteral("tag")));
  const QStringList shown = s.value(QStringLiteral("columns")).toStringList();
  column_choice_.clear();
  for (const auto& col : model_->columns()) column_choice_[col.id()] = shown.contains(col.id());
  for (const QString& id : shown) column_choice_[id] = true;  // columns of runs not loaded yet
  apply_column_visibility();
  const int sc = model_->column_of(s.value(QStringLiteral("sort")).toString());
  table_->sortByColumn(sc, s.value(QStringLiteral("descending")).toBool() ? Qt::DescendingOrder : Qt::AscendingOrder);
  views_->setCurrentIndex(std::max(0, views_->findData(name)));
  return true;
}

}  // namespace strata::ui
