package io.vigie.devtools;

import io.vigie.app.LauncherExtension;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.LocalClusters;
import io.vigie.devtools.cli.BenchCommand;
import io.vigie.devtools.cli.DemoCommand;
import io.vigie.devtools.cli.EvalCommand;
import io.vigie.devtools.cli.FaultsCommand;
import io.vigie.devtools.cli.StackCommand;
import io.vigie.devtools.cli.TrainCommand;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.localstack.LocalStack;
import java.util.List;
import java.util.Optional;

/**
 * The dev tools in the {@code vigie} launcher: the demo, the local stack, evaluations, training,
 * benchmarks and the fault suite, with the local stack as the clusters of last resort.
 */
public final class DevTools implements LauncherExtension {

  @Override
  public List<Object> commands() {
    return List.of(
        DemoCommand.class,
        StackCommand.class,
        EvalCommand.class,
        TrainCommand.class,
        BenchCommand.class,
        FaultsCommand.class);
  }

  @Override
  public Optional<LocalClusters> runningLocalStack(VigieConfig config) {
    return LocalStack.attach(StackSpecs.from(config, LocalStack.DEFAULT_NAME))
        .map(LocalClusters.class::cast);
  }
}
