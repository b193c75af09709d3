#pragma once

#include <nlohmann/json.hpp>

namespace cb {

// The CLMBR special ids every architecture's config carries (bos 0, eos 1, pad 4 by default).
struct SpecialTokenIds {
    int bos = 0, eos = 1, pad = 4;

    // A HF config may write them as null or leave them out: the defaults stay then.
    static SpecialTokenIds fromHfJson(const nlohmann::json& j) {
        SpecialTokenIds ids;
        auto read = [&](const char* key, int& out) {
            if (j.contains(key) && j[key].is_number_integer()) out = j[key].get<int>();
        };
        read("bos_token_id", ids.bos);
        read("eos_token_id", ids.eos);
        read("pad_token_id", ids.pad);
        return ids;
    }
};

}  // namespace cb
