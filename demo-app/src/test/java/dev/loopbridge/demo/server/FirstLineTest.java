package dev.loopbridge.demo.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** How the shared port tells HTTP from IRC by the first line. */
class FirstLineTest {

    private static FirstLine.Kind kind(String start) {
        byte[] b = start.getBytes(StandardCharsets.ISO_8859_1);
        return FirstLine.classify(b, b.length);
    }

    @Test
    void requestLinesAreHttp() {
        assertEquals(FirstLine.Kind.HTTP, kind("GET / HTTP/1.1\r\nHost: x\r\n"));
        assertEquals(FirstLine.Kind.HTTP, kind("GET /irc?x=1 HTTP/1.0\n"));
        assertEquals(FirstLine.Kind.HTTP, kind("POST /form HTTP/1.1\r\n"), "any method: bridge-web answers 405");
    }

    @Test
    void ircLinesAreIrcAsSoonAsAByteSaysSo() {
        assertEquals(FirstLine.Kind.IRC, kind("NICK ann\r\n"));
        assertEquals(FirstLine.Kind.IRC, kind("CAP LS 302\r\n"));
        assertEquals(FirstLine.Kind.IRC, kind("NICK ann x"), "the line need not end: 'x' cannot start a version");
        assertEquals(FirstLine.Kind.IRC, kind(":prefix NICK"), "a colon is no token character");
        assertEquals(FirstLine.Kind.IRC, kind("USER a 0 * :A"));
        assertEquals(FirstLine.Kind.IRC, kind("GET / HTTP/x.1\r\n"));
        assertEquals(FirstLine.Kind.IRC, kind("GET / HTTP/1.1 extra\r\n"));
        assertEquals(FirstLine.Kind.IRC, kind("GET  / HTTP/1.1\r\n"), "one space between the parts");
        assertEquals(FirstLine.Kind.IRC, kind("\r\n"));
    }

    @Test
    void aStartThatCouldBeEitherWaitsForMore() {
        for (String start : new String[] {"", "G", "GET", "GET ", "GET /", "GET / ", "GET / HTTP/1", "GET / HTTP/1.1",
                "GET / HTTP/1.1\r", "NICK", "PING ", "NICK ann"}) {
            assertEquals(FirstLine.Kind.UNDECIDED, kind(start), start);
        }
    }
}
