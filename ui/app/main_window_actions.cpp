// The main window's actions, menus and toolbar. Every action has an object
// name (tests find it by name), a shortcut where one is usual, and a status
// tip; menus show the shortcuts.
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include "app/examples.h"
#include "app/main_window.h"
#include "app/recent_files.h"
#include "common/icons.h"
#include "common/language.h"
#include "common/theme.h"
#include "document/project_document.h"
#include "editor/editor_settings.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/inspector_panel.h"
#include "editor/palette_panel.h"

namespace strata::ui {

QAction* MainWindow::make_action(const QString& name, const QString& text, const QString& icon,
                                 const QKeySequence& shortcut) {
  auto* a = new QAction(text, this);
  a->setObjectName(name);
  if (!icon.isEmpty()) a->setIcon(action_icon(icon));
  if (!shortcut.isEmpty()) a->setShortcut(shortcut);
  a->setShortcutVisibleInContextMenu(true);
  return a;
}

void MainWindow::build_actions() {
  // File
  connect(make_action(QStringLiteral("new"), tr("&New Project"), QStringLiteral("new"), QKeySequence::New),
          &QAction::triggered, this, &MainWindow::new_project);
  connect(make_action(QStringLiteral("new_window"), tr("New &Window"), {}, QKeySequence(tr("Ctrl+Shift+N"))),
          &QAction::triggered, this, [] { (new MainWindow)->show(); });
  connect(make_action(QStringLiteral("open"), tr("&Open..."), QStringLiteral("open"), QKeySequence::Open),
          &QAction::triggered, this, &MainWindow::open_with_dialog);
  connect(make_action(QStringLiteral("save"), tr("&Save"), QStringLiteral("save"), QKeySequence::Save),
          &QAction::triggered, this, &MainWindow::save);
  connect(make_action(QStringLiteral("save_as"), tr("Save &As..."), {}, QKeySequence(tr("Ctrl+Shift+S"))), &QAction::triggered,
          this, &MainWindow::save_with_dialog);
  connect(make_action(QStringLiteral("close_project"), tr("&Close Project"), QStringLiteral("close"), QKeySequence(tr("Ctrl+W"))),
          &QAction::triggered, this, &MainWindow::close_project);
  connect(make_action(QStringLiteral("quit"), tr("&Quit"), {}, QKeySequence(tr("Ctrl+Q"))), &QAction::triggered, qApp,
          &QApplication::closeAllWindows);

  // Edit
  QAction* undo = doc_->undo_stack()->createUndoAction(this, tr("&Undo"));
  undo->setObjectName(QStringLiteral("undo"));
  undo->setIcon(action_icon(QStringLiteral("undo")));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = doc_->undo_stack()->createRedoAction(this, tr("&Redo"));
  redo->setObjectName(QStringLiteral("redo"));
  redo->setIcon(action_icon(QStringLiteral("redo")));
  redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
  connect(make_action(QStringLiteral("cut"), tr("Cu&t"), {}, QKeySequence::Cut), &QAction::triggered, this, [this] {
    scene_->copy_selection();
    scene_->delete_selection();
  });
  connect(make_action(QStringLiteral("copy"), tr("&Copy"), QStringLiteral("copy"), QKeySequence::Copy), &QAction::triggered,
          this, [this] { scene_->copy_selection(); });
  connect(make_action(QStringLiteral("paste"), tr("&Paste"), QStringLiteral("paste"), QKeySequence::Paste),
          &QAction::triggered, this, [this] {
            if (!showing_canvas()) show_canvas(true);
            scene_->paste(view_->cursor_scene_pos());
          });
  connect(make_action(QStringLiteral("duplicate"), tr("&Duplicate"), QStringLiteral("duplicate"), QKeySequence(tr("Ctrl+D"))),
          &QAction::triggered, this, [this] { scene_->duplicate_selection(); });
  QAction* del = make_action(QStringLiteral("delete"), tr("De&lete"), QStringLiteral("delete"), QKeySequence::Delete);
  del->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
  connect(del, &QAction::triggered, this, [this] { scene_->delete_selection(); });
  connect(make_action(QStringLiteral("select_all"), tr("Select &All"), QStringLiteral("select-all"), QKeySequence::SelectAll),
          &QAction::triggered, this, [this] {
            std::vector<std::string> all;
            for (const auto& n : doc_->graph().nodes()) all.push_back(n.id);
            scene_->select_only(all);
          });
  connect(make_action(QStringLiteral("rename"), tr("Re&name Node"), {}, QKeySequence(Qt::Key_F2)), &QAction::triggered,
          this, [this] {
            inspector_dock_->show();
            inspector_dock_->raise();
            inspector_->focus_name();
          });
  connect(make_action(QStringLiteral("find_layer"), tr("&Find Layer"), QStringLiteral("search"), QKeySequence(tr("Ctrl+F"))),
          &QAction::triggered, this, [this] {
            palette_dock_->show();
            palette_->search_field()->setFocus();
            palette_->search_field()->selectAll();
          });

  // View
  connect(make_action(QStringLiteral("zoom_in"), tr("Zoom &In"), QStringLiteral("zoom-in"), QKeySequence(tr("Ctrl++"))),
          &QAction::triggered, this, [this] { view_->zoom_by(1.25); });
  connect(make_action(QStringLiteral("zoom_out"), tr("Zoom &Out"), QStringLiteral("zoom-out"), QKeySequence(tr("Ctrl+-"))),
          &QAction::triggered, this, [this] { view_->zoom_by(0.8); });
  connect(make_action(QStringLiteral("zoom_fit"), tr("&Fit Graph"), QStringLiteral("zoom-fit"), QKeySequence(tr("Ctrl+0"))),
          &QAction::triggered, this, [this] { view_->fit_all(); });
  connect(make_action(QStringLiteral("zoom_100"), tr("&Actual Size"), QStringLiteral("zoom-reset"), QKeySequence(tr("Ctrl+1"))),
          &QAction::triggered, this, [this] { view_->reset_zoom(); });
  connect(make_action(QStringLiteral("import_weights"), tr("&Import Weights\u2026")), &QAction::triggered, this,
          &MainWindow::import_weights);
  connect(make_action(QStringLiteral("show_runs"), tr("Experiment &Runs"), QStringLiteral("grid"), QKeySequence(tr("Ctrl+Shift+R"))),
          &QAction::triggered, this, [this] { show_tab(Tab::Runs); });
  QAction* labels = make_action(QStringLiteral("link_labels"), tr("Shapes on &Links"), QStringLiteral("labels"), QKeySequence(tr("Ctrl+L")));
  labels->setCheckable(true);
  labels->setChecked(QSettings().value(QStringLiteral("view/link_labels"), true).toBool());
  editor_settings().link_labels = labels->isChecked();
  connect(labels, &QAction::toggled, this, [this](bool on) {
    editor_settings().link_labels = on;
    QSettings().setValue(QStringLiteral("view/link_labels"), on);
    scene_->refresh_all();
  });
  QAction* snap = make_action(QStringLiteral("snap"), tr("&Snap to Grid"), QStringLiteral("grid"));
  snap->setCheckable(true);
  snap->setChecked(QSettings().value(QStringLiteral("view/snap"), true).toBool());
  editor_settings().snap_to_grid = snap->isChecked();
  connect(snap, &QAction::toggled, this, [](bool on) {
    editor_settings().snap_to_grid = on;
    QSettings().setValue(QStringLiteral("view/snap"), on);
  });

  // Model
  connect(make_action(QStringLiteral("add_layer"), tr("&Add Layer..."), QStringLiteral("add-node"), QKeySequence(tr("Ctrl+Shift+A"))),
          &QAction::triggered, this, [this] {
            if (!showing_canvas()) show_canvas(true);
            view_->open_quick_add(view_->cursor_scene_pos().value_or(view_->visible_center()));
          });
  connect(make_action(QStringLiteral("layout"), tr("&Lay Out Graph"), QStringLiteral("layout"), QKeySequence(tr("Ctrl+Shift+L"))),
          &QAction::triggered, this, [this] {
            scene_->auto_layout(false);
            view_->fit_all();
          });
  connect(make_action(QStringLiteral("layout_selection"), tr("Lay Out &Selection")), &QAction::triggered, this,
          [this] { scene_->auto_layout(true); });

  // Train
  connect(make_action(QStringLiteral("train"), tr("&Run"), QStringLiteral("run"), QKeySequence(Qt::Key_F5)),
          &QAction::triggered, this, &MainWindow::start_training);
  QAction* pause = make_action(QStringLiteral("pause"), tr("&Pause"), QStringLiteral("pause"), QKeySequence(Qt::Key_F6));
  pause->setEnabled(false);
  connect(pause, &QAction::triggered, this, &MainWindow::toggle_pause);
  QAction* stop = make_action(QStringLiteral("stop"), tr("&Stop"), QStringLiteral("stop"), QKeySequence(tr("Shift+F5")));
  stop->setEnabled(false);
  connect(stop, &QAction::triggered, this, &MainWindow::stop_training);

  // Help
  connect(make_action(QStringLiteral("about"), tr("&About Strata")), &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About Strata"),
                       tr("<h3>Strata %1</h3><p>Design neural networks as graphs of layers, train them on any GPU "
                          "through Vulkan or on the CPU, and compare, evaluate and export what you trained.</p>")
                           .arg(QApplication::applicationVersion()));
  });
  connect(make_action(QStringLiteral("shortcuts"), tr("&Keyboard Shortcuts")), &QAction::triggered, this, [this] {
    QString rows;
    for (const QString& name : {QStringLiteral("new"), QStringLiteral("open"), QStringLiteral("save"), QStringLiteral("undo"),
                                QStringLiteral("redo"), QStringLiteral("copy"), QStringLiteral("paste"), QStringLiteral("duplicate"),
                                QStringLiteral("delete"), QStringLiteral("select_all"), QStringLiteral("rename"),
                                QStringLiteral("find_layer"), QStringLiteral("add_layer"), QStringLiteral("layout"),
                                QStringLiteral("zoom_fit"), QStringLiteral("zoom_100"), QStringLiteral("link_labels"),
                                QStringLiteral("train")})
      if (QAction* a = action(name))
        rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                    .arg(QString(a->text()).remove(QLatin1Char('&')), a->shortcut().toString(QKeySequence::NativeText));
    rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(tr("Quick add on the canvas"), tr("Space or double-click"));
    rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(tr("Pan"), tr("Middle button or Space+drag"));
    rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(tr("Move selection"), tr("Arrow keys (Shift: further)"));
    QMessageBox::information(this, tr("Keyboard Shortcuts"), QStringLiteral("<table cellspacing=6>%1</table>").arg(rows));
  });
  for (QAction* a : findChildren<QAction*>())
    if (a->statusTip().isEmpty()) a->setStatusTip(QString(a->text()).remove(QLatin1Char('&')).remove(QStringLiteral("...")));
  addActions(findChildren<QAction*>());  // shortcuts work wherever the focus is in this window
}

