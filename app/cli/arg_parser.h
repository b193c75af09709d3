#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace cb::cli {

// Thrown by ArgParser::parse for --help; carries the command's usage text.
class HelpRequested : public Error {
public:
    using Error::Error;
};

// Flags of one command: "--name value" options and "--name" switches. Anything undeclared, a
// missing value or a stray positional argument is an error that names it.
class ArgParser {
public:
    explicit ArgParser(std::string command) : command_(std::move(command)) {}

    ArgParser& option(const std::string& name, const std::string& help, std::optional<std::string> fallback = std::nullopt);
    ArgParser& flag(const std::string& name, const std::string& help);
    // A required argument without "--", matched in declaration order.
    ArgParser& positional(const std::string& name, const std::string& help);

    // Throws cb::Error on bad arguments.
    void parse(const std::vector<std::string>& args);

    bool has(const std::string& name) const;
    std::string value(const std::string& name) const;  // the given value or the fallback
    int intValue(const std::string& name) const;
    std::uint64_t uint64Value(const std::string& name) const;
    double doubleValue(const std::string& name) const;
    std::string usage() const;

private:
    struct Spec {
        bool takesValue;
        std::string help;
        std::optional<std::string> fallback;
    };
    std::string command_;
    std::map<std::string, Spec> specs_;
    std::vector<std::string> order_;
    std::vector<std::pair<std::string, std::string>> positionals_;  // name, help
    std::map<std::string, std::string> values_;
};

}  // namespace cb::cli
