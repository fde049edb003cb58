// Push constants of the pooling kernels; mirrors PoolPush in engine/vk/vk_pool.cpp.
layout(push_constant) uniform Params {
  uint planes;  // batch * channels
  uint H; uint W; uint OH; uint OW;
  uint kh; uint kw; uint sh; uint sw; uint ph; uint pw;
} p;

// Window of output (oh, ow) clipped to the input: [h0, h1) x [w0, w1).
void pool_window(uint oh, uint ow, out uint h0, out uint h1, out uint w0, out uint w1) {
  int hs = int(oh * p.sh) - int(p.ph), ws = int(ow * p.sw) - int(p.pw);
  h0 = uint(max(hs, 0));
  w0 = uint(max(ws, 0));
  h1 = uint(min(hs + int(p.kh), int(p.H)));
  w1 = uint(min(ws + int(p.kw), int(p.W)));
}
