#pragma once

#include "core/models/llama_config.h"

namespace cb::test {

// A one-layer Llama small enough for a test to train: 16 wide, GQA with 2 query heads and 1 KV head.
inline LlamaConfig tinyLlamaConfig(int vocab, int maxPositions) {
    LlamaConfig c;
    c.vocabSize = vocab;
    c.hiddenSize = 16;
    c.intermediateSize = 32;
    c.numLayers = 1;
    c.numHeads = 2;
    c.numKvHeads = 1;
    c.headDim = 8;
    c.maxPositionEmbeddings = maxPositions;
    return c;
}

}  // namespace cb::test
