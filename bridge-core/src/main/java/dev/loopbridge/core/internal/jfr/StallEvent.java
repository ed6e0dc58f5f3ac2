package dev.loopbridge.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A loop thread that did not come back from one piece of work for longer than its stall threshold. */
@Name("dev.loopbridge.Stall")
@Label("Loop Stall")
@Category({"LoopBridge"})
@Description("A LoopBridge loop thread stuck in one callback, or, on a toolkit thread, in code outside the loop")
@StackTrace(false)
public final class StallEvent extends Event {
    @Label("Loop")
    String loop;

    @Label("Thread")
    String thread;

    @Label("In A Callback")
    @Description("True: stuck in a loop callback; false: the loop's tick waited for toolkit code")
    boolean inLoop;

    @Label("Stalled For")
    @Timespan(Timespan.NANOSECONDS)
    long stalledFor;

    @Label("Stack")
    @Description("The thread's stack, sampled during the stall")
    String stack;
}
