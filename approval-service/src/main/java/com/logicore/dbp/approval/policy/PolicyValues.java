package com.logicore.dbp.approval.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations ({@code 5s}, {@code 15min}, {@code 72h}) and sizes ({@code 1GB}) a policy file is written in. */
public final class PolicyValues {

    /** Also valid as a PostgreSQL setting value, so the worker can pass it to {@code SET lock_timeout} as is. */
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|min|h|d)");

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})(B|kB|MB|GB|TB)");

    private PolicyValues() {}

    public static boolean isDuration(String text) {
        return text != null && DURATION.matcher(text).matches();
    }

    public static Duration duration(String text) {
        Matcher m = matcher(DURATION, text, "a duration like 5s, 15min, 72h or 7d");
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public static boolean isSize(String text) {
        return text != null && SIZE.matcher(text).matches();
    }

    public static long bytes(String text) {
        Matcher m = matcher(SIZE, text, "a size like 512MB or 1GB");
        int shift =
                switch (m.group(2)) {
                    case "B" -> 0;
                    case "kB" -> 10;
                    case "MB" -> 20;
                    case "GB" -> 30;
                    default -> 40;
                };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static Matcher matcher(Pattern pattern, String text, String expected) {
        Matcher m = pattern.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
        return m;
    }
}
