/**
 * LoopChat's embedded IRC server, {@link dev.loopbridge.demo.server.ChatServer}: one event loop
 * thread carries every connection; all its state is confined to that thread.
 */
package dev.loopbridge.demo.server;
