package io.rtw.meta;

/** One located, actionable mistake in a definition. */
public record Problem(Location location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
