package io.vigie.ops.cli;

import io.vigie.ops.Vigie;
import io.vigie.ops.config.VigieConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every sub-command shares: the configuration of the root command and its output streams. */
abstract class VigieCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  protected VigieConfig config() {
    return ((Vigie) spec.root().userObject()).config();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
