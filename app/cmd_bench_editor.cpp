// `strata bench editor --nodes 500 [--json]`: the node editor's load, layout,
// repaint and analysis costs on a generated graph (ui/tools/editor_bench.h);
// `strata bench chart --points 100000`: a training chart's redraw
// (ui/tools/chart_bench.h). Both on the offscreen platform.
#include <cstdio>

#include "commands.h"
#include "tools/chart_bench.h"
#include "tools/editor_bench.h"
#include "tools/runs_bench.h"
#include "tools/ui_training_bench.h"

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

void add_bench_chart_command(CLI::App& bench) {
  static int points = 100000, frames = 40;
  static bool json = false;
  auto* cmd = bench.add_subcommand("chart", "Training chart: redraw with N steps per series, smoothing on");
  cmd->add_option("--points", points, "Steps per series")->check(CLI::Range(100, 10000000));
  cmd->add_option("--frames", frames, "Redraws timed")->check(CLI::Range(5, 10000));
  cmd->add_flag("--json", json, "End with one JSON object on the last line");
  cmd->callback([] {
    const nlohmann::json r = ui::run_chart_bench(points, frames);
    std::printf("chart: 2 per-step series of %d points (smoothed) and 2 per-epoch series; %d points drawn after decimation\n",
                points, r["drawn_points"].get<int>());
    std::printf("first draw of the whole run: %.1f ms\n", r["first_draw_ms"].get<double>());
    std::printf("live update (30 new steps per series): median %.2f ms, p95 %.2f\n", r["live_update"]["median_ms"].get<double>(),
                r["live_update"]["p95_ms"].get<double>());
    std::printf("redraw with new smoothing: median %.2f ms, p95 %.2f (target < 16); of which smoothing, decimation and handing "
                "the points to Qt Charts %.2f ms\n",
                r["redraw"]["median_ms"].get<double>(), r["redraw"]["p95_ms"].get<double>(), r["redraw"]["update_median_ms"].get<double>());
    if (json) std::printf("%s\n", r.dump().c_str());
  });
}

void add_bench_runs_command(CLI::App& bench) {
  static int runs = 1000, points = 10000;
  static std::string keep;
  static bool json = false;
  auto* cmd = bench.add_subcommand("runs", "Runs tab: load and filter a log of N runs with M metric points each");
  cmd->add_option("--runs", runs, "Runs in the log")->check(CLI::Range(1, 1000000));
  cmd->add_option("--points", points, "Metric points per run")->check(CLI::Range(10, 10000000));
  cmd->add_option("--keep", keep, "Folder to keep the generated log in (reused when it is there)")->check(CLI::ExistingDirectory);
  cmd->add_flag("--json", json, "End with one JSON object on the last line");
  cmd->callback([] {
    const nlohmann::json r = ui::run_runs_bench(runs, points, keep);
    if (r.contains("write_s")) std::printf("wrote the log (%d runs x %d points): %.1f s\n", runs, points, r["write_s"].get<double>());
    std::printf("log: %.0f MiB\n", r["log_bytes"].get<double>() / (1 << 20));
    std::printf("table load: median %.0f ms (read %.0f, model %.0f, paint %.0f; target < 500)\n", r["load"]["median_ms"].get<double>(),
                r["load"]["read_ms"].get<double>(), r["load"]["model_ms"].get<double>(), r["load"]["paint_ms"].get<double>());
    std::printf("filter: median %.2f ms, max %.2f (target < 50)\n", r["filter"]["median_ms"].get<double>(), r["filter"]["max_ms"].get<double>());
    for (const auto& q : r["filter"]["queries"])
      std::printf("  \"%s\": %d runs, %.2f ms\n", q["query"].get<std::string>().c_str(), q["rows"].get<int>(), q["ms"].get<double>());
    std::printf("sort by best val_accuracy: %.1f ms\n", r["sort_ms"].get<double>());
    if (json) std::printf("%s\n", r.dump().c_str());
  });
}

void add_bench_ui_training_command(CLI::App& bench) {
  static std::string project = STRATA_EXAMPLES_DIR "/fashion_mnist_cnn.strata", device = "cpu";
  static int64_t limit = 20000;
  static int rounds = 2;
  static bool json = false;
  auto* cmd = bench.add_subcommand("ui-training", "The editor's UI thread while a run trains, and the run's throughput with the editor open");
  cmd->add_option("project", project, "Project to train (default: the Fashion-MNIST CNN example)")->check(CLI::ExistingFile);
  cmd->add_option("--device", device, "Device spec");
  cmd->add_option("--limit-train", limit, "Training samples (one epoch)")->check(CLI::Range(int64_t(64), int64_t(100000000)));
  cmd->add_option("--rounds", rounds, "Interleaved rounds of each (best throughput, worst latency)")->check(CLI::Range(1, 20));
  cmd->add_flag("--json", json, "End with one JSON object on the last line");
  cmd->callback([] {
    const nlohmann::json r = ui::run_ui_training_bench(project, device, limit, rounds);
    auto line = [](const char* what, const nlohmann::json& l) {
      std::printf("%s: longest stall %.1f ms, p99 latency %.2f ms, median %.2f ms (%d ticks of a 5 ms timer); UI thread busy %.1f %%\n",
                  what, l["max_stall_ms"].get<double>(), l["p99_ms"].get<double>(), l["median_ms"].get<double>(), l["ticks"].get<int>(),
                  100 * l["ui_thread_cpu_share"].get<double>());
    };
    line("idle", r["idle"]);
    line("training", r["training"]);
    std::printf("throughput: %.0f samples/s with the editor open, %.0f by the run service alone: %.3fx (target >= 0.95)\n",
                r["samples_per_s_with_editor"].get<double>(), r["samples_per_s_headless"].get<double>(), r["throughput_ratio"].get<double>());
    std::printf("targets: no stall over 50 ms, p99 under 20 ms while training\n");
    if (json) std::printf("%s\n", r.dump().c_str());
  });
}

}  // namespace strata::cli
