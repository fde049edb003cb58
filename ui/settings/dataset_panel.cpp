#include "settings/dataset_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include "common/format.h"
#include "common/theme.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/param_editor.h"
#include "settings/dataset_watcher.h"
#include "settings/path_field.h"

namespace strata::ui {

namespace {

const char* const kKinds[] = {"fashion_mnist", "idx", "cifar10", "csv", "image_folder", "text_csv"};

bool image_kind(const std::string& k) { return k == "fashion_mnist" || k == "idx" || k == "cifar10" || k == "image_folder"; }

nlohmann::json get_key(const nlohmann::json& j, const std::string& key) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return j.contains(key) ? j.at(key) : nlohmann::json();
  const std::string head = key.substr(0, dot);
  return j.contains(head) && j.at(head).is_object() ? get_key(j.at(head), key.substr(dot + 1)) : nlohmann::json();
}

// Sets (or, with null, removes) a dotted key; an object left empty goes too.
void put_key(nlohmann::json& j, const std::string& key, const nlohmann::json& value) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) {
    if (value.is_null()) j.erase(key);
    else j[key] = value;
    return;
  }
  const std::string head = key.substr(0, dot);
  nlohmann::json child = j.contains(head) && j[head].is_object() ? j[head] : nlohmann::json::object();
  put_key(child, key.substr(dot + 1), value);
  if (child.empty()) j.erase(head);
  else j[head] = child;
}

QString list_text(const nlohmann::json& v) {
  if (!v.is_array()) return {};
  QStringList parts;
  for (const auto& e : v) parts << (e.is_string() ? QString::fromStdString(e.get<std::string>()) : QString::fromStdString(e.dump()));
  return parts.join(QStringLiteral(", "));
}

ParamSpec spec(const std::string& key, ParamKind kind, nlohmann::json def, double min, double max,
               std::vector<std::string> choices = {}) {
  ParamSpec p;
  p.name = key, p.kind = kind, p.default_value = std::move(def), p.min = min, p.max = max, p.choices = std::move(choices);
  return p;
}

}  // namespace

