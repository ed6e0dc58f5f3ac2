/**
 * What the JavaFX and Swing clients share, toolkit-independent: the
 * {@link dev.loopbridge.demo.ui.ChatPresenter} that does what a chat view does when its client
 * reports something (each toolkit's view is only the widgets it drives), the
 * {@link dev.loopbridge.demo.ui.Transcript} that batches the client's log entries for a view, line
 * formatting, the input history and the status-bar text. Not exported; everything here runs on the
 * client's loop thread.
 */
package dev.loopbridge.demo.ui;
