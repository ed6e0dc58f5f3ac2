package dev.loopbridge.demo.client;

import java.util.List;

/**
 * A snapshot of one channel the client is in: immutable, safe to hand to any thread. The client
 * reports a fresh snapshot through {@link ChatListener#channelChanged} whenever the topic or the
 * member list changes.
 *
 * @param name    the channel name, as the server spells it
 * @param topic   the topic, {@code ""} when none
 * @param members the nicks in the channel, sorted case-insensitively, mode prefixes
 *                ({@code @ + % & ~}) stripped
 * @param joined  whether the client is in the channel now (false while reconnecting: it rejoins)
 */
public record ChannelInfo(String name, String topic, List<String> members, boolean joined) {

    /** Copies the member list. */
    public ChannelInfo {
        members = List.copyOf(members);
    }
}
