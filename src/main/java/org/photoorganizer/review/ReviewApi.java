package org.photoorganizer.review;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.logging.ByteSize;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.pipeline.Pipeline;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.review.PathGuard.Area;

/**
 * The review page's views (status, activity, duplicates, files without a date, errors, plots) as plain
 * maps for JSON, and its actions. Views read from memory, the index and the log index; files are only
 * looked at for what one page shows. Actions run on the pipeline thread, through the pipeline's own
 * mover and methods, and report to the same listeners (so the CSV log gets its rows) and to the system
 * log (who did what).
 */
final class ReviewApi {
    static final int ACTION_WAIT_MILLIS = 20_000;
    static final int MAX_FILES_PER_ACTION = 500;
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern SIMILAR_INFO = Pattern.compile("similar to (.*) \\(distance (\\d+)\\)(.*?)(?:; from (.*))?");
    private static final Pattern EXACT_INFO = Pattern.compile("identical to (.*?)(?:; from (.*))?");
    private static final Pattern NAME_DATE = Pattern.compile(
            "(?<!\\d)((?:19|20)\\d\\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\\d|3[01])(?:[ T_.-]?([01]\\d|2[0-3])[-_.:h]?([0-5]\\d)(?:[-_.:m]?([0-5]\\d))?)?(?!\\d)");

    /** What the API is built from; all of it is provided by the app. */
    record Parts(FileOps files, Path inbox, Path library, FolderPattern folders, ReviewBackend backend,
                 PipelineListener listeners, SystemEventListener systemEvents, CaptureDateExtractor dates,
                 UnaryOperator<Path> shownPath, Clock clock, boolean deleteDuplicates) {}

    private final Parts parts;
    private final FileOps files;
    private final PathGuard guard;
    private final ReviewState state;
    private final OperationLogIndex log;
    private final Thumbnails thumbnails;
    private final FileClassifier classifier = new FileClassifier();
    private long logGeneration = -1;
    private long libraryGeneration = -1;
    private long recentGeneration = -1;
    private List<Map<String, Object>> recent = List.of();
    private List<Plots.Bar> libraryBars = List.of();

    ReviewApi(Parts parts, ReviewState state, Path logFile) {
        this.parts = parts;
        this.files = parts.files();
        this.guard = new PathGuard(files, parts.inbox(), parts.library(), parts.folders());
        this.state = state;
        this.log = new OperationLogIndex(files, logFile);
        this.thumbnails = new Thumbnails(files);
    }

    PathGuard guard() {
        return guard;
    }

