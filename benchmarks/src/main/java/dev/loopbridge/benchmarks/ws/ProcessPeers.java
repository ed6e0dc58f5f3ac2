package dev.loopbridge.benchmarks.ws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Echo servers written with other libraries, each in a process of its own on 127.0.0.1 and a free
 * port, compression off, messages up to 1 MiB: Node.js {@code ws} (the version bridge-web's
 * tests pin, installed by the script into {@code bridge-web/target/ws-peers}; its folder comes in
 * {@code -Dws.module}) and Python {@code websockets} (Debian's python3-websockets, run with
 * {@code /usr/bin/python3}). Each prints {@code port N} once it listens. Main thread.
 */
public final class ProcessPeers {

    private static final String NODE = String.join("\n",
            "const { WebSocketServer } = require(process.argv[2]);",
            "const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 1 << 20 });",
            "wss.on('listening', () => console.log('port ' + wss.address().port + ' ws ' + require(process.argv[2] + '/package.json').version));",
            "wss.on('connection', ws => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));",
            "");

    private static final String PYTHON = String.join("\n",
            "import asyncio, websockets",
            "async def echo(ws, path=None):",
            "    try:",
            "        async for m in ws:",
            "            await ws.send(m)",
            "    except websockets.ConnectionClosed:",
            "        pass",
            "async def main():",
            "    async with websockets.serve(echo, '127.0.0.1', 0, compression=None, max_size=2**20) as server:",
            "        print('port', server.sockets[0].getsockname()[1], 'websockets', websockets.__version__, flush=True)",
            "        await asyncio.Future()",
            "asyncio.run(main())",
            "");

    private ProcessPeers() {
    }

    /** A peer's echo server process. */
    public record Peer(Process process, int port, String version) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Node.js ws's echo server; fails if the module is not where {@code -Dws.module} says. */
    public static Peer nodeWs() throws IOException {
        String module = System.getProperty("ws.module", "");
        if (module.isEmpty() || !Files.isRegularFile(Path.of(module, "package.json"))) {
            throw new IllegalStateException("no Node.js ws module at -Dws.module=" + module
                    + " (benchmarks/run-websocket-benchmarks.sh installs it into bridge-web/target/ws-peers)");
        }
        Path script = Files.createTempFile("ws-echo", ".js");
        Files.writeString(script, NODE);
        script.toFile().deleteOnExit();
        return start(List.of("node", script.toString(), module), "ws");
    }

    /** Python websockets' echo server. */
    public static Peer pythonWebsockets() throws IOException {
        return start(List.of("/usr/bin/python3", "-c", PYTHON), "websockets");
    }

    private static Peer start(List<String> command, String name) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> first = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                first.complete(line == null ? "" : line);
                while (r.readLine() != null) {
                    // drained so that the process never blocks on a full pipe
                }
            } catch (IOException e) {
                first.completeExceptionally(e);
            }
        });
        String line;
        try {
            line = Wait.get(first, "the " + name + " echo server to say its port");
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        String[] words = line.split(" ");
        if (words.length < 4 || !words[0].equals("port")) {
            p.destroyForcibly();
            throw new IllegalStateException("the " + name + " echo server said '" + line + "' (expected: port N " + name + " V)");
        }
        return new Peer(p, Integer.parseInt(words[1]), words[3]);
    }
}
