#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;

namespace cb::widgets {

// What "Open model..." found in a HF folder, as plain data.
struct ModelInfoData {
    QString folder, architecture, name, dtype;
    qint64 parameters = 0;
    int contextLimit = 0;  // 0: none
    int hiddenSize = 0, vocabSize = 0;
    double loadSeconds = 0.0;
    bool hasTokenizer = false;
    qint64 tokenizerEntries = 0;
    // Coverage of the open cohort by the model's vocabulary; negative when not computed.
    double coverage = -1.0;
    qint64 cohortEvents = 0, unknownEvents = 0;
    QStringList topUnknownCodes;  // "CODE (count)"
};

// The opened model: architecture, size, context limit, and how much of the open cohort its
// vocabulary covers (the reference drops unknown codes silently; here they are counted and named).
class ModelInfoPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelInfoPanel(QWidget* parent = nullptr);
    void setInfo(const ModelInfoData& info);
    QString text() const;

private:
    QLabel* label_;
};

}  // namespace cb::widgets
