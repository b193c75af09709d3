#include "core/tokenize/text/template_post_processor.h"

namespace cb {

TemplatePostProcessor TemplatePostProcessor::fromJson(const nlohmann::json& config, const TokenizerJson& file) {
    TemplatePostProcessor p;
    if (!config.is_null()) p.add(config, "post_processor", file);
    return p;
}

void TemplatePostProcessor::add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file) {
    const std::string type = file.typeOf(node, field);
    if (type == "Sequence") {
        const auto& list = file.array(node, "processors", field);
        for (std::size_t i = 0; i < list.size(); ++i) add(list[i], field + ".processors[" + std::to_string(i) + "]", file);
    } else if (type == "ByteLevel") {
        kinds_.push_back(type);
    } else if (type == "TemplateProcessing") {
        if (hasTemplate_) file.fail(field, "is a second TemplateProcessing, which is not supported");
        addTemplate(node, field, file);
        kinds_.push_back(type);
    } else {
        file.unsupportedType(field, type);
    }
}

void TemplatePostProcessor::addTemplate(const nlohmann::json& node, const std::string& field, const TokenizerJson& file) {
    hasTemplate_ = true;
    const auto& specials = file.object(node, "special_tokens", field);
    const auto& single = file.array(node, "single", field);
    bool seenText = false;
    for (std::size_t i = 0; i < single.size(); ++i) {
        const std::string pieceField = field + ".single[" + std::to_string(i) + "]";
        const auto& piece = single[i];
        if (const auto* sequence = TokenizerJson::find(piece, "Sequence")) {
            const std::string which = file.text(*sequence, "id", pieceField + ".Sequence");
            if (which != "A") file.fail(pieceField, "uses sequence '" + which + "'; a single template can only hold A");
            if (seenText) file.fail(pieceField, "repeats sequence A, which is not supported");
            seenText = true;
        } else if (const auto* special = TokenizerJson::find(piece, "SpecialToken")) {
            const std::string name = file.text(*special, "id", pieceField + ".SpecialToken");
            const auto* entry = TokenizerJson::find(specials, name.c_str());
            if (!entry) file.fail(pieceField, "names special token '" + name + "', which special_tokens does not define");
            const auto& ids = file.array(*entry, "ids", field + ".special_tokens['" + name + "']");
            for (const auto& id : ids) {
                if (!id.is_number_integer() || id.get<std::int64_t>() < 0)
                    file.fail(field + ".special_tokens['" + name + "'].ids", "must be non-negative integers");
                (seenText ? suffix_ : prefix_).push_back(id.get<std::int32_t>());
            }
        } else {
            file.fail(pieceField, "must be a Sequence or a SpecialToken");
        }
    }
    if (!seenText) file.fail(field + ".single", "has no sequence A");
}

std::string TemplatePostProcessor::describe() const {
    std::string out;
    for (const auto& k : kinds_) out += (out.empty() ? "" : " + ") + k;
    return out.empty() ? "none" : out;
}

}  // namespace cb
