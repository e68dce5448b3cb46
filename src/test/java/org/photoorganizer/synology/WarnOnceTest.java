package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.photoorganizer.logging.SystemEvent;

class WarnOnceTest {

    private final List<SystemEvent> events = new ArrayList<>();
    private final WarnOnce warnOnce = new WarnOnce(events::add);

    @Test
    void successIsSilent() {
        assertThat(warnOnce.check(List.of("synoindex", "-a", "/x"), CommandResult.exited(0, ""), "index")).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void sameFailureOfSameProgramWarnsOnce() {
        for (int i = 0; i < 5; i++) {
            warnOnce.check(List.of("synoindex", "-a", "/f" + i), CommandResult.notFound("synoindex: not found"), "the index");
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0).level()).isEqualTo(SystemEvent.Level.WARNING);
        assertThat(events.get(0).message()).contains("synoindex", "not available", "the index");
    }

    @Test
    void differentProgramsAndKindsWarnSeparately() {
        warnOnce.check(List.of("synoindex"), CommandResult.notFound("x"), "p");
        warnOnce.check(List.of("logger"), CommandResult.notFound("x"), "p");
        warnOnce.check(List.of("logger"), CommandResult.timedOut("", "no exit after 5000 ms"), "p");
        warnOnce.check(List.of("logger"), CommandResult.exited(1, "logger: bad priority\nmore"), "p");
        warnOnce.check(List.of("logger"), CommandResult.exited(2, "other"), "p");
        assertThat(events).extracting(SystemEvent::message).hasSize(4);
        assertThat(events.get(3).message()).contains("exited with code 1: logger: bad priority").doesNotContain("more");
    }

    @Test
    void reentrantSinkDoesNotRecurse() {
        List<SystemEvent> seen = new ArrayList<>();
        WarnOnce[] self = new WarnOnce[1];
        // The sink fails the same way again while handling the warning, as DsmLogListener would.
        self[0] = new WarnOnce(event -> {
            seen.add(event);
            self[0].check(List.of("logger"), CommandResult.notFound("x"), "p");
        });
        self[0].check(List.of("logger"), CommandResult.notFound("x"), "p");
        assertThat(seen).hasSize(1);
    }

    @Test
    void throwingSinkIsContained() {
        WarnOnce w = new WarnOnce(event -> {
            throw new IllegalStateException("sink broken");
        });
        assertThatCode(() -> w.check(List.of("logger"), CommandResult.failed("x"), "p")).doesNotThrowAnyException();
    }
}
