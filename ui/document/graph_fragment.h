#pragma once
// Copy and paste of part of a graph. The clipboard holds a project file's
// JSON with just the copied nodes and the links between them, so a copy
// pastes into another window or another Strata, and text copied from a
// .strata file pastes too.
#include <QString>
#include <string>
#include <vector>

#include "graph/graph.h"

class QMimeData;
class QUndoCommand;

namespace strata::ui {

class ProjectDocument;

inline constexpr char kProjectMimeType[] = "application/x-strata-project";

// The nodes `ids` of `graph` and the links among them, as project JSON text.
std::string fragment_json(const Graph& graph, const std::vector<std::string>& ids);
QMimeData* fragment_mime(const Graph& graph, const std::vector<std::string>& ids);

// The graph held by clipboard data; throws strata::Error naming "clipboard"
// and the node or field when the text is not a valid project.
Graph fragment_from_mime(const QMimeData& mime);
Graph fragment_from_text(const std::string& text);

// Adds `fragment` to the document as children of `parent`: ids that are
// taken get the next free number (links follow), positions shift by (dx, dy).
// Returns the new ids.
std::vector<std::string> add_fragment(ProjectDocument* doc, const Graph& fragment, double dx, double dy,
                                      QUndoCommand* parent);

}  // namespace strata::ui
