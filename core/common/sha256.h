#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

// Incremental SHA-256; the result store keys every cohort, checkpoint and config by these digests.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    template <typename T>
    void updateVector(const std::vector<T>& values) {
        update(values.data(), values.size() * sizeof(T));
    }
    // Finishes the digest; the object cannot be updated afterwards.
    std::string hexDigest();

    static std::string ofText(std::string_view text);
    static std::string ofFile(const std::string& path);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace cb
