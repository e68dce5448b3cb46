package org.photoorganizer.review;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ini4j.Ini;

/**
 * Whether and how the review page runs:
 * <ul>
 *   <li>{@code --review-demo}: demo mode, no login, on 127.0.0.1 ({@code --review-port}, default
 *   {@value #DEMO_PORT}, or any free port when that one is taken);</li>
 *   <li>started by the package (DSM exports {@code SYNOPKG_PKGVAR}): DSM mode, behind the package's CGI,
 *   on a free port of 127.0.0.1 written with the key into that folder; {@code [review] enabled = false}
 *   in config.ini turns it off;</li>
 *   <li>otherwise off.</li>
 * </ul>
 */
public record ReviewSettings(Optional<AccessPolicy.Mode> mode, int port, Optional<Path> accessDir) {
    public static final int DEMO_PORT = 8765;
    public static final String PACKAGE_VAR_ENV = "SYNOPKG_PKGVAR";

    public static ReviewSettings off() {
        return new ReviewSettings(Optional.empty(), 0, Optional.empty());
    }

    public boolean enabled() {
        return mode.isPresent();
    }

    public boolean demo() {
        return mode.orElse(null) == AccessPolicy.Mode.DEMO;
    }

    public static ReviewSettings resolve(boolean demo, Optional<Integer> port, Optional<Path> configFile,
                                         Map<String, String> environment) throws IOException {
        if (demo) {
            return new ReviewSettings(Optional.of(AccessPolicy.Mode.DEMO), port.orElse(DEMO_PORT), Optional.empty());
        }
        String packageVar = environment.get(PACKAGE_VAR_ENV);
        if (packageVar == null || packageVar.isBlank()) {
            return off();
        }
        Optional<String> enabled = Optional.empty();
        if (configFile.isPresent() && Files.isReadable(configFile.get())) {
            Ini ini = new Ini();
            try (Reader reader = Files.newBufferedReader(configFile.get())) {
                ini.load(reader);
            }
            enabled = Optional.ofNullable(ini.get("review", "enabled")).map(String::trim);
        }
        if (enabled.isPresent() && !enabled.get().isEmpty()
                && !enabled.get().toLowerCase(Locale.ROOT).matches("1|true|yes|y")) {
            return off();
        }
        return new ReviewSettings(Optional.of(AccessPolicy.Mode.DSM), port.orElse(0), Optional.of(Path.of(packageVar)));
    }
}
