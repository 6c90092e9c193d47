package io.rtw.meta;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The name a misspelt one most likely meant, among the names that are allowed where it was written. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The allowed name closest to {@code name} (case ignored), when it is close: at most a third of the name's letters
     * (at least two) inserted, removed or changed.
     */
    public static Optional<String> closest(String name, Collection<String> allowed) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Math.max(2, name.length() / 3) + 1;
        for (String a : allowed) {
            int d = distance(lower, a.toLowerCase(Locale.ROOT));
            if (d < bestDistance && !a.equals(name)) {
                best = a;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'x'?)"} for the closest allowed name, or empty text. */
    public static String didYouMean(String name, Collection<String> allowed) {
        return closest(name, allowed).map(b -> " (did you mean '" + b + "'?)").orElse("");
    }

    /** The Levenshtein distance: how many letters to insert, remove or change to turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
