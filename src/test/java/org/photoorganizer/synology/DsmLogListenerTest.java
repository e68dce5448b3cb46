package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.photoorganizer.logging.SystemEvent;

class DsmLogListenerTest {

    private final List<SystemEvent> warnings = new ArrayList<>();
    private final RecordingRunner runner = RecordingRunner.succeeding();
    private final DsmLogListener listener = new DsmLogListener(runner, new WarnOnce(warnings::add));

    @Test
    void infoGoesToSyslogOnlyNotToTheUndocumentedSynologset1() {
        listener.on(SystemEvent.info("Service started"));
        assertThat(runner.calls).containsExactly(
                List.of("logger", "-t", "PhotoOrganizer", "-p", "user.info", "Service started"));
    }

    @Test
    void levelsMapToSyslogPriorities() {
        listener.on(SystemEvent.warning("w"));
        listener.on(SystemEvent.error("e"));
        assertThat(runner.calls).hasSize(2);
        assertThat(runner.calls.get(0)).containsSubsequence("-p", "user.warning");
        assertThat(runner.calls.get(1)).containsSubsequence("-p", "user.err");
    }

    @Test
    void messageStartingWithDashIsProtectedForLoggerOnly() {
        listener.on(SystemEvent.error("-p kern.emerg x"));
        assertThat(runner.calls.get(0)).containsExactly(
                "logger", "-t", "PhotoOrganizer", "-p", "user.err", "--", "-p kern.emerg x");
    }

    @Test
    void hostileMessageIsOneArgumentAndNewlinesAreFlattened() {
        String msg = "Moved /volume1/photo/a; $(rm -rf ~) `id` 'q' \"dq\" ü 日本.jpg\nsecond line";
        listener.on(SystemEvent.info(msg));
        String expected = "Moved /volume1/photo/a; $(rm -rf ~) `id` 'q' \"dq\" ü 日本.jpg second line";
        assertThat(runner.calls.get(0)).hasSize(6).last().isEqualTo(expected);
    }

    @Test
    void missingToolsWarnOnceEachAndNeverThrow() {
        RecordingRunner missing = new RecordingRunner(argv -> CommandResult.notFound(argv.get(0) + ": not found"));
        DsmLogListener l = new DsmLogListener(missing, new WarnOnce(warnings::add));
        for (int i = 0; i < 5; i++) {
            l.on(SystemEvent.info("event " + i));
        }
        assertThat(warnings).extracting(SystemEvent::message)
                .singleElement().asString().contains("logger");
    }

    @Test
    void warningsFedBackIntoTheSameListenerStayFinite() {
        // Production wiring: the WarnOnce sink is the fan-out that contains this very listener.
        RecordingRunner missing = new RecordingRunner(argv -> CommandResult.notFound("not found"));
        List<SystemEvent> all = new ArrayList<>();
        DsmLogListener[] self = new DsmLogListener[1];
        WarnOnce warnOnce = new WarnOnce(event -> {
            all.add(event);
            self[0].on(event);
        });
        self[0] = new DsmLogListener(missing, warnOnce);
        self[0].on(SystemEvent.info("start"));
        self[0].on(SystemEvent.info("stop"));
        assertThat(all).hasSize(1);
        assertThat(missing.calls).hasSize(3);
    }
}
