#pragma once

namespace cb {

// While a SkipWeightInit lives on this thread, model constructors leave their weights as the module
// defaults instead of drawing ContextBench's initialisation: a checkpoint is about to overwrite them,
// and drawing 125M normal samples would take longer than reading the file.
class SkipWeightInit {
public:
    SkipWeightInit() : previous_(active()) { active() = true; }
    ~SkipWeightInit() { active() = previous_; }
    SkipWeightInit(const SkipWeightInit&) = delete;
    SkipWeightInit& operator=(const SkipWeightInit&) = delete;
    static bool skipping() { return active(); }

private:
    static bool& active() {
        thread_local bool flag = false;
        return flag;
    }
    bool previous_;
};

}  // namespace cb
