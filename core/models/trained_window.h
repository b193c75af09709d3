#pragma once

namespace cb {

class CausalLm;

// The window a model was built for: its hard limit, else what its config says it was trained at
// (max_position_embeddings for RoPE models, which accept longer inputs but were not trained on
// them); 0 when neither says.
int trainedWindow(CausalLm& model);

}  // namespace cb
