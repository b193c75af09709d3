#pragma once

#include "core/jobs/cancel_token.h"

#include <functional>
#include <string>

namespace cb {

struct ProgressUpdate {
    std::string stage;      // short, user-facing: "Pretraining 1024", "Featurising 2048"
    double fraction = 0.0;  // of the whole job, 0..1
    std::string detail;     // e.g. "step 40/120, loss 3.21"
};

using ProgressFn = std::function<void(const ProgressUpdate&)>;

// What every long core function receives: a place to report progress and a token to honour.
// A slice maps a sub-task's own 0..1 onto its share of the parent job, so nested stages report
// fractions of the whole without knowing their place in it.
class JobContext {
public:
    JobContext() = default;
    JobContext(ProgressFn progress, CancelToken token)
        : progress_(std::move(progress)), token_(std::move(token)) {}

    void report(const std::string& stage, double fraction, const std::string& detail = {}) const {
        if (!progress_) return;
        const double clamped = fraction < 0.0 ? 0.0 : (fraction > 1.0 ? 1.0 : fraction);
        progress_({stage, begin_ + (end_ - begin_) * clamped, detail});
    }
    bool cancelled() const { return token_.cancelled(); }
    void throwIfCancelled() const { token_.throwIfCancelled(); }

    JobContext slice(double begin, double end) const {
        JobContext child = *this;
        child.begin_ = begin_ + (end_ - begin_) * begin;
        child.end_ = begin_ + (end_ - begin_) * end;
        return child;
    }
    const CancelToken& token() const { return token_; }

private:
    ProgressFn progress_;
    CancelToken token_;
    double begin_ = 0.0;
    double end_ = 1.0;
};

}  // namespace cb
