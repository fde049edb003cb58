#include "export/weights_export.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "data/npy.h"

namespace strata {

namespace {

void put16(std::string& s, uint32_t v) { s += char(v & 0xff), s += char((v >> 8) & 0xff); }
void put32(std::string& s, uint32_t v) { put16(s, v & 0xffff), put16(s, v >> 16); }
uint32_t get16(const std::string& s, size_t at) { return uint8_t(s[at]) | uint32_t(uint8_t(s[at + 1])) << 8; }
uint32_t get32(const std::string& s, size_t at) { return get16(s, at) | get16(s, at + 2) << 16; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string safetensors_bytes(const WeightMap& weights, const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string data;
  for (const auto& [name, a] : weights) {  // std::map: sorted by name
    const size_t begin = data.size();
    data.append(reinterpret_cast<const char*>(a.values.data()), a.values.size() * sizeof(float));
    header[name] = {{"dtype", "F32"}, {"shape", a.shape}, {"data_offsets", {begin, data.size()}}};
  }
  std::string h = header.dump();
  while (h.size() % 8) h += ' ';  // the data starts 8-byte aligned
  std::string out;
  const uint64_t len = h.size();
  for (int i = 0; i < 8; ++i) out += char((len >> (8 * i)) & 0xff);
  return out + h + data;
}

WeightMap read_safetensors(const std::string& path) {
  const std::string f = slurp(path);
  if (f.size() < 8) throw Error(path + ": not a safetensors file (too short)");
  uint64_t len = 0;
  for (int i = 7; i >= 0; --i) len = len << 8 | uint8_t(f[size_t(i)]);
  if (len > f.size() - 8) throw Error(path + ": truncated safetensors header");
  nlohmann::json h;
  try {
    h = nlohmann::json::parse(f.substr(8, len));
  } catch (const std::exception&) {
    throw Error(path + ": damaged safetensors header");
  }
  WeightMap out;
  const size_t base = 8 + len;
  if (!h.is_object()) throw Error(path + ": damaged safetensors header (not a JSON object)");
  for (const auto& [name, e] : h.items()) {
    if (name == "__metadata__") continue;
    // Every field checked before use (found by fuzzing: entries that are not
    // objects, shapes that are not lists of sizes, sizes that overflow).
    if (!e.is_object() || !e.contains("dtype") || !e["dtype"].is_string() || !e.contains("shape") || !e["shape"].is_array() ||
        !e.contains("data_offsets") || !e["data_offsets"].is_array() || e["data_offsets"].size() != 2)
      throw Error(path + ": " + name + ": not a tensor entry (dtype, shape and data_offsets)");
    if (e["dtype"] != "F32") throw Error(path + ": " + name + " is " + e["dtype"].get<std::string>() + ", only F32 is read");
    NamedArray a;
    size_t count = 1;
    for (const auto& d : e["shape"]) {
      if (!d.is_number_unsigned()) throw Error(path + ": " + name + ": its shape holds something other than sizes");
      const uint64_t n = d.get<uint64_t>();
      if (n != 0 && count > (f.size() / 4) / n + 1) throw Error(path + ": " + name + ": its shape is larger than the file");
      count *= size_t(n);
      a.shape.push_back(int64_t(n));
    }
    for (const auto& o : e["data_offsets"])
      if (!o.is_number_unsigned()) throw Error(path + ": " + name + ": data offsets are not byte positions");
    const std::vector<size_t> off{e["data_offsets"][0].get<size_t>(), e["data_offsets"][1].get<size_t>()};
    if (off[1] < off[0] || off[1] - off[0] != count * 4 || off[1] > f.size() - base)
      throw Error(path + ": " + name + ": data offsets do not fit its shape or the file (truncated?)");
    a.values.resize(count);
    if (count > 0) std::memcpy(a.values.data(), f.data() + base + off[0], off[1] - off[0]);
    out.emplace(name, std::move(a));
  }
  return out;
}

std::string npz_bytes(const WeightMap& weights) {
  // A zip archive with every entry stored (method 0), as numpy.savez writes.
  std::string zip, central;
  uint16_t count = 0;
  for (const auto& [name, a] : weights) {
    const std::string file = name + ".npy";
    const std::string body = npy_bytes(a);
    const uint32_t crc = uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size())));
    const uint32_t offset = uint32_t(zip.size());
    put32(zip, 0x04034b50), put16(zip, 20), put16(zip, 0), put16(zip, 0), put16(zip, 0), put16(zip, 0x21);
    put32(zip, crc), put32(zip, uint32_t(body.size())), put32(zip, uint32_t(body.size()));
    put16(zip, uint32_t(file.size())), put16(zip, 0);
    zip += file + body;
    put32(central, 0x02014b50), put16(central, 20), put16(central, 20), put16(central, 0), put16(central, 0);
    put16(central, 0), put16(central, 0x21), put32(central, crc), put32(central, uint32_t(body.size()));
    put32(central, uint32_t(body.size())), put16(central, uint32_t(file.size())), put16(central, 0), put16(central, 0);
    put16(central, 0), put16(central, 0), put32(central, 0), put32(central, offset);
    central += file;
    ++count;
  }
  const uint32_t cd_offset = uint32_t(zip.size());
  zip += central;
  put32(zip, 0x06054b50), put16(zip, 0), put16(zip, 0), put16(zip, count), put16(zip, count);
  put32(zip, uint32_t(central.size())), put32(zip, cd_offset), put16(zip, 0);
  return zip;
}

WeightMap read_npz(const std::string& path) {
  const std::string f = slurp(path);
  // Walk the local file headers (stored entries only: what savez and we write).
  WeightMap out;
  size_t at = 0;
  while (at + 30 <= f.size() && get32(f, at) == 0x04034b50) {
    const uint32_t method = get16(f, at + 8), size = get32(f, at + 18);
    const uint32_t nlen = get16(f, at + 26), xlen = get16(f, at + 28);
    if (method != 0) throw Error(path + ": compressed entries are not supported (save with numpy.savez, not savez_compressed)");
    const std::string name = f.substr(at + 30, nlen);
    const size_t body = at + 30 + nlen + xlen;
    if (body + size > f.size()) throw Error(path + ": truncated archive (" + name + ")");
    NpyArray a = parse_npy(f.substr(body, size), path + ": " + name);
    std::string key = name.size() > 4 && name.substr(name.size() - 4) == ".npy" ? name.substr(0, name.size() - 4) : name;
    out.emplace(key, std::move(a));
    at = body + size;
  }
  if (out.empty()) throw Error(path + ": not a NumPy .npz archive");
  return out;
}

}  // namespace strata