DatasetPanel::DatasetPanel(ProjectDocument* doc, DatasetWatcher* watcher, QWidget* parent)
    : QWidget(parent), doc_(doc), watcher_(watcher) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  outer->addWidget(scroll);
  auto* host = new QWidget;
  auto* layout = new QVBoxLayout(host);
  scroll->setWidget(host);

  auto* kind_row = new QFormLayout;
  kind_ = new QComboBox(host);
  kind_->setObjectName(QStringLiteral("kind"));
  const QStringList labels{tr("Fashion-MNIST (Debian package)"), tr("IDX files (MNIST format)"), tr("CIFAR-10 binary files"),
                           tr("CSV table"), tr("Image folders (one per class)"), tr("Text CSV (reviews, sentences)")};
  for (int i = 0; i < 6; ++i) kind_->addItem(labels[i], QString::fromLatin1(kKinds[i]));
  kind_row->addRow(tr("Dataset"), kind_);
  layout->addLayout(kind_row);
  connect(kind_, &QComboBox::activated, this, [this](int i) {
    const std::string kind = kind_->itemData(i).toString().toStdString();
    if (kind == doc_->project().dataset.value("kind", std::string())) return;
    // Another kind: its own fields; what applies to every kind stays.
    nlohmann::json next{{"kind", kind}};
    for (const char* keep : {"test_split", "normalize"})
      if (doc_->project().dataset.contains(keep)) next[keep] = doc_->project().dataset[keep];
    if (image_kind(kind) && doc_->project().dataset.contains("augment")) next["augment"] = doc_->project().dataset["augment"];
    nlohmann::json before = doc_->settings_json(), after = before;
    after["dataset"] = next;
    doc_->undo_stack()->push(new SetSettingsCommand(doc_, before, after, tr("Dataset: %1").arg(kind_->itemText(i))));
  });

  form_layout_ = new QVBoxLayout;
  layout->addLayout(form_layout_);

  status_ = new QLabel(host);
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->setObjectName(QStringLiteral("dataset_status"));
  notes_ = new QLabel(host);
  notes_->setWordWrap(true);
  notes_->setEnabled(false);
  layout->addWidget(status_);
  layout->addWidget(notes_);

  auto* samples_box = new QGroupBox(tr("First samples"), host);
  auto* sl = new QVBoxLayout(samples_box);
  samples_ = new QListWidget(samples_box);
  samples_->setObjectName(QStringLiteral("dataset_samples"));
  samples_->setViewMode(QListView::IconMode);
  samples_->setIconSize(QSize(56, 56));
  samples_->setGridSize(QSize(84, 90));
  samples_->setResizeMode(QListView::Adjust);
  samples_->setMovement(QListView::Static);
  samples_->setMinimumHeight(200);
  sl->addWidget(samples_);
  layout->addWidget(samples_box);

  counts_box_ = new QGroupBox(tr("Classes"), host);
  auto* cl = new QVBoxLayout(counts_box_);
  counts_ = new QTableWidget(counts_box_);
  counts_->setObjectName(QStringLiteral("class_counts"));
  counts_->setColumnCount(3);
  counts_->setHorizontalHeaderLabels({tr("Class"), tr("Training"), tr("Test")});
  counts_->verticalHeader()->hide();
  counts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  counts_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  counts_->setMinimumHeight(160);
  cl->addWidget(counts_);
  layout->addWidget(counts_box_);

  augment_box_ = new QGroupBox(tr("Augmented versions of the first sample"), host);
  auto* al = new QVBoxLayout(augment_box_);
  augmented_ = new QListWidget(augment_box_);
  augmented_->setObjectName(QStringLiteral("augmented_samples"));
  augmented_->setViewMode(QListView::IconMode);
  augmented_->setIconSize(QSize(56, 56));
  augmented_->setGridSize(QSize(64, 64));
  augmented_->setMovement(QListView::Static);
  augmented_->setResizeMode(QListView::Adjust);
  augmented_->setMinimumHeight(150);
  al->addWidget(augmented_);
  layout->addWidget(augment_box_);
  layout->addStretch(1);

  connect(doc_, &ProjectDocument::settings_changed, this, &DatasetPanel::refresh_values);
  connect(doc_, &ProjectDocument::replaced, this, &DatasetPanel::refresh_values);
  connect(watcher_, &DatasetWatcher::reading_started, this, [this] {
    status_->setStyleSheet({});
    status_->setText(tr("Reading the dataset..."));
  });
  connect(watcher_, &DatasetWatcher::probed, this, &DatasetPanel::show_probe);
  refresh_values();
  show_probe(watcher_->probe());
}

void DatasetPanel::add_field(QFormLayout* form, const std::string& key, const QString& label, const QString& help,
                             QWidget* widget, std::function<void(const nlohmann::json&)> show) {
  auto* l = new QLabel(label, widget->parentWidget());
  l->setToolTip(help);
  widget->setToolTip(help);
  l->setBuddy(widget);
  form->addRow(l, widget);
  fields_.push_back({key, widget, std::move(show)});
}

