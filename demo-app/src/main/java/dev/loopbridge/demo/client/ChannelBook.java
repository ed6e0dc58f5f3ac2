package dev.loopbridge.demo.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import dev.loopbridge.demo.irc.IrcText;

/**
 * The channels the client is in, their topics and members: loop thread only. Every change is
 * reported as a fresh {@link ChannelInfo} snapshot to {@code onChange}.
 */
final class ChannelBook {

    private static final class Channel {
        String name;
        String topic = "";
        boolean joined;
        final TreeSet<String> members = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        // NAMES replies (353) collect here until the end (366) replaces the members.
        Set<String> incomingNames;

        Channel(String name) {
            this.name = name;
        }

        ChannelInfo snapshot() {
            return new ChannelInfo(name, topic, new ArrayList<>(members), joined);
        }
    }

    // Guarded by: the loop thread. Channels by folded name, in join order.
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Consumer<ChannelInfo> onChange;
    private final Consumer<String> onRemove;

    ChannelBook(Consumer<ChannelInfo> onChange, Consumer<String> onRemove) {
        this.onChange = onChange;
        this.onRemove = onRemove;
    }

    /** Snapshots of all channels, in join order. */
    List<ChannelInfo> snapshots() {
        return channels.values().stream().map(Channel::snapshot).toList();
    }

    ChannelInfo get(String name) {
        Channel channel = channels.get(IrcText.fold(name));
        return channel == null ? null : channel.snapshot();
    }

    boolean contains(String name) {
        return channels.containsKey(IrcText.fold(name));
    }

    /** We joined {@code name}: it is shown, with us as its first member. */
    void joined(String name, String self) {
        Channel channel = channels.computeIfAbsent(IrcText.fold(name), k -> new Channel(name));
        channel.name = name;
        channel.joined = true;
        channel.members.clear();
        channel.members.add(self);
        onChange.accept(channel.snapshot());
    }

    /** We left {@code name}: it is no longer shown. */
    void removed(String name) {
        Channel channel = channels.remove(IrcText.fold(name));
        if (channel != null) {
            onRemove.accept(channel.name);
        }
    }

    void memberJoined(String name, String nick) {
        Channel channel = channels.get(IrcText.fold(name));
        if (channel != null && channel.members.add(nick)) {
            onChange.accept(channel.snapshot());
        }
    }

    void memberLeft(String name, String nick) {
        Channel channel = channels.get(IrcText.fold(name));
        if (channel != null && channel.members.remove(nick)) {
            onChange.accept(channel.snapshot());
        }
    }

    /** {@code nick} quit: removed everywhere; returns the channels it was in. */
    List<String> quit(String nick) {
        List<String> where = new ArrayList<>();
        for (Channel channel : channels.values()) {
            if (channel.members.remove(nick)) {
                where.add(channel.name);
                onChange.accept(channel.snapshot());
            }
        }
        return where;
    }

    /** {@code from} is now {@code to}: renamed everywhere; returns the channels it was in. */
    List<String> renamed(String from, String to) {
        List<String> where = new ArrayList<>();
        for (Channel channel : channels.values()) {
            if (channel.members.remove(from)) {
                channel.members.add(to);
                where.add(channel.name);
                onChange.accept(channel.snapshot());
            }
        }
        return where;
    }

    void topic(String name, String topic) {
        Channel channel = channels.get(IrcText.fold(name));
        if (channel != null) {
            channel.topic = topic;
            onChange.accept(channel.snapshot());
        }
    }

    /** One 353 line: nicks, with mode prefixes, collected until {@link #namesEnd}. */
    void names(String name, Collection<String> nicks) {
        Channel channel = channels.get(IrcText.fold(name));
        if (channel == null) {
            return;
        }
        if (channel.incomingNames == null) {
            channel.incomingNames = new HashSet<>();
        }
        for (String nick : nicks) {
            String bare = nick;
            while (!bare.isEmpty() && "@+%&~!".indexOf(bare.charAt(0)) >= 0) {
                bare = bare.substring(1);
            }
            if (!bare.isEmpty()) {
                channel.incomingNames.add(bare);
            }
        }
    }

    /** 366: the collected names replace the members. */
    void namesEnd(String name) {
        Channel channel = channels.get(IrcText.fold(name));
        if (channel == null || channel.incomingNames == null) {
            return;
        }
        channel.members.clear();
        channel.members.addAll(channel.incomingNames);
        channel.incomingNames = null;
        onChange.accept(channel.snapshot());
    }

    /** The connection is gone: every channel stays shown, but not joined and without members. */
    void disconnected() {
        for (Channel channel : channels.values()) {
            channel.joined = false;
            channel.members.clear();
            channel.incomingNames = null;
            onChange.accept(channel.snapshot());
        }
    }
}
