package org.photoorganizer.date;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates in file names written by phones, cameras and messengers.
 *
 * <p>Deliberately narrow: a name must show a full date and time in a known layout with separators
 * (or WhatsApp's {@code IMG-yyyyMMdd-WAnnnn}), digits may not run on before or after it, and the year
 * must be 19xx/20xx. A bare run of 14 digits or a counter such as {@code DSC01234} never matches, because
 * a wrong date files a photo in the wrong month with no way for the user to notice.
 */
final class FileNameDateSource implements DateSource {

    /** {@code IMG_20240102_123456}, {@code VID_…}, {@code 20240102_123456}, {@code PXL_20240102_123456789}, {@code Screenshot_20240102-123456}. */
    private static final Pattern COMPACT = Pattern.compile(
            "(?<![0-9])((?:19|20)\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])[_-]"
                    + "([01]\\d|2[0-3])([0-5]\\d)([0-5]\\d)(\\d{3})?(?![0-9])");

    /**
     * {@code 2024-01-02 12.34.56} (Dropbox / camera uploads), {@code 2024-01-02_12-34-56},
     * {@code Screenshot_2024-01-02-12-34-56}, {@code WhatsApp Image 2024-01-02 at 12.34.56},
     * {@code Screenshot 2024-01-02 at 1.23.45 PM} (macOS).
     */
    private static final Pattern DASHED = Pattern.compile(
            "(?<![0-9])((?:19|20)\\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(?: at |[ _T-])"
                    + "(\\d{1,2})[.:-]([0-5]\\d)[.:-]([0-5]\\d)(?:[.,](\\d{1,3}))?(?![0-9])(?:\\s?([AaPp][Mm])\\b)?");

    /** WhatsApp {@code IMG-20240102-WA0001}: the day it was received, no time. */
    private static final Pattern WHATSAPP = Pattern.compile(
            "(?<![A-Za-z0-9])(?:IMG|VID|AUD|PTT|STK|DOC)-((?:19|20)\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-WA\\d{4}",
            Pattern.CASE_INSENSITIVE);

    @Override
    public List<CaptureDate> candidates(InspectedFile file) {
        Path name = file.path().getFileName();
        return name == null ? List.of() : fromName(name.toString());
    }

    static List<CaptureDate> fromName(String name) {
        List<CaptureDate> found = new ArrayList<>();
        Matcher compact = COMPACT.matcher(name);
        while (compact.find()) {
            dateTime(compact, compact.group(4), null)
                    .map(dt -> new CaptureDate(dt, millis(compact.group(7)), Optional.empty(),
                            CaptureDate.Source.FILE_NAME))
                    .ifPresent(found::add);
        }
        Matcher dashed = DASHED.matcher(name);
        while (dashed.find()) {
            dateTime(dashed, dashed.group(4), dashed.group(8))
                    .map(dt -> new CaptureDate(dt, Subseconds.fromFractionDigits(dashed.group(7)), Optional.empty(),
                            CaptureDate.Source.FILE_NAME))
                    .ifPresent(found::add);
        }
        Matcher whatsApp = WHATSAPP.matcher(name);
        while (whatsApp.find()) {
            date(whatsApp).map(d -> CaptureDate.of(d.atStartOfDay(), CaptureDate.Source.FILE_NAME))
                    .ifPresent(found::add);
        }
        return found;
    }

    private static Optional<LocalDateTime> dateTime(Matcher m, String hourText, String amPm) {
        int hour = Integer.parseInt(hourText);
        if (amPm != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (amPm.equalsIgnoreCase("pm") ? 12 : 0);
        }
        int h = hour;
        return date(m).flatMap(d -> {
            try {
                return Optional.of(d.atTime(h, Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6))));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        });
    }

    // The regexes allow 31 February; LocalDate does not.
    private static Optional<LocalDate> date(Matcher m) {
        try {
            return Optional.of(LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt millis(String digits) {
        return digits == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(digits) * 10);
    }
}
