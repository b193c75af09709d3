#include "app/gui/lift_controller.h"

#include "app/figures/lift_adapter.h"
#include "core/common/text_file.h"
#include "core/lift/adapted_weights.h"
#include "core/lift/lift_cache.h"
#include "core/store/result_store.h"
#include "core/lift/document_tokens.h"
#include "core/lift/lift_demo.h"
#include "core/lift/lift_session.h"
#include "core/models/model_folder.h"
#include "core/runtime/torch_runtime.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "core/tokenize/text/utf8_text.h"

#include <QMetaObject>

#include <filesystem>

namespace cb::app {

LiftController::LiftController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<widgets::LiftResultData>();
    qRegisterMetaType<widgets::LiftSettingsData>();
}

LiftController::~LiftController() {
    runner_.cancel();
    countRunner_.cancel();
    runner_.wait();
    countRunner_.wait();
}

bool LiftController::busy() const { return runner_.state() == JobState::Running; }

void LiftController::cancel() {
    runner_.cancel();
    countRunner_.cancel();
}

void LiftController::onGuiThread(std::function<void()> fn) { QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection); }

void LiftController::startJob(const QString& title, JobRunner::Work work, std::function<void()> onSuccess) {
    Q_EMIT jobStarted(title);
    runner_.start(
        std::move(work),
        [this](const ProgressUpdate& u) {
            onGuiThread([this, u] { Q_EMIT jobProgress(u.fraction, QString::fromStdString(u.stage), QString::fromStdString(u.detail)); });
        },
        [this, onSuccess](JobState state, const std::string& error) {
            onGuiThread([this, state, error, onSuccess] {
                if (state == JobState::Succeeded && onSuccess) onSuccess();
                switch (state) {
                    case JobState::Succeeded: Q_EMIT jobFinished(tr("Finished"), true); break;
                    case JobState::Cancelled: Q_EMIT jobFinished(tr("Cancelled: the model is unchanged"), false); break;
                    default: Q_EMIT jobFinished(tr("Failed: %1").arg(QString::fromStdString(error)), false); break;
                }
            });
        });
}

std::shared_ptr<const TextTokenizer> LiftController::tokenizerFor(const std::string& dir) {
    std::lock_guard lock(cacheMutex_);
    if (!tokenizer_ || tokenizerDir_ != dir) {
        const auto path = std::filesystem::path(dir) / "tokenizer.json";
        if (!std::filesystem::exists(path))
            throw std::runtime_error(dir + " has no tokenizer.json; LIFT needs a text model with a text tokenizer");
        tokenizer_ = std::make_shared<TextTokenizer>(TextTokenizer::fromFile(path));
        tokenizerDir_ = dir;
    }
    return tokenizer_;
}

std::shared_ptr<OpenedModel> LiftController::modelFor(const std::string& dir, const std::string& device) {
    std::lock_guard lock(cacheMutex_);
    if (!model_ || modelDir_ != dir || modelDevice_ != device) {
        initTorchRuntime();
        model_.reset();  // one copy of the weights at a time
        model_ = std::make_shared<OpenedModel>(openModelFolder(dir, c10::Device(device)));
        modelDir_ = dir;
        modelDevice_ = device;
    }
    return model_;
}

void LiftController::setDeviceSetting(std::function<std::string()> setting) { deviceSetting_ = std::move(setting); }

std::string LiftController::device() const { return deviceSetting_ ? deviceSetting_() : std::string("cpu"); }

void LiftController::countTokens(const QString& document, const QString& modelDir, int segmentLength) {
    countRunner_.cancel();
    countRunner_.wait();
    if (document.trimmed().isEmpty()) {
        Q_EMIT tokenSummary(tr("No document yet: paste or drop one."));
        return;
    }
    if (modelDir.trimmed().isEmpty()) {
        Q_EMIT tokenSummary(tr("%1 characters; choose a text model to count its tokens.").arg(document.size()));
        return;
    }
    const auto dir = modelDir.trimmed().toStdString();
    auto summary = std::make_shared<std::string>();
    const auto generation = ++countGeneration_;
    countRunner_.start(
        // The UTF-8 conversion of a long text runs on the worker too (QString copies share safely).
        [this, document, dir, segmentLength, summary](const JobContext& job) {
            const auto tokenizer = tokenizerFor(dir);
            const auto tokens = tokenizeDocument(*tokenizer, document.toStdString(), job);
            LiftConfig config;
            config.segmentLength = segmentLength;
            *summary = describeSegmentation(static_cast<std::int64_t>(tokens.ids.size()), config);
        },
        [this, generation](const ProgressUpdate& u) {
            onGuiThread([this, u, generation] {
                if (generation == countGeneration_) Q_EMIT tokenSummary(tr("Counting tokens… %1%").arg(static_cast<int>(100 * u.fraction)));
            });
        },
        [this, summary, generation](JobState state, const std::string& error) {
            onGuiThread([this, state, error, summary, generation] {
                if (generation != countGeneration_) return;  // the text changed since
                if (state == JobState::Succeeded) Q_EMIT tokenSummary(QString::fromStdString(*summary));
                else if (state == JobState::Failed) Q_EMIT tokenSummary(tr("Cannot count tokens: %1").arg(QString::fromStdString(error)));
            });
        });
}

