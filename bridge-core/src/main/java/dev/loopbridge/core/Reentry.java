package dev.loopbridge.core;

/**
 * What an asynchronous event handler does when its event fires while an earlier run is still
 * going: for buttons and actions, the difference between a double click that does nothing, a
 * queue of clicks, and a click that restarts the work.
 */
public enum Reentry {
    /** Drop the new event: nothing happens until the run that is going is done. */
    IGNORE,
    /** Run it after the runs before it, one at a time, in order. */
    QUEUE,
    /** Cancel the run that is going (its future, and so the operation behind it), then start. */
    CANCEL_PREVIOUS,
    /** Start it at once, alongside the runs that are going. */
    CONCURRENT
}
