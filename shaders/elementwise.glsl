// Index of this invocation in a 1-D range dispatched by VulkanBackend::dispatch_1d
// (groups of 64 folded into a 2-D grid).
uint elementwise_index() {
  return gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
}
