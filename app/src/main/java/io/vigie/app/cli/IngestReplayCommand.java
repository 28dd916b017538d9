package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.ingest.IngestProcess;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.replay.FileReplay;
import io.vigie.ingest.replay.ReplayCheckpoint;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie ingest replay FILE}: a recorded file published in event-time order. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a recorded file in event-time order: CrisisLex T6 CSV (.csv) or Vigie JSON posts, one per line (.jsonl, .ndjson), optionally .gz.",
      "Time is rebased to the present unless --keep-time; unreadable lines and refused posts go to the ingest dead-letter topic.",
      "Progress is checkpointed: running the same command again after an interruption resumes after the last acknowledged post."
    })
final class IngestReplayCommand extends VigieCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to replay.")
  Path file;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "N|max",
      description =
          "1 replays at the recorded pace, N times faster, 'max' as fast as Kafka takes it (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--window-minutes",
      defaultValue = "60",
      description =
          "With --speed max: the recording is fitted into this many minutes ending now (default: ${DEFAULT-VALUE}).")
  long windowMinutes;

  @Option(
      names = "--keep-time",
      description = "Publish the original post times (the topic's retention must cover them).")
  boolean keepTime;

  @Option(
      names = "--source",
      defaultValue = "replay",
      description = "Source name for JSON posts that have none (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Checkpoint file (default: under <stack.dir>/checkpoints, one per replayed file).")
  Path checkpoint;

  @Option(
      names = "--no-checkpoint",
      description = "Start from the beginning and keep no checkpoint.")
  boolean noCheckpoint;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      err().println("No such file: " + file);
      return ExitCode.USAGE.code();
    }
    double pace =
        speed.equalsIgnoreCase("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(speed);
    IngestTarget target = IngestTarget.open(config());
    Clock clock = Clock.systemUTC();
    ReplayCheckpoint where =
        noCheckpoint
            ? ReplayCheckpoint.none()
            : ReplayCheckpoint.at(checkpoint != null ? checkpoint : defaultCheckpoint(target));
    PrintWriter err = err();
    FileReplay.Result result;
    try (MetricsEndpoint metrics = metrics("ingest-replay");
        IngestProcess<FileReplay> process =
            IngestProcess.replay(target.kafkaTarget(), clock, Metrics.globalRegistry)) {
      result =
          process
              .source()
              .replay(
                  file,
                  new FileReplay.Options(pace, keepTime, Duration.ofMinutes(windowMinutes), source),
                  where,
                  progress -> {
                    err.print("\r" + ProgressBar.render(progress));
                    err.flush();
                  });
    }
    err.println();
    if (result.resumedFrom() > 0 && result.resumedFrom() == result.total()) {
      out()
          .println(
              "Nothing left to replay: the checkpoint says all "
                  + result.total()
                  + " posts of "
                  + file.getFileName()
                  + " were acknowledged. --no-checkpoint starts over.");
      return ExitCode.OK.code();
    }
    out()
        .printf(
            Locale.ROOT,
            "Replayed %s: %d posts published to %s, %d refused (see %s)%s, in %.1f s%n",
            file.getFileName(),
            result.published(),
            target.topics().rawPosts().name(),
            result.refused(),
            target.topics().ingestDeadLetters().name(),
            result.resumedFrom() > 0 ? ", resumed after " + result.resumedFrom() : "",
            result.elapsed().toMillis() / 1000.0);
    if (result.failure().isPresent()) {
      Throwable failure = result.failure().get();
      err.println(
          "Kafka did not take every post: "
              + failure
              + ". Run the same command again to resume after the last acknowledged post.");
      return PostPublisher.isRetriable(failure)
          ? ExitCode.UNAVAILABLE.code()
          : ExitCode.FAILED.code();
    }
    return ExitCode.OK.code();
  }

  private Path defaultCheckpoint(IngestTarget target) throws Exception {
    String id =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);
    Path folder = target.config().stackDir().resolve("checkpoints");
    Files.createDirectories(folder);
    return folder.resolve(file.getFileName() + "-" + id + ".properties");
  }
}
