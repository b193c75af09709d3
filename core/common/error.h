#pragma once

#include <stdexcept>
#include <string>

namespace cb {

// Every failure ContextBench reports to a user: the message names the file, row or tensor at fault.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown from inside a job when its cancel token fires; callers treat it as "stopped", not failed.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace cb
