/**
 * LoopBridge web: WebSocket client and server (RFC 6455 with permessage-deflate, RFC 7692) on the
 * loop's own streams, so every message, callback and future arrives on the loop thread — the
 * JavaFX Application Thread, the Swing Event Dispatch Thread or the default loop's thread — and the
 * JDK's {@code HttpClient} bodies and Server-Sent Events on the loop ({@code HttpBodies}).
 *
 * <p>{@code dev.loopbridge.web} is the API; {@code dev.loopbridge.web.internal} (frame codec,
 * handshakes, sessions) is not exported.
 */
module dev.loopbridge.web {
    requires transitive dev.loopbridge.core;
    requires org.slf4j;
    // HttpBodies only. Static: WebSocket users need no HTTP client in their runtime image, and a
    // module that calls HttpBodies requires java.net.http itself (it must, to build an HttpClient).
    // Transitive: HttpBodies' signatures use its types, and a reader of this module reads them.
    requires static transitive java.net.http;

    exports dev.loopbridge.web;
}
