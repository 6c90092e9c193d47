package io.rtw.meta.binding;

/** A binding's server or options refuse what a run asks of it (a replay's extent, say); the message is for the user. */
public final class BindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal told by {@code message}. */
    public BindingException(String message) {
        super(message);
    }
}
