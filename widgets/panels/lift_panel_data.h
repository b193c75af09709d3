#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace cb::widgets {

// What the user set in the LIFT panel; the application turns it into a core LIFT request.
struct LiftSettingsData {
    QString modelDir;
    QString questionsFile;  // JSONL; empty: cloze questions from the document
    int segmentLength = 512;
    int epochs = 3;
    int loraRank = 16;      // 0: full fine-tuning
    double learningRate = 2e-4;
    // Not shown in the panel; set with the demo (its cloze prompts and its many small steps).
    int stepsPerEpoch = 1;
    int contextWindow = 0;  // 0: the model's
    QString promptTemplate;  // empty: LIFT's "Question: ... Answer:" template
    QStringList modes{QStringLiteral("icl"), QStringLiteral("lift"), QStringLiteral("lift+icl")};
};

struct LiftAnswerCell {
    bool ran = false;
    QString answer;
    double logLikelihood = 0.0;
    bool exact = false;
};

struct LiftQuestionRow {
    QString question, reference;
    int evidenceInWindow = -1;  // 1 yes, 0 no, -1 unknown
    LiftAnswerCell icl, lift, liftIcl;
};

struct LiftResultData {
    QVector<LiftQuestionRow> rows;
    QString summary;  // exact-match rates and the cost, one line
};

}  // namespace cb::widgets
