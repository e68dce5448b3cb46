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

    public FolderPattern(String pattern) {
        this.pattern = pattern;
    }

    public String render(LocalDateTime date) {
        Matcher matcher = TOKEN.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(token(matcher.group(1), date)));
        }
        matcher.appendTail(out);
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
            case "yyyy" -> String.format(Locale.ROOT, "%04d", date.getYear());
            case "yy" -> String.format(Locale.ROOT, "%02d", date.getYear() % 100);
            case "MM" -> String.format(Locale.ROOT, "%02d", date.getMonthValue());
            case "M" -> Integer.toString(date.getMonthValue());
            case "Mmm" -> date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "Mmmm" -> date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "dd" -> String.format(Locale.ROOT, "%02d", date.getDayOfMonth());
            default -> throw new IllegalArgumentException("unknown folder token {" + token + "}");
        };
    }
}
