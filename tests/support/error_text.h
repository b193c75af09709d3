#pragma once

#include "core/common/error.h"

#include <string>

namespace cb::test {

// The message of the cb::Error `f` throws, or "(no error)": tests assert on what the user reads.
template <typename F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace cb::test
