package dev.loopbridge.demo.ui;

import java.util.List;

import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ServerAddress;

/**
 * What the connect forms of both clients make of their fields. Pure functions; any thread.
 */
public final class ConnectFields {

    /** What the server field takes, for prompts and labels. */
    public static final String SERVER_FORMS = "host:port, ws://host:port/path or wss://host:port/path";

    private ConnectFields() {
    }

    /**
     * A configuration from the form's fields, the other settings taken from {@code base}.
     *
     * @param server {@code host:port} (IRC over TCP, or TLS when {@code tls}), or a {@code ws://} or
     *               {@code wss://} URL (IRC over WebSocket; {@code wss://} is TLS whatever {@code tls} says)
     * @param tls whether to use TLS; with a {@code ws://} URL it is a contradiction, refused
     * @param channel a channel to join, or blank; a name without {@code #} or {@code &} gets a {@code #}
     * @throws IllegalArgumentException naming the field that is wrong and what it expects
     */
    public static ChatConfig config(ChatConfig base, String server, boolean tls, String nick, String channel) {
        ServerAddress address;
        try {
            address = ServerAddress.parse(server);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Server: " + e.getMessage(), e);
        }
        if (tls && address.isWebSocket() && !address.secure()) {
            throw new IllegalArgumentException("Server: \"" + server.strip() + "\" is a WebSocket without TLS, but TLS"
                    + " is ticked (expected: wss://" + address.toString().substring("ws://".length())
                    + " for a WebSocket over TLS, or TLS unticked)");
        }
        String name = channel.strip();
        if (!name.isEmpty() && !name.startsWith("#") && !name.startsWith("&")) {
            name = "#" + name;
        }
        return base.withTls(tls || address.secure() ? TlsOptions.client() : null).withServer(address)
                .withNick(nick.strip()).withChannels(name.isEmpty() ? List.of() : List.of(name));
    }
}
