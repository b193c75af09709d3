#pragma once

#include "core/models/architecture_names.h"
#include "core/models/causal_lm.h"
#include "core/train/pretrain_config.h"

#include <memory>
#include <string>
#include <vector>

namespace cb {

// An untrained model of `shortName` sized by `shape` (hidden size, layers, heads, MLP width) for a
// vocabulary and a context length, configured as Context Clues configures that architecture: Llama
// with llama3 RoPE scaling at the trained window, GPT-2 with n_positions = context, Mamba with
// state 16 and inner width 2 x hidden, HyenaDNA with max_seq_len = context.
std::unique_ptr<CausalLm> createForPretraining(const std::string& shortName, const ModelShape& shape, int vocabSize,
                                               int context);

}  // namespace cb
