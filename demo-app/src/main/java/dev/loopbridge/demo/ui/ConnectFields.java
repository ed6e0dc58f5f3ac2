package dev.loopbridge.demo.ui;

import java.util.List;

import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.demo.client.ChatConfig;

/**
 * What the connect forms of both clients make of their fields. Pure functions; any thread.
 */
public final class ConnectFields {

    private ConnectFields() {
    }

    /**
     * A configuration from the form's fields, the other settings taken from {@code base}.
     *
     * @param server {@code host:port}
     * @param channel a channel to join, or blank; a name without {@code #} or {@code &} gets a {@code #}
     * @throws IllegalArgumentException naming the field that is wrong and what it expects
     */
    public static ChatConfig config(ChatConfig base, String server, boolean tls, String nick, String channel) {
        String where = server.strip();
        int colon = where.lastIndexOf(':');
        if (colon <= 0 || colon == where.length() - 1) {
            throw new IllegalArgumentException("Server: \"" + where + "\" (expected: host:port)");
        }
        int port;
        try {
            port = Integer.parseInt(where.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Server: bad port in \"" + where + "\" (expected: 1-65535)");
        }
        String name = channel.strip();
        if (!name.isEmpty() && !name.startsWith("#") && !name.startsWith("&")) {
            name = "#" + name;
        }
        return new ChatConfig(where.substring(0, colon), port, tls ? TlsOptions.client() : null,
                nick.strip(), base.user(), base.realName(), name.isEmpty() ? List.of() : List.of(name),
                base.connectTimeout(), base.reconnectInitial(), base.reconnectMax(), base.pingInterval(),
                base.pingTimeout(), base.rateBurst(), base.rateInterval(), base.jitterSeed(), base.clock());
    }
}
