package dev.loopbridge.core;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.SubprocessLeaks;

/** The TCK spawns 100 children per loop; here 1,000 on the default loop, 10 at a time. */
class SubprocessLeakTest {

    @Test
    void aThousandSpawnsLeaveNoThreadOrDescriptorBehind() {
        try (EventLoop loop = EventLoops.newDefault()) {
            SubprocessLeaks.spawnManyAndCount(loop, loop::runUntilComplete, 1000, 10);
        }
    }
}