void DatasetPanel::rebuild_form() {
  fields_.clear();
  if (form_host_) form_host_->deleteLater();
  form_host_ = new QWidget(this);
  form_layout_->addWidget(form_host_);
  auto* v = new QVBoxLayout(form_host_);
  v->setContentsMargins(0, 0, 0, 0);
  const std::string kind = built_kind_;

  auto group = [&](const QString& title) {
    auto* g = new QGroupBox(title, form_host_);
    auto* f = new QFormLayout(g);
    f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    v->addWidget(g);
    return f;
  };
  auto path = [&](QFormLayout* form, const std::string& key, PathField::Kind pk, const QString& label, const QString& help,
                  const QString& filter = {}, const QString& placeholder = {}) {
    auto* field = new PathField(pk, filter, form_host_);
    field->line_edit()->setPlaceholderText(placeholder);
    field->set_base(QString::fromStdString(doc_->base_dir()));
    field->setObjectName(QString::fromStdString(key));
    connect(field, &PathField::edited, this, [this, key](const QString& p) {
      set_key(key, p.trimmed().isEmpty() ? nlohmann::json() : nlohmann::json(p.trimmed().toStdString()), QString::fromStdString(key));
    });
    add_field(form, key, label, help, field, [field](const nlohmann::json& v) {
      field->set_path(v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
    });
  };
  auto text = [&](QFormLayout* form, const std::string& key, const QString& label, const QString& help, const QString& placeholder,
                  bool list = false) {
    auto* edit = new QLineEdit(form_host_);
    edit->setObjectName(QString::fromStdString(key));
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, key, list] {
      const QString t = edit->text().trimmed();
      nlohmann::json value;
      if (!t.isEmpty() && list) {
        value = nlohmann::json::array();
        for (const QString& part : t.split(QLatin1Char(','), Qt::SkipEmptyParts)) value.push_back(part.trimmed().toStdString());
      } else if (!t.isEmpty()) {
        value = t.toStdString();
      }
      if (value != get_key(doc_->project().dataset, key)) set_key(key, value, QString::fromStdString(key));
    });
    add_field(form, key, label, help, edit, [edit, list](const nlohmann::json& v) {
      if (edit->hasFocus()) return;
      edit->setText(list ? list_text(v) : v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
    });
  };
  auto numbers = [&](QFormLayout* form, const std::string& key, const QString& label, const QString& help, const QString& placeholder,
                     bool integers) {
    auto* edit = new QLineEdit(form_host_);
    edit->setObjectName(QString::fromStdString(key));
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, key, integers] {
      nlohmann::json value;
      const QStringList parts = edit->text().split(QRegularExpression(QStringLiteral("[\\s,x\u00D7]+")), Qt::SkipEmptyParts);
      if (!parts.isEmpty()) {
        value = nlohmann::json::array();
        for (const QString& part : parts) {
          bool ok = false;
          const double d = QLocale::c().toDouble(part, &ok);
          if (!ok) return;  // the reader will not see it: keep what the project has
          if (integers) value.push_back(int64_t(d));
          else value.push_back(d);
        }
      }
      if (value != get_key(doc_->project().dataset, key)) set_key(key, value, QString::fromStdString(key));
    });
    add_field(form, key, label, help, edit, [edit](const nlohmann::json& v) {
      if (!edit->hasFocus()) edit->setText(list_text(v));
    });
  };
  auto param = [&](QFormLayout* form, const ParamSpec& p, const QString& label, const QString& help) {
    auto* editor = new ParamEditor(p, {}, form_host_);
    const std::string key = p.name;
    connect(editor, &ParamEditor::edited, this, [this, key, p](const nlohmann::json& v) {
      set_key(key, v == p.default_value ? nlohmann::json() : v, QString::fromStdString(key));
    });
    connect(editor, &ParamEditor::editing_finished, this, [this] { ++session_; });
    add_field(form, key, label, help, editor->field(), [editor, p](const nlohmann::json& v) {
      editor->set_value(v.is_null() ? p.default_value : v);
    });
  };
  using K = ParamKind;
  using PK = PathField::Kind;

  QFormLayout* source = group(tr("Source"));
  if (kind == "fashion_mnist") {
    path(source, "dir", PK::Folder, tr("Folder"), tr("Where the gzipped IDX files are (default: Debian's dataset-fashion-mnist)"), {},
         QStringLiteral("/usr/share/datasets/fashion-mnist"));
  } else if (kind == "idx") {
    const QString idx = tr("IDX files (*idx*-ubyte *idx*-ubyte.gz *.gz);;All files (*)");
    path(source, "train_images", PK::File, tr("Training images"), tr("IDX file of images"), idx);
    path(source, "train_labels", PK::File, tr("Training labels"), tr("IDX file of labels"), idx);
    path(source, "test_images", PK::File, tr("Test images"), tr("Optional: without them, use a test split"), idx);
    path(source, "test_labels", PK::File, tr("Test labels"), tr("Needed with test images"), idx);
    param(source, spec("classes", K::Int, 10, 2, 65536), tr("Classes"), tr("How many classes the labels use"));
  } else if (kind == "cifar10") {
    path(source, "dir", PK::Folder, tr("Folder"), tr("Where data_batch_1.bin ... and test_batch.bin are"), {},
         tr("the project's folder"));
  } else if (kind == "csv") {
    const QString csv = tr("CSV files (*.csv *.txt);;All files (*)");
    path(source, "train", PK::File, tr("Training table"), tr("A CSV file with a header row"), csv);
    path(source, "test", PK::File, tr("Test table"), tr("Optional: without it, use a test split"), csv);
    text(source, "label", tr("Label column"), tr("The column to predict"), tr("e.g. target"));
    param(source, spec("task", K::Choice, "classification", 0, 0, {"classification", "regression"}), tr("Task"),
          tr("Classes to predict, or values"));
    param(source, spec("format", K::Choice, "csv", 0, 0, {"csv", "sklearn"}), tr("Format"),
          tr("sklearn: scikit-learn's bundled tables (a first line with counts)"));
    param(source, spec("standardize", K::Bool, true, 0, 1), tr("Standardize"),
          tr("Scale each feature to mean 0 and standard deviation 1 (from the training rows)"));
  } else if (kind == "image_folder") {
    path(source, "train", PK::Folder, tr("Training folder"), tr("One sub-folder of images per class"));
    path(source, "test", PK::Folder, tr("Test folder"), tr("Optional: the same layout; without it, use a test split"));
    param(source, spec("channels", K::Int, 3, 1, 3), tr("Channels"), tr("1 (grey) or 3 (colour)"));
    numbers(source, "size", tr("Size"), tr("Height and width the images are resized to; empty: the images' own size"),
            tr("the images' own size"), true);
  } else if (kind == "text_csv") {
    const QString csv = tr("CSV files (*.csv *.txt);;All files (*)");
    path(source, "train", PK::File, tr("Training table"), tr("A CSV file with a text column and a label column"), csv);
    path(source, "test", PK::File, tr("Test table"), tr("Optional: without it, use a test split"), csv);
    text(source, "text", tr("Text column"), tr("The column holding the text"), QStringLiteral("text"));
    text(source, "label", tr("Label column"), tr("The column holding the class"), QStringLiteral("label"));
    param(source, spec("tokens", K::Choice, "word", 0, 0, {"word", "char"}), tr("Tokens"), tr("Split the text into words or characters"));
    param(source, spec("vocab_size", K::Int, 10000, 3, 1 << 22), tr("Vocabulary"), tr("The most frequent tokens kept; the rest read as unknown"));
    param(source, spec("length", K::Int, 64, 1, 1 << 16), tr("Length"), tr("Tokens per sample (longer texts are cut, shorter padded)"));
  }
  if (kind == "fashion_mnist" || kind == "idx")
    text(source, "class_names", tr("Class names"), tr("Names of the classes in label order, separated by commas"),
         kind == "fashion_mnist" ? tr("T-shirt/top, Trouser, ...") : tr("0, 1, 2, ..."), true);

  QFormLayout* prep = group(tr("Split and normalisation"));
  param(prep, spec("test_split", K::Float, 0.0, 0, 0.9), tr("Test split"),
        tr("Fraction of the training data held out as the test set when there is no test file"));
  numbers(prep, "normalize.mean", tr("Mean"), tr("Subtracted from each channel (images) or feature, one value each"),
          tr("none"), false);
  numbers(prep, "normalize.std", tr("Standard deviation"), tr("Each channel or feature is divided by it"), tr("none"), false);

  if (image_kind(kind)) {
    QFormLayout* aug = group(tr("Augmentation (training only)"));
    param(aug, spec("augment.flip", K::Bool, false, 0, 1), tr("Flip"), tr("Mirror left-right, half of the time"));
    param(aug, spec("augment.shift", K::Float, 0.0, 0, 0.5), tr("Shift"), tr("Up to this fraction of the size, each way"));
    param(aug, spec("augment.rotation", K::Float, 0.0, 0, 180), tr("Rotation"), tr("Up to this many degrees either way"));
    param(aug, spec("augment.zoom", K::Float, 0.0, 0, 0.9), tr("Zoom"), tr("Scale between 1 - zoom and 1 + zoom"));
    param(aug, spec("augment.crop_padding", K::Int, 0, 0, 64), tr("Pad and crop"), tr("Pad by this many pixels, crop back at a random place"));
  }
  augment_box_->setVisible(image_kind(kind));
}

