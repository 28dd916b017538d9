package io.vigie.devtools.bench;

import java.util.List;
import java.util.Locale;

/**
 * Sampled rows as an SVG line chart with two panels: the first columns (memory in MiB) above, the
 * others (lag in records) below, against the row's leading second. Enough to see whether memory is
 * flat over a soak, with no plotting library.
 */
final class TimeSeriesPlot {

  private static final String[] COLOURS = {
    "#1f77b4", "#aec7e8", "#d62728", "#ff9896", "#2ca02c", "#98df8a", "#9467bd", "#ff7f0e"
  };
  private static final int WIDTH = 900;
  private static final int PANEL = 260;
  private static final int LEFT = 70;
  private static final int TOP = 30;

  private TimeSeriesPlot() {}

  /**
   * @param rows each a second, then one value per name ("123 MiB", "42", or "n/a")
   * @param upper how many of the names go in the upper panel
   */
  static String svg(List<List<String>> rows, List<String> names, int upper) {
    StringBuilder svg = new StringBuilder();
    int height = TOP + 2 * (PANEL + 50);
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
            WIDTH,
            height));
    double maxSecond = Math.max(1, rows.isEmpty() ? 1 : value(rows.get(rows.size() - 1).get(0)));
    panel(svg, rows, names, 0, upper, TOP, maxSecond, "memory (MiB)");
    panel(svg, rows, names, upper, names.size(), TOP + PANEL + 50, maxSecond, "lag (records)");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\">seconds into the live phase (0 - %.0f)</text>%n",
            LEFT,
            height - 8,
            maxSecond));
    return svg.append("</svg>\n").toString();
  }

  private static void panel(
      StringBuilder svg,
      List<List<String>> rows,
      List<String> names,
      int from,
      int to,
      int top,
      double maxSecond,
      String title) {
    double max = 1;
    for (List<String> row : rows) {
      for (int c = from; c < to; c++) {
        double v = value(row.get(c + 1));
        if (!Double.isNaN(v)) { // Math.max would carry an unknown value through
          max = Math.max(max, v);
        }
      }
    }
    int plotWidth = WIDTH - LEFT - 20;
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s, max %.0f</text>%n"
                + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
            LEFT,
            top - 8,
            title,
            max,
            LEFT,
            top,
            plotWidth,
            PANEL));
    for (int c = from; c < to; c++) {
      StringBuilder points = new StringBuilder();
      for (List<String> row : rows) {
        double v = value(row.get(c + 1));
        if (Double.isNaN(v)) {
          continue;
        }
        double x = LEFT + plotWidth * value(row.get(0)) / maxSecond;
        double y = top + PANEL - PANEL * v / max;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String colour = COLOURS[c % COLOURS.length];
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n"
                  + "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
              colour,
              points.toString().trim(),
              LEFT + 10 + 140 * (c - from),
              top + 16,
              colour,
              names.get(c)));
    }
  }

  /** The number a cell starts with, NaN for "n/a". */
  private static double value(String cell) {
    String number = cell.split(" ")[0].replace(",", "");
    try {
      return Double.parseDouble(number);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
