package io.rtw.quality;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report in headless Chromium (Debian's package, installed by src/test/scripts/install-chromium.sh when
 * missing): the page loads from a file with no network, runs its script without errors and shows both series.
 */
class ReportChromiumITCase {

    @TempDir static Path dir;
    static Path page;

    @BeforeAll
    static void writeAReport() throws Exception {
        LocalDateTime start = LocalDate.of(2026, 11, 21).atStartOfDay();
        List<Map.Entry<LocalDateTime, BigDecimal>> left = new ArrayList<>();
        List<Map.Entry<LocalDateTime, BigDecimal>> right = new ArrayList<>();
        for (int m = 1; m <= 1440; m++) {
            left.add(new AbstractMap.SimpleImmutableEntry<>(start.plusMinutes(m), BigDecimal.valueOf(m * 3L)));
            right.add(new AbstractMap.SimpleImmutableEntry<>(start.plusMinutes(m), BigDecimal.valueOf(m * 3L
                    + (m > 600 ? 2 : 0))));
        }
        String html = HtmlReport.render("Reconciliation <test> & friends", List.of("reconcile m: a vs b", "PASS"),
                List.of(new HtmlReport.Chart("app · pv", List.of(new HtmlReport.Series("stream", "left", left),
                        new HtmlReport.Series("batch", "right", right)), List.of(start.plusMinutes(601)))),
                List.of("key", "minute", "verdict"), List.of(List.of("app", "2026-11-21 10:01", "late")), 100);
        page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
    }

    private static String chromium() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            Process install = new ProcessBuilder("bash", System.getProperty("rtw.chromium.install",
                    "src/test/scripts/install-chromium.sh")).redirectErrorStream(true).start();
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor()).as("installing chromium: " + out).isZero();
        }
        return "/usr/bin/chromium";
    }

    @Test
    void thePageLoadsWithoutErrorsAndShowsBothSeries() throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Process p = new ProcessBuilder(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000",
                "--dump-dom", page.toUri().toString()).redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("chromium.log"));
        assertThat(dom).as(log).contains("data-ready=\"true\"", "data-series=\"2\"",
                "<polyline class=\"series left\" data-name=\"stream\"",
                "<polyline class=\"series right\" data-name=\"batch\"", "Reconciliation &lt;test&gt; &amp; friends");
        assertThat(log.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught"))).isEmpty();
    }
}