void MainWindow::build_menus() {
  auto add = [this](QMenu* m, std::initializer_list<const char*> names) {
    for (const char* n : names) {
      if (!*n) m->addSeparator();
      else if (QAction* a = action(QString::fromLatin1(n))) m->addAction(a);
    }
  };
  QMenu* file = menuBar()->addMenu(tr("&File"));
  add(file, {"new", "new_window", "open"});
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  examples_menu_ = file->addMenu(tr("&Examples"));
  add(file, {"", "save", "save_as", "", "close_project", "quit"});
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fill_recent_menu);
  fill_examples_menu();

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  add(edit, {"undo", "redo", "", "cut", "copy", "paste", "duplicate", "delete", "", "select_all", "rename", "find_layer"});

  QMenu* view = menuBar()->addMenu(tr("&View"));
  add(view, {"show_runs", "", "zoom_in", "zoom_out", "zoom_fit", "zoom_100", "", "link_labels", "snap", ""});
  panels_menu_ = view->addMenu(tr("&Panels"));
  for (QDockWidget* d : docks_) panels_menu_->addAction(d->toggleViewAction());
  QMenu* theme = view->addMenu(tr("&Theme"));
  auto* themes = new QActionGroup(this);
  const ThemeChoice current_theme = theme_from_setting(QSettings().value(QStringLiteral("view/theme")).toString());
  for (auto [choice, text, name] : {std::tuple{ThemeChoice::System, tr("&System"), "theme_system"},
                                    std::tuple{ThemeChoice::Light, tr("&Light"), "theme_light"},
                                    std::tuple{ThemeChoice::Dark, tr("&Dark"), "theme_dark"}}) {
    QAction* a = theme->addAction(text);
    a->setObjectName(QString::fromLatin1(name));
    a->setCheckable(true);
    a->setChecked(choice == current_theme);
    themes->addAction(a);
    connect(a, &QAction::triggered, this, [c = choice] {
      QSettings().setValue(QStringLiteral("view/theme"), theme_setting(c));
      apply_theme(c);
    });
  }
  QMenu* language = view->addMenu(tr("&Language"));
  auto* languages = new QActionGroup(this);
  const QString current_language = language_setting();
  for (const auto& [code, label] : available_languages()) {
    QAction* a = language->addAction(label);
    a->setCheckable(true);
    a->setChecked(code == current_language);
    languages->addAction(a);
    connect(a, &QAction::triggered, this, [this, code = code] {
      set_language_setting(code);
      QMessageBox::information(this, tr("Language"), tr("The new language applies the next time Strata starts."));
    });
  }

  QMenu* model = menuBar()->addMenu(tr("&Model"));
  add(model, {"add_layer", "", "layout", "layout_selection", "", "import_weights"});
  QMenu* train = menuBar()->addMenu(tr("&Train"));
  add(train, {"train", "pause", "stop"});
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  add(help, {"shortcuts", "", "about"});
}

