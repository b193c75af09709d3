#include "core/distributed/c10d_backends.h"

#ifdef CONTEXTBENCH_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif

#include <cstdlib>

namespace cb::detail {

bool haveGloo() {
#ifdef CONTEXTBENCH_WITH_GLOO
    return true;
#else
    return false;
#endif
}

c10::intrusive_ptr<c10d::Backend> makeGlooBackend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                  const std::string& masterAddress, std::chrono::milliseconds timeout) {
#ifdef CONTEXTBENCH_WITH_GLOO
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    // Gloo binds one address and tells the peers: on one host the loopback always works, across
    // hosts the interface torchrun users name in GLOO_SOCKET_IFNAME, else the hostname's address.
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
    else if (masterAddress == "127.0.0.1" || masterAddress == "localhost")
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
        options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
#else
    (void)store, (void)rank, (void)size, (void)masterAddress, (void)timeout;
    return {};
#endif
}

}  // namespace cb::detail