void LiftController::documentEdited() {
    countRunner_.cancel();
    ++countGeneration_;
    Q_EMIT tokenSummary(tr("Text changed: its tokens are counted when typing pauses."));
}

void LiftController::loadDocumentFile(const QString& path) {
    try {
        std::size_t replaced = 0;
        const auto text = sanitizeUtf8(readTextFile(path.toStdString(), "document"), replaced);
        Q_EMIT documentLoaded(QString::fromStdString(text),
                              replaced ? tr("%1: %2 invalid UTF-8 bytes were replaced by U+FFFD").arg(path).arg(replaced) : QString());
    } catch (const std::exception& e) {
        Q_EMIT notice(tr("Cannot read %1: %2").arg(path, QString::fromStdString(e.what())));
    }
}

void LiftController::prepareDemo(const QString& workspace) {
    const auto dir = (std::filesystem::path(workspace.toStdString()) / "lift-demo").string();
    auto assets = std::make_shared<LiftDemoAssets>();
    const auto where = device();
    startJob(tr("Preparing the LIFT demo"), [dir, assets, where](const JobContext& job) {
        initTorchRuntime();
        *assets = prepareLiftDemo(dir, LiftDemoConfig{}, resolveDevice(where), job);
    }, [this, assets] {
        auto s = toLiftSettings(LiftDemoConfig{}.lift);
        s.modelDir = QString::fromStdString(assets->modelDir);
        s.questionsFile = QString::fromStdString(assets->questionsPath);
        Q_EMIT demoReady(s, QString::fromStdString(readTextFile(assets->documentPath, "demo document")));
    });
}

void LiftController::start(const widgets::LiftSettingsData& settings, const QString& document, const QString& database) {
    auto request = std::make_shared<LiftRequest>();
    request->document = document.toStdString();
    request->config = toLiftConfig(settings);
    request->keepAdapted = true;
    std::string modes = settings.modes.join(QLatin1Char(',')).toStdString();
    const auto dir = settings.modelDir.toStdString();
    const auto questionsFile = settings.questionsFile.toStdString();
    const auto db = database.toStdString();
    auto report = std::make_shared<LiftReport>();
    const auto where = device();
    startJob(tr("LIFT"), [this, request, modes, dir, questionsFile, db, report, where](const JobContext& job) {
        request->modes = parseLiftModes(modes);
        request->config.validate();
        request->questions = questionsFile.empty() ? clozeQuestions(request->document, 20) : readQaJsonl(questionsFile);
        const auto tokenizer = tokenizerFor(dir);
        const auto on = resolveDevice(where);
        const auto opened = modelFor(dir, on);
        std::optional<ResultStore> store;
        if (!db.empty()) store.emplace(db);
        *report = runLiftCached(store ? &*store : nullptr, dir, *opened->model, *tokenizer, *request, c10::Device(on), job,
                                [this](const LiftEpoch& e) { onGuiThread([this, e] { Q_EMIT epochLoss(e.epoch, e.segmentLoss); }); });
        if (report->cached)
            for (const auto& e : report->training ? report->training->epochs : std::vector<LiftEpoch>{})
                onGuiThread([this, e] { Q_EMIT epochLoss(e.epoch, e.segmentLoss); });
    }, [this, report, request, dir, where] {
        adapted_ = report->adapted;
        adaptedModelDir_ = dir;
        adaptedDevice_ = where;
        lastRequest_ = request;
        if (report->cached) Q_EMIT notice(tr("LIFT read from the cache: this document, model and settings ran before"));
        Q_EMIT resultsReady(toLiftResult(*report));
    });
}

void LiftController::saveAdapted(const QString& target) {
    const auto dir = adaptedModelDir_;
    const auto out = target.toStdString();
    if (!adapted_ && lastRequest_) {
        // A cached result keeps no weights: train again on the same request, then save.
        auto request = std::make_shared<LiftRequest>(*lastRequest_);
        request->saveAdaptedTo = out;
        const auto where = adaptedDevice_;
        startJob(tr("Recomputing LIFT to save its adapted model"), [this, request, dir, where](const JobContext& job) {
            const auto on = resolveDevice(where);
            const auto opened = modelFor(dir, on);
            runLift(*opened->model, *tokenizerFor(dir), *request, c10::Device(on), job);
        }, [this, target] { Q_EMIT notice(tr("Saved the adapted model to %1").arg(target)); });
        return;
    }
    if (!adapted_) {
        Q_EMIT notice(tr("Run LIFT first: there is no adapted model to save."));
        return;
    }
    const auto adapted = adapted_;
    const auto where = adaptedDevice_;
    startJob(tr("Saving the adapted model"), [this, adapted, dir, out, where](const JobContext&) {
        const auto opened = modelFor(dir, resolveDevice(where));
        saveAdaptedModel(*opened->model, *adapted, tokenizerFor(dir)->json(), out);
    }, [this, target] { Q_EMIT notice(tr("Saved the adapted model to %1").arg(target)); });
}

}  // namespace cb::app
