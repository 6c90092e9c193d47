package io.rtw.local;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Runs a server's main class and exits the JVM when an owner process is gone, so servers started for a test
 * JVM never outlive it, even when that JVM is killed. Only used when {@link LocalSettings#ownerPid()} is set.
 */
final class OwnerWatchdog {

    private OwnerWatchdog() {}

    /** {@code command} unchanged without an owner, else the same JVM with this class as main class in front. */
    static JavaCommand wrap(JavaCommand command, OptionalLong ownerPid) {
        if (ownerPid.isEmpty()) {
            return command;
        }
        List<Path> cp = new ArrayList<>(command.classpath());
        cp.add(ServerClasspath.ownLocation());
        List<String> args = new ArrayList<>();
        args.add(Long.toString(ownerPid.getAsLong()));
        args.add(command.mainClass());
        args.addAll(command.args());
        return new JavaCommand(command.jvmOptions(), cp, OwnerWatchdog.class.getName(), args, command.env());
    }

    /** {@code OWNER_PID MAIN_CLASS ARGS...}. */
    public static void main(String[] args) throws Exception {
        long owner = Long.parseLong(args[0]);
        ProcessHandle.of(owner).ifPresentOrElse(
                h -> h.onExit().thenRun(OwnerWatchdog::exitForOwner),
                OwnerWatchdog::exitForOwner);
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    private static void exitForOwner() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(1);
        }, "rtw-owner-watchdog-halt");
        halt.setDaemon(true);
        halt.start();
        System.err.println("rtw: owner process is gone; exiting");
        System.exit(0);
    }
}
