package cocolor.eval;

/** An image pair that could not be scored, with the reason (one line). */
public record SkippedPair(String stem, String reason) {}
