#include "tools/editor_bench.h"
#include "tools/bench_app.h"

#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <memory>
#include <vector>

#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/auto_layout.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "graph/project.h"

namespace strata::ui {
namespace {

// Input, then blocks until `nodes` layers: a residual pair of Dense layers
// joined by Add, or three parallel Dense layers joined by Concatenate and
// brought back to width by a Dense; a loss at the end. All positions (0, 0):
// the layout places them.
nlohmann::json generated_project(int nodes) {
  Graph g;
  std::string last = g.add_node("Input", {{"shape", {64}}});
  int block = 0;
  while (int(g.nodes().size()) + 6 < nodes) {
    if (block++ % 2 == 0) {
      const std::string a = g.add_node("Dense", {{"units", 64}, {"activation", "relu"}});
      const std::string b = g.add_node("Dense", {{"units", 64}});
      const std::string sum = g.add_node("Add", {});
      g.add_link({last, a, 0});
      g.add_link({a, b, 0});
      g.add_link({b, sum, 0});
      g.add_link({last, sum, 1});
      last = sum;
    } else {
      const std::string cat = g.add_node("Concatenate", {{"inputs", 3}});
      for (int k = 0; k < 3; ++k) {
        const std::string d = g.add_node("Dense", {{"units", 32}, {"activation", "relu"}});
        g.add_link({last, d, 0});
        g.add_link({d, cat, k});
      }
      const std::string back = g.add_node("Dense", {{"units", 64}});
      g.add_link({cat, back, 0});
      last = back;
    }
  }
  const std::string head = g.add_node("Dense", {{"units", 10}});
  g.add_link({last, head, 0});
  const std::string loss = g.add_node("SoftmaxCrossEntropy", {});
  g.add_link({head, loss, 0});
  Project p;
  p.name = "generated";
  p.graph = g;
  return project_to_json(p);
}

struct Stats {
  double median = 0, p95 = 0, max = 0;
};

Stats stats_ms(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  if (t.empty()) return {};
  return {t[t.size() / 2], t[std::min(t.size() - 1, size_t(double(t.size()) * 0.95))], t.back()};
}

nlohmann::json to_json(const Stats& s) { return {{"median_ms", s.median}, {"p95_ms", s.p95}, {"max_ms", s.max}}; }

}  // namespace

nlohmann::json run_editor_bench(int nodes, int frames) {
  const std::unique_ptr<QApplication> own_app = offscreen_app_if_needed();
  const nlohmann::json project = generated_project(nodes);
  nlohmann::json out{{"nodes", nodes}};

  // Load and lay out: parse and check the project, build the scene, run dot,
  // move the nodes (one undo command).
  QElapsedTimer timer;
  timer.start();
  ProjectDocument doc;
  doc.open_recovered(project_from_json(project, "generated"), {});
  GraphScene scene(&doc);
  const double load_ms = double(timer.nsecsElapsed()) / 1e6;
  timer.restart();
  scene.auto_layout(false);
  QCoreApplication::processEvents();
  doc.flush_analysis();
  const double layout_ms = double(timer.nsecsElapsed()) / 1e6;
  out["load_ms"] = load_ms;
  out["layout_ms"] = layout_ms;
  out["load_and_layout_ms"] = load_ms + layout_ms;
  out["links"] = doc.graph().links().size();

  // Repaint the whole viewport of a 1600x1000 window, fitted, while zooming
  // and panning around the fit.
  GraphView view(&scene);
  view.resize(1600, 1000);
  view.show();
  QCoreApplication::processEvents();
  view.fit_all();
  const double fit = view.zoom();
  std::vector<double> fitted, close;
  for (int i = 0; i < frames; ++i) {
    view.zoom_by(i % 2 ? 1.1 : 1 / 1.1);
    view.translate(i % 4 < 2 ? 15 : -15, 0);
    timer.restart();
    view.viewport()->repaint();
    fitted.push_back(double(timer.nsecsElapsed()) / 1e6);
  }
  // At 100 %, where every card draws its text.
  view.reset_zoom();
  view.centerOn(scene.nodes_rect().center());
  for (int i = 0; i < frames; ++i) {
    view.translate(i % 4 < 2 ? 40 : -40, i % 3 ? 20 : -20);
    timer.restart();
    view.viewport()->repaint();
    close.push_back(double(timer.nsecsElapsed()) / 1e6);
  }
  out["fit_zoom"] = fit;
  out["repaint_fitted"] = to_json(stats_ms(fitted));
  out["repaint_100_percent"] = to_json(stats_ms(close));

  // The analysis after one parameter change (the editor runs it after every edit).
  std::vector<double> analysis;
  const std::string middle = doc.graph().nodes()[doc.graph().nodes().size() / 2 + 1].id;
  for (int i = 0; i < 30; ++i) {
    doc.undo_stack()->push(new SetParamCommand(&doc, {middle}, "use_bias", i % 2 == 0));
    timer.restart();
    doc.flush_analysis();
    analysis.push_back(double(timer.nsecsElapsed()) / 1e6);
  }
  out["analysis_after_edit"] = to_json(stats_ms(analysis));
  out["analysis_ok"] = doc.report().ok();
  return out;
}

}  // namespace strata::ui
