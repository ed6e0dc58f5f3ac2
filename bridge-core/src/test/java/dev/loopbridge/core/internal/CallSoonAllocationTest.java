package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * A callSoon from another thread allocates its handle and nothing else: a 24-byte node (12-byte
 * headers and compressed references, the JVM's defaults at this heap size), plus the queue's share:
 * a 4-byte slot in a chunk of 1,024 and, for one callback in 64, a 24-byte stamp that times its wait
 * (0.4 bytes a call; one in 16 would make it 1.5, and the bounds below fail).
 * An execute returns no handle, so it allocates no node: only the queue's share. Where it was
 * scheduled is kept only in debug mode, in a subclass, so the field costs nothing otherwise.
 */
class CallSoonAllocationTest {

    @Test
    void aCallSoonAllocatesOnlyItsHandleAndItsShareOfTheQueue() throws Exception {
        double perCall = allocatedPerCall((loop, noop) -> loop.callSoon(noop));
        assertTrue(perCall <= 29, perCall + " bytes allocated per callSoon");
    }

    @Test
    void anExecuteAllocatesOnlyItsShareOfTheQueue() throws Exception {
        double perCall = allocatedPerCall((loop, noop) -> loop.execute(noop));
        assertTrue(perCall <= 5, perCall + " bytes allocated per execute");
    }

    private static double allocatedPerCall(java.util.function.BiConsumer<EventLoop, Runnable> schedule) throws Exception {
        // com.sun.management's ThreadMXBean, through reflection: this module does not read jdk.management.
        Object threads = ManagementFactory.getThreadMXBean();
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        try (EventLoop loop = EventLoops.newDefault()) {
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    release.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runnable noop = () -> { };
            for (int i = 0; i < 300_000; i++) { // warm-up, so that the measured calls run compiled
                schedule.accept(loop, noop);
            }
            int calls = 200_000;
            long before = (long) allocated.invoke(threads);
            for (int i = 0; i < calls; i++) {
                schedule.accept(loop, noop);
            }
            double perCall = ((long) allocated.invoke(threads) - before) / (double) calls;
            release.countDown();
            return perCall;
        }
    }
}
