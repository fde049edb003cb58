// Conv2D (im2col + GEMM, col2im) on both backends against the double-precision
// direct-loop reference (itself checked by central differences) and PyTorch.
//
// Tolerance: |err| <= 1e-4 (1 + |ref|): float sums of up to Cin*KH*KW (forward,
// dx) or N*OH*OW (dw) products of values in [-1, 1].
#include <cmath>

#include "core/error.h"
#include "ops/conv2d.h"
#include "ops/pool.h"
#include "test_support.h"
#include "cpu/cpu_backend.h"
#include "vk/vk_backend.h"
#include "torch_oracle.h"

using namespace strata;

namespace {

struct ConvCase {
  const char* name;
  ConvParams p;
};

ConvParams conv(int64_t n, int64_t cin, int64_t h, int64_t w, int64_t cout, int64_t k, int64_t s, int64_t pad,
                int64_t dil) {
  ConvParams p;
  p.batch = n, p.cin = cin, p.height = h, p.width = w, p.cout = cout;
  p.kh = p.kw = k, p.sh = p.sw = s, p.ph = p.pw = pad, p.dh = p.dw = dil;
  return p;
}

std::vector<ConvCase> cases() {
  return {{"1x1_kernel1", conv(1, 1, 1, 1, 1, 1, 1, 0, 1)},
          {"odd_valid", conv(2, 3, 7, 5, 4, 3, 1, 0, 1)},
          {"same_pad", conv(1, 2, 7, 7, 3, 3, 1, 1, 1)},
          {"stride2_pad1", conv(3, 1, 15, 17, 5, 3, 2, 1, 1)},
          {"dilation2", conv(1, 3, 9, 8, 2, 3, 1, 2, 2)},
          {"k5_stride3", conv(2, 2, 17, 15, 3, 5, 3, 2, 1)},
          // K of the weight gradient (7 * 17 * 15) long enough for the Vulkan
          // backend to split it over several workgroups (split-K).
          {"long_k_split", conv(7, 3, 17, 15, 8, 3, 1, 1, 1)},
          {"rect", []{ ConvParams p = conv(1, 2, 6, 9, 3, 1, 1, 0, 1); p.kh = 3; p.kw = 2; p.sh = 2; p.ph = 1; p.dw = 2; return p; }()},
          // Channels in fours: the Vulkan input gradient's tap-major columns
          // (col2im_vec4), with stride 1 and with strides, padding, dilation.
          {"four_channels", conv(3, 4, 7, 5, 3, 3, 1, 1, 1)},
          {"eight_channels_strided", []{ ConvParams p = conv(2, 8, 11, 9, 5, 3, 2, 1, 2); p.kw = 2; p.sw = 3; return p; }()}};
}

std::vector<double> to_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

}  // namespace

class TestConv2d : public QObject {
  Q_OBJECT
 private slots:
  void reference_gradients_match_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void matches_pytorch();
  void impossible_parameters_are_named();
  void generic_path_in_chunks();
  void fused_max_pool_matches_separate_ops();
  void stale_workspace_never_leaks();
};

