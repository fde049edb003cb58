#include "layers/registry.h"

#include <cmath>

#include "core/closest_names.h"
#include "layers/layer_names.h"

namespace strata {

// Each layer family defines its specs in its own file.
void add_input_layers(std::vector<LayerSpec>& out);
void add_dense_layers(std::vector<LayerSpec>& out);
void add_conv_layers(std::vector<LayerSpec>& out);
void add_pooling_layers(std::vector<LayerSpec>& out);
void add_reshape_layers(std::vector<LayerSpec>& out);
void add_regularization_layers(std::vector<LayerSpec>& out);
void add_normalization_layers(std::vector<LayerSpec>& out);
void add_activation_layers(std::vector<LayerSpec>& out);
void add_embedding_layers(std::vector<LayerSpec>& out);
void add_recurrent_layers(std::vector<LayerSpec>& out);
void add_merge_layers(std::vector<LayerSpec>& out);
void add_attention_layers(std::vector<LayerSpec>& out);
void add_transformer_layers(std::vector<LayerSpec>& out);
void add_loss_layers(std::vector<LayerSpec>& out);

const std::vector<LayerSpec>& layer_specs() {
  static const std::vector<LayerSpec> specs = [] {
    std::vector<LayerSpec> s;
    add_input_layers(s);
    add_dense_layers(s);
    add_conv_layers(s);
    add_pooling_layers(s);
    add_reshape_layers(s);
    add_regularization_layers(s);
    add_normalization_layers(s);
    add_activation_layers(s);
    add_embedding_layers(s);
    add_recurrent_layers(s);
    add_attention_layers(s);
    add_transformer_layers(s);
    add_merge_layers(s);
    add_loss_layers(s);
    return s;
  }();
  return specs;
}

const LayerSpec* find_layer(std::string_view type) {
  for (const auto& s : layer_specs())
    if (s.type == type) return &s;
  return nullptr;
}

namespace {
std::string number_text(double v) {
  std::string s = std::to_string(v);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    const bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

void check_range(const ParamSpec& ps, double v) {
  if (!std::isfinite(v)) throw LayerError(ps.name, ps.name + " must be a finite number");
  if (v < ps.min) throw LayerError(ps.name, ps.name + " must be at least " + number_text(ps.min) + ", not " + number_text(v));
  if (ps.max_exclusive ? v >= ps.max : v > ps.max)
    throw LayerError(ps.name, ps.name + " must be " + (ps.max_exclusive ? "below " : "at most ") + number_text(ps.max) +
                                  ", not " + number_text(v));
}
}  // namespace

NodeParams resolve_params(const LayerSpec& spec, const std::string& node_name, const nlohmann::json& values) {
  NodeParams out{node_name, nlohmann::json::object()};
  if (!values.is_null() && !values.is_object()) throw LayerError("params", "parameters must be a JSON object");
  if (values.is_object())
    for (const auto& [key, v] : values.items()) {
      bool known = false;
      std::vector<std::string> names;
      for (const auto& ps : spec.params) known = known || ps.name == key, names.push_back(ps.name);
      if (!known) {
        const auto near = closest_names(key, names, 1);
        throw LayerError(key, spec.type + " has no parameter '" + key + "'", near.empty() ? "" : "did you mean " + quoted_list(near) + "?");
      }
    }
  for (const auto& ps : spec.params) {
    const nlohmann::json v = values.is_object() && values.contains(ps.name) ? values.at(ps.name) : ps.default_value;
    switch (ps.kind) {
      case ParamKind::Int:
        if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()))
          throw LayerError(ps.name, ps.name + " must be a whole number");
        check_range(ps, v.get<double>());
        out.values[ps.name] = v.get<int64_t>();
        break;
      case ParamKind::Float:
        if (!v.is_number()) throw LayerError(ps.name, ps.name + " must be a number");
        check_range(ps, v.get<double>());
        out.values[ps.name] = v.get<double>();
        break;
      case ParamKind::Bool:
        if (!v.is_boolean()) throw LayerError(ps.name, ps.name + " must be true or false");
        out.values[ps.name] = v;
        break;
      case ParamKind::Choice: {
        if (!v.is_string()) throw LayerError(ps.name, ps.name + " must be text");
        const auto choice = resolve_choice(v.get<std::string>(), ps.choices);  // "ReLU" is relu
        if (!choice) {
          std::string list;
          for (const auto& c : ps.choices) list += (list.empty() ? "" : ", ") + c;
          const auto near = closest_names(v.get<std::string>(), ps.choices, 1);
          throw LayerError(ps.name, ps.name + " must be one of " + list + ", not '" + v.get<std::string>() + "'",
                           near.empty() ? "" : "did you mean " + quoted_list(near) + "?");
        }
        out.values[ps.name] = *choice;
        break;
      }
      case ParamKind::IntList: {
        std::vector<int64_t> ints;
        if (v.is_number_integer()) ints.push_back(v.get<int64_t>());  // a single number is a list of one
        else if (v.is_array())
          for (const auto& e : v) {
            if (!e.is_number_integer()) throw LayerError(ps.name, ps.name + " must be a list of whole numbers");
            ints.push_back(e.get<int64_t>());
          }
        else throw LayerError(ps.name, ps.name + " must be a list of whole numbers");
        if (ints.empty()) throw LayerError(ps.name, ps.name + " must not be empty");
        for (int64_t e : ints) check_range(ps, double(e));
        out.values[ps.name] = ints;
        break;
      }
    }
  }
  return out;
}

}  // namespace strata
