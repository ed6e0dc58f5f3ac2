package dev.loopbridge.core.internal.net;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;

/**
 * {@link StreamReader#forEachLine}: reads a line, hands it on, reads the next, without a chain of
 * composed futures — each read's future is dropped once its line is handed on, so memory stays
 * constant however many lines pass. Loop thread.
 */
public final class LineLoop implements BiConsumer<String, Throwable>, Runnable {

    private final StreamReader reader;
    private final Consumer<? super String> action;
    private final LoopFuture<Void> done;
    /** The read in progress, cancelled if {@link #done} is. */
    private LoopFuture<String> current;

    private LineLoop(StreamReader reader, Consumer<? super String> action, LoopFuture<String> first) {
        this.reader = reader;
        this.action = action;
        this.current = first;
        this.done = first.loop().newFuture();
    }

    /** Starts the loop over {@code reader}'s lines; the future completes at the end of the stream. */
    public static LoopFuture<Void> start(StreamReader reader, Consumer<? super String> action) {
        Objects.requireNonNull(action, "action");
        LineLoop l = new LineLoop(reader, action, reader.readLine());
        l.done.whenCancelled(l);
        l.current.whenComplete(l);
        return l.done;
    }

    /** A read completed: hands its line on and reads the next, or ends. */
    @Override
    public void accept(String line, Throwable error) {
        if (done.isDone()) {
            return;
        }
        if (error != null) {
            done.completeExceptionally(error);
            return;
        }
        if (line == null) {
            done.complete(null);
            return;
        }
        try {
            action.accept(line);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        current = reader.readLine();
        current.whenComplete(this); // inline while lines are buffered, up to the loop's inline depth
    }

    /** The caller cancelled: the read in progress leaves the reader's queue. */
    @Override
    public void run() {
        current.cancel(false);
    }
}
