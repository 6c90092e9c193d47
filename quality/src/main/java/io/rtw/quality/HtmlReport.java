package io.rtw.quality;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page (inline CSS, SVG and script; nothing loaded from elsewhere): a summary, charts with
 * series overlaid and highlighted points, and a table. The script marks the page ready and lets a click on a legend
 * entry hide its series.
 */
final class HtmlReport {

    /** One line of a chart; {@code css} is {@code left} or {@code right}, which sets its colour. */
    record Series(String name, String css, List<Map.Entry<LocalDateTime, BigDecimal>> points) {}

    /** One chart: its series overlaid, and the x values to mark as differences. */
    record Chart(String title, List<Series> series, List<LocalDateTime> highlights) {}

    private static final int W = 640;
    private static final int H = 180;
    private static final int PAD = 36;
    private static final int MAX_MARKS = 400;

    private HtmlReport() {}

    static String render(String title, List<String> summary, List<Chart> charts, List<String> header,
            List<List<String>> rows, int rowLimit) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}")
                .append("pre{background:#f6f6f6;padding:8px;overflow:auto}")
                .append(".chart{display:inline-block;margin:8px;vertical-align:top}")
                .append("svg{background:#fcfcfc;border:1px solid #ddd}.axis{stroke:#999;stroke-width:1}")
                .append(".series{fill:none;stroke-width:1.5}.series.left{stroke:#1f77b4}")
                .append(".series.right{stroke:#ff7f0e;stroke-dasharray:4 2}.mark{fill:#d62728;opacity:.7}")
                .append(".legend span{cursor:pointer;margin-right:12px}.legend .left{color:#1f77b4}")
                .append(".legend .right{color:#ff7f0e}.hidden{display:none}text{font-size:10px;fill:#555}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}")
                .append("tr.breach,tr.missing_left,tr.missing_right,tr.error{background:#fde2e2}")
                .append("tr.late,tr.warn{background:#fff4d6}\n</style></head>\n<body>\n<h1>").append(esc(title))
                .append("</h1>\n<pre id=\"summary\">");
        summary.forEach(line -> b.append(esc(line)).append('\n'));
        b.append("</pre>\n<div id=\"charts\">\n");
        for (int i = 0; i < charts.size(); i++) {
            chart(b, charts.get(i), i);
        }
        b.append("</div>\n<h2>Differences and breaches</h2>\n<table id=\"breaches\"><thead><tr>");
        header.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        rows.stream().limit(rowLimit).forEach(r -> {
            b.append("<tr class=\"").append(esc(r.get(r.size() - 1).toLowerCase(java.util.Locale.ROOT)))
                    .append("\">");
            r.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
            b.append("</tr>\n");
        });
        b.append("</tbody></table>\n");
        if (rows.size() > rowLimit) {
            b.append("<p>").append(rows.size() - rowLimit).append(" more rows are in the table.</p>\n");
        }
        if (rows.isEmpty()) {
            b.append("<p>None.</p>\n");
        }
        b.append("<script>\n(function () {\n")
                .append("  document.querySelectorAll('.legend span').forEach(function (s) {\n")
                .append("    s.addEventListener('click', function () {\n")
                .append("      var svg = s.closest('.chart').querySelector('svg');\n")
                .append("      svg.querySelectorAll('.series.' + s.dataset.series).forEach(function (p) {\n")
                .append("        p.classList.toggle('hidden'); });\n    });\n  });\n")
                .append("  var n = document.querySelectorAll('polyline.series').length;\n")
                .append("  document.body.setAttribute('data-series', String(n));\n")
                .append("  document.body.setAttribute('data-ready', 'true');\n})();\n</script>\n</body></html>\n");
        return b.toString();
    }

    private static void chart(StringBuilder b, Chart c, int index) {
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        BigDecimal maxY = BigDecimal.ZERO;
        for (Series s : c.series()) {
            for (Map.Entry<LocalDateTime, BigDecimal> p : s.points()) {
                long x = millis(p.getKey());
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                if (p.getValue() != null) {
                    maxY = maxY.max(p.getValue());
                }
            }
        }
        if (minX == Long.MAX_VALUE) {
            minX = 0;
            maxX = 1;
        }
        long x0 = minX;
        double spanX = Math.max(1, maxX - minX);
        // Positions on the page are approximate by nature; the values shown as text are exact.
        double spanY = maxY.signum() <= 0 ? 1 : maxY.doubleValue();
        b.append("<div class=\"chart\" id=\"chart-").append(index).append("\"><div><b>").append(esc(c.title()))
                .append("</b></div>\n<div class=\"legend\">");
        c.series().forEach(s -> b.append("<span class=\"").append(s.css()).append("\" data-series=\"").append(s.css())
                .append("\">&#9632; ").append(esc(s.name())).append("</span>"));
        b.append("</div>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"")
                .append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\">")
                .append("<line class=\"axis\" x1=\"").append(PAD).append("\" y1=\"").append(H - PAD / 2)
                .append("\" x2=\"").append(W - 4).append("\" y2=\"").append(H - PAD / 2).append("\"/>")
                .append("<line class=\"axis\" x1=\"").append(PAD).append("\" y1=\"4\" x2=\"").append(PAD)
                .append("\" y2=\"").append(H - PAD / 2).append("\"/>")
                .append("<text x=\"2\" y=\"12\">").append(num(maxY)).append("</text><text x=\"").append(PAD)
                .append("\" y=\"").append(H - 4).append("\">").append(esc(label(minX))).append("</text><text x=\"")
                .append(W - 110).append("\" y=\"").append(H - 4).append("\">").append(esc(label(maxX)))
                .append("</text>\n");
        for (Series s : c.series()) {
            b.append("<polyline class=\"series ").append(s.css()).append("\" data-name=\"").append(esc(s.name()))
                    .append("\" points=\"");
            for (Map.Entry<LocalDateTime, BigDecimal> p : s.points()) {
                if (p.getValue() != null) {
                    b.append(px(millis(p.getKey()), x0, spanX)).append(',').append(py(p.getValue(), spanY)).append(' ');
                }
            }
            b.append("\"/>\n");
        }
        Series marked = c.series().get(c.series().size() - 1);
        Map<LocalDateTime, BigDecimal> values = new java.util.HashMap<>();
        c.series().forEach(s -> s.points().forEach(p -> values.putIfAbsent(p.getKey(), p.getValue())));
        marked.points().forEach(p -> values.put(p.getKey(), p.getValue()));
        c.highlights().stream().limit(MAX_MARKS).forEach(x -> {
            BigDecimal y = values.get(x);
            b.append("<circle class=\"mark\" r=\"3\" cx=\"").append(px(millis(x), x0, spanX)).append("\" cy=\"")
                    .append(py(y == null ? BigDecimal.ZERO : y, spanY)).append("\"><title>").append(esc(x.toString()))
                    .append("</title></circle>");
        });
        b.append("</svg></div>\n");
    }

    private static String px(long x, long x0, double span) {
        return coordinate(PAD + (x - x0) / span * (W - PAD - 8));
    }

    private static String py(BigDecimal y, double span) {
        return coordinate(H - PAD / 2.0 - y.doubleValue() / span * (H - PAD / 2.0 - 8));
    }

    private static String coordinate(double d) {
        return String.format(java.util.Locale.ROOT, "%.2f", d);
    }

    private static long millis(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String label(long millis) {
        return LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC).toString().replace('T', ' ');
    }

    /** A number exactly as it is, without an exponent: 3623.20 stays 3623.20. */
    static String num(BigDecimal d) {
        return d.toPlainString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
