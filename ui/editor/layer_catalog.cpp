#include "editor/layer_catalog.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>

#include "common/format.h"
#include "layers/registry.h"

namespace strata::ui {
namespace {
const char kContext[] = "strata::layers";  // the context of the registry's strings in the translations

QString tr_registry(const std::string& text) {
  return QCoreApplication::translate(kContext, text.c_str());
}
}  // namespace

QString category_label(const std::string& category) { return tr_registry(category); }
QString layer_summary(const LayerSpec& spec) { return tr_registry(spec.summary); }
QString param_help(const ParamSpec& param) { return tr_registry(param.help); }

QString param_label(const ParamSpec& param) {
  QString english = QString::fromStdString(param.name).replace(QLatin1Char('_'), QLatin1Char(' '));
  if (!english.isEmpty()) english[0] = english[0].toUpper();
  const QString translated = QCoreApplication::translate(kContext, english.toUtf8().constData());
  return translated;
}

std::vector<std::string> layer_categories() {
  std::vector<std::string> out;
  for (const auto& s : layer_specs())
    if (std::find(out.begin(), out.end(), s.category) == out.end()) out.push_back(s.category);
  return out;
}

QString param_value_text(const ParamSpec& param, const nlohmann::json& v) {
  switch (param.kind) {
    case ParamKind::Int:
      return v.is_number() ? QString::number(v.get<int64_t>()) : QString();
    case ParamKind::Float:
      return v.is_number() ? QLocale::c().toString(v.get<double>(), 'g', 6) : QString();
    case ParamKind::Bool:
      return v.is_boolean() ? QString::fromLatin1(v.get<bool>() ? "true" : "false") : QString();
    case ParamKind::Choice:
      return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString();
    case ParamKind::IntList: {
      if (v.is_number_integer()) return QString::number(v.get<int64_t>());
      if (!v.is_array()) return {};
      std::vector<int64_t> ints;
      for (const auto& e : v)
        if (e.is_number_integer()) ints.push_back(e.get<int64_t>());
      return shape_text(ints);
    }
  }
  return {};
}

QString key_params_text(const LayerSpec& spec, const nlohmann::json& params) {
  QStringList parts;
  for (size_t i = 0; i < spec.params.size() && parts.size() < 4; ++i) {
    const ParamSpec& p = spec.params[i];
    const bool set = params.is_object() && params.contains(p.name);
    const nlohmann::json v = set ? params.at(p.name) : p.default_value;
    const bool is_default = v == p.default_value;
    // The first parameter names the layer's size (units, filters, shape);
    // the spec marks others worth seeing always (a kernel's 3×3); the rest
    // show when changed.
    const bool key = i == 0 || p.key;
    if (!key && is_default) continue;
    if (p.name == "inputs") continue;  // the ports show it
    switch (p.kind) {
      case ParamKind::Bool:
        if (v.is_boolean() && v.get<bool>()) parts << param_label(p).toLower();
        else if (v.is_boolean()) parts << QCoreApplication::translate("strata::layers", "no %1").arg(param_label(p).toLower());
        break;
      case ParamKind::Float:
        parts << param_label(p).toLower() + QLatin1Char(' ') + param_value_text(p, v);
        break;
      default:
        parts << param_value_text(p, v);
    }
  }
  parts.removeAll(QString());
  return parts.join(QStringLiteral(" \u00B7 "));
}

int fuzzy_score(const QString& query, const QString& text) {
  if (query.isEmpty()) return 0;
  const QString q = query.toLower(), t = text.toLower();
  if (const qsizetype at = t.indexOf(q); at >= 0)  // a plain substring beats any scattered match
    return 1000 - int(at) * 4 + (at == 0 ? 200 : 0) - int(t.size() - q.size());
  int score = 0, qi = 0, run = 0;
  for (qsizetype i = 0; i < t.size() && qi < q.size(); ++i) {
    if (t[i] != q[qi]) {
      run = 0;
      continue;
    }
    const bool word_start = i == 0 || !t[i - 1].isLetterOrNumber() || (text[i].isUpper() && text[i - 1].isLower());
    score += 10 + (word_start ? 15 : 0) + run * 5;
    ++run, ++qi;
  }
  return qi == q.size() ? score : -1;
}

std::vector<LayerMatch> search_layers(const QString& query) {
  std::vector<LayerMatch> out;
  const QString q = query.trimmed();
  for (const auto& s : layer_specs()) {
    if (q.isEmpty()) {
      out.push_back({&s, 0});
      continue;
    }
    const int by_type = fuzzy_score(q, QString::fromStdString(s.type));
    const int by_category = std::max(fuzzy_score(q, QString::fromStdString(s.category)), fuzzy_score(q, category_label(s.category)));
    const int by_summary = std::max(fuzzy_score(q, QString::fromStdString(s.summary)), fuzzy_score(q, layer_summary(s)));
    const int best = std::max({by_type >= 0 ? by_type * 3 : -1, by_category >= 0 ? by_category : -1,
                               by_summary >= 0 ? by_summary / 2 : -1});
    if (best >= 0) out.push_back({&s, best});
  }
  std::stable_sort(out.begin(), out.end(), [](const LayerMatch& a, const LayerMatch& b) { return a.score > b.score; });
  return out;
}

bool layer_accepts(const LayerSpec& spec, const Shape& input) {
  try {
    const NodeParams p = resolve_params(spec, "probe", nlohmann::json::object());
    const int ports = spec.input_count(p);
    if (ports < 1) return false;
    spec.infer(p, std::vector<Shape>(size_t(ports), input));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace strata::ui
