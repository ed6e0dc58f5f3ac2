package dev.loopbridge.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permessage-deflate negotiation of RFC 7692 section 7.1, for both sides. Pure; any thread.
 *
 * <p>What is supported: {@code client_no_context_takeover} and {@code server_no_context_takeover}
 * both ways; a peer's smaller window ({@code server_max_window_bits} in a server's answer, or
 * {@code client_max_window_bits=N} in a client's offer) is fine, since our inflater takes any
 * window. What is declined: a window smaller than 15 bits for <em>our</em> compressor, since
 * {@code java.util.zip.Deflater} cannot use one — so the client never offers
 * {@code client_max_window_bits}, and the server passes over an offer with
 * {@code server_max_window_bits} below 15 (it takes the client's next offer, or none).
 *
 * @param clientNoContextTakeover the client resets its compressor after each message
 * @param serverNoContextTakeover the server resets its compressor after each message
 * @param response the extension header a server answers with (empty on the client side)
 */
public record DeflateNegotiation(boolean clientNoContextTakeover, boolean serverNoContextTakeover, String response) {

    /** The extension's name. */
    public static final String NAME = "permessage-deflate";

    /** What a client offers: permessage-deflate with no parameters. */
    public static String clientOffer() {
        return NAME;
    }

    /**
     * Reads a server's {@code Sec-WebSocket-Extensions} answer to {@link #clientOffer()}.
     *
     * @param header the header's value, or {@code null} if absent
     * @return the agreement, or {@code null} when the server declined compression
     * @throws IllegalArgumentException saying what the server answered that the client did not offer
     */
    public static DeflateNegotiation clientAccept(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        List<Map<String, String>> extensions = parse(header);
        if (extensions.size() != 1 || !extensions.get(0).containsKey("")) {
            throw new IllegalArgumentException("the server agreed to extensions \"" + header
                    + "\" (expected: at most permessage-deflate, the only one offered)");
        }
        Map<String, String> params = extensions.get(0);
        if (!NAME.equals(params.get(""))) {
            throw new IllegalArgumentException("the server agreed to extension \"" + params.get("")
                    + "\" (expected: permessage-deflate, the only one offered)");
        }
        boolean clientNoContext = false;
        boolean serverNoContext = false;
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case "" -> { }
                case "client_no_context_takeover" -> clientNoContext = noValue(p, header);
                case "server_no_context_takeover" -> serverNoContext = noValue(p, header);
                case "server_max_window_bits" -> windowBits(p.getValue(), header);
                default -> throw new IllegalArgumentException("the server answered permessage-deflate with parameter \""
                        + p.getKey() + "\" in \"" + header + "\" (expected: *_no_context_takeover or "
                        + "server_max_window_bits; client_max_window_bits was not offered)");
            }
        }
        return new DeflateNegotiation(clientNoContext, serverNoContext, "");
    }

    private static boolean noValue(Map.Entry<String, String> p, String header) {
        if (p.getValue() != null) {
            throw new IllegalArgumentException(p.getKey() + " with a value in \"" + header + "\" (expected: no value)");
        }
        return true;
    }

    private static int windowBits(String value, String header) {
        try {
            int bits = Integer.parseInt(value);
            if (bits >= 8 && bits <= 15) {
                return bits;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("window bits \"" + value + "\" in \"" + header + "\" (expected: 8-15)");
    }

    /**
     * Picks the first of a client's permessage-deflate offers this server can honour.
     *
     * @param header the request's {@code Sec-WebSocket-Extensions} values, joined with commas, or {@code null}
     * @return the agreement with the response header, or {@code null} to go without compression
     */
    public static DeflateNegotiation serverAccept(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        List<Map<String, String>> offers;
        try {
            offers = parse(header);
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (Map<String, String> offer : offers) {
            if (!NAME.equals(offer.get(""))) {
                continue;
            }
            DeflateNegotiation accepted = serverAcceptOne(offer);
            if (accepted != null) {
                return accepted;
            }
        }
        return null;
    }

    private static DeflateNegotiation serverAcceptOne(Map<String, String> offer) {
        boolean clientNoContext = false;
        boolean serverNoContext = false;
        StringBuilder response = new StringBuilder(NAME);
        for (Map.Entry<String, String> p : offer.entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "" -> { }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContext = true;
                    response.append("; client_no_context_takeover");
                }
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContext = true;
                    response.append("; server_no_context_takeover");
                }
                case "server_max_window_bits" -> {
                    if (!"15".equals(value)) {
                        return null;  // Deflater's window is always 15 bits
                    }
                    response.append("; server_max_window_bits=15");
                }
                case "client_max_window_bits" -> {
                    if (value != null && !value.matches("8|9|1[0-5]")) {
                        return null;
                    }
                    // Any window the client compresses with suits our inflater: nothing to answer.
                }
                default -> {
                    return null;
                }
            }
        }
        return new DeflateNegotiation(clientNoContext, serverNoContext, response.toString());
    }

    /**
     * Parses {@code ext; a; b=1, ext2} into one map per extension: the name under {@code ""},
     * each parameter with its value ({@code null} when it has none, quotes removed).
     *
     * @throws IllegalArgumentException for an empty element or a duplicate parameter
     */
    static List<Map<String, String>> parse(String header) {
        List<Map<String, String>> result = new ArrayList<>();
        for (String element : header.split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an empty extension in \"" + header + "\"");
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("", name);
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].trim();
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim();
                String value = eq < 0 ? null : part.substring(eq + 1).trim();
                if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (key.isEmpty() || params.containsKey(key)) {
                    throw new IllegalArgumentException("parameter \"" + key + "\" empty or repeated in \"" + header + "\"");
                }
                params.put(key, value);
            }
            result.add(params);
        }
        return result;
    }
}
