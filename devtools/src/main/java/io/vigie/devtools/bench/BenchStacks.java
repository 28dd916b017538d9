package io.vigie.devtools.bench;

import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.localstack.LocalStack;

/** The servers a benchmark starts for itself. */
public final class BenchStacks {

  private BenchStacks() {}

  /** A fresh local broker (1 GB of heap), without Elasticsearch: benchmarks need Kafka only. */
  public static LocalStack startKafkaOnly(VigieConfig config) throws Exception {
    LocalStack.Spec spec = StackSpecs.from(config, "bench");
    return LocalStack.start(
        new LocalStack.Spec(
            spec.stackDir(),
            spec.name(),
            true,
            false,
            0,
            "1g",
            0,
            spec.elasticsearchHeap(),
            spec.elasticsearchVersion(),
            spec.elasticsearchJavaHome(),
            spec.elasticsearchUser(),
            spec.mavenRepository(),
            spec.startTimeout(),
            spec.serverJvmOptions()),
        true);
  }
}
