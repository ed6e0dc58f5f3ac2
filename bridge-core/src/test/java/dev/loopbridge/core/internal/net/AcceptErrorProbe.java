package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;

/**
 * Run in a JVM with a low descriptor limit ({@code ulimit -n}) by {@link AcceptErrorTest}: fills
 * the process's descriptors with connections until the server's accept fails (EMFILE), checks the
 * loop does not spin while accepting is impossible, frees descriptors and checks the server
 * accepts again. Prints what it saw; exits 0 when every check passed.
 */
public final class AcceptErrorProbe {

    private AcceptErrorProbe() {
    }

    private static String echo(EventLoop loop, InetSocketAddress address) {
        StreamConnection c = loop.runUntilComplete(loop.openConnection(ConnectOptions.to(address)));
        String line = loop.runUntilComplete(loop.submit(() -> {
            c.writer().writeLine("still accepting");
            return c.reader().readLine();
        }).thenCompose(f -> f));
        loop.runUntilComplete(loop.submit(() -> {
            c.close();
            return null;
        }));
        return line;
    }

    public static void main(String[] args) throws Exception {
        // Classes load from files, which takes descriptors: load the logging path while there are some.
        LoggerFactory.getLogger(AcceptErrorProbe.class).warn("{} warming up {}", "probe", new IOException("x"));
        try (EventLoop loop = EventLoops.newDefault()) {
            Server server = loop.runUntilComplete(loop.createServer(() -> new Protocol() {
                private Transport t;

                @Override
                public void connectionMade(Transport transport) {
                    t = transport;
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                    t.write(data);
                }
            }, ServerOptions.bind("127.0.0.1", 0).withBacklog(1024)));
            InetSocketAddress address = loop.runUntilComplete(loop.submit(() -> (InetSocketAddress) server.addresses().get(0)));
            echo(loop, address); // once while descriptors are plenty, so every class it needs is loaded
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
            System.out.println("warmed up; " + loop.stats().ticks() + " ticks so far");
            List<Socket> clients = new ArrayList<>();
            String stopped = "never";
            for (int i = 0; i < 10_000; i++) {
                try {
                    clients.add(new Socket(address.getAddress(), address.getPort()));
                } catch (IOException e) {
                    stopped = e.getMessage();
                    break;
                }
            }
            int accepted = loop.runUntilComplete(loop.submit(server::connectionCount));
            System.out.println("clients " + clients.size() + " (stopped: " + stopped + "), accepted " + accepted);
            // While descriptors are exhausted, accepting is paused, not retried in a busy loop.
            long ticksBefore = loop.stats().ticks();
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(500)));
            long ticks = loop.stats().ticks() - ticksBefore;
            System.out.println("ticks in 500 ms with accept failing: " + ticks);
            boolean calm = ticks < 200;
            // Free descriptors: the server accepts the connections still queued, and new ones.
            for (Socket s : clients.subList(0, clients.size() / 2)) {
                s.close();
            }
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(300)));
            String echoed = echo(loop, address);
            System.out.println("after freeing: " + echoed);
            for (Socket s : clients) {
                s.close();
            }
            if (!calm || !"still accepting".equals(echoed)) {
                System.out.println("FAILED");
                System.exit(1);
            }
            System.out.println("OK");
        }
    }
}
