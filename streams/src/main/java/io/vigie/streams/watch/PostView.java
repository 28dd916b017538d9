package io.vigie.streams.watch;

import java.util.List;

/**
 * What a watch rule looks at in a post: its folded words (see {@code TextAnalysis#words}), its
 * hashtags and mentions (lower-cased), its author's handle, and its language (ISO 639-1, null when
 * undetermined).
 */
public record PostView(
    List<String> words,
    List<String> hashtags,
    List<String> mentions,
    String authorHandle,
    String language) {}