void DatasetPanel::refresh_values() {
  const nlohmann::json& d = doc_->project().dataset;
  const std::string kind = d.value("kind", std::string());
  const int at = kind_->findData(QString::fromStdString(kind));
  kind_->setCurrentIndex(at);
  if (kind != built_kind_ || !form_host_) {
    built_kind_ = kind;
    rebuild_form();
  }
  for (const Field& f : fields_) f.show(get_key(d, f.key));
  show_augmented();
}

void DatasetPanel::set_key(const std::string& key, const nlohmann::json& value, const QString& what) {
  nlohmann::json before = doc_->settings_json(), after = before;
  put_key(after["dataset"], key, value);
  if (after == before) return;
  doc_->undo_stack()->push(new SetSettingsCommand(doc_, before, after, tr("Dataset: set %1").arg(what),
                                                  QStringLiteral("dataset.") + what, session_));
}

void DatasetPanel::show_probe(const DatasetProbe& p) {
  samples_->clear();
  counts_->setRowCount(0);
  if (!p.ok()) {
    status_->setStyleSheet(QStringLiteral("color: %1;").arg(canvas_colors().error.name()));
    status_->setText(p.error);
    notes_->hide();
    counts_box_->hide();
    show_augmented();
    return;
  }
  status_->setStyleSheet({});
  QString text = tr("%1 training samples, %2 test samples, each %3")
                     .arg(count_text(p.train_size), count_text(p.test_size), shape_text(p.sample_shape));
  if (p.labels == LabelKind::ClassIndex) text += QStringLiteral("; ") + tr("%n classes", nullptr, int(p.classes));
  else text += QStringLiteral("; ") + tr("%1 values to predict").arg(shape_text(p.label_shape));
  status_->setText(text);
  QStringList notes;
  for (const auto& n : p.notes) notes << QString::fromStdString(n);
  notes_->setText(notes.join(QLatin1Char('\n')));
  notes_->setVisible(!notes.isEmpty());

  for (size_t i = 0; i < p.samples.size(); ++i) {
    const QString label = p.labels == LabelKind::ClassIndex ? p.class_name(int64_t(p.sample_labels[i]))
                                                            : QLocale().toString(p.sample_labels[i], 'g', 4);
    auto* item = new QListWidgetItem(samples_);
    item->setText(label);
    if (p.images()) {
      item->setIcon(QIcon(QPixmap::fromImage(sample_image(p.samples[i], p.sample_shape).scaled(56, 56, Qt::KeepAspectRatio, Qt::FastTransformation))));
    } else {
      // Rows of values: the first few, as a line of text under the label.
      QStringList values;
      for (size_t k = 0; k < std::min<size_t>(6, p.samples[i].size()); ++k) values << QLocale().toString(p.samples[i][k], 'g', 3);
      item->setText(label + QStringLiteral("\n") + values.join(QStringLiteral(" ")) + (p.samples[i].size() > 6 ? QStringLiteral(" \u2026") : QString()));
    }
    item->setToolTip(tr("Sample %1: %2").arg(i + 1).arg(label));
  }
  samples_->setViewMode(p.images() ? QListView::IconMode : QListView::ListMode);

  counts_box_->setVisible(!p.train_counts.empty());
  counts_->setRowCount(int(p.train_counts.size()));
  for (size_t c = 0; c < p.train_counts.size(); ++c) {
    counts_->setItem(int(c), 0, new QTableWidgetItem(p.class_name(int64_t(c))));
    auto* tr_item = new QTableWidgetItem(count_text(p.train_counts[c]));
    tr_item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    counts_->setItem(int(c), 1, tr_item);
    auto* te_item = new QTableWidgetItem(c < p.test_counts.size() ? count_text(p.test_counts[c]) : QStringLiteral("\u2014"));
    te_item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    counts_->setItem(int(c), 2, te_item);
  }
  counts_->resizeRowsToContents();
  show_augmented();
}

void DatasetPanel::show_augmented() {
  augmented_->clear();
  const DatasetProbe& p = watcher_->probe();
  if (!p.ok() || !p.images() || p.samples.empty() || !image_kind(built_kind_)) return;
  AugmentConfig a;
  try {
    a = augment_from_json(doc_->project().dataset.value("augment", nlohmann::json::object()), "augment");
  } catch (const std::exception&) {
    return;
  }
  if (!a.enabled()) {
    augmented_->addItem(tr("No augmentation: training sees the samples as they are."));
    return;
  }
  for (const QImage& img : augmented_images(p.samples[0], p.sample_shape, a, 12))
    augmented_->addItem(new QListWidgetItem(QIcon(QPixmap::fromImage(img.scaled(56, 56, Qt::KeepAspectRatio, Qt::FastTransformation))), {}));
}

QWidget* DatasetPanel::field(const std::string& key) const {
  if (key == "kind") return kind_;
  for (const Field& f : fields_)
    if (f.key == key) return f.widget;
  return nullptr;
}

QString DatasetPanel::status_text() const { return status_->text(); }

bool DatasetPanel::showing_error() const { return !watcher_->probe().ok(); }

}  // namespace strata::ui
