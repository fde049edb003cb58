#include "data/npy.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace strata {

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_npy(ss.str(), path);
}

NpyArray parse_npy(const std::string& f, const std::string& path) {
  if (f.size() < 10 || f.compare(0, 6, "\x93NUMPY") != 0) throw Error(path + ": not a NumPy .npy file");
  const int major = static_cast<unsigned char>(f[6]);
  size_t hlen, start;
  if (major == 1) {
    hlen = uint8_t(f[8]) | size_t(uint8_t(f[9])) << 8, start = 10;
  } else {
    if (f.size() < 12) throw Error(path + ": truncated .npy header");
    hlen = uint8_t(f[8]) | size_t(uint8_t(f[9])) << 8 | size_t(uint8_t(f[10])) << 16 | size_t(uint8_t(f[11])) << 24;
    start = 12;
  }
  if (f.size() < start + hlen) throw Error(path + ": truncated .npy header");
  const std::string h = f.substr(start, hlen);
  auto value_of = [&](const std::string& key) {
    const size_t k = h.find("'" + key + "'");
    if (k == std::string::npos) throw Error(path + ": .npy header without '" + key + "'");
    return h.substr(h.find(':', k) + 1);
  };
  // The dtype: little-endian (or one-byte) floats, signed or unsigned integers, booleans.
  const std::string descr = value_of("descr");
  const size_t q = descr.find('\'');
  const std::string dtype = q == std::string::npos ? "" : descr.substr(q + 1, descr.find('\'', q + 1) - q - 1);
  const char kind = dtype.size() >= 3 ? dtype[1] : '?';
  const size_t width = dtype.size() >= 3 ? size_t(std::atoi(dtype.c_str() + 2)) : 0;
  const bool little = !dtype.empty() && (dtype[0] == '<' || dtype[0] == '|' || (dtype[0] == '=' && width == 1));
  const bool known = little && ((kind == 'f' && (width == 4 || width == 8)) || ((kind == 'i' || kind == 'u') &&
                                (width == 1 || width == 2 || width == 4 || width == 8)) || (kind == 'b' && width == 1));
  if (!known)
    throw Error(path + ": the array's dtype '" + dtype + "' is not one of float32, float64, (u)int8-64 or bool (little-endian)");
  if (value_of("fortran_order").find("True") < value_of("fortran_order").find(',')) throw Error(path + ": Fortran-order arrays are not supported");
  const std::string sh = value_of("shape");
  NpyArray a;
  const size_t open = sh.find('('), close = sh.find(')', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos)
    throw Error(path + ": the .npy header's shape is not a tuple of sizes");
  std::stringstream dims(sh.substr(open + 1, close - open - 1));
  std::string tok;
  // Each size a plain whole number; their product checked against the file's
  // size as it grows, so a hostile header can neither overflow nor promise
  // more values than the file holds.
  const size_t data = start + hlen, available = (f.size() - data) / width;
  size_t n = 1;
  while (std::getline(dims, tok, ',')) {
    const size_t b = tok.find_first_not_of(' '), e = tok.find_last_not_of(' ');
    if (b == std::string::npos) continue;
    const std::string digits = tok.substr(b, e - b + 1);
    if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string::npos)
      throw Error(path + ": the .npy header's shape has '" + digits + "' where a size should be");
    const int64_t d = std::stoll(digits);
    a.shape.push_back(d);
    if (d != 0 && n > available / size_t(d) + 1) n = available + 1;  // more than the file holds: reported below
    else n *= size_t(d);
  }
  if (n > available)
    throw Error(path + ": truncated: the header's shape (" + sh.substr(open, close - open + 1) + ") promises more values than the file holds");
  const size_t bytes = n * width;
  a.values.resize(n);
  const char* p = f.data() + data;
  auto each = [&](auto zero) {
    using T = decltype(zero);
    for (size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, p + sizeof(T) * i, sizeof(T));
      a.values[i] = float(v);
    }
  };
  if (bytes == 0) {
    // An empty array: nothing to copy, and no buffer to copy into (memcpy to null is undefined; found by fuzzing).
  } else if (kind == 'f' && width == 4) std::memcpy(a.values.data(), p, bytes);
  else if (kind == 'f') each(double());
  else if (kind == 'b' || (kind == 'u' && width == 1)) each(uint8_t());
  else if (kind == 'u' && width == 2) each(uint16_t());
  else if (kind == 'u' && width == 4) each(uint32_t());
  else if (kind == 'u') each(uint64_t());
  else if (width == 1) each(int8_t());
  else if (width == 2) each(int16_t());
  else if (width == 4) each(int32_t());
  else each(int64_t());
  return a;
}

std::string npy_bytes(const NpyArray& a) {
  std::string shape = "(";
  for (size_t i = 0; i < a.shape.size(); ++i) shape += std::to_string(a.shape[i]) + (a.shape.size() == 1 || i + 1 < a.shape.size() ? "," : "");
  shape += ")";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so the data starts at a multiple of 64 bytes, ending the header with a newline.
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(1), out += char(0);
  out += char(header.size() & 0xff), out += char(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(a.values.data()), a.values.size() * sizeof(float));
  return out;
}

}  // namespace strata
