package org.photoorganizer.review;

import java.util.List;
import java.util.Locale;

/**
 * Bar charts as small SVG documents, drawn on the server so the page needs no chart library. Labels are
 * dates, numbers and fixed words only (escaped all the same).
 */
final class Plots {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int BOTTOM = 40;
    private static final int TOP = 28;

    /** One bar: its label under the axis (may be empty to thin out the labels) and its value. */
    record Bar(String label, double value, String tooltip) {}

    private Plots() {}

    static String bars(String title, List<Bar> bars, String unit) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">");
        svg.append("<title>").append(escape(title)).append("</title>");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>");
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        int plotWidth = WIDTH - LEFT - 10;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int baseline = TOP + plotHeight;
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(baseline).append("\" x2=\"")
                .append(WIDTH - 10).append("\" y2=\"").append(baseline).append("\" stroke=\"#888\"/>");
        if (bars.isEmpty() || max <= 0) {
            svg.append("<text x=\"").append(LEFT + 10).append("\" y=\"").append(TOP + plotHeight / 2)
                    .append("\" fill=\"#666\">nothing yet</text></svg>");
            return svg.toString();
        }
        svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4)
                .append("\" text-anchor=\"end\" fill=\"#444\">").append(escape(number(max, unit))).append("</text>");
        svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(baseline)
                .append("\" text-anchor=\"end\" fill=\"#444\">0</text>");
        double slot = (double) plotWidth / bars.size();
        double barWidth = Math.max(1, slot * 0.8);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double h = bar.value() / max * plotHeight;
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2f6fb3\">",
                    x, baseline - h, barWidth, h));
            svg.append("<title>").append(escape(bar.tooltip())).append("</title></rect>");
            if (!bar.label().isEmpty()) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">",
                        x + barWidth / 2, baseline + 14)).append(escape(bar.label())).append("</text>");
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    static String number(double value, String unit) {
        if (unit.equals("bytes")) {
            return org.photoorganizer.logging.ByteSize.format((long) value);
        }
        return String.valueOf(Math.round(value)) + (unit.isEmpty() ? "" : " " + unit);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
