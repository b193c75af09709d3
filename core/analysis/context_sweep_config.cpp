#include "core/analysis/context_sweep_config.h"

#include "core/cohort/task_catalog.h"
#include "core/common/error.h"
#include "core/common/parse_number.h"
#include "core/models/architecture_names.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <sstream>

namespace cb {

nlohmann::json ContextSweepConfig::toJson() const {
    return {{"contexts", contexts},
            {"architectures", architectures},
            {"model_dir", modelDir},
            {"model_shape", shape.toJson()},
            {"pretrain", pretrain.toJson()},
            {"warm_start", {{"tokens", warmStartTokens}, {"context", warmStartContext}}},
            {"probe", probe.toJson()},
            {"attention", attention.toJson()},
            {"tasks", taskList()},
            {"featurize_tokens_per_batch", featurizeTokensPerBatch},
            {"device", device},
            {"precision", precision}};
}

ContextSweepConfig ContextSweepConfig::fromJson(const nlohmann::json& j) {
    ContextSweepConfig c;
    c.contexts = j.value("contexts", c.contexts);
    c.architectures = j.value("architectures", c.architectures);
    c.modelDir = j.value("model_dir", c.modelDir);
    if (j.contains("model_shape")) c.shape = ModelShape::fromJson(j["model_shape"]);
    if (j.contains("pretrain")) c.pretrain = PretrainConfig::fromJson(j["pretrain"]);
    if (j.contains("probe")) c.probe = ProbeConfig::fromJson(j["probe"]);
    if (j.contains("warm_start")) {
        c.warmStartTokens = j["warm_start"].value("tokens", c.warmStartTokens);
        c.warmStartContext = j["warm_start"].value("context", c.warmStartContext);
    }
    if (j.contains("attention")) c.attention = AttentionSpec::fromJson(j["attention"]);
    c.tasks = j.value("tasks", c.tasks);
    c.featurizeTokensPerBatch = j.value("featurize_tokens_per_batch", c.featurizeTokensPerBatch);
    c.device = j.value("device", c.device);
    c.precision = j.value("precision", c.precision);
    c.validate();
    return c;
}

std::vector<std::string> ContextSweepConfig::taskList() const {
    if (!tasks.empty()) return tasks;
    std::vector<std::string> all;
    for (const auto& t : ehrshotTasks()) all.push_back(t.name);
    return all;
}

void ContextSweepConfig::validate() const {
    if (contexts.empty()) throw Error("context sweep: no context length given");
    if (architectures.empty()) throw Error("context sweep: no architecture given");
    for (const auto& a : architectures) {
        const auto& known = pretrainableArchitectures();
        if (std::find(known.begin(), known.end(), a) == known.end())
            throw Error("context sweep: unknown architecture '" + a + "' (expected llama, gpt2, mamba or hyena)");
    }
    for (int c : contexts)
        if (c < 2 || c > 1 << 20) throw Error("context sweep: context length " + std::to_string(c) + " is out of range");
    for (const auto& t : tasks)
        if (!findTask(t)) throw Error("context sweep: unknown task '" + t + "'");
    if (probe.cGrid.empty()) throw Error("context sweep: empty C grid");
    if (warmStartTokens < 0 || warmStartContext < 2) throw Error("context sweep: bad warm start (tokens >= 0, context >= 2)");
    if (precision != "fp32" && precision != "bf16")
        throw Error("context sweep: precision '" + precision + "' is not fp32 or bf16");
    if (probe.bootstrapReplicates < 1) throw Error("context sweep: need at least one bootstrap replicate");
}

std::vector<int> parseContextList(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto value = parseInteger<int>(item);
        if (!value || *value < 2)
            throw Error("bad context length '" + item + "' in '" + text + "' (expected integers >= 2, comma-separated)");
        out.push_back(*value);
    }
    if (out.empty()) throw Error("no context lengths in '" + text + "'");
    return out;
}

}  // namespace cb
