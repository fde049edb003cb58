// The preprocess() part of an exported model.py: the run's preprocessing
// (data/preprocessing.h) in Python, computed as Strata computes it (float64
// (x - mean) / std, rounded to float32 once), so PyTorch gets the same inputs.
#include <nlohmann/json.hpp>
#include <sstream>

#include "export/pytorch_export.h"

namespace strata {

std::string pytorch_preprocess_source(const Preprocessing* p) {
  std::ostringstream py;
  const nlohmann::json j = p ? p->to_json() : nlohmann::json();
  // JSON lists of numbers and strings are Python literals as they are.
  py << "\n\n# The run's preprocessing, as Strata recorded it: preprocess() turns raw samples\n"
     << "# into the input Model() takes.\n"
     << "PREPROCESSING = \"" << (p ? input_kind_name(p->input) : "none") << "\"\n"
     << "CLASS_NAMES = " << (p ? j["class_names"].dump() : "[]") << "\n";
  if (!p || p->input != Preprocessing::Input::Tokens) {
    py << "MEAN = " << (p ? j["mean"].dump() : "[]") << "\n"
       << "STD = " << (p ? j["std"].dump() : "[]") << "\n\n\n"
       << "def preprocess(x):\n"
       << "    \"\"\"Raw samples, batch first (images: pixels 0-255, [n, channels, height, width];\n"
       << "    tables: the feature columns in order) -> the float32 tensor Model() takes:\n"
       << "    (x - MEAN) / STD per channel or feature, in float64 as Strata computes it.\"\"\"\n"
       << "    x = torch.as_tensor(np.asarray(x, dtype=np.float64))\n"
       << "    n = x.shape[0]\n"
       << "    if MEAN:\n"
       << "        x = x.reshape(n, len(MEAN), -1)\n"
       << "        mean = torch.tensor(MEAN, dtype=torch.float64)[:, None]\n"
       << "        std = torch.tensor(STD, dtype=torch.float64)[:, None]\n"
       << "        x = (x - mean) / std\n"
       << "    return x.reshape(n, *INPUT_SHAPE).float()\n";
    return py.str();
  }
  py << "TOKENS = " << j["tokens"].dump() << "  # \"word\" or \"char\"\n"
     << "LENGTH = " << j["length"].dump() << "\n"
     << "VOCABULARY = " << j["vocabulary"].dump() << "  # id 0 pads, 1 is unknown, VOCABULARY[i] is id i + 2\n"
     << "_IDS = {token: i + 2 for i, token in enumerate(VOCABULARY)}\n\n\n"
     << "def tokenize(text):\n"
     << "    \"\"\"Strata's tokens: lower-cased words (runs of ASCII letters and digits and of\n"
     << "    non-ASCII characters) or characters (ASCII lower-cased).\"\"\"\n"
     << "    if TOKENS == \"char\":\n"
     << "        return [c.lower() if c.isascii() else c for c in text if c not in \"\\r\\n\"]\n"
     << "    words, word = [], []\n"
     << "    for c in text:\n"
     << "        if (c.isascii() and c.isalnum()) or not c.isascii():\n"
     << "            word.append(c.lower() if c.isascii() else c)\n"
     << "        elif word:\n"
     << "            words.append(\"\".join(word))\n"
     << "            word = []\n"
     << "    if word:\n"
     << "        words.append(\"\".join(word))\n"
     << "    return words\n\n\n"
     << "def preprocess(texts):\n"
     << "    \"\"\"A list of texts -> token ids [n, LENGTH] as float32 (cut at the end, padded at the front).\"\"\"\n"
     << "    rows = []\n"
     << "    for text in texts:\n"
     << "        ids = [_IDS.get(t, 1) for t in tokenize(text)][:LENGTH]\n"
     << "        rows.append([0] * (LENGTH - len(ids)) + ids)\n"
     << "    return torch.tensor(rows, dtype=torch.float32).reshape(len(rows), *INPUT_SHAPE)\n";
  return py.str();
}

}  // namespace strata
