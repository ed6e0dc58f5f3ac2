package dev.loopbridge.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopbridge.demo.client.ChatEntry;

/**
 * The LoopChat soak's verdict: losses no client can prevent (in flight at a kill and flagged
 * UNCERTAIN, or confirmed while the sender was alone) are counted but pass; a line lost silently,
 * a repeat, a client that did not come back, or an error fails.
 */
class SoakVerdictTest {

    private static Ledger.Outcome outcome(long duplicates, long lost, Map<ChatEntry.Status, Long> byStatus, long alone) {
        return new Ledger.Outcome(1000, 1000 - lost, 19_000, duplicates, lost, byStatus, alone, 0, 0);
    }

    @Test
    void lossesTheClientsKnowOfPassAndAreNamed() {
        String v = LoopChatSoak.verdict(outcome(0, 46, Map.of(ChatEntry.Status.UNCERTAIN, 37L, ChatEntry.Status.SENT, 9L), 9), 0, 0);
        assertTrue(v.contains("result: PASS") && v.contains("the 46 lost were 37 in flight at a kill")
                && v.contains("9 confirmed while the sender was alone"), v);
        assertTrue(LoopChatSoak.verdict(outcome(0, 0, Map.of(), 0), 0, 0).contains("result: PASS"));
    }

    @Test
    void aSilentLossARepeatAMissingClientOrAnErrorFails() {
        // 9 SENT lost but only 8 of them while alone: one confirmed line reached nobody who was there.
        String silent = LoopChatSoak.verdict(outcome(0, 9, Map.of(ChatEntry.Status.SENT, 9L), 8), 0, 0);
        assertTrue(silent.contains("result: FAIL (1 lines lost silently"), silent);
        String pending = LoopChatSoak.verdict(outcome(0, 1, Map.of(ChatEntry.Status.PENDING, 1L), 0), 0, 0);
        assertTrue(pending.contains("result: FAIL (1 lines lost silently"), pending);
        assertTrue(LoopChatSoak.verdict(outcome(2, 0, Map.of(), 0), 0, 0).contains("result: FAIL (2 repeats"));
        assertTrue(LoopChatSoak.verdict(outcome(0, 0, Map.of(), 0), 0, 1).contains("result: FAIL (1 restarts after"));
        assertTrue(LoopChatSoak.verdict(outcome(0, 0, Map.of(), 0), 3, 0).contains("result: FAIL (3 errors"));
    }
}
