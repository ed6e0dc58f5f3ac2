package dev.loopbridge.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One whole WebSocket message, reassembled from its fragments (and inflated, with
 * permessage-deflate): {@link Text} or {@link Binary}. Any thread (a value).
 *
 * <pre>{@code
 * ws.receive().thenAccept(m -> {
 *     switch (m) {
 *         case Message.Text t -> list.getItems().add(t.text());
 *         case Message.Binary b -> image.update(b.data());
 *         case null -> log.info("closed normally");
 *     }
 * });
 * }</pre>
 */
public sealed interface Message {

    /** The payload size in bytes (UTF-8 bytes for text). */
    int size();

    /**
     * A text message.
     *
     * @param text the text, validated UTF-8 on the wire
     */
    record Text(String text) implements Message {

        /** Validates the text. */
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int size() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /**
     * A binary message. The array belongs to the receiver; equality compares contents.
     *
     * @param data the bytes
     */
    record Binary(byte[] data) implements Message {

        /** Validates the data. */
        public Binary {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public int size() {
            return data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Binary[" + data.length + " bytes]";
        }
    }
}
