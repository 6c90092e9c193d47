package io.rtw.local;

/** A process that only waits to be stopped: it stands for a server's JVM in tests of stopping. */
final class Idle {

    private Idle() {}

    /** Sleeps until a signal ends the JVM. */
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
