package org.photoorganizer.plan;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library's folder layout, e.g. {@code {yyyy}/{MM}_{Mmm}} → {@code 2024/08_Aug}. Month names are
 * English whatever the NAS's locale, so the layout does not change when the locale does.
 */
public final class FolderPattern {
    private static final Pattern TOKEN = Pattern.compile("\\{([^}]*)}");
    private final String pattern;
    /** The pattern split once: literal text at even indexes, the token names between them at odd ones. */
    private final String[] parts;

    public FolderPattern(String pattern) {
        this.pattern = pattern;
        java.util.List<String> split = new java.util.ArrayList<>();
        Matcher matcher = TOKEN.matcher(pattern);
        int last = 0;
        while (matcher.find()) {
            split.add(pattern.substring(last, matcher.start()));
            split.add(matcher.group(1));
            last = matcher.end();
        }
        split.add(pattern.substring(last));
        this.parts = split.toArray(String[]::new);
    }

    public String render(LocalDateTime date) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < parts.length; i++) {
            out.append(i % 2 == 0 ? parts[i] : token(parts[i], date));
        }
        return out.toString();
    }

    /**
     * Whether a top-level folder of the library could have been made by this pattern (e.g. a four-digit
     * year); the index scan covers only such folders, never a user's own folders beside them.
     */
    public boolean matchesTopLevelFolder(String name) {
        String first = pattern.split("/", 2)[0];
        StringBuilder regex = new StringBuilder();
        Matcher matcher = TOKEN.matcher(first);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(first.substring(last, matcher.start())));
            regex.append(switch (matcher.group(1)) {
                case "yyyy" -> "\\d{4}";
                case "yy", "MM", "dd" -> "\\d{2}";
                case "M" -> "\\d{1,2}";
                case "Mmm" -> "[A-Z][a-z]{2}";
                case "Mmmm" -> "[A-Z][a-z]+";
                default -> ".*";
            });
            last = matcher.end();
        }
        regex.append(Pattern.quote(first.substring(last)));
        return name.matches(regex.toString());
    }

    private static String token(String token, LocalDateTime date) {
        return switch (token) {
            case "yyyy" -> zeroPadded(date.getYear(), 4);
            case "yy" -> zeroPadded(date.getYear() % 100, 2);
            case "MM" -> zeroPadded(date.getMonthValue(), 2);
            case "M" -> Integer.toString(date.getMonthValue());
            case "Mmm" -> date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "Mmmm" -> date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "dd" -> zeroPadded(date.getDayOfMonth(), 2);
            default -> throw new IllegalArgumentException("unknown folder token {" + token + "}");
        };
    }

    /**
     * {@code value} with zeros in front up to {@code width} characters, a minus sign counted, as {@code %0Nd}
     * prints it (String.format, slow for a per-file path: it parses its format on every call).
     */
    static String zeroPadded(int value, int width) {
        String digits = Integer.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        StringBuilder out = new StringBuilder(width);
        int start = 0;
        if (value < 0) {
            out.append('-');
            start = 1;
        }
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits, start, digits.length()).toString();
    }
}
