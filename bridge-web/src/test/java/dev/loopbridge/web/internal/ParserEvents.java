package dev.loopbridge.web.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;

/** Records what a {@link FrameParser} reports, as readable strings, for tests. Test thread. */
final class ParserEvents implements FrameParser.Listener {

    final List<String> events = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    int failureCode;
    int reportsAfterEnd;
    private boolean ended;

    @Override
    public void onMessage(Message message) {
        record(message instanceof Message.Text t ? "text " + t.text() : "binary " + message.size());
        messages.add(message);
    }

    @Override
    public void onPing(byte[] payload) {
        record("ping " + HexFormat.of().formatHex(payload));
    }

    @Override
    public void onPong(byte[] payload) {
        record("pong " + HexFormat.of().formatHex(payload));
    }

    @Override
    public void onClose(CloseStatus status) {
        record("close " + status.code() + " " + status.reason());
        ended = true;
    }

    @Override
    public void onFailure(int code, String reason) {
        record("fail " + code);
        failureCode = code;
        ended = true;
    }

    private void record(String event) {
        if (ended) {
            reportsAfterEnd++;
        }
        events.add(event);
    }
}
