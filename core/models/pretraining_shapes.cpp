#include "core/models/pretraining_shapes.h"

#include "core/common/error.h"
#include "core/models/gpt2.h"
#include "core/models/hyena.h"
#include "core/models/llama.h"
#include "core/models/mamba.h"

#include <cmath>

namespace cb {

std::unique_ptr<CausalLm> createForPretraining(const std::string& shortName, const ModelShape& shape, int vocabSize,
                                               int context) {
    if (shortName == "llama") {
        LlamaConfig c;
        c.vocabSize = vocabSize;
        c.hiddenSize = shape.hiddenSize;
        c.intermediateSize = shape.intermediateSize;
        c.numLayers = shape.numLayers;
        c.numHeads = shape.numHeads;
        c.numKvHeads = shape.numKvHeads;
        c.headDim = shape.hiddenSize / shape.numHeads;
        c.maxPositionEmbeddings = context;
        c.ropeTheta = shape.ropeTheta;
        c.ropeScaling = Llama3RopeScaling{8.0, 1.0, 4.0, context};
        return std::make_unique<LlamaForCausalLM>(c);
    }
    if (shortName == "gpt2") {
        Gpt2Config c;
        c.vocabSize = vocabSize;
        c.nPositions = context;
        c.nEmbd = shape.hiddenSize;
        c.nLayer = shape.numLayers;
        c.nHead = shape.numHeads;
        c.nInner = shape.intermediateSize;
        return std::make_unique<GPT2LMHeadModel>(c);
    }
    if (shortName == "mamba") {
        MambaConfig c;
        c.vocabSize = vocabSize;
        c.hiddenSize = shape.hiddenSize;
        c.intermediateSize = 2 * shape.hiddenSize;
        c.numLayers = shape.numLayers;
        c.timeStepRank = static_cast<int>(std::ceil(shape.hiddenSize / 16.0));
        return std::make_unique<MambaForCausalLM>(c);
    }
    if (shortName == "hyena") {
        HyenaConfig c;
        c.vocabSize = vocabSize;
        c.dModel = shape.hiddenSize;
        c.dInner = shape.intermediateSize;
        c.nLayer = shape.numLayers;
        c.maxSeqLen = context;
        c.padVocabSizeMultiple = 1;
        return std::make_unique<HyenaDNAForCausalLM>(c);
    }
    hfArchitectureOf(shortName);  // throws with the list
    return nullptr;
}

}  // namespace cb
