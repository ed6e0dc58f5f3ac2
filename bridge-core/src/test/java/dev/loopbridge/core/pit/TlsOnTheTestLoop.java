package dev.loopbridge.core.pit;

import dev.loopbridge.core.tck.TlsContract;

/** The TLS contract (TlsLayer) on the test loop, for mutation testing only. Test thread. */
class TlsOnTheTestLoop extends TestLoopSuite implements TlsContract {
}
