package dev.loopbridge.benchmarks.e2e;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The longest gap between JavaFX pulses while a child's output streams into the FX loop: 1 GiB
 * from {@code head -c ... /dev/zero} read 64 KiB at a time, then 10 million lines from {@code seq}
 * through {@code forEachLine}. JavaFX on Monocle headless unless {@code -Dglass.platform} says
 * otherwise.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(deps)" dev.loopbridge.benchmarks.e2e.SubprocessFxPulses [MiB] [lines]
 * </pre>
 */
public final class SubprocessFxPulses {

    private SubprocessFxPulses() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        long lines = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
        Beats beats = UiToolkit.startFx();
        try (EventLoop loop = FxEventLoop.create(UiToolkit.loopOptions("fx-exec"))) {
            long start = System.nanoTime();
            long got = loop.runUntilComplete(loop.exec(new ProcessBuilder("head", "-c", "" + bytes, "/dev/zero"))
                    .thenCompose(head -> count(head.stdout(), 0)));
            report(loop, beats, start, got + " bytes (" + (got >> 20) + " MiB) read 64 KiB at a time", got >> 20, "MiB");
            start = System.nanoTime();
            long[] n = new long[1];
            loop.runUntilComplete(loop.exec(new ProcessBuilder("seq", "1", "" + lines))
                    .thenCompose(seq -> seq.stdout().forEachLine(line -> n[0]++)));
            report(loop, beats, start, n[0] + " lines through forEachLine", n[0] / 1e6, "M lines");
        }
        javafx.application.Platform.exit();
    }

    private static void report(EventLoop loop, Beats beats, long start, String what, double amount, String unit)
            throws Exception {
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double gap = UiToolkit.call(loop, () -> beats.longestGap(start, end));
        int pulses = UiToolkit.call(loop, () -> beats.framesBetween(start, end));
        System.out.printf("FX loop: %s in %.2f s (%.1f %s/s); %d pulses, longest gap %.1f ms; longest tick %s%n",
                what, seconds, amount / seconds, unit, pulses, gap, loop.stats().longestTick());
    }

    private static CompletionStage<Long> count(StreamReader out, long sofar) {
        LoopFuture<byte[]> read = out.read(64 * 1024);
        return read.thenCompose(b -> b.length == 0 ? CompletableFuture.completedFuture(sofar)
                : count(out, sofar + b.length));
    }
}
