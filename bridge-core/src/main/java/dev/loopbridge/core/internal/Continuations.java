package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's internal {@code jdk.internal.vm.Continuation}, reached through method handles so that
 * LoopBridge compiles with {@code --release 21} and no compile-time {@code --add-exports}. Any
 * thread may create a continuation; {@link #run} and {@link #yield} are called by
 * {@link AsyncBody} on the loop thread only.
 *
 * <p>The handles are looked up once, when this class initializes. Without
 * {@code --add-exports java.base/jdk.internal.vm=<this module>} the lookup fails; the failure is
 * kept and thrown by {@link #checkAvailable()} (so by the first {@code Async.async}), with the flag
 * spelled out. Nothing else in LoopBridge touches this class, so the rest works without the flag.
 */
final class Continuations {

    private static final String PACKAGE = "jdk.internal.vm";

    /** The value of the export flag this JVM needs: this module's name, or ALL-UNNAMED. */
    static final String EXPORT_TARGET = Continuations.class.getModule().isNamed()
            ? Continuations.class.getModule().getName() : "ALL-UNNAMED";

    /** The exact flag, as it goes on the java command line. */
    static final String FLAG = "--add-exports java.base/" + PACKAGE + "=" + EXPORT_TARGET;

    // NOTE: static final method handles are constants to the JIT: invokeExact through them costs
    // as much as a direct call. Null when unavailable (see UNAVAILABLE).
    private static final MethodHandle NEW_CONTINUATION; // (Object scope, Runnable) -> Object
    private static final MethodHandle RUN;               // (Object) -> void
    private static final MethodHandle YIELD;             // (Object scope) -> boolean
    private static final Object SCOPE;

    /** Why continuations cannot be used here, or null if they can. */
    private static final String UNAVAILABLE;

    static {
        MethodHandle create = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        Object scope = null;
        String unavailable = null;
        try {
            Class<?> continuation = Class.forName(PACKAGE + ".Continuation");
            Class<?> scopeClass = Class.forName(PACKAGE + ".ContinuationScope");
            Class<?> support = Class.forName(PACKAGE + ".ContinuationSupport");
            if (!Object.class.getModule().isExported(PACKAGE, Continuations.class.getModule())) {
                unavailable = "java.base does not export " + PACKAGE + " to " + EXPORT_TARGET;
            } else {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                boolean supported = (boolean) lookup.findStatic(support, "isSupported",
                        MethodType.methodType(boolean.class)).invokeExact();
                if (!supported) {
                    unavailable = "this JVM does not support continuations (-XX:-VMContinuations?)";
                } else {
                    scope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                            .invoke("loopbridge-async");
                    create = lookup.findConstructor(continuation,
                                    MethodType.methodType(void.class, scopeClass, Runnable.class))
                            .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                    run = lookup.findVirtual(continuation, "run", MethodType.methodType(void.class))
                            .asType(MethodType.methodType(void.class, Object.class));
                    yield = lookup.findStatic(continuation, "yield",
                                    MethodType.methodType(boolean.class, scopeClass))
                            .asType(MethodType.methodType(boolean.class, Object.class));
                }
            }
        } catch (Throwable e) {
            unavailable = e.toString();
        }
        NEW_CONTINUATION = create;
        RUN = run;
        YIELD = yield;
        SCOPE = scope;
        UNAVAILABLE = unavailable;
    }

    private Continuations() {
    }

    /**
     * Throws if continuations cannot be used in this JVM, with the flag that would fix it.
     *
     * @throws UnsupportedOperationException naming the missing {@code --add-exports} flag
     */
    static void checkAvailable() {
        if (UNAVAILABLE != null) {
            throw new UnsupportedOperationException("Async.async runs its body as a JDK continuation"
                    + " (jdk.internal.vm.Continuation), which this JVM does not give LoopBridge: "
                    + UNAVAILABLE + ". Start the JVM with " + FLAG
                    + " (on the class path the target is ALL-UNNAMED, on the module path dev.loopbridge.core;"
                    + " in Maven Surefire put it in <argLine>). Everything else in LoopBridge works"
                    + " without it.");
        }
    }

    /** A new, unstarted continuation that will run {@code target}. */
    static Object create(Runnable target) {
        try {
            return (Object) NEW_CONTINUATION.invokeExact(SCOPE, target);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Starts or resumes {@code continuation} on the current thread until it yields or ends. */
    static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Suspends the innermost running continuation. Returns when it is resumed.
     *
     * @throws IllegalStateException if the JDK refuses ("Pinned: NATIVE", a native frame on the
     *     stack; "Pinned: MONITOR" on JDKs before 24; "Pinned: CRITICAL_SECTION")
     */
    static void yield() {
        try {
            boolean yielded = (boolean) YIELD.invokeExact(SCOPE);
            if (!yielded) {
                throw new IllegalStateException("Pinned: the JDK did not suspend the continuation");
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e); // the handles declare no checked exceptions
    }
}
