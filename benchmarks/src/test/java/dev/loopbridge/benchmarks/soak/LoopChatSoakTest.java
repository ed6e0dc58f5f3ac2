package dev.loopbridge.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopbridge.demo.client.ChatEntry;

/**
 * The LoopChat soak in miniature (9 s, about 15 s in all): 5 clients, one server kill and restart. Asserts
 * what must hold on any machine, however loaded: every client comes back, nothing is reported to a
 * loop, no line arrives twice, and no line is lost without its client saying so (a line the server
 * never confirmed is UNCERTAIN; one it confirmed while its sender was alone in the channel had
 * nobody to go to). Then the TSV is drawn as a PNG.
 */
@Tag("soak") // not in the default build: see docs/SOAK.md
class LoopChatSoakTest {

    @Test
    void clientsComeBackAfterAServerRestartAndNoLineIsLostSilently(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("soak.tsv");
        LoopChatSoak.Report report = LoopChatSoak.soak(new LoopChatSoak.Settings(0.15, 1, 0.075, 5, 2, tsv));

        assertEquals(1, report.restarts(), report.text());
        assertEquals(0, report.incomplete(), report.text());
        assertTrue(report.reconnects() >= 5, report.text());
        assertEquals(0, report.errors(), report.text());
        Ledger.Outcome o = report.outcome();
        assertTrue(o.queued() >= 5, report.text());
        assertEquals(0, o.duplicates(), report.text());
        long flagged = o.lostByStatus().getOrDefault(ChatEntry.Status.UNCERTAIN, 0L) + o.lostAloneInChannel();
        assertEquals(o.lost(), flagged, "lines lost without a reason the client knows: " + report.text());
        assertTrue(report.passed() && report.text().contains("result: PASS"), report.text());

        Path png = dir.resolve("soak.png");
        SoakPlot.write(tsv, png, "test");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        List<String> header = List.of(Files.readAllLines(tsv).get(0).split("\t"));
        assertTrue(header.containsAll(List.of("heap_mib", "threads", "fds", "load1", "connected", "receipts_per_s",
                "delivery_p99_ms", "server_rss_mib")), header.toString());
    }
}
