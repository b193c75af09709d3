#pragma once

#include "core/analysis/context_sweep.h"
#include "core/cohort/synthetic_config.h"
#include "core/tokenize/vocabulary_builder.h"

#include <string>
#include <vector>

namespace cb {

// The embedded demo workspace: a synthetic cohort and the Context Clues sweep over it, sized to
// finish on a two-core laptop. The GUI, the CLI's `demo` command and the benchmarks all start here.
struct DemoSettings {
    int patients = 2000;
    std::vector<int> contexts{512, 1024, 2048, 4096};
    std::uint64_t seed = 42;
    std::string device = "auto";
    std::string precision = "fp32";  // or bf16: autocast for pretraining and featurisation
    AttentionSpec attention;           // full, CCA zero-shot, or CCA adapted

    SyntheticConfig cohortConfig() const;
    VocabularyConfig vocabularyConfig() const;
    ContextSweepConfig sweepConfig() const;
};

// $XDG_DATA_HOME/contextbench/demo, or ~/.local/share/contextbench/demo.
std::string defaultDemoWorkspace();

}  // namespace cb
