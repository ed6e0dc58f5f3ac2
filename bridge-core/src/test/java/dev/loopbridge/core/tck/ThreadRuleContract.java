package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.DatagramOptions;
import dev.loopbridge.core.DatagramTransport;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.Subprocess;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;

/**
 * The thread rule, complete: every public method of the loop's resource interfaces (transports,
 * streams, servers, datagram endpoints, scopes, subprocesses) either checks
 * that it runs on the loop thread — called from another thread it throws
 * {@link IllegalStateException} whose message names the method and the loop thread — or is listed
 * in {@link #ANY_THREAD} because its Javadoc says it does not check. The methods are found by
 * reflection, so a method added later fails this contract until it checks or is documented here.
 */
public interface ThreadRuleContract extends NetworkSupport {

    /**
     * The methods whose Javadoc says they do not check the thread (getters that may be stale
     * off the loop thread, and futures), as {@code Interface.method(ParameterTypes)}.
     */
    Set<String> ANY_THREAD = Set.of(
            // Transport: "The getters ... do not check"
            "Transport.canWriteEof()", "Transport.isClosing()", "Transport.isReading()",
            "Transport.writeBufferSize()", "Transport.localAddress()", "Transport.remoteAddress()",
            "Transport.tlsSession()", "Transport.applicationProtocol()", "Transport.protocol()",
            // StreamReader: "atEof() and limit() do not check"
            "StreamReader.atEof()", "StreamReader.limit()",
            // StreamWriter: "canWriteEof, isClosing, closed and transport do not check"
            "StreamWriter.canWriteEof()", "StreamWriter.isClosing()", "StreamWriter.closed()",
            "StreamWriter.transport()",
            // StreamConnection: "the getters do not check"
            "StreamConnection.reader()", "StreamConnection.writer()", "StreamConnection.localAddress()",
            "StreamConnection.remoteAddress()", "StreamConnection.tlsSession()",
            // Server: "every method but isServing and closed checks it"
            "Server.isServing()", "Server.closed()",
            // DatagramTransport: "the getters do not check"
            "DatagramTransport.isClosing()", "DatagramTransport.writeBufferSize()",
            "DatagramTransport.localAddress()", "DatagramTransport.remoteAddress()",
            // LoopScope: "All methods but isClosed"
            "LoopScope.isClosed()");

    /** How a method was called from a foreign thread. */
    private static String signature(Class<?> type, Method m) {
        return type.getSimpleName() + "." + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }

