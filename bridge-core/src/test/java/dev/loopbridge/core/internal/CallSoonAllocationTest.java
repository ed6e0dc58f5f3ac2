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
 * A callSoon from another thread allocates its handle and nothing else: one 32-byte node (12-byte
 * headers and compressed references, the JVM's defaults at this heap size). Where it was scheduled
 * is kept only in debug mode, in a subclass, so the field costs nothing otherwise.
 */
class CallSoonAllocationTest {

    @Test
    void aCallSoonAllocatesOnlyItsThirtyTwoByteHandle() throws Exception {
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
                loop.callSoon(noop);
            }
            int calls = 200_000;
            long before = (long) allocated.invoke(threads);
            for (int i = 0; i < calls; i++) {
                loop.callSoon(noop);
            }
            double perCall = ((long) allocated.invoke(threads) - before) / (double) calls;
            release.countDown();
            assertTrue(perCall <= 32.5, perCall + " bytes allocated per callSoon");
        }
    }
}
