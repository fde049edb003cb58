#pragma once
// The one exception type the engine throws. Messages name the thing at fault
// (file, node, field, device) so callers can show them to users as they are.
#include <stdexcept>
#include <string>

namespace strata {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when a device reports it is lost or out of memory: the run cannot go
// on on that device, but the process and its data are intact.
class DeviceError : public Error {
 public:
  using Error::Error;
};

// The device (or the host, for the CPU backend) has no memory left for an
// allocation. Whatever was being built is released; a smaller one may fit.
class DeviceOutOfMemory : public DeviceError {
 public:
  using DeviceError::DeviceError;
};

}  // namespace strata
