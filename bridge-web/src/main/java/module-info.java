/**
 * LoopBridge web: WebSocket client and server (RFC 6455 with permessage-deflate, RFC 7692) on the
 * loop's own streams, so every message, callback and future arrives on the loop thread — the
 * JavaFX Application Thread, the Swing Event Dispatch Thread or the default loop's thread.
 *
 * <p>{@code dev.loopbridge.web} is the API; {@code dev.loopbridge.web.internal} (frame codec,
 * handshakes, sessions) is not exported.
 */
module dev.loopbridge.web {
    requires transitive dev.loopbridge.core;
    requires org.slf4j;

    exports dev.loopbridge.web;
}
