#include "cpu/cpu_backend.h"

#include "cpu/cpu_gemm_planner.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_sgemm.h"
#include "cpu/cpu_epilogue.h"

#include <cblas.h>

#include <thread>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace strata {

namespace {
constexpr uint64_t kAlign = 64;              // cache line, and AVX-512 loads
constexpr uint64_t kBlockBytes = 64ull << 20;
constexpr uint64_t kMaxBlockBytes = 16ull << 30;

}  // namespace

struct CpuBackend::Arena {
  std::mutex mutex;
  std::vector<void*> blocks;
  BlockPool pool{"host memory pool", kBlockBytes, kMaxBlockBytes, kAlign,
                 BlockPool::Hooks{[this](uint32_t i, uint64_t bytes) {
                                    void* p = std::aligned_alloc(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
                                    if (!p) throw DeviceOutOfMemory("host memory pool: out of memory allocating " + std::to_string(bytes) + " bytes");
                                    if (blocks.size() <= i) blocks.resize(i + 1, nullptr);
                                    blocks[i] = p;
                                  },
                                  [this](uint32_t i) {
                                    std::free(blocks[i]);
                                    blocks[i] = nullptr;
                                  }}};
};

namespace {
class CpuStorage final : public Storage {
 public:
  CpuStorage(const void* owner, std::shared_ptr<CpuBackend::Arena> arena, BlockPool::Allocation a, float* ptr)
      : Storage(owner, a.size), arena_(std::move(arena)), alloc_(a), ptr_(ptr) {}
  ~CpuStorage() override {
    std::lock_guard lock(arena_->mutex);
    arena_->pool.free(alloc_);
  }
  float* ptr() const { return ptr_; }

