package dev.loopbridge.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopbridge.demo.client.ChatConfig;

/** What the connect forms make of their fields, and what they say about bad ones. */
class ConnectFieldsTest {

    private final ChatConfig base = ChatConfig.of("prefill.example", 6667, "before");

    @Test
    void theFieldsMakeAConfigurationAndKeepTheRestOfTheBase() {
        ChatConfig c = ConnectFields.config(base, " irc.example:6697 ", true, " ada ", "loopbridge");
        assertEquals("irc.example", c.host());
        assertEquals(6697, c.port());
        assertNotNull(c.tls());
        assertEquals("ada", c.nick());
        assertEquals(List.of("#loopbridge"), c.channels(), "a bare channel name gets a #");
        assertEquals(base.user(), c.user());
        assertEquals(base.reconnectMax(), c.reconnectMax());
    }

    @Test
    void aChannelWithItsPrefixOrNoneIsKept() {
        assertEquals(List.of("&local"), ConnectFields.config(base, "h:1", false, "n", "&local").channels());
        assertEquals(List.of(), ConnectFields.config(base, "h:1", false, "n", "  ").channels());
        assertNull(ConnectFields.config(base, "h:1", false, "n", "").tls());
    }

    @Test
    void aBadServerSaysWhatItExpects() {
        assertEquals("Server: \"nowhere\" (expected: " + ConnectFields.SERVER_FORMS + ")",
                assertThrows(IllegalArgumentException.class,
                        () -> ConnectFields.config(base, "nowhere", false, "n", "")).getMessage());
        assertEquals("Server: \"h:\" (expected: " + ConnectFields.SERVER_FORMS + ")",
                assertThrows(IllegalArgumentException.class,
                        () -> ConnectFields.config(base, "h:", false, "n", "")).getMessage());
        for (String bad : List.of("h:x", "h:0", "h:65536", "h:-1")) {
            assertEquals("Server: bad port in \"" + bad + "\" (expected: 1-65535)",
                    assertThrows(IllegalArgumentException.class,
                            () -> ConnectFields.config(base, bad, false, "n", "")).getMessage());
        }
    }

    @Test
    void aWebSocketUrlInTheServerFieldConnectsOverAWebSocket() {
        ChatConfig ws = ConnectFields.config(base, " ws://127.0.0.1:8067/irc ", false, "ada", "#c");
        assertEquals("/irc", ws.webSocketPath());
        assertEquals(8067, ws.port());
        assertNull(ws.tls());
        ChatConfig wss = ConnectFields.config(base, "wss://irc.example/webirc", false, "ada", "#c");
        assertNotNull(wss.tls(), "wss:// is TLS whether or not the box is ticked");
        assertEquals("wss://irc.example:443/webirc", wss.server().toString());
        assertNotNull(ConnectFields.config(base, "wss://irc.example/webirc", true, "ada", "#c").tls());
        assertNull(ConnectFields.config(base, "irc.example:6667", false, "ada", "").webSocketPath(), "host:port is TCP");
    }

    @Test
    void aBadWebSocketUrlOrOneThatContradictsTheTlsBoxSaysWhatWouldBeRight() {
        assertEquals("Server: \"ws://h:1/irc\" is a WebSocket without TLS, but TLS is ticked (expected: wss://h:1/irc"
                        + " for a WebSocket over TLS, or TLS unticked)",
                assertThrows(IllegalArgumentException.class,
                        () -> ConnectFields.config(base, "ws://h:1/irc", true, "n", "")).getMessage());
        assertEquals("Server: \"https://h/irc\": a https:// URL (expected: " + ConnectFields.SERVER_FORMS
                        + "; IRC over WebSocket is ws:// or wss://)",
                assertThrows(IllegalArgumentException.class,
                        () -> ConnectFields.config(base, "https://h/irc", false, "n", "")).getMessage());
    }
}
