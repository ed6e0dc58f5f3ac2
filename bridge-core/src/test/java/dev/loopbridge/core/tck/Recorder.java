package dev.loopbridge.core.tck;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Transport;

/**
 * A protocol that records what happens to it and offers futures to wait for it. Its methods run
 * on the loop thread; the futures may be awaited anywhere.
 */
public class Recorder implements Protocol {

    /** Completes with the transport when the connection is made. */
    public final CompletableFuture<Transport> made = new CompletableFuture<>();

    /** Completes with the cause (possibly null) when the connection is lost. */
    public final CompletableFuture<Throwable> lost = new CompletableFuture<>();

    /** Completes when the peer's EOF arrives. */
    public final CompletableFuture<Void> eof = new CompletableFuture<>();

    /** Whether eofReceived keeps the connection open. */
    public volatile boolean keepOpenOnEof;

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Want> wants = new ArrayList<>();
    private volatile int pauses;
    private volatile int resumes;
    private volatile int lostCalls;
    private volatile boolean wrongThread;
    private volatile Thread loopThread;

    private record Want(int bytes, CompletableFuture<byte[]> future) {
    }

    /** Completes with the first {@code n} bytes received, once they have arrived. Loop thread. */
    public CompletableFuture<byte[]> bytes(int n) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        wants.add(new Want(n, f));
        check();
        return f;
    }

    /** Everything received so far. Loop thread. */
    public byte[] received() {
        return received.toByteArray();
    }

    public int pauses() {
        return pauses;
    }

    public int resumes() {
        return resumes;
    }

    /** How many times connectionLost was called (must end up exactly 1). */
    public int lostCalls() {
        return lostCalls;
    }

    /** Whether any callback ran on a thread other than the first one's. */
    public boolean ranOffTheLoopThread() {
        return wrongThread;
    }

    private void onCallback() {
        Thread t = Thread.currentThread();
        if (loopThread == null) {
            loopThread = t;
        } else if (loopThread != t) {
            wrongThread = true;
        }
    }

    @Override
    public void connectionMade(Transport transport) {
        onCallback();
        made.complete(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        onCallback();
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        received.writeBytes(chunk);
        check();
    }

    private void check() {
        byte[] all = null;
        for (Iterator<Want> it = wants.iterator(); it.hasNext(); ) {
            Want w = it.next();
            if (received.size() >= w.bytes()) {
                all = all == null ? received.toByteArray() : all;
                w.future().complete(Arrays.copyOf(all, w.bytes()));
                it.remove();
            }
        }
    }

    @Override
    public boolean eofReceived() {
        onCallback();
        eof.complete(null);
        return keepOpenOnEof;
    }

    @Override
    public void connectionLost(Throwable cause) {
        onCallback();
        lostCalls++;
        lost.complete(cause);
        for (Want w : wants) {
            w.future().completeExceptionally(new AssertionError("lost after " + received.size() + " bytes, wanted "
                    + w.bytes(), cause));
        }
        wants.clear();
    }

    @Override
    public void pauseWriting() {
        onCallback();
        pauses++;
    }

    @Override
    public void resumeWriting() {
        onCallback();
        resumes++;
    }
}
