#include "run/parameter_shapes.h"

#include "run/session.h"

namespace strata {

std::map<std::string, Shape> parameter_shapes(const Project& project) {
  Project one = project;
  one.training.batch_size = 1;
  Session s = open_session(one, "cpu", false);
  std::map<std::string, Shape> out;
  for (const auto& p : s.model->params()) out[p.name()] = p.param->value.shape();
  return out;
}

}  // namespace strata
