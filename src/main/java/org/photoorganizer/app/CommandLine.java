package org.photoorganizer.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The parsed command line (SPEC "Command line"). */
public record CommandLine(Optional<Path> config, Optional<Path> source, Optional<Path> dest, boolean once,
                          boolean dryRun, boolean help, boolean version, boolean reviewDemo,
                          Optional<Integer> reviewPort, Optional<Path> readyFile) {

    public static final String USAGE = """
            Usage: java -jar photo-organizer.jar [options]

            Files photos and videos from the source folder into the library by capture date
            (DEST/yyyy/MM_Mmm/yyyymmdd_hhmmss.ext) and resolves duplicates.

              --source DIR    the inbox to process (overrides [paths] source_dir)
              --dest DIR      the library root (overrides [paths] destination_root)
              --config FILE   read this config.ini instead of searching the default locations
              --once          process what is in the source now, then exit
                              (exit 0: all handled; 1: some files failed and were left in place)
              --dry-run       print what would happen to each file (source -> action -> target), change nothing
              --review-demo   serve the review page on http://127.0.0.1:8765/ without a login (demo only:
                              on the NAS the page opens from DSM's main menu instead)
              --review-port N the review page's port (0: any free port)
              --ready-file F  once the index is open and the inbox is watched, write this process's pid to F
                              (atomically: F never exists half-written); the package's start script waits for it
              --help          show this help
              --version       show the version

            Without --once the service watches the source until it receives SIGTERM or SIGINT.
            Exit code 2: the configuration is unusable (the reason is printed and logged).
            """;

    /** Thrown for arguments that do not make sense; the message says which. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static CommandLine parse(List<String> args) throws UsageException {
        Optional<Path> config = Optional.empty();
        Optional<Path> source = Optional.empty();
        Optional<Path> dest = Optional.empty();
        boolean once = false;
        boolean dryRun = false;
        boolean help = false;
        boolean version = false;
        boolean reviewDemo = false;
        Optional<Integer> reviewPort = Optional.empty();
        Optional<Path> readyFile = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--config" -> config = Optional.of(Path.of(valueOf(args, ++i, arg)));
                case "--source" -> source = Optional.of(Path.of(valueOf(args, ++i, arg)));
                case "--dest" -> dest = Optional.of(Path.of(valueOf(args, ++i, arg)));
                case "--once" -> once = true;
                case "--dry-run" -> dryRun = true;
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--review-demo" -> reviewDemo = true;
                case "--review-port" -> reviewPort = Optional.of(port(valueOf(args, ++i, arg)));
                case "--ready-file" -> readyFile = Optional.of(Path.of(valueOf(args, ++i, arg)));
                default -> throw new UsageException("Unknown argument: " + arg);
            }
        }
        return new CommandLine(config, source, dest, once, dryRun, help, version, reviewDemo, reviewPort, readyFile);
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new UsageException("--review-port needs a port number 0..65535: " + value);
    }

    private static String valueOf(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size() || args.get(index).isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }
}
