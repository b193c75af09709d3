#include "core/analysis/demo.h"

#include <cstdlib>

namespace cb {

SyntheticConfig DemoSettings::cohortConfig() const {
    SyntheticConfig c;
    c.patients = patients;
    c.seed = seed;
    return c;
}

VocabularyConfig DemoSettings::vocabularyConfig() const { return VocabularyConfig{}; }

ContextSweepConfig DemoSettings::sweepConfig() const {
    ContextSweepConfig c;
    c.contexts = contexts;
    c.device = device;
    c.precision = precision;
    c.attention = attention;
    c.pretrain.seed = seed;
    // Every context trains on the same number of tokens; the budget scales with the cohort so a
    // small demo stays quick and the default one fits the 15-minute first-run target on 2 cores.
    c.pretrain.tokenBudget = std::max<std::int64_t>(40000, static_cast<std::int64_t>(patients) * 750);
    c.pretrain.tokensPerStep = 4096;
    c.pretrain.learningRate = 6e-3;
    c.probe.bootstrapSeed = seed;
    return c;
}

std::string defaultDemoWorkspace() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/contextbench/demo";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/contextbench/demo";
    return "contextbench-demo";
}

}  // namespace cb
