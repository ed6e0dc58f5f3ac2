package dev.loopbridge.core.internal.net;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;

/**
 * {@code StreamReader.forEachLine}: reads lines one after the other, handing each to the action,
 * until the end of the stream. Loop thread only. Lines already buffered are taken in a loop, not
 * by recursion, so a burst of lines costs no stack.
 */
public final class EachLine {

    private final StreamReader reader;
    private final Charset charset;
    private final Consumer<? super String> action;
    private final LoopFuture<Void> done;
    /** The read waiting for a line, or null while lines are handed out. */
    private LoopFuture<String> pending;

    private EachLine(StreamReader reader, Charset charset, Consumer<? super String> action, LoopFuture<Void> done) {
        this.reader = reader;
        this.charset = charset;
        this.action = action;
        this.done = done;
    }

    /** Starts reading; see {@code StreamReader.forEachLine}. Loop thread. */
    public static LoopFuture<Void> start(StreamReader reader, Charset charset, Consumer<? super String> action) {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(action, "action");
        if (reader instanceof StreamReaderImpl impl) {
            impl.checkInLoop("StreamReader.forEachLine");
        }
        LoopFuture<String> first = reader.readLine(charset); // checks the loop thread
        EachLine each = new EachLine(reader, charset, action, new LoopFuture<>(first.loop()));
        each.done.whenCancelled(each::cancelPending);
        each.handle(first);
        return each.done;
    }

    private void handle(LoopFuture<String> read) {
        for (LoopFuture<String> r = read; ; r = nextRead()) {
            if (r == null) {
                return; // the action failed or completed done, or done was cancelled
            }
            if (done.isDone()) {
                r.cancel(false); // cancelled meanwhile: the line stays for the next reader
                return;
            }
            if (!r.isDone()) {
                pending = r;
                LoopFuture<String> waiting = r;
                r.whenComplete((line, error) -> {
                    pending = null;
                    handle(waiting);
                });
                return;
            }
            String line;
            try {
                line = r.join();
            } catch (CompletionException | CancellationException e) {
                done.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                return;
            }
            if (line == null) {
                done.complete(null);
                return;
            }
            try {
                action.accept(line);
            } catch (Throwable e) { // as CompletableFuture does: the future carries it
                done.completeExceptionally(e);
                return;
            }
        }
    }

    /**
     * Hands out the lines already buffered straight from the reader, without a future each, then
     * returns the read for what comes next; null if {@link #done} completed meanwhile.
     */
    private LoopFuture<String> nextRead() {
        if (reader instanceof StreamReaderImpl impl) {
            for (String line; !done.isDone() && (line = impl.pollLine(charset)) != null; ) {
                try {
                    action.accept(line);
                } catch (Throwable e) { // as CompletableFuture does: the future carries it
                    done.completeExceptionally(e);
                }
            }
            if (done.isDone()) {
                return null;
            }
        }
        return reader.readLine(charset);
    }

    private void cancelPending() {
        LoopFuture<String> p = pending;
        if (p != null) {
            p.cancel(false);
        }
    }
}
