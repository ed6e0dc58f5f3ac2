package dev.loopbridge.benchmarks.ws;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSockets;

/**
 * The client process of the idle-WebSockets measurement:
 * {@code java ... IdleClients PORT COUNT [plain|deflate]}
 * opens {@code COUNT} WebSockets to {@code ws://127.0.0.1:PORT/idle} with LoopBridge on one
 * default loop (256 handshakes in flight), offering permessage-deflate if {@code deflate}, prints {@code connected N MILLIS [error]}, and then
 * obeys lines on standard input: {@code echo} sends one 64-byte message on every socket and waits
 * for every echo ({@code echoed N}); {@code close} closes them all and exits. Main thread; the
 * sockets run on the loop thread.
 */
public final class IdleClients {

    private static final int IN_FLIGHT = 256;

    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + args[0] + "/idle");
        int count = Integer.parseInt(args[1]);
        // "deflate": offer permessage-deflate (the defaults, as a browser does); else none.
        dev.loopbridge.web.WebSocketOptions options = args.length > 2 && args[2].equals("deflate")
                ? dev.loopbridge.web.WebSocketOptions.defaults() : LoopBridgeWs.OPTIONS;
        EventLoop loop = EventLoops.newDefault();
        List<WebSocket> sockets = new ArrayList<>();
        String error = "";
        long t0 = System.nanoTime();
        for (int from = 0; from < count && error.isEmpty(); from += IN_FLIGHT) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + IN_FLIGHT); i++) {
                batch.add(WebSockets.connect(loop, uri, options));
            }
            for (CompletableFuture<WebSocket> f : batch) {
                try {
                    sockets.add(f.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    error = String.valueOf(e.getCause() == null ? e : e.getCause());
                }
            }
        }
        System.out.println("connected " + sockets.size() + " " + (System.nanoTime() - t0) / 1_000_000
                + (error.isEmpty() ? "" : " " + error.replace('\n', ' ')));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("echo")) {
                byte[] payload = new byte[64];
                CompletableFuture<Integer> all = loop.submit(() -> {
                    List<CompletableFuture<Message>> echoes = new ArrayList<>();
                    for (WebSocket ws : sockets) {
                        ws.send(payload);
                        echoes.add(ws.receive());
                    }
                    return CompletableFuture.allOf(echoes.toArray(CompletableFuture[]::new))
                            .thenApply(v -> echoes.size());
                }).thenCompose(f -> f);
                System.out.println("echoed " + all.get(120, TimeUnit.SECONDS));
            } else if (line.equals("close")) {
                break;
            }
        }
        loop.submit(() -> {
            sockets.forEach(WebSocket::close);
            return null;
        }).get(30, TimeUnit.SECONDS);
        loop.close();
        System.exit(0);
    }
}
