package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.demo.irc.IrcMessage;

/**
 * {@link ChatClient}'s thread rule: every method but {@code loop}, {@code config} and the listener
 * methods refuses a caller off the loop thread, before it changes anything. Test thread (the test
 * loop's thread), and one other thread that makes the refused calls.
 */
class ChatClientThreadRuleTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private int dials;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void everyLoopThreadMethodRefusesACallerOffTheLoopThreadAndChangesNothing() throws Exception {
        ChatClient client = new ChatClient(loop, ChatConfig.of("irc.test", 6667, "ada").withChannels(List.of("#loop")),
                options -> {
                    dials++;
                    return loop.newFuture();
                });
        Map<String, Consumer<ChatClient>> calls = new LinkedHashMap<>();
        calls.put("state", ChatClient::state);
        calls.put("nick", ChatClient::nick);
        calls.put("channels", ChatClient::channels);
        calls.put("channel", c -> c.channel("#loop"));
        calls.put("log", ChatClient::log);
        calls.put("lag", ChatClient::lag);
        calls.put("activeTarget", ChatClient::activeTarget);
        calls.put("setActiveTarget", c -> c.setActiveTarget("#elsewhere"));
        calls.put("pendingCount", ChatClient::pendingCount);
        calls.put("whenDelivered", ChatClient::whenDelivered);
        calls.put("start", ChatClient::start);
        calls.put("submit", c -> c.submit("hello"));
        calls.put("say", c -> c.say("#loop", "hello"));
        calls.put("act", c -> c.act("#loop", "waves"));
        calls.put("join", c -> c.join("#other"));
        calls.put("part", c -> c.part("#loop", ""));
        calls.put("changeNick", c -> c.changeNick("bob"));
        calls.put("command", c -> c.command(IrcMessage.of("PING", "x")));
        calls.put("resend", c -> c.resend(1));
        calls.put("quit", c -> c.quit("bye"));
        calls.put("close", ChatClient::close);
        CompletableFuture<List<String>> wrong = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            List<String> notRefused = new ArrayList<>();
            calls.forEach((name, call) -> {
                try {
                    call.accept(client);
                    notRefused.add(name + ": no exception");
                } catch (IllegalStateException e) {
                    if (!String.valueOf(e.getMessage()).startsWith("ChatClient." + name + " must be called on the loop thread")) {
                        notRefused.add(name + ": " + e);
                    }
                } catch (RuntimeException e) {
                    notRefused.add(name + ": " + e);
                }
            });
            wrong.complete(notRefused);
        }, "not-the-loop");
        other.start();
        other.join(TestTimeouts.TIMEOUT.toMillis());
        assertEquals(List.of(), wrong.getNow(List.of("the other thread did not finish")));
        loop.runUntilIdle();
        // Nothing changed: still the client as it was made.
        assertEquals(0, dials, "a refused start dialled");
        assertEquals(ConnectionState.DISCONNECTED, client.state());
        assertEquals("ada", client.nick());
        assertEquals(Optional.of("#loop"), client.activeTarget());
        assertEquals(0, client.pendingCount());
        assertEquals(List.of(), client.log());
        LoopFuture<Void> delivered = client.whenDelivered();
        assertTrue(delivered.isDone(), "nothing typed, yet whenDelivered waits");
    }

    @Test
    void quitAfterCloseIsAlreadyDone() {
        ChatClient client = new ChatClient(loop, ChatConfig.of("irc.test", 6667, "ada"), options -> loop.newFuture());
        client.close();
        assertEquals(ConnectionState.CLOSED, client.state());
        LoopFuture<Void> done = client.quit("bye");
        assertTrue(done.isDone(), "a closed client has nothing to say goodbye to");
    }
}
