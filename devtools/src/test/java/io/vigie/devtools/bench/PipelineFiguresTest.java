package io.vigie.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineFiguresTest {

  @Test
  void theScaleOutTableIsLeftOutWhenNotMeasured() {
    assertThat(new PipelineFigures().scaleOutTable()).isEmpty();
  }

  @Test
  void eachProcessCountIsComparedWithOneProcess() {
    PipelineFigures figures = new PipelineFigures();
    figures.scaleOut.put(2, 4_500.0);
    figures.scaleOut.put(1, 3_000.0);
    assertThat(figures.scaleOutTable())
        .contains("| 1 process | 3,000 | 1.00× |")
        .contains("| 2 processes | 4,500 | 1.50× |");
    assertThat(figures.scaleOutTable().indexOf("| 1 process"))
        .isLessThan(figures.scaleOutTable().indexOf("| 2 processes"));
  }
}
