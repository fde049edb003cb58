#include "data/npy.h"

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
  const std::string descr = value_of("descr");
  const bool f32 = descr.find("'<f4'") == 0 || descr.find(" '<f4'") == 0;
  const bool f64 = descr.find("'<f8'") == 0 || descr.find(" '<f8'") == 0;
  if (!f32 && !f64) throw Error(path + ": the array must be float32 (or float64), got " + descr.substr(0, descr.find(',')));
  if (value_of("fortran_order").find("True") < value_of("fortran_order").find(',')) throw Error(path + ": Fortran-order arrays are not supported");
  const std::string sh = value_of("shape");
  NpyArray a;
  const size_t open = sh.find('('), close = sh.find(')');
  std::stringstream dims(sh.substr(open + 1, close - open - 1));
  std::string tok;
  while (std::getline(dims, tok, ','))
    if (tok.find_first_not_of(' ') != std::string::npos) a.shape.push_back(std::stoll(tok));
  const size_t n = size_t(numel(a.shape)), data = start + hlen, bytes = n * (f32 ? 4 : 8);
  if (f.size() < data + bytes)
    throw Error(path + ": truncated: the header promises " + std::to_string(n) + " values");
  a.values.resize(n);
  if (f32) std::memcpy(a.values.data(), f.data() + data, bytes);
  else
    for (size_t i = 0; i < n; ++i) {
      double d;
      std::memcpy(&d, f.data() + data + 8 * i, 8);
      a.values[i] = float(d);
    }
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
