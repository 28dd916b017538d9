package io.vigie.streams.detect;

/** Poisson and negative-binomial tail probabilities, for small-count significance. */
final class Poisson {

  private Poisson() {}

  /**
   * {@code P(X >= k)} for {@code X ~ Poisson(lambda)}, summed in log space from {@code k} upwards
   * until the terms vanish (exact enough for alerting, and stable for large counts).
   */
  static double upperTail(long k, double lambda) {
    if (k <= 0) {
      return 1;
    }
    double logTerm = k * Math.log(lambda) - lambda - logFactorial(k);
    double sum = 0;
    for (long i = k; i < k + 10_000; i++) {
      double term = Math.exp(logTerm);
      sum += term;
      if (term < sum * 1e-12) {
        break;
      }
      logTerm += Math.log(lambda) - Math.log(i + 1);
    }
    return Math.min(1, sum);
  }

  /**
   * {@code P(X >= k)} for {@code X ~ Binomial(n, p)}, summed in log space (n is a window's post
   * count: small enough to sum).
   */
  static double binomialUpperTail(long k, long n, double p) {
    if (k <= 0) {
      return 1;
    }
    if (k > n) {
      return 0;
    }
    if (p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return 1;
    }
    double sum = 0;
    for (long i = k; i <= n; i++) {
      double log =
          logFactorial(n)
              - logFactorial(i)
              - logFactorial(n - i)
              + i * Math.log(p)
              + (n - i) * Math.log1p(-p);
      double term = Math.exp(log);
      sum += term;
      if (i > n * p && term < sum * 1e-12) {
        break;
      }
    }
    return Math.min(1, sum);
  }

  /**
   * {@code P(X >= k)} for {@code X} negative binomial with mean {@code mean} and size {@code size}
   * (variance {@code mean + mean^2 / size}), summed from {@code k} upwards until the terms vanish.
   */
  static double negativeBinomialUpperTail(long k, double mean, double size) {
    if (k <= 0) {
      return 1;
    }
    double p = size / (size + mean);
    // ln P(X = k) = ln Gamma(k + size) - ln Gamma(size) - ln k! + size ln p + k ln(1 - p)
    double logTerm = size * Math.log(p) + k * Math.log1p(-p) - logFactorial(k);
    for (long j = 0; j < k; j++) {
      logTerm += Math.log(j + size);
    }
    double term = Math.exp(logTerm);
    double sum = 0;
    for (long i = k; i < k + 100_000; i++) {
      sum += term;
      if (i > mean && term < sum * 1e-12) {
        break;
      }
      term *= (i + size) / (i + 1) * (1 - p);
    }
    return Math.min(1, sum);
  }

  private static double logFactorial(long n) {
    if (n < 20) {
      double f = 0;
      for (long i = 2; i <= n; i++) {
        f += Math.log(i);
      }
      return f;
    }
    // Stirling's series.
    double x = n;
    return x * Math.log(x)
        - x
        + 0.5 * Math.log(2 * Math.PI * x)
        + 1 / (12 * x)
        - 1 / (360 * x * x * x);
  }
}
