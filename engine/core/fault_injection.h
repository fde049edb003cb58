#pragma once
// Faults a test can make happen on purpose, so that what Strata does when a
// GPU is lost, its memory runs out, a disk fills or a kernel computes wrong
// is tested like any other path. Each is off unless its environment variable
// is set (read once per process); none costs anything when off.
//
//   STRATA_FAULT_DEVICE_LOST_AFTER_SUBMITS=N  the (N+1)th Vulkan queue submit
//       reports VK_ERROR_DEVICE_LOST, and every one after it
//   STRATA_FAULT_DEVICE_MEMORY_MIB=M          Vulkan memory pools may hold at
//       most M MiB in all; past it vkAllocateMemory reports out of memory
//   STRATA_FAULT_DISK_FULL_AFTER_BYTES=B      files written atomically fail as
//       on a full disk once B bytes have been written by this process
//   STRATA_FAULT_WRONG_KERNEL=OP              the Vulkan backend's OP kernel
//       (strata selftest's op names, e.g. "gemm") returns wrong results
#include <cstdint>
#include <optional>
#include <string>

namespace strata::fault {

// Counts a queue submit; true when this one must report the device lost.
bool device_lost_on_submit();
// The memory cap, in bytes, when one is set.
std::optional<uint64_t> device_memory_cap();
// How many of `bytes` about to be written fit before the disk is "full"
// (all of them when no fault is set); the counter moves by what fits.
uint64_t disk_write_allowance(uint64_t bytes);
// Whether the Vulkan kernel of `op` must compute wrongly.
bool wrong_kernel(const std::string& op);

}  // namespace strata::fault
