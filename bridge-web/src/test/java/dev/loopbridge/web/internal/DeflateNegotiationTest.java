package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The permessage-deflate negotiation, both sides, against the offers and answers real peers send. */
class DeflateNegotiationTest {

    @Test
    void theServerAcceptsABrowsersOfferWithoutRestrictingItsWindow() {
        DeflateNegotiation n = DeflateNegotiation.serverAccept("permessage-deflate; client_max_window_bits");
        assertEquals(new DeflateNegotiation(false, false, "permessage-deflate"), n);
    }

    @Test
    void theServerHonoursBothNoContextTakeoverParameters() {
        DeflateNegotiation n = DeflateNegotiation.serverAccept(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertTrue(n.clientNoContextTakeover() && n.serverNoContextTakeover());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", n.response());
    }

    @Test
    void aServerWindowBelowFifteenBitsIsDeclinedInFavourOfTheNextOffer() {
        assertNull(DeflateNegotiation.serverAccept("permessage-deflate; server_max_window_bits=10"));
        DeflateNegotiation n = DeflateNegotiation.serverAccept(
                "permessage-deflate; server_max_window_bits=10, permessage-deflate");
        assertEquals("permessage-deflate", n.response());
        assertEquals("permessage-deflate; server_max_window_bits=15",
                DeflateNegotiation.serverAccept("permessage-deflate; server_max_window_bits=15").response());
    }

    @Test
    void malformedOrUnknownOffersAreDeclined() {
        assertNull(DeflateNegotiation.serverAccept("x-webkit-deflate-frame"));
        assertNull(DeflateNegotiation.serverAccept("permessage-deflate; unknown=1"));
        assertNull(DeflateNegotiation.serverAccept("permessage-deflate; client_max_window_bits=20"));
        assertNull(DeflateNegotiation.serverAccept("permessage-deflate; server_no_context_takeover=yes"));
        assertNull(DeflateNegotiation.serverAccept("permessage-deflate; a; a"));
        assertNull(DeflateNegotiation.serverAccept(",,"));
        assertNull(DeflateNegotiation.serverAccept(null));
    }

    @Test
    void theClientAcceptsTheAnswersOfRealServers() {
        // Python websockets' default answer: a 12-bit window for the server's own compressor.
        DeflateNegotiation py = DeflateNegotiation.clientAccept("permessage-deflate; server_max_window_bits=12");
        assertEquals(new DeflateNegotiation(false, false, ""), py);
        DeflateNegotiation both = DeflateNegotiation.clientAccept(
                "permessage-deflate; client_no_context_takeover; server_no_context_takeover");
        assertTrue(both.clientNoContextTakeover() && both.serverNoContextTakeover());
        assertNull(DeflateNegotiation.clientAccept(null));
    }

    @Test
    void theClientRefusesWhatItDidNotOffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeflateNegotiation.clientAccept("permessage-deflate; client_max_window_bits=10"));
        assertTrue(e.getMessage().contains("client_max_window_bits was not offered"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.clientAccept("x-other"));
        assertThrows(IllegalArgumentException.class,
                () -> DeflateNegotiation.clientAccept("permessage-deflate, permessage-deflate"));
        assertThrows(IllegalArgumentException.class,
                () -> DeflateNegotiation.clientAccept("permessage-deflate; server_max_window_bits=7"));
    }

    @Test
    void noContextTakeoverResetsTheCompressorBetweenMessages() {
        byte[] text = "the same sentence, twice over".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MessageDeflater keeping = new MessageDeflater(false);
        MessageDeflater resetting = new MessageDeflater(true);
        keeping.compress(text, 0, text.length);
        resetting.compress(text, 0, text.length);
        int withContext = keeping.compress(text, 0, text.length).length;
        int without = resetting.compress(text, 0, text.length).length;
        assertTrue(withContext < without, "with context " + withContext + " bytes, without " + without);
    }
}
