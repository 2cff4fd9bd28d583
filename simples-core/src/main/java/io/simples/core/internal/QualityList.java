package io.simples.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A header of comma-separated values with {@code ;q=} weights (Accept-Language,
 * Accept-Encoding), in order of preference: highest weight first, ties in the order given,
 * weight-0 values left out.
 */
public final class QualityList {

    /** One value of such a header and its weight (1 when none was given). */
    public record Weighted(String value, double quality, int position) {
    }

    private QualityList() {
    }

    /** The values in order of preference, weight-0 ones left out. */
    public static List<String> parse(String header) {
        return weigh(header).stream().filter(w -> w.quality() > 0).map(Weighted::value).toList();
    }

    /**
     * Every value with its weight (0 included: "not this one"), in order of preference. A weight
     * that is not a number counts as 0; values with a weight past 1 are left out.
     */
    public static List<Weighted> weigh(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<Weighted> values = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] pieces = parts[i].split(";");
            String value = pieces[0].trim();
            double quality = 1;
            for (int p = 1; p < pieces.length; p++) {
                String parameter = pieces[p].trim();
                if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                }
            }
            if (!value.isEmpty() && quality >= 0 && quality <= 1) {
                values.add(new Weighted(value, quality, i));
            }
        }
        values.sort(Comparator.comparingDouble(Weighted::quality).reversed()
                .thenComparingInt(Weighted::position));
        return values;
    }
}
