#include "core/models/trained_window.h"

#include "core/models/causal_lm.h"

namespace cb {

int trainedWindow(CausalLm& model) {
    if (model.maxContext() > 0) return model.maxContext();
    const auto config = model.hfConfig();
    const auto it = config.find("max_position_embeddings");
    return it != config.end() && it->is_number_integer() ? it->get<int>() : 0;
}

}  // namespace cb
