/**
 * Parts of the TCK on the virtual-time test loop, one contract group per class, for PIT's
 * {@code -DtargetTests} (docs/MUTATION.md): a mutant of the stream reader then runs the stream
 * contract, not the whole TCK. Their names match no Surefire pattern on purpose: the whole TCK
 * already runs on the test loop in {@code TestLoopTckTest}.
 */
package dev.loopbridge.core.pit;
