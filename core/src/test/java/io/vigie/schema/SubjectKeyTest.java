package io.vigie.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectKeyTest {

  @Test
  void buildsEveryKindWithItsWireFormat() {
    assertThat(SubjectKey.rule("west-texas")).isEqualTo("rule:west-texas");
    assertThat(SubjectKey.hashtag("prayforboston")).isEqualTo("hashtag:prayforboston");
    assertThat(SubjectKey.term("explosion")).isEqualTo("term:explosion");
    assertThat(SubjectKey.cluster("twitter:42")).isEqualTo("cluster:twitter:42");
    assertThat(SubjectKey.OPS_SOURCE + "feeds").isEqualTo("ops:source:feeds");
  }

  @Test
  void readsTheKindOfEveryKey() {
    assertThat(SubjectKey.kindOf("global")).isEqualTo(SubjectKey.Kind.GLOBAL);
    assertThat(SubjectKey.kindOf("crisis")).isEqualTo(SubjectKey.Kind.CRISIS);
    assertThat(SubjectKey.kindOf("rule:west-texas")).isEqualTo(SubjectKey.Kind.RULE);
    assertThat(SubjectKey.kindOf("hashtag:x")).isEqualTo(SubjectKey.Kind.HASHTAG);
    assertThat(SubjectKey.kindOf("term:x")).isEqualTo(SubjectKey.Kind.TERM);
    assertThat(SubjectKey.kindOf("cluster:twitter:42")).isEqualTo(SubjectKey.Kind.CLUSTER);
    assertThat(SubjectKey.kindOf("ops:elasticsearch")).isEqualTo(SubjectKey.Kind.OPS);
  }

  @Test
  void keepsDetectionsReadingOfOddKeys() {
    // Any key starting with "crisis" has always been the crisis subject; anything else unknown,
    // all posts.
    assertThat(SubjectKey.kindOf("crisis-extra")).isEqualTo(SubjectKey.Kind.CRISIS);
    assertThat(SubjectKey.kindOf("something")).isEqualTo(SubjectKey.Kind.GLOBAL);
  }

  @Test
  void namesWhatAKeyIsAbout() {
    assertThat(SubjectKey.name("rule:west-texas")).isEqualTo("west-texas");
    assertThat(SubjectKey.name("cluster:twitter:42")).isEqualTo("twitter:42");
    assertThat(SubjectKey.name("ops:source:feeds")).isEqualTo("source:feeds");
    assertThat(SubjectKey.name("global")).isEqualTo("global");
    assertThat(SubjectKey.name("crisis")).isEqualTo("crisis");
    assertThat(SubjectKey.ruleOf("rule:a:b")).isEqualTo("a:b");
    assertThat(SubjectKey.ruleOf("term:a")).isNull();
  }

  @Test
  void refusesANameForAWholeKey() {
    assertThatThrownBy(() -> SubjectKey.Kind.GLOBAL.key("x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
