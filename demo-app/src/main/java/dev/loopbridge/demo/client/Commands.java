package dev.loopbridge.demo.client;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * What a typed line means: loop thread only, one instance per line. Parses {@code /commands}
 * and calls the client; mistakes become ERROR entries.
 */
final class Commands {

    private static final String HELP = "/join #channel, /part [#channel] [reason], /nick name, /msg target text, "
            + "/me action, /topic [text], /names [#channel], /quit [reason]";

    private final ChatClient client;

    Commands(ChatClient client) {
        this.client = client;
    }

    void run(String input) {
        if (input.isBlank()) {
            return;
        }
        if (!input.startsWith("/") || input.startsWith("//")) {
            String text = input.startsWith("//") ? input.substring(1) : input;
            String target = client.activeTarget().orElse(null);
            if (target == null) {
                client.error(ChatEntry.SERVER, "Not in a channel: /join #name first (or /msg nick text)");
                return;
            }
            client.say(target, text);
            return;
        }
        int space = input.indexOf(' ');
        String name = ChatClient.lower(space < 0 ? input.substring(1) : input.substring(1, space));
        String rest = space < 0 ? "" : input.substring(space + 1).strip();
        String first = rest.isEmpty() ? "" : rest.split(" +", 2)[0];
        String afterFirst = rest.indexOf(' ') < 0 ? "" : rest.substring(rest.indexOf(' ') + 1).strip();
        String active = client.activeTarget().orElse("");
        switch (name) {
            case "join", "j" -> {
                if (first.isEmpty()) {
                    usage("/join #channel");
                } else {
                    client.join(IrcText.isChannel(first) ? first : "#" + first);
                }
            }
            case "part", "leave" -> {
                boolean named = IrcText.isChannel(first);
                String channel = named ? first : active;
                if (!IrcText.isChannel(channel)) {
                    usage("/part #channel [reason]");
                } else {
                    client.part(channel, named ? afterFirst : rest);
                }
            }
            case "nick" -> {
                if (first.isEmpty() || first.startsWith(":") || first.startsWith("#") || first.contains(",")) {
                    usage("/nick name");
                } else {
                    client.changeNick(first);
                }
            }
            case "msg", "query" -> {
                if (first.isEmpty() || afterFirst.isEmpty()) {
                    usage("/msg target text");
                } else {
                    client.say(first, afterFirst);
                }
            }
            case "me" -> {
                if (active.isEmpty()) {
                    client.error(ChatEntry.SERVER, "Not in a channel: /join #name first");
                } else {
                    client.act(active, rest);
                }
            }
            case "topic" -> {
                if (!IrcText.isChannel(active)) {
                    usage("/topic [text] (in a channel)");
                } else {
                    client.command(rest.isEmpty() ? IrcMessage.of("TOPIC", active) : IrcMessage.of("TOPIC", active, rest));
                }
            }
            case "names" -> {
                String channel = first.isEmpty() ? active : first;
                if (!IrcText.isChannel(channel)) {
                    usage("/names #channel");
                } else {
                    client.command(IrcMessage.of("NAMES", channel));
                }
            }
            case "quit", "exit" -> client.quit(rest);
            case "help" -> client.info(ChatEntry.SERVER, "Commands: " + HELP);
            default -> client.error(ChatEntry.SERVER, "Unknown command /" + name + " (known: " + HELP + ")");
        }
    }

    private void usage(String form) {
        client.error(ChatEntry.SERVER, "Usage: " + form);
    }
}
