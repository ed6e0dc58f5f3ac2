package dev.loopbridge.benchmarks.e2e;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The ratio of one contender's p99 to the lowest p99 of one or more others, with a bootstrap
 * interval, for samples taken in rounds (every contender measured once per round, as the latency
 * probes and the timers of {@link DispatchSection} are). A p99 of a few thousand samples moves
 * by tens of percent between runs of one build, and the lowest of several peers' p99s is biased
 * low, so a ratio of two point figures says "worse" or "better" from noise alone.
 *
 * <p>The interval is a paired percentile bootstrap: each replicate draws the rounds with
 * replacement and takes every contender's sample of each drawn round, so that whatever the
 * machine did during a round (a GC, the JIT, a descheduled core) weighs on all contenders alike,
 * as it did when they were measured. In each replicate the lowest of the others' p99s is taken
 * afresh: the choice of the best peer is part of what is resampled. Deterministic for given
 * samples (a fixed seed). Main thread; no state.
 */
final class P99Ratio {

    /** Bootstrap replicates per interval. */
    static final int REPLICATES = 10_000;

    /** The interval's coverage: the 0.5th to the 99.5th percentile of the replicates. */
    static final double CONFIDENCE = 0.99;

    private static final long SEED = 13;

    /** The point ratio and its interval; all NaN when a p99 is not a positive duration. */
    record Interval(double ratio, double lo, double hi) {

        static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN);

        /**
         * Lower is better for the contender in the numerator: {@code "lower"} when the whole
         * interval is below 1, {@code "higher"} when it is above, else {@code "no difference"}.
         */
        String verdict() {
            if (Double.isNaN(ratio)) {
                return "not measured";
            }
            return hi < 1 ? "lower" : lo > 1 ? "higher" : "no difference";
        }
    }

    private P99Ratio() {
    }

    /**
     * {@code samples[own]}'s p99 over the lowest p99 of {@code samples[o]} for {@code o} in
     * {@code others}; each row holds one sample per round, the first {@code rounds} of it counted.
     *
     * @throws IllegalArgumentException if {@code others} is empty or a row is shorter than {@code rounds}
     */
    static Interval of(long[][] samples, int rounds, int own, int[] others) {
        if (others.length == 0) {
            throw new IllegalArgumentException("no contender to compare contender " + own + " with: pass at least one");
        }
        for (int c : concat(own, others)) {
            if (samples[c].length < rounds) {
                throw new IllegalArgumentException("contender " + c + " has " + samples[c].length + " samples, "
                        + "fewer than the " + rounds + " rounds to compare");
            }
        }
        if (rounds == 0) {
            return Interval.NONE;
        }
        // The nearest rank, as Figures.percentile: the p99 is the atTop-th sample from the top.
        int atTop = rounds - (int) Math.ceil(0.99 * rounds) + 1;
        int[][] descending = new int[samples.length][];
        for (int c : concat(own, others)) {
            long[] s = samples[c];
            descending[c] = IntStream.range(0, rounds).boxed()
                    .sorted(Comparator.comparingLong((Integer i) -> s[i]).reversed())
                    .mapToInt(Integer::intValue).toArray();
        }
        int[] once = new int[rounds];
        Arrays.fill(once, 1);
        double point = ratio(samples, descending, once, atTop, own, others);
        if (!(point > 0) || Double.isInfinite(point)) {
            return Interval.NONE;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int[] drawn = new int[rounds];
        double[] replicates = new double[REPLICATES];
        for (int b = 0; b < REPLICATES; b++) {
            Arrays.fill(drawn, 0);
            for (int i = 0; i < rounds; i++) {
                drawn[random.nextInt(rounds)]++;
            }
            double r = ratio(samples, descending, drawn, atTop, own, others);
            replicates[b] = Double.isNaN(r) || r < 0 ? Double.POSITIVE_INFINITY : r;
        }
        Arrays.sort(replicates);
        double tail = (1 - CONFIDENCE) / 2;
        return new Interval(point, replicates[(int) Math.floor(tail * REPLICATES)],
                replicates[(int) Math.ceil((1 - tail) * REPLICATES) - 1]);
    }

    /** The ratio in one replicate, where round {@code i} was drawn {@code drawn[i]} times. */
    private static double ratio(long[][] samples, int[][] descending, int[] drawn, int atTop, int own, int[] others) {
        long best = Long.MAX_VALUE;
        for (int o : others) {
            best = Math.min(best, p99(samples[o], descending[o], drawn, atTop));
        }
        return best <= 0 ? Double.NaN : p99(samples[own], descending[own], drawn, atTop) / (double) best;
    }

    /** The nearest-rank p99 of the drawn samples: walks down from the largest. */
    private static long p99(long[] s, int[] descending, int[] drawn, int atTop) {
        int seen = 0;
        for (int i : descending) {
            seen += drawn[i];
            if (seen >= atTop) {
                return s[i];
            }
        }
        throw new AssertionError("fewer draws than rounds"); // the draws add up to the rounds
    }

    private static int[] concat(int own, int[] others) {
        int[] all = Arrays.copyOf(others, others.length + 1);
        all[others.length] = own;
        return all;
    }
}
