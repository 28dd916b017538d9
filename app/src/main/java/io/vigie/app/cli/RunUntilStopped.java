package io.vigie.app.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks a long-running command until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes what
 * it runs.
 */
public final class RunUntilStopped {

  private RunUntilStopped() {}

  public static void await(AutoCloseable running) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                running.close();
              } catch (Exception e) {
                System.err.println("Error while stopping: " + e);
              } finally {
                closed.countDown();
              }
            },
            "vigie-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    closed.await();
  }
}
