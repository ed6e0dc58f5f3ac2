package dev.loopbridge.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The p99 ratio's interval: its point is the ratio of the nearest-rank p99s the tables print, the
 * best peer is the lowest, the rounds are drawn as pairs, and the verdict is given only when the
 * interval is on one side of 1.
 */
class P99RatioTest {

    private static final int ROUNDS = 3000;

    /** Exponential samples, in ns around 1 ms: a long tail, as post-to-run times have. */
    private static long[] exponential(long seed, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] s = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            s[i] = (long) (-Math.log(1 - random.nextDouble()) * 1_000_000 * scale);
        }
        return s;
    }

    private static double p99(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return Figures.percentile(sorted, 0.99);
    }

    @Test
    void thePointIsTheRatioOfTheNearestRankP99sAndTheBestPeerIsTheLowest() {
        long[][] s = {exponential(1, 1.0), exponential(2, 1.3), exponential(3, 0.9)};
        P99Ratio.Interval r = P99Ratio.of(s, ROUNDS, 0, new int[] {1, 2});
        assertEquals(p99(s[0]) / p99(s[2]), r.ratio(), 1e-12);
        assertTrue(r.lo() <= r.ratio() && r.ratio() <= r.hi(), r.toString());
        assertEquals(p99(s[0]) / p99(s[1]), P99Ratio.of(s, ROUNDS, 0, new int[] {1}).ratio(), 1e-12);
    }

    @Test
    void theSameSamplesGiveNoDifferenceAndATailTwiceAsLongGivesHigher() {
        long[] peer = exponential(4, 1.0);
        long[][] same = {peer.clone(), peer};
        P99Ratio.Interval r = P99Ratio.of(same, ROUNDS, 0, new int[] {1});
        assertEquals(1.0, r.ratio());
        assertEquals("no difference", r.verdict(), r.toString());

        long[][] slower = {exponential(5, 2.0), exponential(6, 1.0)};
        P99Ratio.Interval s = P99Ratio.of(slower, ROUNDS, 0, new int[] {1});
        assertTrue(s.lo() > 1.3, s.toString());
        assertEquals("higher", s.verdict());
        assertEquals("lower", P99Ratio.of(slower, ROUNDS, 1, new int[] {0}).verdict());
    }

    /**
     * A contender 5% faster than its peer in every round, where the rounds themselves vary a lot
     * (the machine's state, which both met): drawn as pairs the interval is tight around 0.95;
     * drawn apart, the p99 of each moves by more than 5% and the interval would straddle 1.
     */
    @Test
    void roundsAreDrawnAsPairsSoThatWhatEachRoundDidWeighsOnBoth() {
        long[] round = exponential(7, 1.0);
        long[] own = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            own[i] = round[i] * 95 / 100;
        }
        P99Ratio.Interval r = P99Ratio.of(new long[][] {own, round}, ROUNDS, 0, new int[] {1});
        assertEquals("lower", r.verdict(), r.toString());
        assertTrue(r.hi() < 0.96 && r.lo() > 0.94, r.toString());
    }

    @Test
    void onlyTheFirstRoundsCountAndBadArgumentsAreNamed() {
        long[] a = exponential(8, 1.0);
        long[] b = exponential(9, 1.0);
        long[] longer = Arrays.copyOf(a, ROUNDS + 10);
        Arrays.fill(longer, ROUNDS, ROUNDS + 10, Long.MAX_VALUE / 2); // past the rounds: not counted
        assertEquals(P99Ratio.of(new long[][] {a, b}, ROUNDS, 0, new int[] {1}),
                P99Ratio.of(new long[][] {longer, b}, ROUNDS, 0, new int[] {1}));

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> P99Ratio.of(new long[][] {a, b}, ROUNDS, 0, new int[0]));
        assertTrue(none.getMessage().contains("pass at least one"), none.getMessage());
        IllegalArgumentException short_ = assertThrows(IllegalArgumentException.class,
                () -> P99Ratio.of(new long[][] {a, Arrays.copyOf(b, 10)}, ROUNDS, 0, new int[] {1}));
        assertTrue(short_.getMessage().contains("has 10 samples"), short_.getMessage());
        assertEquals("not measured", P99Ratio.of(new long[][] {new long[ROUNDS], b}, ROUNDS, 0, new int[] {1}).verdict());
    }
}
