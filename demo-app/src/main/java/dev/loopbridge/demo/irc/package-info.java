/**
 * The IRC wire protocol: {@link dev.loopbridge.demo.irc.IrcMessage} (parse and serialize, with
 * IRCv3 tags), {@link dev.loopbridge.demo.irc.IrcText} (line limit, UTF-8, splitting, cleaning
 * user input) and {@link dev.loopbridge.demo.irc.LineFramer} (bytes to lines). Pure functions and
 * immutable data, except the framer, which belongs to one connection's thread.
 */
package dev.loopbridge.demo.irc;
