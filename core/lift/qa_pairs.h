#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

struct QaPair {
    std::string question;
    std::string answer;
    std::string evidence;  // optional: the passage the answer comes from
};

// One JSON object per line with "question" and "answer" strings (and optionally "evidence"); blank
// lines are skipped. A malformed line is an error naming the file and the line number.
std::vector<QaPair> readQaJsonl(const std::filesystem::path& path);
std::vector<QaPair> parseQaJsonl(std::string_view text, const std::string& sourceName);

// Cloze questions from a document: sentences of at least `minWords` words whose last word ends in
// a letter or digit become (the sentence without its last word, that word). Up to `limit`, chosen
// evenly across the document so every part of it is asked about.
std::vector<QaPair> clozeQuestions(std::string_view document, std::size_t limit, std::size_t minWords = 4);

// Answers compare after trimming, lower-casing ASCII, collapsing whitespace and dropping trailing
// punctuation: "12.5 mg/dL." matches "12.5 mg/dl".
std::string normalizeAnswer(std::string_view answer);
bool answersMatch(std::string_view predicted, std::string_view reference);

}  // namespace cb