void MainWindow::build_toolbar() {
  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName(QStringLiteral("main_toolbar"));
  bar->setMovable(false);
  bar->setIconSize(QSize(20, 20));
  bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
  for (const char* n : {"new", "open", "save", "", "undo", "redo", "", "delete", "duplicate", "", "zoom_fit", "zoom_100",
                        "layout", "link_labels", ""}) {
    if (!*n) bar->addSeparator();
    else bar->addAction(action(QString::fromLatin1(n)));
  }
  // Train sits on the right with the device it will use, as IDEs put Run.
  auto* spacer = new QWidget(bar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  bar->addWidget(spacer);
  auto* device_label = new QLabel(tr("Device:"), bar);
  device_label->setContentsMargins(0, 0, 6, 0);
  bar->addWidget(device_label);
  device_combo_ = new QComboBox(bar);
  device_combo_->setObjectName(QStringLiteral("device_combo"));
  device_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  device_combo_->addItem(tr("Looking for devices..."));
  device_label->setBuddy(device_combo_);
  bar->addWidget(device_combo_);
  connect(device_combo_, &QComboBox::activated, this, [this](int) { set_device(device_combo_->currentData().toString()); });
  bar->addAction(action(QStringLiteral("train")));
  bar->addAction(action(QStringLiteral("pause")));
  bar->addAction(action(QStringLiteral("stop")));
  if (QWidget* run = bar->widgetForAction(action(QStringLiteral("train"))))
    if (auto* button = qobject_cast<QToolButton*>(run)) button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

void MainWindow::fill_recent_menu() {
  recent_menu_->clear();
  const QStringList files = recent_files();
  for (const QString& f : files)
    connect(recent_menu_->addAction(QFileInfo(f).fileName() + QStringLiteral("  \u2014  ") + QDir::toNativeSeparators(f)),
            &QAction::triggered, this, [this, f] { open_project(f); });
  if (files.isEmpty()) recent_menu_->addAction(tr("(none)"))->setEnabled(false);
  recent_menu_->addSeparator();
  connect(recent_menu_->addAction(tr("&Clear List")), &QAction::triggered, this, [] { clear_recent_files(); });
}

void MainWindow::fill_examples_menu() {
  examples_menu_->clear();
  for (const auto& e : list_examples()) {
    QAction* a = examples_menu_->addAction(e.title);
    a->setToolTip(e.description);
    a->setStatusTip(e.description);
    connect(a, &QAction::triggered, this, [this, path = e.path] { open_project(path); });
  }
  if (examples_menu_->isEmpty()) examples_menu_->addAction(tr("(no examples found)"))->setEnabled(false);
}

}  // namespace strata::ui
