#include "app/gui/results_wiring.h"

#include "app/gui/results_controller.h"
#include "widgets/panels/comparison_panel.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/panels/results_browser.h"

#include <QStatusBar>
#include <QTabWidget>

namespace cb::app {

void wireResults(const ResultsViews& views, ResultsController* controller, QTabWidget* tabs, QStatusBar* status) {
    using widgets::ResultsBrowser;
    auto* browser = views.browser;
    QObject::connect(controller, &ResultsController::runsChanged, browser, &ResultsBrowser::setRuns);
    QObject::connect(controller, &ResultsController::tasksChanged, browser, &ResultsBrowser::setTasks);
    QObject::connect(controller, &ResultsController::provenanceReady, browser, &ResultsBrowser::setProvenance);
    QObject::connect(controller, &ResultsController::accessChanged, browser, &ResultsBrowser::setReadOnly);
    QObject::connect(browser, &ResultsBrowser::metricChoiceChanged, controller, &ResultsController::setMetricChoice);
    QObject::connect(browser, &ResultsBrowser::refreshRequested, controller, &ResultsController::refresh);
    QObject::connect(browser, &ResultsBrowser::provenanceRequested, controller, &ResultsController::showProvenance);
    QObject::connect(browser, &ResultsBrowser::overlayRequested, controller, &ResultsController::overlay);
    QObject::connect(browser, &ResultsBrowser::compareRequested, controller, &ResultsController::compare);
    QObject::connect(browser, &ResultsBrowser::deleteRequested, controller, [controller](const QVector<qint64>& ids) { controller->remove(ids); });
    QObject::connect(controller, &ResultsController::overlayChanged, views.overlay,
                     [views, tabs](const widgets::OverlayFigureData& figure, const QString& note) {
                         views.overlay->setFigure(figure, note);
                         tabs->setCurrentWidget(views.overlay);
                     });
    QObject::connect(controller, &ResultsController::perplexityChanged, views.perplexity,
                     [views](const widgets::OverlayFigureData& figure, const QString& note) { views.perplexity->setFigure(figure, note); });
    QObject::connect(controller, &ResultsController::comparisonChanged, views.comparison,
                     [views, tabs](const widgets::ComparisonFigureData& figure) {
                         views.comparison->setFigure(figure);
                         tabs->setCurrentWidget(views.comparison);
                     });
    QObject::connect(controller, &ResultsController::failed, status, [browser, status](const QString& message) {
        browser->setMessage(message);
        status->showMessage(message, 15000);
    });
}

}  // namespace cb::app
