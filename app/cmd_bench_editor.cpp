// `strata bench editor --nodes 500 [--json]`: the node editor's load, layout,
// repaint and analysis costs on a generated graph (ui/tools/editor_bench.h),
// on the offscreen platform.
#include <cstdio>

#include "commands.h"
#include "tools/editor_bench.h"

namespace strata::cli {

void add_bench_editor_command(CLI::App& bench) {
  static int nodes = 500, frames = 60;
  static bool json = false;
  auto* cmd = bench.add_subcommand("editor", "Node editor: load and layout, repaint while zooming and panning, analysis after an edit");
  cmd->add_option("--nodes", nodes, "Layers in the generated graph")->check(CLI::Range(10, 100000));
  cmd->add_option("--frames", frames, "Repaints timed at each zoom")->check(CLI::Range(5, 10000));
  cmd->add_flag("--json", json, "End with one JSON object on the last line");
  cmd->callback([] {
    const nlohmann::json r = ui::run_editor_bench(nodes, frames);
    std::printf("graph: %d nodes, %d links\n", r["nodes"].get<int>(), r["links"].get<int>());
    std::printf("load + layout: %.1f ms (load %.1f, layout %.1f; target < 1000)\n", r["load_and_layout_ms"].get<double>(),
                r["load_ms"].get<double>(), r["layout_ms"].get<double>());
    std::printf("repaint, fitted view (zoom %.2f) while zooming and panning: median %.2f ms, p95 %.2f (target median < 16)\n",
                r["fit_zoom"].get<double>(), r["repaint_fitted"]["median_ms"].get<double>(), r["repaint_fitted"]["p95_ms"].get<double>());
    std::printf("repaint at 100 %% while panning: median %.2f ms, p95 %.2f\n", r["repaint_100_percent"]["median_ms"].get<double>(),
                r["repaint_100_percent"]["p95_ms"].get<double>());
    std::printf("analysis after one parameter change: median %.3f ms, p95 %.3f (target < 5)\n",
                r["analysis_after_edit"]["median_ms"].get<double>(), r["analysis_after_edit"]["p95_ms"].get<double>());
    if (json) std::printf("%s\n", r.dump().c_str());
  });
}

}  // namespace strata::cli
