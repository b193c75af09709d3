#pragma once

#include "app/gui/app_settings.h"

#include <QDialog>

class QComboBox;

namespace cb::app {

// Chooses the device (the CPU or one of this machine's GPUs) and the precision of the jobs.
class ComputeDialog : public QDialog {
    Q_OBJECT
public:
    // `cudaDevices`: how many GPUs this build sees.
    ComputeDialog(const ComputePreferences& current, int cudaDevices, QWidget* parent = nullptr);
    ComputePreferences preferences() const;

private:
    QComboBox* device_;
    QComboBox* precision_;
};

}  // namespace cb::app
