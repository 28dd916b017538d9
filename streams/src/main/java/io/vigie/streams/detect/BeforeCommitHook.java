package io.vigie.streams.detect;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that holds nothing and runs its processor's hook each time the task flushes its
 * caches: Kafka Streams does that before every commit (and before a clean close or a rebalance
 * hands the task away), ahead of flushing the producer and committing the exactly-once transaction.
 * A processor that keeps changed state in memory writes it to its own stores there, so each change
 * is serialised once per commit instead of once per record, and the changelog records still belong
 * to the same transaction as the input offsets and outputs they go with.
 *
 * <p>It relies on one internal interface, {@link CachedStateStore}, which every caching store of
 * Kafka Streams implements and through which the task's state manager flushes caches; {@code
 * DetectionTopologyTest} pins that behaviour with the topology test driver, and {@code
 * DetectionStateAfterKillIT} checks detection state through {@code kill -9} on the real broker. A
 * processor reaches the store itself through {@code context.getStateStore}: Kafka Streams only
 * wraps key-value, window and session stores in its read-write decorators.
 */
public final class BeforeCommitHook implements StateStore, CachedStateStore<Object, Object> {

  private final String name;
  private Runnable beforeCommit = () -> {};
  private Runnable onDiscard = () -> {};
  private boolean open;

  private BeforeCommitHook(String name) {
    this.name = name;
  }

  /** A builder for {@code builder.addStateStore}: one hook per task, neither logged nor cached. */
  public static StoreBuilder<BeforeCommitHook> builder(String name) {
    return new Builder(name);
  }

  /**
   * @param beforeCommit writes what the processor holds in memory to its stores
   * @param onDiscard forgets it: the task's uncommitted work is being thrown away
   */
  public void register(Runnable beforeCommit, Runnable onDiscard) {
    this.beforeCommit = beforeCommit;
    this.onDiscard = onDiscard;
  }

  @Override
  public void flushCache() {
    beforeCommit.run();
  }

  @Override
  public void clearCache() {
    onDiscard.run();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean old) {
    return false;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {});
    open = true;
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {}

  @Override
  public void close() {
    open = false;
    beforeCommit = () -> {};
    onDiscard = () -> {};
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private static final class Builder implements StoreBuilder<BeforeCommitHook> {
    private final String name;

    Builder(String name) {
      this.name = name;
    }

    @Override
    public StoreBuilder<BeforeCommitHook> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<BeforeCommitHook> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<BeforeCommitHook> withLoggingEnabled(Map<String, String> config) {
      throw new UnsupportedOperationException("A commit hook holds nothing to log");
    }

    @Override
    public StoreBuilder<BeforeCommitHook> withLoggingDisabled() {
      return this;
    }

    @Override
    public BeforeCommitHook build() {
      return new BeforeCommitHook(name);
    }

    @Override
    public Map<String, String> logConfig() {
      return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
