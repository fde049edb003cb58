#include "data/augment.h"

#include <cmath>

#include "core/error.h"

namespace strata {

AugmentConfig augment_from_json(const nlohmann::json& j, const std::string& where) {
  AugmentConfig a;
  if (!j.is_object()) throw Error(where + ": must be an object");
  for (const auto& [k, v] : j.items()) {
    const std::string at = where + "." + k;
    if (k == "flip") {
      if (!v.is_boolean()) throw Error(at + ": must be true or false");
      a.flip = v;
    } else if (k == "shift" || k == "zoom") {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 0.5) throw Error(at + ": must be between 0 and 0.5");
      (k == "shift" ? a.shift : a.zoom) = v.get<double>();
    } else if (k == "rotation") {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 180) throw Error(at + ": must be between 0 and 180 degrees");
      a.rotation = v;
    } else if (k == "crop_padding") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 64) throw Error(at + ": must be between 0 and 64 pixels");
      a.crop_padding = v;
    } else {
      throw Error(at + ": unknown augmentation (flip, shift, rotation, zoom, crop_padding)");
    }
  }
  return a;
}

nlohmann::json augment_to_json(const AugmentConfig& a) {
  return {{"flip", a.flip}, {"shift", a.shift}, {"rotation", a.rotation}, {"zoom", a.zoom}, {"crop_padding", a.crop_padding}};
}

void augment_sample(const AugmentConfig& a, const Shape& shape, float* x, std::mt19937_64& rng,
                    std::vector<float>& scratch) {
  if (shape.size() != 3 || !a.enabled()) return;
  const int64_t C = shape[0], H = shape[1], W = shape[2];
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  const bool flip = a.flip && (rng() & 1);
  const double angle = a.rotation * M_PI / 180.0 * u(rng);
  const double scale = 1.0 + a.zoom * u(rng);
  double dy = a.shift * double(H) * u(rng), dx = a.shift * double(W) * u(rng);
  if (a.crop_padding > 0) {  // a random crop of the padded image is an integer shift within the padding
    std::uniform_int_distribution<int64_t> off(-a.crop_padding, a.crop_padding);
    dy += double(off(rng)), dx += double(off(rng));
  }
  scratch.assign(x, x + C * H * W);
  // Inverse mapping: for each output pixel, the input position it comes from
  // (rotation and zoom about the centre, then the shift), bilinear, zeros outside.
  const double cy = (double(H) - 1) / 2, cx = (double(W) - 1) / 2;
  const double cs = std::cos(angle) / scale, sn = std::sin(angle) / scale;
  for (int64_t y = 0; y < H; ++y)
    for (int64_t xo = 0; xo < W; ++xo) {
      const double ox = double(flip ? W - 1 - xo : xo) - cx - dx, oy = double(y) - cy - dy;
      const double sx = cs * ox + sn * oy + cx, sy = -sn * ox + cs * oy + cy;
      const int64_t x0 = int64_t(std::floor(sx)), y0 = int64_t(std::floor(sy));
      const double fx = sx - double(x0), fy = sy - double(y0);
      for (int64_t c = 0; c < C; ++c) {
        const float* plane = scratch.data() + c * H * W;
        auto px = [&](int64_t yy, int64_t xx) {
          return yy >= 0 && yy < H && xx >= 0 && xx < W ? double(plane[yy * W + xx]) : 0.0;
        };
        const double v = (px(y0, x0) * (1 - fx) + px(y0, x0 + 1) * fx) * (1 - fy) +
                         (px(y0 + 1, x0) * (1 - fx) + px(y0 + 1, x0 + 1) * fx) * fy;
        x[(c * H + y) * W + xo] = float(v);
      }
    }
}

}  // namespace strata
