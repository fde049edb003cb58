#pragma once
// One function per subcommand registers its options on the CLI11 app; each
// lives in its own cmd_*.cpp.
#include <CLI/CLI.hpp>

namespace strata::cli {

void add_devices_command(CLI::App& app);
void add_selftest_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_eval_commands(CLI::App& app);  // eval and predict
void add_export_command(CLI::App& app);
void add_runs_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_bench_lstm_command(CLI::App& bench);   // under `bench`
void add_bench_attention_command(CLI::App& bench);  // under `bench`
void add_bench_train_command(CLI::App& bench);  // under `bench`
void add_bench_peak_command(CLI::App& bench);   // under `bench`
void add_bench_log_command(CLI::App& bench);    // under `bench`
void add_bench_editor_command(CLI::App& bench); // under `bench`, with the UI
void add_bench_chart_command(CLI::App& bench);  // under `bench`, with the UI
void add_bench_runs_command(CLI::App& bench);  // under `bench`, with the UI
void add_bench_ui_training_command(CLI::App& bench);  // under `bench`, with the UI

}  // namespace strata::cli
