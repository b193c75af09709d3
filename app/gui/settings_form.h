#pragma once

class QDialog;
class QFormLayout;
class QString;

namespace cb::app {

// The end of a small settings dialog's form: a wrapped explanatory note, then OK and Cancel wired
// to the dialog's accept and reject.
void finishSettingsForm(QDialog& dialog, QFormLayout& form, const QString& note);

}  // namespace cb::app
