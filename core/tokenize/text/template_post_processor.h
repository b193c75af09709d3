#pragma once

#include "core/tokenize/text/tokenizer_json.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

// What the post-processor adds around one encoded text when special tokens are asked for. Supports
// TemplateProcessing's "single" template, ByteLevel (it only trims offsets, so it adds nothing) and a
// Sequence of those; BertProcessing, RobertaProcessing and the like are rejected.
class TemplatePostProcessor {
public:
    // `config` is the file's "post_processor" (null: nothing is added).
    static TemplatePostProcessor fromJson(const nlohmann::json& config, const TokenizerJson& file);

    const std::vector<std::int32_t>& prefix() const { return prefix_; }
    const std::vector<std::int32_t>& suffix() const { return suffix_; }
    bool hasTemplate() const { return hasTemplate_; }
    std::string describe() const;

private:
    void add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file);
    void addTemplate(const nlohmann::json& node, const std::string& field, const TokenizerJson& file);

    bool hasTemplate_ = false;
    std::vector<std::int32_t> prefix_;  // ids before the text
    std::vector<std::int32_t> suffix_;  // ids after it
    std::vector<std::string> kinds_;
};

}  // namespace cb
