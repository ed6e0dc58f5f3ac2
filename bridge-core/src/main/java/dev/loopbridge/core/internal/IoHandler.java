package dev.loopbridge.core.internal;

/** What an {@link IoRegistration} reports readiness to. Loop thread. */
@FunctionalInterface
public interface IoHandler {

    /**
     * The channel is ready for {@code readyOps} ({@code SelectionKey.OP_*}), a subset of the
     * registration's interest. Exceptions thrown here go to the loop's exception handler.
     */
    void onReady(int readyOps);
}
