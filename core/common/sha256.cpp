#include "core/common/sha256.h"

#include "core/common/error.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>

namespace cb {

struct Sha256::State {
    EVP_MD_CTX* ctx = nullptr;
    bool finished = false;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    state_->ctx = EVP_MD_CTX_new();
    if (!state_->ctx || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1)
        throw Error("SHA-256: cannot initialise OpenSSL digest");
}

Sha256::~Sha256() { EVP_MD_CTX_free(state_->ctx); }

void Sha256::update(const void* data, std::size_t size) {
    if (state_->finished) throw Error("SHA-256: update after hexDigest()");
    if (size > 0 && EVP_DigestUpdate(state_->ctx, data, size) != 1)
        throw Error("SHA-256: digest update failed");
}

std::string Sha256::hexDigest() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(state_->ctx, digest.data(), &length) != 1)
        throw Error("SHA-256: digest finalisation failed");
    state_->finished = true;
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 15]);
    }
    return out;
}

std::string Sha256::ofText(std::string_view text) {
    Sha256 h;
    h.update(text);
    return h.hexDigest();
}

std::string Sha256::ofFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "' to hash it");
    Sha256 h;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        h.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    return h.hexDigest();
}

}  // namespace cb
