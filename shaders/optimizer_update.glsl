// The optimizer update of four elements (engine/ops/optimizer.h), shared by
// optimizer_step.comp (one element per invocation) and optimizer_step4.comp
// (four). h0 = (lr, beta1, beta2, eps), h1 = (weight decay, step t, gradient
// scale, unused): the hyperparameter buffer, so a recorded step can be
// replayed while they change. The includer declares KIND and NESTEROV.
void optimizer_update(vec4 h0, vec4 h1, inout vec4 p, vec4 g, inout vec4 s1, inout vec4 s2) {
  const float lr = h0.x, b1 = h0.y, b2 = h0.z, eps = h0.w, wd = h1.x, t = h1.y, gs = h1.z;
  vec4 gi = g * gs;
  if (KIND == 0) {  // SGD, with momentum where the includer's MOMENTUM says
    gi += wd * p;
    if (MOMENTUM) {
      const vec4 m = b1 * s1 + gi;
      s1 = m;
      gi = NESTEROV ? gi + b1 * m : m;
    }
    p -= lr * gi;
  } else if (KIND == 1 || KIND == 2) {  // Adam, AdamW
    if (KIND == 2) p *= 1.0 - lr * wd;
    else gi += wd * p;
    s1 = b1 * s1 + (1.0 - b1) * gi;
    s2 = b2 * s2 + (1.0 - b2) * gi * gi;
    const float step_size = lr / (1.0 - pow(b1, t));
    p -= step_size * s1 / (sqrt(s2) / sqrt(1.0 - pow(b2, t)) + eps);
  } else {  // RMSprop
    gi += wd * p;
    s1 = b2 * s1 + (1.0 - b2) * gi * gi;
    p -= lr * gi / (sqrt(s1) + eps);
  }
}