    /** A harmless argument of {@code type} for a call that should be refused before it acts. */
    private static Object argument(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == boolean.class) {
            return false;
        } else if (type == byte[].class) {
            return new byte[] {'x'};
        } else if (type == ByteBuffer.class) {
            return ByteBuffer.wrap(new byte[] {'x'});
        } else if (type == String.class) {
            return "x";
        } else if (type == Charset.class) {
            return StandardCharsets.UTF_8;
        } else if (type == Duration.class) {
            return Duration.ofMillis(1);
        } else if (type == Runnable.class) {
            return (Runnable) () -> { };
        } else if (type == Consumer.class) {
            return (Consumer<Object>) x -> { };
        } else if (type == Supplier.class) {
            return (Supplier<CompletionStage<Object>>) CompletableFuture::new;
        } else if (type == CompletionStage.class) {
            return new CompletableFuture<>();
        } else if (type == AutoCloseable.class) {
            return (AutoCloseable) () -> { };
        } else if (type == Protocol.class) {
            return new Recorder();
        } else if (type == TlsOptions.class) {
            return TlsOptions.client();
        } else if (type == SocketAddress.class) {
            return new InetSocketAddress("127.0.0.1", 9);
        }
        throw new AssertionError("ThreadRuleContract has no argument of type " + type.getName()
                + ": add one to argument(...) so the new method is checked");
    }

    /**
     * Calls every public method of {@code type} on {@code target} from a thread that is not the
     * loop's, and returns what went wrong: a method not in {@link #ANY_THREAD} that did not throw
     * an {@code IllegalStateException} naming itself and the loop thread, or a listed one that did.
     */
    private List<String> violations(Class<?> type, Object target, String loopThread) {
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                methods.putIfAbsent(signature(type, m), m);
            }
        }
        return awaitReal(inThread(() -> {
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Method> e : new TreeSet<>(methods.keySet()).stream()
                    .map(k -> Map.entry(k, methods.get(k))).toList()) {
                Method m = e.getValue();
                Object[] args = Arrays.stream(m.getParameterTypes()).map(ThreadRuleContract::argument).toArray();
                Throwable thrown = null;
                try {
                    m.invoke(target, args);
                } catch (InvocationTargetException x) {
                    thrown = x.getCause();
                }
                boolean anyThread = ANY_THREAD.contains(e.getKey());
                if (anyThread && thrown != null) {
                    wrong.add(e.getKey() + " is documented as not checking but threw " + thrown);
                } else if (!anyThread) {
                    String prefix = type.getSimpleName() + "." + m.getName() + " must be called on ";
                    if (!(thrown instanceof IllegalStateException)) {
                        wrong.add(e.getKey() + " ran on a foreign thread without checking"
                                + (thrown == null ? "" : " (threw " + thrown + ")")
                                + ": make it check, or list it in ANY_THREAD if its Javadoc says it may");
                    } else if (!thrown.getMessage().startsWith(prefix + loopThread + ", not on thread \""
                            + Thread.currentThread().getName() + "\"")) {
                        wrong.add(e.getKey() + " threw \"" + thrown.getMessage() + "\" (expected: \"" + prefix
                                + loopThread + ", not on thread ...\")");
                    }
                }
            }
            return wrong;
        }));
    }

    @Test
    default void everyResourceMethodChecksTheLoopThreadOrIsDocumentedNotTo() {
        // How the loop's refusals name its thread, as a method known to check says it.
        String loopThread = awaitReal(inThread(() -> {
            try {
                loop().newScope();
                return "newScope did not check";
            } catch (IllegalStateException e) {
                String m = e.getMessage();
                String on = " must be called on ";
                return m.substring(m.indexOf(on) + on.length(), m.indexOf(", not on thread"));
            }
        }));
        Server server = await(loop().startServer(c -> c.reader().read(1),
                ServerOptions.bind("127.0.0.1", 0)));
        StreamConnection c = await(loop().openConnection(ConnectOptions.to(addressOf(server))));
        DatagramTransport udp = await(loop().createDatagramEndpoint(() -> (data, from) -> { },
                DatagramOptions.bind("127.0.0.1", 0)));
        LoopScope scope = onLoop(() -> loop().newScope());
        Subprocess cat = await(loop().exec(new ProcessBuilder("cat")));
        Map<Class<?>, Object> targets = new LinkedHashMap<>();
        targets.put(Transport.class, c.writer().transport());
        targets.put(StreamReader.class, c.reader());
        targets.put(StreamWriter.class, c.writer());
        targets.put(StreamConnection.class, c);
        targets.put(Server.class, server);
        targets.put(DatagramTransport.class, udp);
        targets.put(LoopScope.class, scope);
        targets.put(Subprocess.class, cat);
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        targets.forEach((type, target) -> {
            wrong.addAll(violations(type, target, loopThread));
            for (Method m : type.getMethods()) {
                seen.add(signature(type, m));
            }
        });
        assertEquals(List.of(), wrong, "methods that break the thread rule");
        Set<String> stale = new TreeSet<>(ANY_THREAD);
        stale.removeAll(seen);
        assertTrue(stale.isEmpty(), "ANY_THREAD lists methods that no longer exist: " + stale);
        // Everything was refused: the resources are untouched and still work on the loop thread.
        assertTrue(onLoop(() -> !c.writer().isClosing() && server.isServing() && !scope.isClosed()
                && !cat.exited().isDone()));
        onLoop(() -> {
            cat.kill();
            scope.close();
            udp.close();
            c.close();
            server.close();
        });
    }
}
