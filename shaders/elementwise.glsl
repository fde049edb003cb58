// Index of this invocation in a 1-D range dispatched by VulkanBackend::dispatch_1d
// (groups of 64 folded into a 2-D grid).
uint elementwise_index() {
  return gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
}

// q = a / b and r = a % b for unsigned a and 0 < b < 2^31, exact, without an
// integer division: CPU Vulkan drivers (lavapipe) turn a vector udiv into one
// scalar division per lane, which made index arithmetic the bulk of simple
// kernels. A float estimate of the quotient (off by at most ~a/b * 2^-21 + 1)
// is refined once from its remainder and corrected by one. Checked against
// a / b and a % b on 5e7 random pairs over the whole uint range (bench/README.md).
void udivmod(uint a, uint b, out uint q, out uint r) {
  float rb = 1.0 / float(b);
  uint q0 = uint(min(float(a) * rb, 4294967040.0));
  int r0 = int(a - q0 * b);
  uint q1 = uint(int(q0) + int(floor(float(r0) * rb)));
  int r1 = int(a - q1 * b);
  q = r1 < 0 ? q1 - 1u : (r1 >= int(b) ? q1 + 1u : q1);
  r = a - q * b;
}
uint udiv(uint a, uint b) {
  uint q, r;
  udivmod(a, b, q, r);
  return q;
}