void TestConv2d::reference_gradients_match_central_differences() {
  const ConvParams p = conv(1, 2, 5, 4, 2, 3, 2, 1, 1);
  const int64_t nx = p.batch * p.cin * p.height * p.width, nw = p.cout * p.col_rows();
  const int64_t ny = p.batch * p.cout * p.col_cols();
  auto x = to_double(test::random_values(size_t(nx), 1)), w = to_double(test::random_values(size_t(nw), 2));
  auto b = to_double(test::random_values(size_t(p.cout), 3)), r = to_double(test::random_values(size_t(ny), 4));
  auto objective = [&](const std::vector<double>& xx, const std::vector<double>& ww, const std::vector<double>& bb) {
    std::vector<double> y(static_cast<size_t>(ny));
    conv2d_forward_reference(p, xx, ww, bb, y);
    double l = 0;
    for (int64_t i = 0; i < ny; ++i) l += y[size_t(i)] * r[size_t(i)];
    return l;
  };
  std::vector<double> dx(static_cast<size_t>(nx)), dw(static_cast<size_t>(nw)), db(static_cast<size_t>(p.cout));
  conv2d_backward_reference(p, x, w, r, dx, dw, db);
  const auto f = [&] { return objective(x, w, b); };
  for (auto [v, grad, name] : {std::tuple{&x, &dx, "dx"}, {&w, &dw, "dw"}, {&b, &db, "db"}}) {
    const QString off = test::central_difference_mismatch(*v, *grad, f, name);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestConv2d::backends_match_reference_data() {
  QTest::addColumn<int>("index");
  const auto all = cases();
  for (int i = 0; i < int(all.size()); ++i) QTest::addRow("%s", all[size_t(i)].name) << i;
}

void TestConv2d::backends_match_reference() {
  QFETCH(int, index);
  test::ValidationGuard guard;
  const ConvParams p = cases()[size_t(index)].p;
  const int64_t nx = p.batch * p.cin * p.height * p.width, nw = p.cout * p.col_rows();
  const int64_t ny = p.batch * p.cout * p.col_cols();
  const auto x = test::random_values(size_t(nx), 11), w = test::random_values(size_t(nw), 12);
  const auto b = test::random_values(size_t(p.cout), 13), dy = test::random_values(size_t(ny), 14);
  std::vector<double> ry(static_cast<size_t>(ny)), rdx(static_cast<size_t>(nx)), rdw(static_cast<size_t>(nw)),
      rdb(static_cast<size_t>(p.cout));
  conv2d_forward_reference(p, to_double(x), to_double(w), to_double(b), ry);
  conv2d_backward_reference(p, to_double(x), to_double(w), to_double(dy), rdx, rdw, rdb);
  const Shape xs{p.batch, p.cin, p.height, p.width}, ws{p.cout, p.cin, p.kh, p.kw},
      ys{p.batch, p.cout, p.out_height(), p.out_width()};
  for (auto& be : test::all_backends()) {
    // On Vulkan, two of the cases also with the GEMM kernels other devices
    // pick (they do not split K: the weight gradient's one-slice path).
    auto* vkb = dynamic_cast<vk::VulkanBackend*>(be.get());
    const std::string name = cases()[size_t(index)].name;
    std::vector<vk::GemmPath> paths{vk::GemmPath::Auto};
    if (vkb && (name == "four_channels" || name == "long_k_split"))
      paths = {vk::GemmPath::Auto, vk::GemmPath::RegisterBlocked, vk::GemmPath::SharedTiles};
    for (const auto path : paths) {
      if (vkb) vkb->set_gemm_path(path);
      Tensor tx = be->from_host(xs, x), tw = be->from_host(ws, w), tb = be->from_host({p.cout}, b);
      Tensor ty = be->empty(ys), tdy = be->from_host(ys, dy), tdx = be->empty(xs), tdw = be->empty(ws), tdb = be->empty({p.cout});
      // Without and (where the backend has a use for one) with the workspace
      // the forward leaves for the backward.
      const int64_t saved_floats = be->conv2d_saved_floats(p);
      Tensor saved = saved_floats > 0 ? be->empty({saved_floats}) : Tensor();
      for (const Tensor* s : {static_cast<const Tensor*>(nullptr), static_cast<const Tensor*>(&saved)}) {
        conv2d_forward(*be, p, tx, tw, &tb, Activation::None, ty, s);
        conv2d_backward(*be, p, tx, tw, tdy, &tdx, tdw, &tdb, s);
        auto check = [&](const Tensor& t, const std::vector<double>& ref, const char* what) {
          std::vector<float> got(ref.size());
          be->download(t, got);
          for (size_t i = 0; i < ref.size(); ++i)
            if (std::fabs(got[i] - ref[i]) > 1e-4 * (1 + std::fabs(ref[i])))
              return QString("%1 (GEMM path %2) %3%4[%5]: %6 want %7").arg(QString::fromStdString(be->info().name))
                  .arg(int(path)).arg(s ? "(saved) " : "").arg(what).arg(i).arg(got[i]).arg(ref[i]);
          return QString();
        };
        for (auto msg : {check(ty, ry, "y"), check(tdx, rdx, "dx"), check(tdw, rdw, "dw"), check(tdb, rdb, "db")})
          if (!msg.isEmpty()) QFAIL(qPrintable(msg));
        if (!saved.defined()) break;  // no second round
      }
    }
    if (vkb) vkb->set_gemm_path(vk::GemmPath::Auto);
  }
}

void TestConv2d::matches_pytorch() {
  for (const auto& c : cases()) {
    const ConvParams& p = c.p;
    if (std::string(c.name) == "1x1_kernel1") continue;
    const int64_t nx = p.batch * p.cin * p.height * p.width, nw = p.cout * p.col_rows();
    const int64_t ny = p.batch * p.cout * p.col_cols();
    const auto x = test::random_values(size_t(nx), 21), w = test::random_values(size_t(nw), 22);
    const auto b = test::random_values(size_t(p.cout), 23), r = test::random_values(size_t(ny), 24);
    test::Arrays in{{"x", {{p.batch, p.cin, p.height, p.width}, x}},
                    {"w", {{p.cout, p.cin, p.kh, p.kw}, w}},
                    {"b", {{p.cout}, b}},
                    {"r", {{p.batch, p.cout, p.out_height(), p.out_width()}, r}},
                    {"params", {{6}, {float(p.sh), float(p.sw), float(p.ph), float(p.pw), float(p.dh), float(p.dw)}}}};
    QString why;
    auto out = test::run_torch_oracle("conv2d.py", in, &why);
    if (!out) QSKIP(qPrintable(why));
    QCOMPARE((*out)["y"].shape, (Shape{p.batch, p.cout, p.out_height(), p.out_width()}));
    const Shape xs{p.batch, p.cin, p.height, p.width}, ws{p.cout, p.cin, p.kh, p.kw}, ys = (*out)["y"].shape;
    for (auto& be : test::all_backends()) {
      Tensor tx = be->from_host(xs, x), tw = be->from_host(ws, w), tb = be->from_host({p.cout}, b);
      Tensor ty = be->empty(ys), tr = be->from_host(ys, r), tdx = be->empty(xs), tdw = be->empty(ws), tdb = be->empty({p.cout});
      conv2d_forward(*be, p, tx, tw, &tb, Activation::None, ty);
      conv2d_backward(*be, p, tx, tw, tr, &tdx, tdw, &tdb);
      for (auto [t, name] : {std::pair{&ty, "y"}, {&tdx, "dx"}, {&tdw, "dw"}, {&tdb, "db"}}) {
        const auto& want = (*out)[name].values;
        std::vector<float> got(want.size());
        be->download(*t, got);
        for (size_t i = 0; i < want.size(); ++i)
          QVERIFY2(std::fabs(got[i] - want[i]) <= 1e-4 * (1 + std::fabs(want[i])),
                   qPrintable(QString("%1 %2 %3[%4]").arg(c.name).arg(QString::fromStdString(be->info().name)).arg(name).arg(i)));
      }
    }
  }
}

void TestConv2d::impossible_parameters_are_named() {
  auto message = [](ConvParams p) {
    try {
      check_conv_params(p, "Conv2D 'conv_1'");
    } catch (const Error& e) {
      return QString(e.what());
    }
    return QString();
  };
  QVERIFY(message(conv(1, 1, 2, 2, 1, 3, 1, 0, 1)).contains("kernel size 3x3 is larger than the input 2x2"));
  QVERIFY(message(conv(1, 1, 5, 5, 1, 3, 1, 0, 3)).contains("dilated to 7x7"));
  QVERIFY(message(conv(1, 1, 5, 5, 0, 3, 1, 0, 1)).contains("filters"));
  QVERIFY(message(conv(1, 1, 5, 5, 1, 3, 0, 0, 1)).contains("stride"));
  QVERIFY(message(conv(1, 1, 5, 5, 1, 3, 1, -1, 1)).contains("padding"));
  QVERIFY(message(conv(1, 1, 5, 5, 1, 3, 1, 1, 1)).isEmpty());
  QVERIFY(message(conv(1, 1, 2, 2, 1, 3, 1, 0, 1)).startsWith("Conv2D 'conv_1'"));
}

void TestConv2d::generic_path_in_chunks() {
  // The generic composition and each backend's own convolution (the Vulkan
  // backend's also goes by chunks) with a budget of two samples per chunk,
  // so a batch of 5 goes as 2 + 2 + 1, on both backends.
  test::ValidationGuard guard;
  const ConvParams p = conv(5, 3, 7, 6, 4, 3, 3, 2, 1);
  set_conv_chunk_budget(p.col_rows() * p.col_cols() * 2);
  const int64_t nx = p.batch * p.cin * p.height * p.width, nw = p.cout * p.col_rows();
  const int64_t ny = p.batch * p.cout * p.col_cols();
  const auto x = test::random_values(size_t(nx), 21), w = test::random_values(size_t(nw), 22);
  const auto b = test::random_values(size_t(p.cout), 23), dy = test::random_values(size_t(ny), 24);
  std::vector<double> ry(static_cast<size_t>(ny)), rdx(static_cast<size_t>(nx)), rdw(static_cast<size_t>(nw)),
      rdb(static_cast<size_t>(p.cout));
  conv2d_forward_reference(p, to_double(x), to_double(w), to_double(b), ry);
  conv2d_backward_reference(p, to_double(x), to_double(w), to_double(dy), rdx, rdw, rdb);
  for (auto& be : test::all_backends()) {
    Tensor tx = be->from_host({nx}, x), tw = be->from_host({nw}, w), tb = be->from_host({p.cout}, b);
    Tensor ty = be->empty({ny}), tdy = be->from_host({ny}, dy), tdx = be->empty({nx}), tdw = be->empty({nw});
    Tensor tdb = be->empty({p.cout});
    for (bool generic : {true, false}) {
      if (generic) {
        conv2d_forward_generic(*be, p, tx, tw, &tb, Activation::None, ty);
        conv2d_backward_generic(*be, p, tx, tw, tdy, &tdx, tdw, &tdb);
      } else {
        conv2d_forward(*be, p, tx, tw, &tb, Activation::None, ty);
        conv2d_backward(*be, p, tx, tw, tdy, &tdx, tdw, &tdb);
      }
      for (auto [t, ref, what] : {std::tuple{&ty, &ry, "y"}, {&tdx, &rdx, "dx"}, {&tdw, &rdw, "dw"}, {&tdb, &rdb, "db"}}) {
        std::vector<float> got(ref->size());
        be->download(*t, got);
        for (size_t i = 0; i < got.size(); ++i)
          QVERIFY2(std::fabs(got[i] - (*ref)[i]) <= 1e-4 * (1 + std::fabs((*ref)[i])),
                   qPrintable(QString("%1 %2 %3[%4]: %5 want %6").arg(be->info().name.c_str()).arg(generic ? "generic" : "own")
                                  .arg(what).arg(i).arg(got[i]).arg((*ref)[i])));
      }
    }
  }
  set_conv_chunk_budget(0);
}

void TestConv2d::fused_max_pool_matches_separate_ops() {
  // Backend::conv2d_max_pool_forward/backward against the separate ops on the
  // same backend. On Vulkan, layers with at most 32 taps and pool windows of
  // at most 2x2 run the direct kernel (conv_pool_direct.comp), the others
  // the GEMM path; padding, strides, dilation and clipped pool windows.
  test::ValidationGuard guard;
  struct Case {
    ConvParams p;
    int64_t pool_k, pool_s, pool_pad;
  };
  const Case cases[] = {{conv(3, 1, 9, 8, 5, 3, 1, 0, 1), 2, 2, 0},   // a first layer: direct
                        {conv(2, 2, 7, 7, 4, 3, 1, 1, 1), 2, 2, 1},   // clipped windows: direct
                        {conv(2, 3, 11, 9, 3, 3, 2, 1, 1), 2, 1, 0},  // overlapping 2x2/1: direct
                        {conv(2, 1, 13, 12, 2, 5, 1, 2, 2), 2, 2, 0}, // 25 taps, dilated: direct
                        {conv(2, 4, 8, 8, 3, 3, 1, 0, 1), 2, 2, 0},   // 36 taps: GEMM path
                        {conv(2, 2, 9, 9, 3, 3, 1, 0, 1), 3, 1, 0}};  // 3x3 pool: GEMM path
  for (const Case& c : cases) {
    const ConvParams& p = c.p;
    PoolParams q;
    q.batch = p.batch, q.channels = p.cout, q.height = p.out_height(), q.width = p.out_width();
    q.kh = q.kw = c.pool_k, q.sh = q.sw = c.pool_s, q.ph = q.pw = c.pool_pad;
    const int64_t nx = p.batch * p.cin * p.height * p.width, nw = p.cout * p.col_rows();
    const int64_t ny = p.batch * p.cout * p.col_cols(), np = q.out_count();
    const auto x = test::random_values(size_t(nx), 31), w = test::random_values(size_t(nw), 32);
    const auto b = test::random_values(size_t(p.cout), 33), dp = test::random_values(size_t(np), 34);
    for (auto& be : test::all_backends()) {
      Tensor tx = be->from_host({nx}, x), tw = be->from_host({nw}, w), tb = be->from_host({p.cout}, b);
      Tensor tdp = be->from_host({np}, dp);
      std::vector<std::vector<float>> got[2];
      for (int fused = 0; fused < 2; ++fused) {
        Tensor y = be->empty({ny}), dy = be->empty({ny}), dz = be->empty({ny}), pooled = be->empty({np}),
               argmax = be->empty({np}), dx = be->empty({nx}), dw = be->empty({nw}), db = be->empty({p.cout});
        if (fused) {
          be->conv2d_max_pool_forward(p, tx, tw, &tb, Activation::ReLU, q, y, pooled, argmax);
          be->conv2d_max_pool_backward(p, Activation::ReLU, 0.01f, q, tx, tw, pooled, argmax, tdp, y, dy, dz, &dx, dw,
                                       &db);
        } else {
          conv2d_forward(*be, p, tx, tw, &tb, Activation::ReLU, y);
          be->pool_forward(q, y, pooled, argmax);
          be->pool_backward(q, tdp, argmax, dy);
          conv2d_activation_backward(*be, p, Activation::ReLU, 0.01f, y, tx, tw, dy, dz, &dx, dw, &db);
        }
        for (const Tensor* t : {&pooled, &argmax, &dx, &dw, &db}) {
          std::vector<float> v(size_t(t->numel()));
          be->download(*t, v);
          got[fused].push_back(v);
        }
      }
      const char* names[] = {"pooled", "argmax", "dx", "dw", "db"};
      for (size_t k = 0; k < 5; ++k)
        for (size_t i = 0; i < got[0][k].size(); ++i) {
          const float a = got[1][k][i], e = got[0][k][i];
          QVERIFY2(std::fabs(a - e) <= 1e-5f * (1 + std::fabs(e)),
                   qPrintable(QString("%1, %2 taps, pool %3/%4: %5[%6] fused %7, separate %8")
                                  .arg(QString::fromStdString(be->info().name)).arg(p.col_rows()).arg(c.pool_k)
                                  .arg(c.pool_s).arg(names[k]).arg(i).arg(a).arg(e)));
        }
    }
  }
}

QTEST_APPLESS_MAIN(TestConv2d)
void TestConv2d::stale_workspace_never_leaks() {
  // The CPU backend reuses its column workspaces across layers and steps:
  // convolutions with padding after a larger one without must still see zeros
  // where they pad (im2col writes every column value, never trusts the buffer).
  CpuBackend be;
  const ConvParams big = conv(2, 2, 12, 12, 3, 3, 1, 0, 1);
  const auto bx = test::random_values(size_t(2 * 2 * 12 * 12), 3, 1.f, 2.f), bw = test::random_values(size_t(3 * 18), 4);
  Tensor tbx = be.from_host({2, 2, 12, 12}, bx), tbw = be.from_host({3, 2, 3, 3}, bw), tby = be.empty({2, 3, 10, 10});
  for (const char* name : {"rect", "same_pad", "stride2_pad1"}) {
    conv2d_forward(be, big, tbx, tbw, nullptr, Activation::None, tby);  // fills the workspace with non-zeros
    ConvParams p;
    for (const auto& c : cases())
      if (std::string(c.name) == name) p = c.p;
    const Shape xs{p.batch, p.cin, p.height, p.width}, ws{p.cout, p.cin, p.kh, p.kw},
        ys{p.batch, p.cout, p.out_height(), p.out_width()};
    const auto x = test::random_values(size_t(numel(xs)), 5), w = test::random_values(size_t(numel(ws)), 6);
    const std::vector<float> b(size_t(p.cout), 0.f);
    std::vector<double> ref(size_t(numel(ys)));
    conv2d_forward_reference(p, to_double(x), to_double(w), to_double(b), ref);
    Tensor tx = be.from_host(xs, x), tw = be.from_host(ws, w), ty = be.empty(ys);
    conv2d_forward(be, p, tx, tw, nullptr, Activation::None, ty);
    std::vector<float> y(size_t(numel(ys)));
    be.download(ty, y);
    for (size_t i = 0; i < y.size(); ++i)
      QVERIFY2(std::fabs(y[i] - ref[i]) <= 1e-5 * (1 + std::fabs(ref[i])),
               qPrintable(QString("%1: y[%2] = %3, want %4").arg(name).arg(i).arg(y[i]).arg(ref[i])));
  }
}

#include "test_conv2d.moc"
