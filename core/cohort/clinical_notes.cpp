#include "core/cohort/clinical_notes.h"

#include "core/cohort/synthetic_catalog.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

namespace cb {
namespace {

struct LabStyle {
    const char* name;
    int decimals;
};

// The synthetic labs by code: the name a note uses and how many decimals it prints.
const std::map<std::string, LabStyle>& labStyles() {
    static const std::map<std::string, LabStyle> styles = [] {
        std::map<std::string, LabStyle> m;
        const int decimals[kLabCount] = {1, 0, 1, 0, 0, 2, 0};
        for (int i = 0; i < kLabCount; ++i) {
            const auto& lab = syntheticLabs()[static_cast<std::size_t>(i)];
            m.emplace(lab.code, LabStyle{lab.name, decimals[i]});
        }
        m.emplace("LOINC/8867-4", LabStyle{"Heart rate (/min)", 0});
        m.emplace("LOINC/8480-6", LabStyle{"Systolic blood pressure (mmHg)", 0});
        return m;
    }();
    return styles;
}

// "Hemoglobin (g/dL)" -> "hemoglobin"; notes name a lab without its unit.
std::string shortName(const char* name) {
    std::string out;
    for (const char* c = name; *c && *c != '('; ++c) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*c))));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string formatValue(double v, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

class NoteWriter {
public:
    explicit NoteWriter(NoteHistory& history) : history_(history) {}

    void heading(const std::string& line) {
        if (!history_.text.empty()) history_.text += "\n";
        history_.text += line + "\n";
        ++history_.notes;
    }

    // A sentence "<question> <answer>." on its own line; asked about only if the question is unique.
    void fact(const std::string& question, const std::string& answer, const char* kind) {
        const auto offset = history_.text.size();
        const auto sentence = question + " " + answer + ".";
        history_.text += sentence + "\n";
        if (!asked_.insert(question).second) {
            repeated_.insert(question);
            return;
        }
        history_.facts.push_back({question, answer, sentence, offset, kind});
    }

    void plain(const std::string& sentence) { history_.text += sentence + "\n"; }

    void finish() {
        std::vector<NoteFact> unique;
        for (auto& f : history_.facts)
            if (!repeated_.count(f.question)) unique.push_back(std::move(f));
        history_.facts = std::move(unique);
    }

private:
    NoteHistory& history_;
    std::set<std::string> asked_, repeated_;
};

}  // namespace

NoteHistory writeNoteHistory(const Cohort& cohort, std::size_t patient) {
    NoteHistory history;
    NoteWriter writer(history);
    const auto events = cohort.patient(patient);
    const auto& styles = labStyles();
    std::set<std::uint32_t> knownDiagnoses, knownMedications;
    std::size_t i = 0;
    while (i < events.size()) {
        if (events.time[i] == kStaticTime) {
            ++i;
            continue;
        }
        const auto day = formatTime(events.time[i]).substr(0, 10);
        std::size_t end = i;
        while (end < events.size() && formatTime(events.time[end]).compare(0, 10, day) == 0) ++end;

        bool inpatient = false, discharge = false;
        std::vector<std::pair<std::string, std::string>> labs, vitals;
        std::vector<std::string> diagnoses, medications;
        for (auto k = i; k < end; ++k) {
            const auto code = cohort.codes.at(events.code[k]);
            if (code == "Visit/IP" || code == "Visit/ICU") inpatient = true;
            if (code == "Visit/Discharge") discharge = true;
            if (const auto style = styles.find(std::string(code)); style != styles.end() && hasValue(events.value[k])) {
                auto& into = startsWith(code, "LOINC/88") || startsWith(code, "LOINC/8480") ? vitals : labs;
                into.emplace_back(shortName(style->second.name), formatValue(events.value[k], style->second.decimals));
            } else if ((startsWith(code, "ICD10CM/") || startsWith(code, "SNOMED/")) && knownDiagnoses.insert(events.code[k]).second) {
                diagnoses.emplace_back(code);
            } else if (startsWith(code, "RxNorm/") && knownMedications.insert(events.code[k]).second) {
                medications.emplace_back(code);
            }
        }
        if (!labs.empty() || !vitals.empty() || !diagnoses.empty() || !medications.empty() || inpatient || discharge) {
            writer.heading(day + (inpatient ? " Admission note" : discharge ? " Discharge summary" : " Clinic note"));
            for (const auto& [name, value] : vitals) writer.fact("On " + day + " " + name + " was", value, "lab");
            for (const auto& d : diagnoses) writer.fact("On " + day + " a new diagnosis was", d, "diagnosis");
            for (const auto& m : medications) writer.fact("On " + day + " the patient started", m, "medication");
            if (!labs.empty()) {
                writer.plain("Lab summary:");
                for (const auto& [name, value] : labs) writer.fact("On " + day + " " + name + " was", value, "lab");
            }
            if (discharge) writer.plain("The patient was discharged home.");
        }
        i = end;
    }
    writer.finish();
    return history;
}

}  // namespace cb
