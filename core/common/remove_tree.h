#pragma once

#include <string>
#include <system_error>

namespace cb {

// Deletes a file or a directory with everything under it (symbolic links themselves, never their
// targets); a missing path is not an error. Returns the number of entries removed.
//
// Written on POSIX calls rather than std::filesystem::remove_all: the torch wheel's libtorch.so
// exports its own std::filesystem from another GCC, and where the loader binds our calls to it (seen
// on a GPU server's toolchain) its remove_all jumps to a null address as soon as a directory has
// entries. The throwing form names the path that could not be removed.
std::size_t removeTree(const std::string& path);
std::size_t removeTree(const std::string& path, std::error_code& error) noexcept;

}  // namespace cb