 private:
  std::shared_ptr<CpuBackend::Arena> arena_;
  BlockPool::Allocation alloc_;
  float* ptr_;
};
}  // namespace

CpuBackend::CpuBackend()
    : info_(describe()),
      arena_(std::make_shared<Arena>()),
      workers_(std::make_unique<WorkerPool>(int(info_.threads))) {
  // The backend splits work across its own workers, each calling OpenBLAS
  // single-threaded: OpenBLAS's idle threads spin in sched_yield after every
  // call and, on a two-core machine, steal the core a worker needs
  // (bench/README.md, LSTM).
  openblas_set_num_threads(1);
  scratch_.resize(size_t(workers_->size()) * kScratchSlots);
}

float* CpuBackend::scratch(int worker, size_t slot, size_t count) {
  auto& v = scratch_[size_t(worker) * kScratchSlots + slot];
  if (v.size() < count) v.resize(count);
  return v.data();
}
CpuBackend::~CpuBackend() = default;

void CpuBackend::annotate(const std::string& layer) { cpu::GemmPlanner::global().set_label(layer); }

DeviceInfo CpuBackend::describe() {
  DeviceInfo d;
  d.name = cpu::cpu_model();  // the same name the GEMM plans are keyed by
  d.type = "host";
  d.backend = BackendKind::Cpu;
  // OpenBLAS's kernels, and the instruction set of Strata's own (cpu_isa.h).
  // ("OpenBLAS SkylakeX, own avx512": short enough for `strata devices`' column.)
  d.driver = std::string("OpenBLAS ") + openblas_get_corename() + ", own " + cpu::isa_name(cpu::isa());
  d.memory_bytes = uint64_t(sysconf(_SC_PHYS_PAGES)) * uint64_t(sysconf(_SC_PAGE_SIZE));
  d.threads = std::max(1u, std::thread::hardware_concurrency());
  return d;
}

Tensor CpuBackend::empty(const Shape& shape) {
  const uint64_t bytes = std::max<uint64_t>(1, uint64_t(numel(shape)) * sizeof(float));
  std::lock_guard lock(arena_->mutex);
  auto a = arena_->pool.allocate(bytes);
  auto* ptr = reinterpret_cast<float*>(static_cast<char*>(arena_->blocks[a.block]) + a.offset);
  return Tensor(shape, std::make_shared<CpuStorage>(this, arena_, a, ptr));
}

float* CpuBackend::data(const Tensor& t) const {
  if (!t.defined()) throw Error("cpu backend: tensor has no storage");
  if (t.storage()->owner() != this) throw Error("cpu backend: tensor belongs to another device");
  return static_cast<CpuStorage*>(t.storage())->ptr() + t.offset();
}

void CpuBackend::upload(const Tensor& dst, std::span<const float> src) {
  if (int64_t(src.size()) != dst.numel())
    throw Error("upload: " + std::to_string(src.size()) + " values for a tensor of shape " + to_string(dst.shape()));
  std::memcpy(data(dst), src.data(), src.size_bytes());
}

void CpuBackend::download(const Tensor& src, std::span<float> dst) {
  if (int64_t(dst.size()) != src.numel())
    throw Error("download: room for " + std::to_string(dst.size()) + " values from a tensor of shape " + to_string(src.shape()));
  std::memcpy(dst.data(), data(src), dst.size_bytes());
}

void CpuBackend::fill(const Tensor& dst, float value) {
  float* p = data(dst);
  std::fill(p, p + dst.numel(), value);
}

void CpuBackend::gemm(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) {
  check_gemm_operands(g, a, b, c, bias);
  const int64_t M = g.m, N = g.n, K = g.k;
  const float *A = data(a), *B = data(b), *bv = g.bias != BiasMode::None ? data(*bias) : nullptr;
  float* C = data(c);
  const int lda = int(g.trans_a ? M : K), ldb = int(g.trans_b ? K : N), ldc = int(N);
  // Split C into row blocks (or column blocks when it has few rows), one per
  // worker, each a single-threaded call (cpu_sgemm.h); small products stay whole.
  const int64_t work = M * N * K;
  const bool by_rows = M >= N || M >= 64;
  const int64_t extent = by_rows ? M : N;
  const int parts = work < (int64_t(1) << 18) ? 1 : int(std::min<int64_t>(workers_->size(), extent / 16));
  const int np = std::max(parts, 1);
  // The parts are extent / np or one more long: those two shapes, planned here.
  auto part_shape = [&](int64_t size) {
    return cpu::GemmShape{g.trans_a, g.trans_b, int(by_rows ? size : M), int(by_rows ? N : size), int(K)};
  };
  cpu::GemmPlanner::global().prepare({part_shape(extent / np), part_shape((extent + np - 1) / np)});
  workers_->run(np, [&](int part) {
    const int64_t lo = extent * part / np, hi = extent * (part + 1) / np;
    const int64_t m0 = by_rows ? lo : 0, m1 = by_rows ? hi : M, n0 = by_rows ? 0 : lo, n1 = by_rows ? N : hi;
    const float* Ap = A + (g.trans_a ? m0 : m0 * K);
    const float* Bp = B + (g.trans_b ? n0 * K : n0);
    float* Cp = C + m0 * N + n0;
    cpu::sgemm(g.trans_a, g.trans_b, int(m1 - m0), int(n1 - n0), int(K), g.alpha, Ap, lda, Bp, ldb, g.beta, Cp, ldc);
    cpu::bias_activation(C, N, m0, m1, n0, n1, g.bias, bv, g.act, g.act_param);
  });
}

void CpuBackend::gemm_batched(const GemmArgs& g, const GemmBatch& batch, const Tensor& a, const Tensor& b,
                              const Tensor& c) {
  check_gemm_batched(g, batch, a, b, c);
  const float *A = data(a), *B = data(b);
  float* C = data(c);
  const int lda = int(g.trans_a ? g.m : g.k), ldb = int(g.trans_b ? g.k : g.n), ldc = int(g.n);
  const cpu::GemmShape shape{g.trans_a, g.trans_b, int(g.m), int(g.n), int(g.k)};
  cpu::GemmPlanner::global().prepare(std::span<const cpu::GemmShape>(&shape, 1));
  const int64_t work = batch.count * g.m * g.n * g.k;
  const int parts = work < (int64_t(1) << 16) ? 1 : int(std::min<int64_t>(workers_->size(), batch.count));
  workers_->run(parts, [&](int part) {
    for (int64_t i = batch.count * part / parts, end = batch.count * (part + 1) / parts; i < end; ++i)
      cpu::sgemm(g.trans_a, g.trans_b, int(g.m), int(g.n), int(g.k), g.alpha, A + i * batch.stride_a, lda,
                 B + i * batch.stride_b, ldb, g.beta, C + i * batch.stride_c, ldc);
  });
}

}  // namespace strata
