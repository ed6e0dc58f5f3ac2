package dev.loopbridge.core.pit;

import dev.loopbridge.core.tck.StreamContract;

/**
 * The stream contract (StreamReaderImpl, StreamWriterImpl) on the test loop, for mutation testing only. Test thread.
 */
class StreamsOnTheTestLoop extends TestLoopSuite implements StreamContract {
}
