package dev.loopbridge.core.peers;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * What every real-peer test has: a default loop, the programs it started, and waits that quote
 * those programs' output when they fail. Everything is stopped after each test, whatever happened.
 * Test thread. Public for the real-peer tests of other modules (bridge-web's WebSocket peers).
 */
public abstract class RealPeerTest {

    /** The loop under test: the default one, on a thread of its own. */
    protected final EventLoop loop = EventLoops.newDefault();

    private final List<PeerProcess> peers = new ArrayList<>();

    /** Starts {@code tool}; it is stopped after the test. */
    protected PeerProcess start(PeerTool tool, String... args) {
        PeerProcess peer = PeerProcess.start(tool, args);
        peers.add(peer);
        return peer;
    }

    @AfterEach
    protected final void stopPeersThenTheLoop() {
        AssertionError failed = null;
        for (PeerProcess peer : peers) {
            try {
                peer.close();
            } catch (AssertionError e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        peers.clear();
        loop.close();
        if (failed != null) {
            throw failed;
        }
    }

    /** The port {@code server} listens on (its first address). */
    protected int portOf(Server server) {
        return await(loop.submit(() -> ((InetSocketAddress) server.addresses().get(0)).getPort()));
    }

    /**
     * A server handler's body: answers each line with "echo " and the line until EOF, then
     * completes with the lines it read. Loop thread.
     */
    static CompletionStage<List<String>> echoLinesUntilEof(StreamConnection c, List<String> read) {
        return c.reader().readLine().thenCompose(line -> {
            if (line == null) {
                return CompletableFuture.completedFuture(read);
            }
            read.add(line);
            c.writer().writeLine("echo " + line);
            return echoLinesUntilEof(c, read);
        });
    }

    /** Runs {@code work} on the loop thread and waits for the stage it returns. */
    protected <T> T onLoop(Callable<? extends CompletionStage<T>> work) {
        return await(loop.submit(work).thenCompose(stage -> stage));
    }

    /** Runs {@code task} on the loop thread and waits for it. */
    protected void doOnLoop(Runnable task) {
        await(loop.submit(() -> {
            task.run();
            return null;
        }));
    }

    /**
     * Waits for {@code stage} (completed on the loop thread) and returns its result.
     *
     * @throws AssertionError quoting every peer's output if it fails or is not done in time
     */
    protected <T> T await(CompletionStage<T> stage) {
        return await(stage, TestTimeouts.TIMEOUT);
    }

    /**
     * Waits up to {@code bound} for {@code stage}: for a phase that includes a program's start,
     * {@link TestTimeouts#PROGRAM_START}.
     *
     * @throws AssertionError quoting every peer's output if it fails or is not done in time
     */
    protected <T> T await(CompletionStage<T> stage, Duration bound) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause() + peerOutput(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false); // reaches the operation behind it: a pending read, a connect
            throw new AssertionError("not done within " + bound + peerOutput(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted" + peerOutput(), e);
        }
    }

    /**
     * Waits for {@code stage} to fail and returns why.
     *
     * @throws AssertionError quoting every peer's output if it succeeds or is not done in time
     */
    protected Throwable awaitFailure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        Object result;
        try {
            result = future.get(TestTimeouts.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new AssertionError("not done within " + TestTimeouts.TIMEOUT + peerOutput(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted" + peerOutput(), e);
        }
        throw new AssertionError("succeeded with " + result + ", expected a failure" + peerOutput());
    }

    private String peerOutput() {
        StringBuilder out = new StringBuilder();
        for (PeerProcess peer : peers) {
            out.append('\n').append(peer.transcript());
        }
        return out.toString();
    }
}
