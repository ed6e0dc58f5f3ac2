package dev.loopbridge.web;

import java.time.Duration;
import java.util.Objects;

/**
 * One Server-Sent Event, as {@link EventSource#next()} hands it out: the browser's
 * {@code MessageEvent} of an {@code EventSource}, as a record. Immutable; any thread.
 *
 * <pre>{@code
 * // id: 42            <- sets the last event ID, which carries over to later events
 * // event: price
 * // data: EURUSD
 * // data: 1.08        <- data lines are joined with "\n"
 * //                   <- the blank line dispatches
 * new ServerSentEvent("42", "price", "EURUSD\n1.08", null)
 * }</pre>
 *
 * @param id the last event ID in force when the event was dispatched: the event's own {@code id}
 *        field, or the one before it (it carries over, also across reconnections, as in the
 *        specification); empty if the server never set one
 * @param event the event type: the {@code event} field, {@code "message"} when there is none
 * @param data the {@code data} lines, joined with {@code "\n"}
 * @param retry the event's own {@code retry} field (the new reconnection delay), or {@code null}
 *        if it had none
 */
public record ServerSentEvent(String id, String event, String data, Duration retry) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code id}, {@code event} or {@code data} is null
     */
    public ServerSentEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
