#include "widgets/panels/model_info_panel.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cb::widgets {

ModelInfoPanel::ModelInfoPanel(QWidget* parent) : QWidget(parent), label_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    label_->setTextFormat(Qt::RichText);
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(label_);
    layout->addStretch(1);
    label_->setText(tr("No model opened. File → Open model… or drop a HF model folder on the window."));
}

QString ModelInfoPanel::text() const { return label_->text(); }

void ModelInfoPanel::setInfo(const ModelInfoData& m) {
    const QLocale locale;
    QString html = QStringLiteral("<b>%1</b> (%2)<br>%3 parameters · %4 · hidden %5 · vocabulary %6<br>context limit: %7<br>")
                       .arg(m.name.toHtmlEscaped(), m.architecture.toHtmlEscaped(), locale.toString(m.parameters),
                            m.dtype.toHtmlEscaped(), QString::number(m.hiddenSize), locale.toString(m.vocabSize),
                            m.contextLimit > 0 ? locale.toString(m.contextLimit) + tr(" tokens") : tr("none (no learned positions)"));
    html += tr("loaded in %1 s from <i>%2</i><br>").arg(m.loadSeconds, 0, 'f', 2).arg(m.folder.toHtmlEscaped());
    if (!m.hasTokenizer) {
        html += tr("No tokenizer_config.json: vocabulary coverage unknown.");
    } else if (m.coverage < 0) {
        html += tr("Tokenizer: %1 entries. Open a cohort to see how much of it the vocabulary covers.").arg(locale.toString(m.tokenizerEntries));
    } else {
        html += tr("Tokenizer: %1 entries; covers <b>%2%</b> of the open cohort's %3 events (%4 without a token)")
                    .arg(locale.toString(m.tokenizerEntries))
                    .arg(100.0 * m.coverage, 0, 'f', 1)
                    .arg(locale.toString(m.cohortEvents), locale.toString(m.unknownEvents));
        if (!m.topUnknownCodes.isEmpty())
            html += tr("<br>most frequent unknown codes: %1").arg(m.topUnknownCodes.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    label_->setText(html);
}

}  // namespace cb::widgets
