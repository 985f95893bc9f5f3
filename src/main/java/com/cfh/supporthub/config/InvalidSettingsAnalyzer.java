package com.cfh.supporthub.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import com.cfh.supporthub.config.StartupSettingsCheck.InvalidSettingsException;

/** Spring Boot's start-up failure report for {@link InvalidSettingsException}: the problems, one a line, no stack trace. */
public class InvalidSettingsAnalyzer extends AbstractFailureAnalyzer<InvalidSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingsException cause) {
        return new FailureAnalysis("The hub's settings have " + cause.problems().size() + " problem(s):\n  - "
                + String.join("\n  - ", cause.problems()),
                "Correct these settings (environment variables or application.yaml) and start the hub again.", cause);
    }
}
