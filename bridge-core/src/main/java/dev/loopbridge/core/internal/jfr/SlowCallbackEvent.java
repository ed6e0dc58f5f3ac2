package dev.loopbridge.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** One callback that ran longer than the recording's threshold (20 ms unless the settings say otherwise). */
@Name("dev.loopbridge.SlowCallback")
@Label("Slow Loop Callback")
@Category({"LoopBridge"})
@Description("A callback that held a LoopBridge event loop's thread longer than the threshold")
@Threshold("20 ms")
@StackTrace(false)
public final class SlowCallbackEvent extends Event {
    @Label("Loop")
    String loop;

    @Label("Callback")
    String callback;

    @Label("Scheduled At")
    @Description("Where the callback was scheduled; debug mode only")
    String origin;
}
