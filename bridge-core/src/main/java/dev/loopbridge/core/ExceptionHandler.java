package dev.loopbridge.core;

/**
 * Receives the errors no caller can: exceptions thrown by callbacks, failures of tasks launched in
 * a {@link LoopScope}, and (in debug mode) failed futures nobody looked at.
 *
 * <p>asyncio's {@code loop.set_exception_handler}. It runs on the loop thread; the loop goes on
 * after it returns. An exception thrown by the handler itself is logged and dropped. The default
 * handler logs the error through SLF4J at ERROR level, with the context.
 *
 * <pre>{@code
 * loop.setExceptionHandler((l, error, context) -> statusBar.showError(context, error));
 * }</pre>
 */
@FunctionalInterface
public interface ExceptionHandler {

    /**
     * Handles an error.
     *
     * @param loop the loop the error happened on
     * @param error what was thrown
     * @param context a sentence that says where: which callback, timer, scope or future
     */
    void handle(EventLoop loop, Throwable error, String context);
}
