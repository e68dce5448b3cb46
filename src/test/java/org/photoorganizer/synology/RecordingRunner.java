package org.photoorganizer.synology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Fake {@link CommandRunner}: records every argv and answers with a scripted result. */
final class RecordingRunner implements CommandRunner {

    final List<List<String>> calls = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    private final Function<List<String>, CommandResult> answer;

    RecordingRunner(Function<List<String>, CommandResult> answer) {
        this.answer = answer;
    }

    static RecordingRunner succeeding() {
        return new RecordingRunner(argv -> CommandResult.exited(0, ""));
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        calls.add(List.copyOf(argv));
        timeouts.add(timeout);
        return answer.apply(argv);
    }
}
