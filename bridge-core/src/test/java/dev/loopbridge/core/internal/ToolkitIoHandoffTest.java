package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.spi.DrivenLoops;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.core.tck.SimulatedToolkit;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * How I/O readiness reaches a toolkit loop's thread (see {@link Poller}): while I/O is busy the
 * loop thread holds the selector and takes readiness itself, so a reply to what a tick wrote does
 * not cross to the side thread and back; once the loop thread has nothing left to do, the side
 * thread selects again and readiness from outside still arrives.
 */
class ToolkitIoHandoffTest {

    private static final long WAIT = TestTimeouts.TIMEOUT.toMillis();

    private final SimulatedToolkit toolkit = new SimulatedToolkit("handoff");
    private final CountingDriver driver = new CountingDriver(toolkit);
    private final EventLoop loop = DrivenLoops.create(driver, LoopOptions.defaults().withName("handoff"));

    @AfterEach
    void close() throws Exception {
        loop.close();
        toolkit.shutdown();
    }

    @Test
    void roundTripsOnOneLoopDoNotCrossThreadsEachTime() throws Exception {
        int roundTrips = 2_000;
        Server server = loop.createServer(NetworkSupport.Echo::new, ServerOptions.bind("127.0.0.1", 0))
                .get(WAIT, TimeUnit.MILLISECONDS);
        PingPong client = new PingPong(roundTrips);
        loop.createConnection(() -> client, ConnectOptions.to(address(server))).get(WAIT, TimeUnit.MILLISECONDS);
        int postsBefore = driver.posts.get();

        client.start();
        assertEquals(roundTrips, client.done.get(WAIT, TimeUnit.MILLISECONDS));

        // Each round trip is two readiness events (the server's read, then the client's). Handed over
        // by the side thread, each would cost a posted tick; taken by the loop thread as it finishes
        // the tick that wrote, a batch of ticks runs many round trips.
        int posts = driver.posts.get() - postsBefore;
        assertTrue(posts < roundTrips / 2, posts + " ticks were posted for " + roundTrips + " round trips");
    }

    @Test
    void readinessFromOutsideArrivesOnceTheLoopIsIdleAgain() throws Exception {
        Server server = loop.createServer(NetworkSupport.Echo::new, ServerOptions.bind("127.0.0.1", 0))
                .get(WAIT, TimeUnit.MILLISECONDS);
        PingPong client = new PingPong(100);
        loop.createConnection(() -> client, ConnectOptions.to(address(server))).get(WAIT, TimeUnit.MILLISECONDS);
        client.start();
        client.done.get(WAIT, TimeUnit.MILLISECONDS);

        // The loop thread held the selector during the round trips; a batch that ends gives it back,
        // and a peer that writes only after that must still be heard: a blocking socket, whose bytes
        // no tick of the loop sets off.
        try (Socket peer = new Socket()) {
            peer.connect(address(server), (int) WAIT);
            peer.setSoTimeout((int) WAIT);
            OutputStream out = peer.getOutputStream();
            InputStream in = peer.getInputStream();
            for (int i = 0; i < 20; i++) {
                loop.submit(() -> null).get(WAIT, TimeUnit.MILLISECONDS);
                // The loop has run dry, and its batch has ended and given the selector back: the
                // side thread selects again (a batch that kept it would leave no one selecting).
                awaitSideThreadInSelect();
                out.write(i);
                assertEquals(i, in.read(), "echo of byte " + i);
            }
        }
    }

    @Test
    void aServerOpenedWhileTheSideThreadSelectsIsHeardWithNothingElseWakingTheSelector() throws Exception {
        loop.createServer(NetworkSupport.Echo::new, ServerOptions.bind("127.0.0.1", 0)).get(WAIT, TimeUnit.MILLISECONDS);
        // The side thread selects with the first server's key and no timer to end its wait. A key
        // registered in a tick is only seen by a select that starts after it: the tick's end wakes
        // the selector (one wake-up per tick, however many keys changed).
        awaitSideThreadInSelect();
        CompletableFuture<Transport> accepted = new CompletableFuture<>();
        Server second = loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                accepted.complete(t);
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                data.position(data.limit());
            }
        }, ServerOptions.bind("127.0.0.1", 0)).get(WAIT, TimeUnit.MILLISECONDS);
        try (Socket peer = new Socket()) {
            peer.connect(address(second), (int) WAIT);
            accepted.get(WAIT, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until the loop's side thread is blocked in its selector's select. */
    private static void awaitSideThreadInSelect() {
        long giveUp = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        for (;;) {
            Thread side = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("handoff-") && t.getName().endsWith("-poller") && t.isAlive()).findFirst().orElse(null);
            StackTraceElement[] stack = side == null ? new StackTraceElement[0] : side.getStackTrace();
            boolean selecting = stack.length > 0 && stack[0].isNativeMethod()
                    && Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith("SelectorImpl")
                            && f.getMethodName().equals("select"));
            if (selecting) {
                return;
            }
            assertTrue(System.nanoTime() - giveUp < 0, "the side thread never blocked in select: " + Arrays.toString(stack));
            Thread.onSpinWait();
        }
    }

    private InetSocketAddress address(Server server) throws Exception {
        return (InetSocketAddress) loop.submit(() -> server.addresses().get(0)).get(WAIT, TimeUnit.MILLISECONDS);
    }

    /** Writes one byte and waits for its echo, {@code total} times. */
    private final class PingPong implements Protocol {
        private final int total;
        private final CompletableFuture<Integer> done = new CompletableFuture<>();
        private Transport transport;
        private int count;

        PingPong(int total) {
            this.total = total;
        }

        void start() {
            loop.execute(() -> transport.write(ByteBuffer.wrap(new byte[] {1})));
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            count += data.remaining();
            data.position(data.limit());
            if (count == total) {
                done.complete(count);
            } else {
                transport.write(ByteBuffer.wrap(new byte[] {1}));
            }
        }
    }
}
