#include "app/cli/arg_parser.h"

#include "core/common/error.h"
#include "core/common/parse_number.h"

#include <cmath>
#include <cstdlib>

namespace cb::cli {

ArgParser& ArgParser::option(const std::string& name, const std::string& help, std::optional<std::string> fallback) {
    specs_[name] = {true, help, std::move(fallback)};
    order_.push_back(name);
    return *this;
}

ArgParser& ArgParser::flag(const std::string& name, const std::string& help) {
    specs_[name] = {false, help, std::nullopt};
    order_.push_back(name);
    return *this;
}

ArgParser& ArgParser::positional(const std::string& name, const std::string& help) {
    positionals_.emplace_back(name, help);
    specs_[name] = {true, help, std::nullopt};
    return *this;
}

void ArgParser::parse(const std::vector<std::string>& args) {
    std::size_t nextPositional = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "--help" || arg == "-h") throw HelpRequested(usage());
        if (arg.rfind("--", 0) != 0) {
            if (nextPositional >= positionals_.size())
                throw Error(command_ + ": unexpected argument '" + arg + "'\n" + usage());
            values_[positionals_[nextPositional++].first] = arg;
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const auto spec = specs_.find(name);
        if (spec == specs_.end()) throw Error(command_ + ": unknown flag '--" + name + "'\n" + usage());
        if (!spec->second.takesValue) {
            if (inlineValue) throw Error(command_ + ": flag '--" + name + "' takes no value");
            values_[name] = "1";
            continue;
        }
        if (inlineValue) {
            values_[name] = *inlineValue;
        } else {
            if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
                throw Error(command_ + ": flag '--" + name + "' needs a value");
            values_[name] = args[++i];
        }
    }
    if (nextPositional < positionals_.size())
        throw Error(command_ + ": missing " + positionals_[nextPositional].first + "\n" + usage());
}

bool ArgParser::has(const std::string& name) const { return values_.count(name) > 0; }

std::string ArgParser::value(const std::string& name) const {
    if (auto it = values_.find(name); it != values_.end()) return it->second;
    const auto& spec = specs_.at(name);
    if (!spec.fallback) throw Error(command_ + ": missing required flag '--" + name + "'\n" + usage());
    return *spec.fallback;
}

int ArgParser::intValue(const std::string& name) const {
    const auto text = value(name);
    const auto v = parseInteger<int>(text);
    if (!v) throw Error(command_ + ": '--" + name + "' expects an integer, got '" + text + "'");
    return *v;
}

double ArgParser::doubleValue(const std::string& name) const {
    const auto text = value(name);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
        throw Error(command_ + ": '--" + name + "' expects a number, got '" + text + "'");
    return v;
}

std::uint64_t ArgParser::uint64Value(const std::string& name) const {
    const auto text = value(name);
    const auto v = parseInteger<std::uint64_t>(text);
    if (!v) throw Error(command_ + ": '--" + name + "' expects a non-negative integer, got '" + text + "'");
    return *v;
}

std::string ArgParser::usage() const {
    std::string out = "usage: contextbench-cli " + command_;
    for (const auto& [name, help] : positionals_) out += " " + name;
    out += " [flags]\n";
    for (const auto& [name, help] : positionals_) out += "  " + name + "\t" + help + "\n";
    for (const auto& name : order_) {
        const auto& spec = specs_.at(name);
        out += "  --" + name + (spec.takesValue ? " VALUE" : "") + "\t" + spec.help;
        if (spec.fallback) out += " (default: " + *spec.fallback + ")";
        out += "\n";
    }
    return out;
}

}  // namespace cb::cli
