#include "core/models/rotary.h"

#include <ATen/ATen.h>

#include <cmath>

namespace cb {

RotaryEmbedding::RotaryEmbedding(const LlamaConfig& config) {
    // Float32 tensor arithmetic in HF's order, so the frequencies agree bit for bit with the
    // reference implementation of a checkpoint.
    const auto exponents = at::arange(0, config.headDim, 2, at::kLong).to(at::kFloat) / static_cast<double>(config.headDim);
    auto inv = 1.0 / at::pow(config.ropeTheta, exponents);
    if (config.ropeScaling) {
        const auto& s = *config.ropeScaling;
        const double lowWavelen = s.originalMaxPositionEmbeddings / s.lowFreqFactor;
        const double highWavelen = s.originalMaxPositionEmbeddings / s.highFreqFactor;
        const auto wavelen = 2.0 * M_PI / inv;
        auto scaled = at::where(wavelen > lowWavelen, inv / s.factor, inv);
        const auto smooth = (s.originalMaxPositionEmbeddings / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
        const auto smoothed = (1 - smooth) * scaled / s.factor + smooth * scaled;
        const auto medium = (wavelen >= highWavelen).logical_and(wavelen <= lowWavelen);
        scaled = at::where(medium, smoothed, scaled);
        inv = scaled;
    }
    invFreq_ = inv.contiguous();
}

std::pair<at::Tensor, at::Tensor> RotaryEmbedding::cosSin(const at::Tensor& positions) const {
    if (!onDevice_.defined() || onDevice_.device() != positions.device()) onDevice_ = invFreq_.to(positions.device());
    const auto& inv = onDevice_;
    const auto freqs = positions.to(at::kFloat).unsqueeze(-1) * inv;  // [B, T, D/2]
    const auto emb = at::cat({freqs, freqs}, -1);
    return {emb.cos(), emb.sin()};
}

at::Tensor RotaryEmbedding::apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    const auto half = x.size(-1) / 2;
    const auto rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    const auto c = cos.unsqueeze(1).to(x.scalar_type());
    const auto s = sin.unsqueeze(1).to(x.scalar_type());
    return x * c + rotated * s;
}

}  // namespace cb
