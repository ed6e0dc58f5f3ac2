package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.loopbridge.core.TlsOptions;

/** What a user may type as a server, what each form means, and what is said about a bad one. */
class ServerAddressTest {

    @Test
    void hostAndPortIsIrcStraightOverTcp() {
        ServerAddress a = ServerAddress.parse(" irc.example:6697 ");
        assertEquals(new ServerAddress("irc.example", 6697, null, false), a);
        assertFalse(a.isWebSocket());
        assertNull(a.webSocketUri());
        assertEquals("irc.example:6697", a.toString());
        assertEquals("::1", ServerAddress.parse("[::1]:6667").host());
        assertEquals("[::1]:6667", ServerAddress.parse("[::1]:6667").toString());
    }

    @Test
    void aWsUrlIsAWebSocketWithItsPathAndQueryAndDefaultPorts() {
        ServerAddress ws = ServerAddress.parse("ws://127.0.0.1:8067/irc?room=1");
        assertEquals(new ServerAddress("127.0.0.1", 8067, "/irc?room=1", false), ws);
        assertEquals(URI.create("ws://127.0.0.1:8067/irc?room=1"), ws.webSocketUri());
        assertEquals(80, ServerAddress.parse("ws://example.org").port());
        assertEquals("/", ServerAddress.parse("ws://example.org").webSocketPath(), "no path: the root");
        ServerAddress wss = ServerAddress.parse("WSS://[::1]/webirc");
        assertEquals(new ServerAddress("::1", 443, "/webirc", true), wss);
        assertEquals("wss://[::1]:443/webirc", wss.toString());
        assertEquals(wss, ServerAddress.parse(wss.toString()), "what it prints parses back to itself");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nowhere          | \"nowhere\" (expected: host:port, ws://host:port/path or wss://host:port/path)",
        "h:               | \"h:\" (expected: host:port, ws://host:port/path or wss://host:port/path)",
        "h:0              | bad port in \"h:0\" (expected: 1-65535)",
        "h:65536          | bad port in \"h:65536\" (expected: 1-65535)",
        "h:+1             | bad port in \"h:+1\" (expected: 1-65535)",
        "http://h:1/      | \"http://h:1/\": a http:// URL (expected: host:port, ws://host:port/path or wss://host:port/path; IRC over WebSocket is ws:// or wss://)",
        "ws://            | \"ws://\" is not a URL: Expected authority at index 5 (expected: host:port, ws://host:port/path or wss://host:port/path)",
        "ws://h:x/        | \"ws://h:x/\" has a bad port (expected: host:port, ws://host:port/path or wss://host:port/path)",
        "ws://h:99999/    | bad port in \"ws://h:99999/\" (expected: 1-65535)",
        "ws://u@h:1/      | \"ws://u@h:1/\" has user info, which IRC does not use (expected: host:port, ws://host:port/path or wss://host:port/path)",
        "ws://h:1/#top    | \"ws://h:1/#top\" has a #fragment, which a WebSocket URL may not have (expected: host:port, ws://host:port/path or wss://host:port/path)",
        "ws://h:1/a b     | \"ws://h:1/a b\" is not a URL: Illegal character in path at index 10 (expected: host:port, ws://host:port/path or wss://host:port/path)",
    })
    void aBadAddressSaysWhatIsWrongAndWhatWouldBeRight(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse(text)).getMessage());
    }

    @Test
    void aConfigTakesTheAddressAndWssMeansVerifiedTls() {
        ChatConfig base = ChatConfig.of("irc.test", 6667, "ada");
        ChatConfig ws = base.withServer(ServerAddress.parse("ws://h:81/irc"));
        assertEquals("/irc", ws.webSocketPath());
        assertNull(ws.tls());
        assertEquals(URI.create("ws://h:81/irc"), ws.webSocketUri());
        ChatConfig wss = ChatConfig.of(ServerAddress.parse("wss://h/irc"), "ada");
        assertEquals(443, wss.port());
        assertTrue(wss.tls() != null && wss.tls().clientMode());
        TlsOptions custom = TlsOptions.client();
        assertSame(custom, base.withTls(custom).withServer(ServerAddress.parse("wss://h/irc")).tls(),
                "wss:// keeps the TLS settings it was given (a test's trust store)");
        assertSame(custom, base.withTls(custom).withServer(ServerAddress.parse("h:7000")).tls(),
                "host:port keeps the TLS choice");
        assertNull(ws.withServer(ServerAddress.parse("h:7000")).webSocketPath(), "back to TCP");
        assertEquals("wss://h:443/irc", wss.server().toString());
        assertThrows(IllegalArgumentException.class, () -> base.withWebSocket("irc"), "a path starts with /");
    }
}
