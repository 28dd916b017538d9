package io.vigie.streams.detect;

import static io.vigie.streams.detect.SpikeDetector.SHIFTS;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A {@link SpikeDetector}'s state (not its settings) as bytes: what the state stores, their
 * changelogs and the detection seeds hold. The layout is a contract with every byte already
 * written: fields are never reordered, only appended.
 */
final class SpikeStateCodec {

  private SpikeStateCodec() {}

  static void write(SpikeDetector detector, DataOutput out) throws IOException {
    SpikeBaseline baseline = detector.baseline;
    ExcursionCalibration calibration = detector.calibration;
    CusumBank cusums = detector.cusums;
    out.writeDouble(baseline.level);
    out.writeDouble(baseline.variance);
    out.writeDouble(baseline.dispersionMean);
    out.writeDouble(baseline.shadowLevel);
    out.writeLong(detector.buckets);
    out.writeBoolean(detector.open);
    out.writeInt(detector.calm);
    out.writeInt(detector.episodeLength);
    out.writeLong(detector.cooldownUntil);
    out.writeDouble(calibration.excessSum);
    out.writeDouble(calibration.excessCount);
    out.writeDouble(calibration.excursionPeak);
    out.writeByte(SHIFTS.length);
    for (int s = 0; s < SHIFTS.length; s++) {
      out.writeDouble(cusums.score[s]);
      out.writeLong(cusums.count[s]);
      out.writeDouble(cusums.expected[s]);
      out.writeInt(cusums.length[s]);
    }
    out.writeShort(baseline.slotMean.length);
    for (int i = 0; i < baseline.slotMean.length; i++) {
      out.writeDouble(baseline.slotMean[i]);
      out.writeInt(baseline.slotVisits[i]);
    }
  }

  /**
   * Reads a state written by {@link #write}, under the given settings. CUSUMs written for another
   * set of shifts are dropped (they start again from 0).
   */
  static SpikeDetector read(SpikeSettings settings, DataInput in) throws IOException {
    double level = in.readDouble();
    double variance = in.readDouble();
    double dispersionMean = in.readDouble();
    double shadow = in.readDouble();
    long buckets = in.readLong();
    boolean open = in.readBoolean();
    int calm = in.readInt();
    int length = in.readInt();
    long cooldownUntil = in.readLong();
    double excessSum = in.readDouble();
    double excessCount = in.readDouble();
    double excursionPeak = in.readDouble();
    int shifts = in.readByte();
    double[] cusum = new double[shifts];
    long[] runCount = new long[shifts];
    double[] runExpected = new double[shifts];
    int[] runBuckets = new int[shifts];
    for (int s = 0; s < shifts; s++) {
      cusum[s] = in.readDouble();
      runCount[s] = in.readLong();
      runExpected[s] = in.readDouble();
      runBuckets[s] = in.readInt();
    }
    int slots = in.readShort();
    SpikeDetector detector = new SpikeDetector(settings, slots == 1 ? 0 : slots);
    SpikeBaseline baseline = detector.baseline;
    baseline.level = level;
    baseline.variance = variance;
    baseline.dispersionMean = dispersionMean;
    baseline.shadowLevel = shadow;
    detector.buckets = buckets;
    detector.open = open;
    detector.calm = calm;
    detector.episodeLength = length;
    detector.cooldownUntil = cooldownUntil;
    detector.calibration.excessSum = excessSum;
    detector.calibration.excessCount = excessCount;
    detector.calibration.excursionPeak = excursionPeak;
    if (shifts == SHIFTS.length) {
      CusumBank cusums = detector.cusums;
      System.arraycopy(cusum, 0, cusums.score, 0, shifts);
      System.arraycopy(runCount, 0, cusums.count, 0, shifts);
      System.arraycopy(runExpected, 0, cusums.expected, 0, shifts);
      System.arraycopy(runBuckets, 0, cusums.length, 0, shifts);
    }
    for (int i = 0; i < slots; i++) {
      baseline.slotMean[i] = in.readDouble();
      baseline.slotVisits[i] = in.readInt();
      baseline.visitedSlots += baseline.slotVisits[i] > 0 ? 1 : 0;
    }
    return detector;
  }
}
