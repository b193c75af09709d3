# Locates LibTorch: the official build from the pinned `torch` wheel (scripts/setup puts its CMake
# package on CMAKE_PREFIX_PATH) or an unpacked LibTorch archive given the same way.

# With a CUDA build of LibTorch, Caffe2's CMake probes the local GPU by compiling a CUDA program;
# CMake 3.25 cannot pick a dialect for CUDA 13 and the probe fails on machines without a GPU.
# Naming the architectures skips the probe: Ampere and Hopper, the cards ContextBench targets.
if(NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
  set(ENV{TORCH_CUDA_ARCH_LIST} "8.0;9.0")
endif()

find_package(Torch REQUIRED)

if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  message(FATAL_ERROR
    "This LibTorch uses the pre-C++11 ABI and cannot link with Debian's Qt and GoogleTest. "
    "Use the torch wheel from PyPI (C++11 ABI) or a cxx11-abi LibTorch archive.")
endif()
message(STATUS "LibTorch ${Torch_VERSION} from ${TORCH_INSTALL_PREFIX}")

# The torch wheel's libraries export their own copies of some libstdc++ symbols (std::filesystem
# among them, from a newer GCC). Listed first, the system libstdc++ wins symbol resolution, so our
# calls never land in those copies (which crash when called from code built by this compiler).
add_library(contextbench_torch INTERFACE)
target_link_options(contextbench_torch INTERFACE "SHELL:-Wl,--push-state,--no-as-needed -lstdc++ -Wl,--pop-state")
target_link_libraries(contextbench_torch INTERFACE ${TORCH_LIBRARIES})
