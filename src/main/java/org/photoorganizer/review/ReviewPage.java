package org.photoorganizer.review;

import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.photoorganizer.config.Config;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.logging.OperationLog;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.pipeline.PipelineListener;
import org.photoorganizer.plan.FolderPattern;

/**
 * The review page as the app sees it: a listener to hang off the pipeline from the start, then
 * {@link #start} once the service is prepared, and {@link #close} before the service stops.
 */
public final class ReviewPage implements AutoCloseable {
    public static final String KEY_FILE = "review.key";
    public static final String PORT_FILE = "review.port";

    /** What the page is built from; the app provides all of it. */
    public record Inputs(Config config, FileOps files, PipelineListener listeners, SystemEventListener systemEvents,
                         CaptureDateExtractor dates, UnaryOperator<Path> shownPath, Clock clock) {}

    private final ReviewSettings settings;
    private final Inputs inputs;
    private final ReviewState state;
    private ReviewServer server;
    private String url = "";

    public ReviewPage(ReviewSettings settings, Inputs inputs) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the review page is off");
        }
        this.settings = settings;
        this.inputs = inputs;
        this.state = new ReviewState(inputs.clock());
    }

    /** Add to the pipeline's listeners before the first file is processed. */
    public PipelineListener listener() {
        return state;
    }

    /** Starts serving; returns the page's local address. */
    public String start(ReviewBackend backend) throws IOException {
        Config config = inputs.config();
        AccessPolicy policy = new AccessPolicy(settings.mode().orElseThrow(), new SecureRandom());
        ReviewApi api = new ReviewApi(new ReviewApi.Parts(inputs.files(), config.sourceDir(), config.destinationRoot(),
                new FolderPattern(config.folderPattern()), backend, inputs.listeners(), inputs.systemEvents(),
                inputs.dates(), inputs.shownPath(), inputs.clock(), config.deleteDuplicates()), state,
                config.logDir().resolve(OperationLog.FILE_NAME));
        server = new ReviewServer(policy, api);
        int port;
        try {
            port = server.start(settings.port());
        } catch (BindException e) {
            if (settings.port() == 0) {
                throw e;
            }
            port = server.start(0);
        }
        url = "http://127.0.0.1:" + port + "/";
        if (policy.mode() == AccessPolicy.Mode.DSM) {
            Path dir = settings.accessDir().orElseThrow();
            writePrivately(dir.resolve(KEY_FILE), policy.keyHeaderLine());
            writePrivately(dir.resolve(PORT_FILE), port + "\n");
            inputs.systemEvents().on(SystemEvent.info("Review page ready in DSM (Photo Organizer in the main menu; "
                    + "served on 127.0.0.1:" + port + " to the package's CGI only)"));
        } else {
            inputs.systemEvents().on(SystemEvent.warning("Review page in DEMO MODE at " + url
                    + ": no login, reachable from this computer only"));
        }
        return url;
    }

    public String url() {
        return url;
    }

    /** For tests: the port the page listens on. */
    Optional<String> address() {
        return url.isEmpty() ? Optional.empty() : Optional.of(url);
    }

    /** Writes a file only its owner can read, replacing the old one in one step. */
    private static void writePrivately(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        settings.accessDir().ifPresent(dir -> {
            try {
                Files.deleteIfExists(dir.resolve(KEY_FILE));
                Files.deleteIfExists(dir.resolve(PORT_FILE));
            } catch (IOException e) {
                // A stale key is useless once the server is gone; the next start replaces it.
            }
        });
    }
}