    /**
     * A preview, made on the pipeline thread: the JPEG codec's native buffers then reuse the memory that
     * thread already holds for fingerprints, instead of keeping a second malloc arena resident. While the
     * pipeline is busy for longer than a few seconds the page gets a placeholder and asks again later.
     */
    Optional<byte[]> thumbnail(Path file) throws IOException {
        try {
            return parts.backend().onPipeline(() -> thumbnails.of(file), 5_000);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Reads the log's new rows only when an event happened since the last look: an idle page reads nothing. */
    private synchronized void freshLog() throws IOException {
        long generation = state.generation();
        if (generation != logGeneration) {
            log.refresh();
            logGeneration = generation;
        }
    }

    // ---------------------------------------------------------------- views

    Map<String, Object> status() throws IOException {
        ReviewBackend.Activity activity = parts.backend().activity();
        ReviewState.Totals totals = state.totals();
        List<ReviewState.Failure> failures = state.failures();
        Map<String, Object> out = new LinkedHashMap<>();
        String stateName;
        String stateText;
        if (activity.working() || activity.queued() > 0) {
            stateName = "working";
            stateText = "Filing: " + (activity.queued() + (activity.working() ? 1 : 0)) + " file(s) in progress";
        } else if (activity.settling() > 0) {
            stateName = "waiting";
            stateText = activity.settling() + " file(s) in the inbox are waiting to stand still (still being copied?)";
        } else {
            stateName = "idle";
            stateText = "Idle: the inbox is done" + (totals.lastEvent() == null ? ""
                    : "; last activity " + shown(totals.lastEvent()));
        }
        out.put("state", stateName);
        out.put("stateText", stateText);
        out.put("indexing", activity.indexingLibrary());
        Map<String, Object> inbox = new LinkedHashMap<>();
        inbox.put("settling", activity.settling());
        inbox.put("queued", activity.queued() + (activity.working() ? 1 : 0));
        inbox.put("failed", failures.size());
        inbox.put("skipped", state.skippedCount());
        out.put("inbox", inbox);
        Map<String, Object> sums = new LinkedHashMap<>();
        sums.put("filed", totals.filed());
        sums.put("duplicatesDeleted", totals.duplicatesDeleted());
        sums.put("movedToDuplicates", totals.movedToDuplicates());
        sums.put("similar", totals.similar());
        sums.put("errors", totals.errors());
        sums.put("moved", ByteSize.format(totals.bytesFiled()));
        sums.put("deleted", ByteSize.format(totals.bytesDeleted()));
        sums.put("libraryFiles", parts.backend().index().count());
        out.put("totals", sums);
        out.put("recent", recent());
        out.put("generation", state.generation());
        return out;
    }

    /** The last files filed; read from the log only after an event, so a polling tab costs no disk access. */
    private synchronized List<Map<String, Object>> recent() throws IOException {
        long generation = state.generation();
        if (generation != recentGeneration) {
            freshLog();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LogRow row : log.page(r -> r.event().equals(LogRow.FILED), Long.MAX_VALUE, 8).rows()) {
                rows.add(rowView(row));
            }
            recent = rows;
            recentGeneration = generation;
        }
        return recent;
    }

    Map<String, Object> activity(String event, String text, long before, int limit) throws IOException {
        freshLog();
        String wanted = event == null ? "" : event.trim();
        String needle = text == null ? "" : text.trim();
        OperationLogIndex.Page page = log.page(row -> (wanted.isEmpty() || row.event().equals(wanted))
                && (needle.isEmpty() || row.mentions(needle)), before <= 0 ? Long.MAX_VALUE : before,
                Math.max(1, Math.min(limit, 200)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LogRow row : page.rows()) {
            rows.add(rowView(row));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows);
        out.put("next", page.next());
        out.put("more", page.more());
        out.put("total", page.total());
        out.put("events", List.of("File Detected", LogRow.FILED, LogRow.DUPLICATE_DELETED, LogRow.MOVED_TO_DUPLICATES,
                LogRow.SIMILAR, "Skipped", LogRow.ERROR));
        return out;
    }

    private Map<String, Object> rowView(LogRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("n", row.number());
        view.put("time", row.time());
        view.put("event", row.event());
        view.put("file", row.file());
        view.put("name", row.name());
        view.put("size", row.size());
        view.put("info", row.info());
        unshown(row.file()).flatMap(guard::reference).ifPresent(ref -> view.put("ref", ref));
        return view;
    }

    /** Verdicts whose set-aside file is still in Duplicates/, newest first. */
    Map<String, Object> duplicates(long before, int limit) throws IOException {
        freshLog();
        int wanted = Math.max(1, Math.min(limit, 50));
        List<Map<String, Object>> verdicts = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        long cursor = before <= 0 ? Long.MAX_VALUE : before;
        boolean more = true;
        while (verdicts.size() < wanted && more) {
            OperationLogIndex.Page page = log.page(row -> row.event().equals(LogRow.SIMILAR)
                    || row.event().equals(LogRow.MOVED_TO_DUPLICATES), cursor, 64);
            for (LogRow row : page.rows()) {
                cursor = row.number();
                Optional<Path> setAside = unshown(row.file());
                if (setAside.isEmpty() || !seen.add(setAside.get()) || !files.exists(setAside.get())
                        || !guard.reference(setAside.get()).orElse("").startsWith(Area.DUPLICATES.prefix + "/")) {
                    continue;
                }
                verdicts.add(verdict(row, setAside.get()));
                if (verdicts.size() == wanted) {
                    break;
                }
            }
            more = page.more();
            if (page.rows().isEmpty()) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdicts", verdicts);
        out.put("next", cursor == Long.MAX_VALUE ? 0 : cursor);
        out.put("more", more && verdicts.size() == wanted);
        return out;
    }

    private Map<String, Object> verdict(LogRow row, Path setAside) throws IOException {
        boolean similar = row.event().equals(LogRow.SIMILAR);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", similar ? "similar" : "exact");
        view.put("time", row.time());
        Optional<Path> kept = Optional.empty();
        if (similar) {
            Matcher m = SIMILAR_INFO.matcher(row.info());
            if (m.matches()) {
                kept = unshown(m.group(1));
                view.put("distance", Integer.parseInt(m.group(2)));
                view.put("from", m.group(4) == null ? "" : m.group(4));
            }
        } else {
            Matcher m = EXACT_INFO.matcher(row.info());
            if (m.matches()) {
                kept = unshown(m.group(1));
                view.put("from", m.group(2) == null ? "" : m.group(2));
            }
        }
        Map<String, Object> lesser = fileView(setAside);
        view.put("setAside", lesser);
        Map<String, Object> better = kept.isPresent() ? fileView(kept.get()) : Map.of("exists", false);
        view.put("kept", better);
        view.put("why", similar ? why(lesser, better) : "the same bytes: an exact copy");
        return view;
    }

    /** Why the kept version was kept, in the facts the quality rule looks at. */
    private static String why(Map<String, Object> lesser, Map<String, Object> better) {
        if (!Boolean.TRUE.equals(better.get("exists"))) {
            return "the kept version is no longer where it was";
        }
        long pixelsKept = ((Number) better.getOrDefault("pixelCount", 0L)).longValue();
        long pixelsAside = ((Number) lesser.getOrDefault("pixelCount", 0L)).longValue();
        if (pixelsKept > pixelsAside && pixelsAside > 0) {
            return "more pixels (" + better.get("pixels") + " against " + lesser.get("pixels") + ")";
        }
        long bytesKept = ((Number) better.getOrDefault("bytes", 0L)).longValue();
        long bytesAside = ((Number) lesser.getOrDefault("bytes", 0L)).longValue();
        if (pixelsKept == pixelsAside && bytesKept > bytesAside) {
            return "as many pixels and a larger file (" + better.get("size") + " against " + lesser.get("size") + ")";
        }
        return "judged the better version when it was filed (camera original, colour depth or the copy already "
                + "in the library)";
    }

    private Map<String, Object> fileView(Path file) throws IOException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", file.getFileName().toString());
        view.put("path", parts.shownPath().apply(file).toString());
        guard.reference(file).ifPresent(ref -> view.put("ref", ref));
        BasicFileAttributes attributes;
        try {
            attributes = files.attributes(file);
        } catch (IOException e) {
            view.put("exists", false);
            return view;
        }
        view.put("exists", attributes.isRegularFile());
        view.put("bytes", attributes.size());
        view.put("size", ByteSize.format(attributes.size()));
        Optional<MediaKind> kind = classifier.kindOf(file);
        view.put("video", kind.orElse(MediaKind.IMAGE) == MediaKind.VIDEO);
        Optional<LibraryIndex.Entry> entry = parts.backend().index().findByPath(file);
        entry.flatMap(LibraryIndex.Entry::fingerprint).ifPresent(print -> {
            view.put("pixels", print.width() + " × " + print.height());
            view.put("pixelCount", print.pixelCount());
        });
        kind.flatMap(k -> parts.dates().extract(file, k)).ifPresent(date -> {
            view.put("date", date.dateTime().toString().replace('T', ' '));
            view.put("dateSource", date.source().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        });
        return view;
    }

    /** Files in NoDateFound/, by name, with suggested dates. */
    Map<String, Object> noDate(int offset, int limit) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        List<Path> names = List.of();
        try {
            Path folder = guard.folder(Area.NO_DATE);
            names = files.list(folder).stream().filter(p -> {
                String name = p.getFileName().toString();
                return !name.startsWith(".") && !name.startsWith("@") && classifier.kindOf(p).isPresent();
            }).toList();
        } catch (Refusal e) {
            // No NoDateFound/ yet: nothing without a date.
        }
        int from = Math.max(0, Math.min(offset, names.size()));
        int to = Math.min(names.size(), from + Math.max(1, Math.min(limit, 100)));
        for (Path file : names.subList(from, to)) {
            BasicFileAttributes attributes;
            try {
                attributes = files.attributes(file);
            } catch (IOException e) {
                continue;
            }
            if (!attributes.isRegularFile()) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", file.getFileName().toString());
            guard.reference(file).ifPresent(ref -> item.put("ref", ref));
            item.put("size", ByteSize.format(attributes.size()));
            item.put("video", classifier.kindOf(file).orElse(MediaKind.IMAGE) == MediaKind.VIDEO);
            item.put("suggestions", suggestions(file.getFileName().toString(), attributes));
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", items);
        out.put("offset", from);
        out.put("total", names.size());
        return out;
    }

    /** Dates a person may mean: one written in the name (also partial forms the pipeline does not trust), the file's times. */
    static List<Map<String, Object>> suggestions(String name, BasicFileAttributes attributes) {
        List<Map<String, Object>> out = new ArrayList<>();
        Matcher m = NAME_DATE.matcher(name);
        if (m.find()) {
            try {
                LocalDateTime date = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4) == null ? 12 : Integer.parseInt(m.group(4)),
                        m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
                out.add(Map.of("date", date.toString(), "why", "written in the file name"));
            } catch (java.time.DateTimeException e) {
                // 2023-02-30 and the like: no suggestion.
            }
        }
        ZoneId zone = ZoneId.systemDefault();
        for (Map.Entry<String, java.nio.file.attribute.FileTime> time : List.of(
                Map.entry("the file's modification time", attributes.lastModifiedTime()),
                Map.entry("the file's creation time", attributes.creationTime()))) {
            if (time.getValue() == null || time.getValue().toMillis() <= 0) {
                continue;
            }
            String date = LocalDateTime.ofInstant(time.getValue().toInstant(), zone).truncatedTo(ChronoUnit.SECONDS)
                    .toString();
            if (out.stream().noneMatch(s -> s.get("date").equals(date))) {
                out.add(Map.of("date", date, "why", time.getKey()));
            }
        }
        return out;
    }

    /** Files that failed and still wait in the inbox, newest first. */
    Map<String, Object> errors() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ReviewState.Failure failure : state.failures()) {
            if (!files.exists(failure.file())) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("file", parts.shownPath().apply(failure.file()).toString());
            item.put("name", failure.file().getFileName().toString());
            guard.reference(failure.file()).ifPresent(ref -> item.put("ref", ref));
            item.put("message", failure.message());
            item.put("when", shown(failure.when()));
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errors", items);
        out.put("skipped", state.skippedCount());
        return out;
    }

    // ---------------------------------------------------------------- plots

    String plotFiledPerDay() throws IOException {
        freshLog();
        NavigableMap<LocalDate, Integer> perDay = log.filedPerDay();
        LocalDate last = perDay.isEmpty() ? LocalDate.now(parts.clock()) : perDay.lastKey();
        LocalDate first = last.minusDays(59);
        List<Plots.Bar> bars = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            int n = perDay.getOrDefault(day, 0);
            String label = day.getDayOfMonth() == 1 || day.equals(first) || day.equals(last)
                    ? day.format(DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)) : "";
            bars.add(new Plots.Bar(label, n, day + ": " + n + " filed"));
        }
        return Plots.bars("Files filed per day (60 days to " + last + ")", bars, "files");
    }

    String plotSaved() throws IOException {
        freshLog();
        NavigableMap<YearMonth, Long> perMonth = log.savedPerMonth();
        List<Plots.Bar> bars = new ArrayList<>();
        long total = 0;
        if (!perMonth.isEmpty()) {
            for (YearMonth month = perMonth.firstKey(); !month.isAfter(perMonth.lastKey()); month = month.plusMonths(1)) {
                long bytes = perMonth.getOrDefault(month, 0L);
                total += bytes;
                bars.add(new Plots.Bar(month.getMonthValue() == 1 || bars.isEmpty() ? month.toString() : "", bytes,
                        month + ": " + ByteSize.format(bytes) + " saved"));
            }
        }
        return Plots.bars("Space saved by deleting duplicates, per month (" + ByteSize.format(total) + " in all)", bars,
                "bytes");
    }

    /** Files per library folder of the folder pattern, counted from the folder listings (no file is opened). */
    String plotLibrary() throws IOException {
        synchronized (this) {
            long generation = state.generation();
            if (generation != libraryGeneration) {
                libraryBars = countLibrary();
                libraryGeneration = generation;
            }
        }
        long total = libraryBars.stream().mapToLong(bar -> (long) bar.value()).sum();
        return Plots.bars("Library by year and month (" + total + " files)", libraryBars, "files");
    }

    private List<Plots.Bar> countLibrary() throws IOException {
        List<Plots.Bar> bars = new ArrayList<>();
        String lastYear = "";
        for (Path top : files.list(parts.library())) {
            String name = top.getFileName().toString();
            if (!parts.folders().matchesTopLevelFolder(name) || !isFolder(top)) {
                continue;
            }
            List<Path> months = new ArrayList<>();
            for (Path inner : files.list(top)) {
                if (!inner.getFileName().toString().startsWith(".") && !inner.getFileName().toString().startsWith("@")
                        && isFolder(inner)) {
                    months.add(inner);
                }
            }
            if (months.isEmpty()) {
                bars.add(new Plots.Bar(name, countFiles(top), name));
                continue;
            }
            for (Path month : months) {
                int n = countFiles(month);
                String label = name.equals(lastYear) ? "" : name;
                lastYear = name;
                bars.add(new Plots.Bar(label, n, name + "/" + month.getFileName() + ": " + n + " files"));
            }
        }
        return bars;
    }

    private int countFiles(Path folder) throws IOException {
        int n = 0;
        for (Path entry : files.list(folder)) {
            String name = entry.getFileName().toString();
            if (!name.startsWith(".") && !name.startsWith("@") && classifier.kindOf(entry).isPresent()) {
                n++;
            }
        }
        return n;
    }

    private boolean isFolder(Path path) {
        try {
            BasicFileAttributes attributes = files.attributes(path);
            return attributes.isDirectory() && !attributes.isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- actions

    /** The answer to an action: what happened to each file, and a sentence for the person. */
    record ActionResult(int status, String message, List<Map<String, Object>> files) {}

    ActionResult act(String user, Map<String, Object> request) throws Refusal {
        String action = text(request, "action");
        List<String> references = references(request);
        return switch (action) {
            case "restore" -> onPipeline(user, "kept in the library", paths(references, Set.of(Area.DUPLICATES)),
                    file -> outcome(file, parts.backend().pipeline().refile(file, Optional.empty())));
            case "inbox" -> onPipeline(user, "put back into the inbox",
                    paths(references, Set.of(Area.DUPLICATES, Area.NO_DATE)), this::backToInbox);
            case "retry" -> onPipeline(user, "retried", paths(references, Set.of(Area.INBOX)),
                    file -> outcome(file, parts.backend().pipeline().retry(file)));
            case "delete" -> {
                if (!"delete for good".equals(request.get("confirm"))) {
                    throw new Refusal(400, "deleting needs the confirmation \"delete for good\"");
                }
                yield onPipeline(user, "deleted for good", paths(references, Set.of(Area.DUPLICATES)),
                        file -> deleteForGood(file, user));
            }
            case "setdate" -> {
                CaptureDate date = CaptureDate.of(date(text(request, "date")), CaptureDate.Source.FILE_NAME);
                yield onPipeline(user, "filed under " + date.dateTime().toString().replace('T', ' '),
                        paths(references, Set.of(Area.NO_DATE)),
                        file -> outcome(file, parts.backend().pipeline().refile(file, Optional.of(date))));
            }
            default -> throw new Refusal(400, "unknown action '" + action + "'");
        };
    }

    private LocalDateTime date(String text) throws Refusal {
        LocalDateTime date;
        try {
            date = LocalDateTime.parse(text.length() == 16 ? text + ":00" : text).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "not a date and time like 2024-08-14T13:47:57: " + text);
        }
        if (!date.isAfter(LocalDateTime.of(1970, 1, 1, 0, 0)) || date.isAfter(LocalDateTime.now(parts.clock()).plusDays(1))) {
            throw new Refusal(400, "the date must lie after 1970 and not in the future: " + text);
        }
        return date;
    }

    private interface FileAction {
        Map<String, Object> apply(Path file) throws IOException;
    }

    private List<Path> paths(List<String> references, Set<Area> allowed) throws Refusal {
        List<Path> paths = new ArrayList<>();
        for (String reference : references) {
            paths.add(guard.file(reference, allowed));
        }
        return paths;
    }

    private ActionResult onPipeline(String user, String what, List<Path> paths, FileAction action) throws Refusal {
        try {
            List<Map<String, Object>> results = parts.backend().onPipeline(() -> {
                List<Map<String, Object>> out = new ArrayList<>();
                for (Path file : paths) {
                    try {
                        out.add(action.apply(file));
                    } catch (IOException | RuntimeException e) {
                        out.add(result(file, false, e.getMessage() == null ? e.toString() : e.getMessage()));
                    }
                }
                return out;
            }, ACTION_WAIT_MILLIS);
            long done = results.stream().filter(r -> Boolean.TRUE.equals(r.get("ok"))).count();
            parts.systemEvents().on(SystemEvent.info("Review page: " + user + " " + what + ": " + done + " of "
                    + paths.size() + " file(s)" + (paths.size() == 1 ? " (" + paths.get(0) + ")" : "")));
            String message = done == paths.size() ? capitalized(what) + ": " + done + " file(s)."
                    : done + " of " + paths.size() + " file(s) " + what + "; see each file for why not.";
            return new ActionResult(200, message, results);
        } catch (TimeoutException e) {
            return new ActionResult(202, "Queued behind the files the service is filing now; it runs after them.",
                    List.of());
        } catch (Refusal e) {
            throw e;
        } catch (Exception e) {
            throw new Refusal(503, "The service could not run this now: " + e.getMessage());
        }
    }

    private Map<String, Object> outcome(Path file, Pipeline.Outcome outcome) {
        if (outcome == Pipeline.Outcome.HANDLED) {
            return result(file, true, "done");
        }
        String why = state.failures().stream().filter(f -> f.file().equals(file)).map(ReviewState.Failure::message)
                .findFirst().orElse(outcome.name().toLowerCase(Locale.ROOT));
        return result(file, false, why);
    }

    private Map<String, Object> backToInbox(Path file) throws IOException {
        String name = file.getFileName().toString();
        String base = FileClassifier.baseName(name);
        String extension = FileClassifier.extension(name);
        Path target = parts.inbox().resolve(name);
        for (int n = 2; files.exists(target); n++) {
            if (n > 100) {
                return result(file, false, "the inbox already holds files of this name");
            }
            target = parts.inbox().resolve(base + " (" + n + ")" + (extension.isEmpty() ? "" : "." + extension));
        }
        long size = files.attributes(file).size();
        parts.backend().mover().move(file, target);
        parts.backend().index().remove(file);
        parts.listeners().on(new PipelineEvent.Filed(file, target, size, "put back into the inbox on the review page"));
        return result(file, true, "back in the inbox as " + target.getFileName() + "; it is filed again");
    }

    /**
     * Deletes a file of Duplicates/. When a byte-identical copy is confirmed in the library the row says so
     * (Duplicate Deleted, identical to ...); otherwise it says the person asked for it.
     */
    private Map<String, Object> deleteForGood(Path file, String user) throws IOException {
        BasicFileAttributes attributes = files.attributes(file);
        long size = attributes.size();
        FileContent content = new FileContent(files);
        LibraryIndex index = parts.backend().index();
        Optional<LibraryIndex.Entry> identical = Optional.empty();
        Optional<LibraryIndex.Entry> row = index.findByPath(file);
        if (row.isPresent()) {
            for (LibraryIndex.Entry entry : index.findBySizeAndMd5(size, row.get().md5())) {
                if (!entry.path().equals(file) && entry.area() != LibraryIndex.Area.DUPLICATES
                        && files.exists(entry.path()) && content.sameBytes(file, entry.path())) {
                    identical = Optional.of(entry);
                    break;
                }
            }
        }
        files.delete(file);
        index.remove(file);
        if (identical.isPresent()) {
            parts.listeners().on(new PipelineEvent.DuplicateDeleted(file, identical.get().path(), size));
        } else {
            parts.listeners().on(new PipelineEvent.DeletedByUser(file, size, "deleted for good on the review page by "
                    + user + "; no identical copy was kept"));
        }
        return result(file, true, "deleted");
    }

    private Map<String, Object> result(Path file, boolean ok, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", guard.reference(file).orElse(file.getFileName().toString()));
        out.put("ok", ok);
        out.put("message", message);
        return out;
    }

    private static String text(Map<String, Object> request, String key) throws Refusal {
        Object value = request.get(key);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new Refusal(400, "'" + key + "' is missing");
        }
        return text;
    }

    private static List<String> references(Map<String, Object> request) throws Refusal {
        Object value = request.get("files");
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new Refusal(400, "'files' must list at least one file");
        }
        if (list.size() > MAX_FILES_PER_ACTION) {
            throw new Refusal(413, "at most " + MAX_FILES_PER_ACTION + " files per action");
        }
        List<String> references = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String reference)) {
                throw new Refusal(400, "'files' must be a list of file references");
            }
            references.add(reference);
        }
        return references;
    }

    /** A path as written in the log (on a NAS: /var/services/...) back to the real path, when it lies in our folders. */
    private Optional<Path> unshown(String logged) {
        if (logged == null || logged.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(logged);
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        Path shownInbox = parts.shownPath().apply(parts.inbox());
        Path shownLibrary = parts.shownPath().apply(parts.library());
        // The longer root first: the inbox usually lies inside the library's share.
        if (shownInbox.getNameCount() >= shownLibrary.getNameCount() && path.startsWith(shownInbox)) {
            return Optional.of(parts.inbox().resolve(shownInbox.relativize(path).toString()));
        }
        if (path.startsWith(shownLibrary)) {
            return Optional.of(parts.library().resolve(shownLibrary.relativize(path).toString()));
        }
        if (path.startsWith(shownInbox)) {
            return Optional.of(parts.inbox().resolve(shownInbox.relativize(path).toString()));
        }
        return Optional.empty();
    }

    private String shown(Instant instant) {
        return LocalDateTime.ofInstant(instant, parts.clock().getZone()).format(SHOWN_TIME);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
