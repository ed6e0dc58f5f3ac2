package dev.loopbridge.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.AWTException;
import java.awt.Component;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Graphics;
import java.awt.Point;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.WindowConstants;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.LoopFixture;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * Real windows on a real X server (Xvfb in CI, the x11 profile): buttons clicked by
 * {@link Robot}, network I/O from their actions, window scopes, modal dialogs with live timers and
 * sockets, and painting during a backlog.
 */
@Tag("window")
class SwingWindowTest {

    private final EventLoop loop = SwingEventLoop.shared();
    private final List<Window> windows = new ArrayList<>();
    private Robot robot;
    private Server server;
    private SocketAddress address;

    @BeforeEach
    void setUp() throws AWTException {
        robot = new Robot();
        server = await(loop.startServer(c -> NetworkSupport.answerLines(c, "hello "), ServerOptions.bind("127.0.0.1", 0)));
        address = onEdt(() -> server.addresses().get(0));
    }

    @AfterEach
    void tearDown() {
        onEdt(() -> {
            for (Window w : windows) {
                w.dispose();
            }
            server.close();
            return null;
        });
    }

    private <T> T onEdt(Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    private <T> T await(CompletionStage<T> stage) {
        return loop.runUntilComplete(stage);
    }

    private JFrame frame(Component... content) {
        JFrame f = new JFrame("test");
        f.getContentPane().setLayout(new BoxLayout(f.getContentPane(), BoxLayout.Y_AXIS));
        for (Component c : content) {
            f.getContentPane().add(c);
        }
        f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        f.setSize(300, 150);
        f.setLocation(50, 50);
        f.setVisible(true);
        windows.add(f);
        return f;
    }

    private void click(Component c) {
        robot.waitForIdle();
        Point p = onEdt(() -> {
            Point at = c.getLocationOnScreen();
            return new Point(at.x + c.getWidth() / 2, at.y + c.getHeight() / 2);
        });
        robot.mouseMove(p.x, p.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
    }

    /** The next text {@code label} shows. */
    private LoopFuture<String> nextText(JLabel label) {
        return onEdt(() -> {
            LoopFuture<String> next = loop.newFuture();
            label.addPropertyChangeListener("text", e -> next.complete((String) e.getNewValue()));
            return next;
        });
    }

    @Test
    void aLoopMonitorRefreshesWhileInAWindowAndStopsWhenRemoved() {
        LoopMonitor monitor = onEdt(() -> new LoopMonitor(loop));
        JFrame f = onEdt(() -> frame(monitor));
        assertTrue(onEdt(monitor::isRefreshing), "not refreshing in a shown window");
        assertFalse(onEdt(() -> {
            f.getContentPane().remove(monitor);
            return monitor.isRefreshing();
        }), "still refreshing after leaving the window");
    }

    @Test
    void aClickedButtonTalksToAServerAndUpdatesALabel() {
        JButton button = new JButton("Greet");
        JLabel label = new JLabel("idle");
        List<Boolean> onEdt = new CopyOnWriteArrayList<>();
        onEdt(() -> {
            button.addActionListener(SwingAsync.action(e -> loop.openConnection(ConnectOptions.to(address))
                    .thenCompose(conn -> {
                        conn.writer().writeLine("robot");
                        return conn.reader().readLine().whenComplete((line, error) -> conn.close());
                    })
                    .thenAccept(reply -> {
                        onEdt.add(EventQueue.isDispatchThread());
                        label.setText(reply);
                    }), SwingAsync.Options.defaults().disabling(button)));
            frame(button, label);
            return null;
        });
        LoopFuture<String> text = nextText(label);
        click(button);
        assertEquals("hello robot", await(text));
        assertEquals(List.of(true), onEdt);
        robot.waitForIdle();
        assertTrue(onEdt(button::isEnabled));
    }

    @Test
    void aSecondClickOnADisabledButtonDoesNothing() {
        JButton button = new JButton("Slow");
        List<LoopFuture<Void>> runs = new CopyOnWriteArrayList<>();
        onEdt(() -> {
            button.addActionListener(SwingAsync.action(e -> {
                LoopFuture<Void> run = loop.newFuture();
                runs.add(run);
                return run;
            }, SwingAsync.Options.defaults().disabling(button)));
            frame(button);
            return null;
        });
        click(button);
        robot.waitForIdle();
        assertFalse(onEdt(button::isEnabled));
        click(button);
        robot.waitForIdle();
        assertEquals(1, runs.size());
        onEdt(() -> runs.get(0).complete(null));
        assertTrue(onEdt(button::isEnabled));
    }

    @Test
    void aWindowScopeCancelsItsWorkWhenTheWindowCloses() {
        LoopFuture<Void> work = onEdt(() -> {
            JFrame f = frame(new JLabel("scoped"));
            LoopScope scope = SwingAsync.scopeOf(f);
            assertTrue(scope == SwingAsync.scopeOf(f), "one scope per window");
            return scope.launch(() -> loop.sleep(Duration.ofHours(1)));
        });
        onEdt(() -> {
            windows.get(0).dispose();
            return null;
        });
        robot.waitForIdle();
        onEdt(() -> null);
        assertTrue(work.isCancelled());
    }

    /** A future completed by {@code frame}'s {@code windowClosed}, i.e. once it is disposed. */
    private LoopFuture<Void> disposal(JFrame frame) {
        LoopFuture<Void> closed = loop.newFuture();
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                closed.complete(null);
            }
        });
        return closed;
    }

    private static void requestClose(JFrame frame) {
        frame.dispatchEvent(new WindowEvent(frame, WindowEvent.WINDOW_CLOSING));
    }

    @Test
    void closingAWindowGracefullyWaitsForItsCleanupThenDisposesIt() {
        List<String> sent = new CopyOnWriteArrayList<>();
        StreamConnection conn = await(loop.openConnection(ConnectOptions.to(address)));
        LoopFuture<Void> gate = loop.newFuture();
        LoopFuture<Void> waiting = loop.newFuture();
        JFrame f = onEdt(() -> frame(new JLabel("chat")));
        LoopFuture<Void> closed = onEdt(() -> {
            SwingAsync.closeGracefully(f, () -> {
                conn.writer().writeLine("QUIT");
                return conn.reader().readLine().thenAccept(sent::add)
                        .thenRun(() -> waiting.complete(null)).thenCompose(v -> gate);
            }, TestTimeouts.TIMEOUT);
            LoopFuture<Void> disposed = disposal(f);
            requestClose(f);
            requestClose(f);   // a second request while the cleanup runs is ignored
            return disposed;
        });
        await(waiting);   // the cleanup has had its answer and now waits for the gate
        assertTrue(onEdt(f::isDisplayable), "the window waits for its cleanup");
        assertFalse(closed.isDone());
        onEdt(() -> gate.complete(null));
        await(closed);
        assertFalse(onEdt(f::isDisplayable), "disposed once the cleanup is done");
        assertEquals(List.of("hello QUIT"), sent, "one cleanup for two close requests");
    }

    @Test
    void aCleanupThatHangsClosesTheWindowAtTheLimit() {
        JFrame f = onEdt(() -> frame(new JLabel("stuck")));
        long start = System.nanoTime();
        LoopFuture<Void> closed = onEdt(() -> {
            SwingAsync.closeGracefully(f, CompletableFuture::new, Duration.ofMillis(200));
            LoopFuture<Void> disposed = disposal(f);
            requestClose(f);
            return disposed;
        });
        await(closed);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "not before the limit");
    }

    @Test
    void aFailedCleanupIsReportedAndTheWindowClosesAllTheSame() {
        List<String> reported = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error.getMessage()));
        try {
            JFrame f = onEdt(() -> frame(new JLabel("failing")));
            LoopFuture<Void> closed = onEdt(() -> {
                SwingAsync.closeGracefully(f, () -> {
                    throw new IllegalStateException("no connection");
                }, TestTimeouts.TIMEOUT);
                LoopFuture<Void> disposed = disposal(f);
                requestClose(f);
                return disposed;
            });
            await(closed);
            assertEquals(1, reported.size(), reported.toString());
            assertTrue(reported.get(0).startsWith("The cleanup before closing") && reported.get(0).endsWith(": no connection"),
                    reported.toString());
        } finally {
            loop.setExceptionHandler(null);
        }
    }

    @Test
    void closeGracefullyRefusesToRunOffTheEdt() {
        JFrame f = onEdt(() -> frame(new JLabel("edt only")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SwingAsync.closeGracefully(f, CompletableFuture::new, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("SwingAsync.closeGracefully must be called on the Swing Event Dispatch Thread"),
                e.getMessage());
    }

    @Test
    void timersCallbacksAndSocketsRunInOrderWhileAModalDialogIsOpen() {
        List<String> order = new CopyOnWriteArrayList<>();
        StreamConnection conn = await(loop.openConnection(ConnectOptions.to(address)));
        LoopFuture<Void> done = loop.newFuture();
        onEdt(() -> {
            JFrame owner = frame(new JLabel("owner"));
            loop.callSoon(() -> {
                order.add("callback opens the dialog");
                JDialog d = new JDialog(owner, "modal", Dialog.ModalityType.APPLICATION_MODAL);
                d.setSize(150, 80);
                windows.add(d);
                loop.callLater(Duration.ofMillis(20), () -> {
                    order.add("timer inside the dialog");
                    conn.writer().writeLine("dialog");
                    conn.reader().readLine().thenAccept(reply -> {
                        order.add("socket inside the dialog: " + reply);
                        loop.callSoon(d::dispose); // a loop callback closes the dialog
                    });
                });
                d.setVisible(true); // blocks here, in a nested event loop
                order.add("the callback resumes after the dialog");
                loop.callSoon(() -> {
                    order.add("the next tick");
                    done.complete(null);
                });
            });
            loop.callSoon(() -> order.add("queued behind the callback"));
            return null;
        });
        await(done);
        assertEquals(List.of("callback opens the dialog", "queued behind the callback", "timer inside the dialog",
                "socket inside the dialog: hello dialog", "the callback resumes after the dialog", "the next tick"), order);
        onEdt(() -> {
            conn.close();
            return null;
        });
    }

    @Test
    void aJOptionPaneOpenedInACallbackLetsTheLoopRunUntilALoopCallbackClosesIt() {
        List<String> order = new CopyOnWriteArrayList<>();
        LoopFuture<Void> done = loop.newFuture();
        onEdt(() -> {
            JFrame owner = frame(new JLabel("owner"));
            loop.callSoon(() -> {
                loop.callLater(Duration.ofMillis(30), () -> {
                    order.add("timer while the option pane is open");
                    for (Window w : Window.getWindows()) {
                        if (w instanceof JDialog d && d.isShowing() && d.getOwner() == owner) {
                            d.dispose();
                        }
                    }
                });
                JOptionPane.showMessageDialog(owner, "Connected"); // nested event loop
                order.add("after the option pane");
                done.complete(null);
            });
            return null;
        });
        await(done);
        assertEquals(List.of("timer while the option pane is open", "after the option pane"), order);
    }

    @Test
    void aRepaintRequestedDuringABacklogHappensSoon() throws Exception {
        EventLoop own = SwingEventLoop.create();
        try {
            List<Long> paints = new CopyOnWriteArrayList<>();
            JComponent canvas = new JComponent() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void paintComponent(Graphics g) {
                    paints.add(System.nanoTime());
                }
            };
            onEdt(() -> frame(canvas));
            robot.waitForIdle();
            CompletableFuture<Void> draining = new CompletableFuture<>();
            LoopFuture<Long> drained = own.newFuture();
            own.execute(() -> draining.complete(null));
            for (int i = 0; i < 2000; i++) {
                own.execute(() -> LoopFixture.busy(Duration.ofNanos(500_000)));
            }
            own.execute(() -> drained.complete(System.nanoTime()));
            draining.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long requested = System.nanoTime();
            canvas.repaint();
            long end = own.runUntilComplete(drained);
            long firstPaint = paints.stream().filter(t -> t >= requested).findFirst().orElse(Long.MAX_VALUE);
            long waited = TimeUnit.NANOSECONDS.toMillis(firstPaint - requested);
            System.out.printf("a repaint requested during the backlog happened after %d ms (the drain took %d ms more)%n",
                    waited, TimeUnit.NANOSECONDS.toMillis(end - requested));
            assertTrue(firstPaint < end, "the repaint waited for the whole backlog");
            assertTrue(waited < 100, "the repaint waited " + waited + " ms");
        } finally {
            own.close();
        }
    }
}
