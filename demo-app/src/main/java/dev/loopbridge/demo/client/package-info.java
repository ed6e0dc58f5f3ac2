/**
 * The toolkit-independent IRC client core: {@link dev.loopbridge.demo.client.ChatClient} and the
 * model it reports to a UI ({@link dev.loopbridge.demo.client.ChatListener},
 * {@link dev.loopbridge.demo.client.ChatEntry}, {@link dev.loopbridge.demo.client.ChannelInfo},
 * {@link dev.loopbridge.demo.client.ConnectionState}), and where it connects
 * ({@link dev.loopbridge.demo.client.ServerAddress}: {@code host:port} for IRC over TCP or TLS, a
 * {@code ws://} or {@code wss://} URL for IRC over WebSocket as the IRCv3 WebSocket specification
 * binds it — one line per message, subprotocols {@code text.ircv3.net} and {@code binary.ircv3.net}).
 * Whatever carries the lines, the session, the reconnecting and the outbox are the same code.
 *
 * <p>Threading: a client lives on one {@link dev.loopbridge.core.EventLoop}. Its methods are
 * called, and its listeners called back, on that loop's thread only; on a JavaFX or Swing loop
 * that is the toolkit's UI thread, so a UI binds with no {@code runLater}. The records it hands
 * out are immutable and may be passed to any thread.
 */
package dev.loopbridge.demo.client;
