package dev.loopbridge.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One tick of a loop: how many callbacks it ran and whether it stopped at its budget. */
@Name("dev.loopbridge.Tick")
@Label("Loop Tick")
@Category({"LoopBridge"})
@Description("A batch of callbacks, timers and I/O handlers run by a LoopBridge event loop")
@StackTrace(false)
public final class TickEvent extends Event {
    @Label("Loop")
    String loop;

    @Label("Callbacks Run")
    long callbacks;

    @Label("Budget Hit")
    @Description("Whether the tick stopped at its time budget with work left")
    boolean budgetHit;
}
