#include "core/cohort/string_table.h"

namespace cb {

std::uint32_t StringTable::intern(std::string_view text) {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(text);
    ids_.emplace(strings_.back(), id);
    return id;
}

std::optional<std::uint32_t> StringTable::find(std::string_view text) const {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    return std::nullopt;
}

}  // namespace cb
