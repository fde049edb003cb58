#include "document/graph_fragment.h"

#include <QMimeData>
#include <map>
#include <set>

#include "core/error.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "graph/project.h"

namespace strata::ui {

std::string fragment_json(const Graph& graph, const std::vector<std::string>& ids) {
  const std::set<std::string> chosen(ids.begin(), ids.end());
  Project p;
  for (const auto& n : graph.nodes())  // graph order, not selection order: a stable result
    if (chosen.count(n.id)) p.graph.insert_node(n, p.graph.nodes().size());
  for (const auto& l : graph.links())
    if (chosen.count(l.from) && chosen.count(l.to)) p.graph.add_link(l);
  nlohmann::json j = project_to_json(p);
  // Only the graph travels: a paste never changes the target's dataset or training.
  j.erase("dataset");
  j.erase("training");
  j.erase("description");
  j.erase("name");
  return j.dump(2);
}

QMimeData* fragment_mime(const Graph& graph, const std::vector<std::string>& ids) {
  auto* mime = new QMimeData;
  const QByteArray json = QByteArray::fromStdString(fragment_json(graph, ids));
  mime->setData(QString::fromLatin1(kProjectMimeType), json);
  mime->setText(QString::fromUtf8(json));
  return mime;
}

Graph fragment_from_text(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error("clipboard: the text is not a Strata project (not valid JSON)");
  return project_from_json(j, "clipboard").graph;
}

Graph fragment_from_mime(const QMimeData& mime) {
  const QString type = QString::fromLatin1(kProjectMimeType);
  if (mime.hasFormat(type)) return fragment_from_text(mime.data(type).toStdString());
  if (mime.hasText()) return fragment_from_text(mime.text().toStdString());
  throw Error("clipboard: holds no Strata nodes");
}

std::vector<std::string> add_fragment(ProjectDocument* doc, const Graph& fragment, double dx, double dy,
                                      QUndoCommand* parent) {
  // Rename first against the target graph plus the names already given, so
  // two pasted nodes never receive the same new name.
  Graph taken = doc->graph();
  std::map<std::string, std::string> renamed;
  std::vector<std::string> ids;
  for (const auto& n : fragment.nodes()) {
    Node copy = n;
    copy.id = unique_node_id(taken, n.id);
    copy.pos = {n.pos.x + dx, n.pos.y + dy};
    taken.insert_node(copy, taken.nodes().size());
    renamed[n.id] = copy.id;
    ids.push_back(copy.id);
    new AddNodeCommand(doc, copy, parent);
  }
  for (const auto& l : fragment.links()) new AddLinkCommand(doc, {renamed.at(l.from), renamed.at(l.to), l.port}, parent);
  return ids;
}

}  // namespace strata::ui
