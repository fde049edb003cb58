#pragma once
// Every change to a project's graph is one of these undo commands; each calls
// the engine Graph's mutators and records what undo needs to restore the
// serialized project exactly (node and link order included). Edits made of
// several changes (delete a selection, paste, insert into a link, layout)
// are a MacroCommand with these as children, undone as one.
#include <QCoreApplication>
#include <QUndoCommand>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace strata::ui {

class ProjectDocument;

// Ids for QUndoCommand::mergeWith.
enum CommandId { kMoveNodesId = 1, kSetParamId, kSetSettingId };

// Each command declares its own tr() so Qt Linguist's context and the one
// looked up at run time are the same class name.
class GraphCommand : public QUndoCommand {
 public:
  GraphCommand(ProjectDocument* doc, QUndoCommand* parent);

 protected:
  Graph& graph();
  // The training settings name layers (training.freeze, init_from.layers):
  // a rename or delete changes them in the same undo step. `change` edits the
  // settings JSON; the settings before are kept for restore_settings().
  void change_settings(const std::function<void(nlohmann::json& training)>& change);
  void restore_settings();
  ProjectDocument* doc_;

 private:
  std::optional<nlohmann::json> settings_before_;
};

// A parent for several commands, undone and redone as one.
class MacroCommand : public QUndoCommand {
 public:
  explicit MacroCommand(const QString& text) { setText(text); }
};

class AddNodeCommand : public GraphCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::AddNodeCommand)

 public:
  // node.id must be free (see unique_node_id).
  AddNodeCommand(ProjectDocument* doc, Node node, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  Node node_;
  std::optional<size_t> index_;
};

class RemoveNodeCommand : public GraphCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::RemoveNodeCommand)

 public:
  RemoveNodeCommand(ProjectDocument* doc, std::string id, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  std::string id_;
  Node node_;
  size_t index_ = 0;
  std::vector<std::pair<size_t, Link>> links_;  // its links with their positions, ascending
};
// (A deleted node leaves training.freeze; init_from.layers keeps it, since an
// emptied list would mean "every layer": the run then names the missing layer.)

class AddLinkCommand : public GraphCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::AddLinkCommand)

 public:
  AddLinkCommand(ProjectDocument* doc, Link link, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  Link link_;
  std::optional<size_t> index_;
};

class RemoveLinkCommand : public GraphCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::RemoveLinkCommand)

 public:
  RemoveLinkCommand(ProjectDocument* doc, Link link, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  Link link_;
  size_t index_ = 0;
};

// Moves nodes from their old to their new positions. Consecutive keyboard
// nudges of the same nodes merge; a mouse drag is pushed once, on release.
class MoveNodesCommand : public GraphCommand {
 public:
  struct Move {
    NodePos from, to;
  };
  MoveNodesCommand(ProjectDocument* doc, std::map<std::string, Move> moves, const QString& text,
                   bool mergeable = false, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;
  int id() const override { return mergeable_ ? kMoveNodesId : -1; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  std::map<std::string, Move> moves_;
  bool mergeable_;
};

class RenameNodeCommand : public GraphCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::RenameNodeCommand)

 public:
  RenameNodeCommand(ProjectDocument* doc, std::string from, std::string to, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  std::string from_, to_;
};

// Sets one parameter on one or more nodes (null: back to the default).
// Consecutive edits of the same field on the same nodes in one editing
// session (a non-zero `session` the inspector keeps while the field has the
// focus) merge, so typing "128" or spinning a box is one undo step. Fewer inputs on a merge node
// drops the links into the ports that go; undo puts them back.
class SetParamCommand : public GraphCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::SetParamCommand)

 public:
  SetParamCommand(ProjectDocument* doc, std::vector<std::string> nodes, std::string key, nlohmann::json value,
                  int session = 0, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;
  int id() const override { return kSetParamId; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  std::vector<std::string> nodes_;
  std::string key_;
  nlohmann::json value_;
  std::vector<nlohmann::json> old_;              // per node; null where the key was unset
  std::vector<std::pair<size_t, Link>> dropped_;  // links removed by the change, ascending
  int session_;
};

// The project's own fields (name, description, dataset, training) from one
// JSON value to another (ProjectDocument::settings_json); edits of the same
// field in one editing session merge.
class SetSettingsCommand : public QUndoCommand {
  Q_DECLARE_TR_FUNCTIONS(strata::ui::SetSettingsCommand)
 public:
  SetSettingsCommand(ProjectDocument* doc, nlohmann::json before, nlohmann::json after, const QString& text,
                     QString field = {}, int session = 0, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;
  int id() const override { return kSetSettingId; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  ProjectDocument* doc_;
  nlohmann::json before_, after_;
  QString field_;
  int session_;
};

// A node id that is not taken yet: `wanted` itself, else the next free
// number ("conv2d_3" -> conv2d_4, "head" -> head_2).
std::string unique_node_id(const Graph& graph, const std::string& wanted);

}  // namespace strata::ui
