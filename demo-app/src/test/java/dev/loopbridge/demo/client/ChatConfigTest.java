package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.TlsOptions;

/** {@link ChatConfig}: what it accepts at the edges, and that each {@code with...} changes its own field only. */
class ChatConfigTest {

    private static final ChatConfig BASE = ChatConfig.of("irc.test", 6667, "ada");

    private static void refused(UnaryOperator<ChatConfig> change) {
        assertThrows(IllegalArgumentException.class, () -> change.apply(BASE));
    }

    private static ChatConfig withPort(int port) {
        return new ChatConfig("irc.test", port, null, null, null, "ada", "u", "r", List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Duration.ZERO, 0, Clock.systemUTC());
    }

    @Test
    void thePortMustBeFrom1To65535() {
        assertEquals(1, withPort(1).port());
        assertEquals(65535, withPort(65535).port());
        assertThrows(IllegalArgumentException.class, () -> withPort(0));
        assertThrows(IllegalArgumentException.class, () -> withPort(65536));
    }

    @Test
    void aNickHasNoSpaceControlColonOrComma() {
        assertEquals("ada[1]", ChatConfig.of("h", 1, "ada[1]").nick());
        for (String bad : new String[] {"", "a b", "a\tb", "a:b", "a,b", " "}) {
            assertThrows(IllegalArgumentException.class, () -> ChatConfig.of("h", 1, bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ChatConfig.of("h", 1, null));
    }

    @Test
    void aUserHasNoSpaceOrAt() {
        assertEquals("x!y", BASE.withUser("x!y", "").user());
        for (String bad : new String[] {"", "a b", "a@b", "\u0001"}) {
            refused(c -> c.withUser(bad, "real"));
        }
        refused(c -> c.withUser(null, "real"));
    }

    @Test
    void durationsMustBePositiveAndTheRateIntervalNotNegative() {
        Duration zero = Duration.ZERO;
        Duration negative = Duration.ofNanos(-1);
        for (Duration bad : List.of(zero, negative)) {
            refused(c -> c.withConnectTimeout(bad));
            refused(c -> c.withReconnect(bad, Duration.ofSeconds(1)));
            refused(c -> c.withReconnect(Duration.ofSeconds(1), bad));
            refused(c -> c.withPing(bad, Duration.ofSeconds(1)));
            refused(c -> c.withPing(Duration.ofSeconds(1), bad));
        }
        Duration nano = Duration.ofNanos(1);
        assertEquals(nano, BASE.withConnectTimeout(nano).connectTimeout());
        assertEquals(Duration.ZERO, BASE.withRateLimit(1, Duration.ZERO).rateInterval(), "0 means unlimited");
        refused(c -> c.withRateLimit(1, negative));
        refused(c -> c.withRateLimit(0, Duration.ofSeconds(1)));
        assertEquals(1, BASE.withRateLimit(1, Duration.ofSeconds(1)).rateBurst());
    }

    @Test
    void aWebSocketOriginIsASchemeAndAHostWithAnOptionalPort() {
        for (String good : new String[] {"http://127.0.0.1:8067", "https://irc.example.org", "chrome-extension://abc", "http://[::1]:80"}) {
            assertEquals(good, BASE.withWebSocketOrigin(good).webSocketOrigin(), good);
        }
        assertNull(BASE.withWebSocketOrigin("https://h").withWebSocketOrigin(null).webSocketOrigin(), "null: none");
        for (String bad : new String[] {"", "irc.example.org", "https://", "://h", "https://h/", "https://h/page",
            "https://h?q", "https://u@h", "https://h\r\nX-Evil: 1", "ht tp://h", "1http://h", "https://h b"}) {
            refused(c -> c.withWebSocketOrigin(bad));
        }
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertNull(BASE.tls());
        assertNull(BASE.webSocketOrigin(), "no Origin header, as a non-browser client may");
        assertEquals(List.of(), BASE.channels());
        assertEquals(Duration.ofSeconds(10), BASE.connectTimeout());
        assertEquals(Duration.ofSeconds(1), BASE.reconnectInitial());
        assertEquals(Duration.ofSeconds(60), BASE.reconnectMax());
        assertEquals(Duration.ofSeconds(30), BASE.pingInterval());
        assertEquals(Duration.ofSeconds(90), BASE.pingTimeout());
        assertEquals(5, BASE.rateBurst());
        assertEquals(Duration.ofSeconds(2), BASE.rateInterval());
    }

    @Test
    void eachWithChangesItsOwnFieldAndKeepsTheOthers() {
        TlsOptions tls = TlsOptions.client();
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        ChatConfig c = BASE.withTls(tls).withUser("u2", "Real Two").withChannels(List.of("#a", "#b"))
                .withConnectTimeout(Duration.ofSeconds(3)).withReconnect(Duration.ofSeconds(4), Duration.ofSeconds(5))
                .withPing(Duration.ofSeconds(6), Duration.ofSeconds(7)).withRateLimit(8, Duration.ofSeconds(9))
                .withJitterSeed(10).withClock(clock).withWebSocketOrigin("https://irc.test");
        assertSame(tls, c.tls());
        assertEquals("https://irc.test", c.withServer(ServerAddress.parse("wss://irc.test/webirc")).webSocketOrigin(),
                "kept across a change of server");
        assertEquals("irc.test", c.host());
        assertEquals(6667, c.port());
        assertEquals("ada", c.nick());
        assertEquals("u2", c.user());
        assertEquals("Real Two", c.realName());
        assertEquals(List.of("#a", "#b"), c.channels());
        assertEquals(Duration.ofSeconds(3), c.connectTimeout());
        assertEquals(Duration.ofSeconds(4), c.reconnectInitial());
        assertEquals(Duration.ofSeconds(5), c.reconnectMax());
        assertEquals(Duration.ofSeconds(6), c.pingInterval());
        assertEquals(Duration.ofSeconds(7), c.pingTimeout());
        assertEquals(8, c.rateBurst());
        assertEquals(Duration.ofSeconds(9), c.rateInterval());
        assertEquals(10, c.jitterSeed());
        assertSame(clock, c.clock());
        assertNull(c.withTls(null).tls(), "null: plain TCP");
    }

    @Test
    void theChannelListIsCopied() {
        List<String> channels = new ArrayList<>(List.of("#a"));
        ChatConfig c = BASE.withChannels(channels);
        channels.add("#b");
        assertEquals(List.of("#a"), c.channels());
        assertDoesNotThrow(() -> BASE.withChannels(List.of()));
    }
}
