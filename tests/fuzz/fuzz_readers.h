#pragma once
// The readers each fuzz target drives, as plain functions of the input bytes,
// so the regression test (tests/test_fuzz_regressions.cpp) feeds the inputs
// fuzzing found through exactly the same code. Each may throw strata::Error.
#include <cstdint>
#include <string>

namespace strata::fuzz {

// A file of this process holding the bytes (for readers that take a path).
std::string as_file(const uint8_t* data, size_t size, const char* suffix);

void read_project(const uint8_t* data, size_t size);
void read_npy(const uint8_t* data, size_t size);
void read_weights(const uint8_t* data, size_t size);  // first byte: npz, safetensors or checkpoint
void read_csv(const uint8_t* data, size_t size);
void read_idx(const uint8_t* data, size_t size);      // first byte: where images end and labels begin
void read_cifar(const uint8_t* data, size_t size);
void read_text(const uint8_t* data, size_t size);     // first byte: words or characters, vocabulary size, length
void read_image(const uint8_t* data, size_t size);    // first byte: PNG or JPEG, grey or RGB, output size
void read_run_log(const uint8_t* data, size_t size);  // an experiment log that may not be one

}  // namespace strata::fuzz
