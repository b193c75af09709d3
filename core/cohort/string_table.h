#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cb {

// Interns strings (codes, text values) so events store 4-byte ids instead of strings.
class StringTable {
public:
    std::uint32_t intern(std::string_view text);
    std::optional<std::uint32_t> find(std::string_view text) const;
    const std::string& at(std::uint32_t id) const { return strings_.at(id); }
    std::size_t size() const { return strings_.size(); }
    const std::vector<std::string>& strings() const { return strings_; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::string> strings_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

}  // namespace cb
