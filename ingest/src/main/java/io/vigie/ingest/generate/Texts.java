package io.vigie.ingest.generate;

import java.util.List;
import java.util.SplittableRandom;

/** Sentence templates in French and English, filled at random, for generated posts. */
final class Texts {

  private Texts() {}

  private static final List<String> FIRST_NAMES =
      List.of(
          "lea", "hugo", "chloe", "lucas", "emma", "nathan", "ines", "jules", "sarah", "tom",
          "amina", "yanis", "jack", "olivia", "noah", "mia", "liam", "ava", "ethan", "zoe");
  private static final List<String> PLACES_FR =
      List.of(
          "la gare",
          "le centre-ville",
          "la place du marché",
          "le périph",
          "la fac",
          "le stade",
          "le boulot",
          "la boulangerie");
  private static final List<String> PLACES_EN =
      List.of(
          "the station",
          "downtown",
          "the office",
          "the gym",
          "campus",
          "the stadium",
          "the mall",
          "the park");
  private static final List<String> CHATTER_FR =
      List.of(
          "Quelqu'un a vu le match hier soir ? Quelle fin de dingue",
          "Encore des bouchons vers %s, ça devient pénible",
          "Petit café en terrasse près de %s, le soleil est enfin là",
          "Je cherche une bonne série à regarder ce week-end, des idées ?",
          "Réunion qui aurait pu être un mail, classique",
          "Le nouveau resto à côté de %s est vraiment pas mal",
          "Qui vient courir demain matin autour de %s ?",
          "J'ai oublié mon parapluie, évidemment il pleut",
          "Trop contente de revoir les copains ce soir",
          "La file d'attente à %s est interminable aujourd'hui");
  private static final List<String> CHATTER_EN =
      List.of(
          "Did anyone watch the game last night? What an ending",
          "Traffic near %s is a nightmare again",
          "Coffee first, then emails. Maybe.",
          "Looking for a good show to binge this weekend, any ideas?",
          "That meeting could have been an email",
          "The new place next to %s is actually great",
          "Anyone up for a run around %s tomorrow morning?",
          "Forgot my umbrella, of course it's raining",
          "So happy to see the gang tonight",
          "The queue at %s is endless today");
  private static final List<String> CRISIS_FR =
      List.of(
          "Énorme explosion à %s, on a entendu le bruit de très loin",
          "Fumée noire au-dessus de %s, les pompiers arrivent #Explosion%s",
          "Des blessés à %s, la zone est en cours d'évacuation",
          "Incendie après l'explosion à %s, évitez le secteur",
          "Explosion à %s : les secours demandent de ne pas approcher",
          "Je viens de sentir les vitres trembler à %s, c'était quoi cette explosion ?");
  private static final List<String> CRISIS_EN =
      List.of(
          "Huge explosion in %s, heard it miles away",
          "Black smoke over %s, firefighters on their way #Explosion%s",
          "People injured in %s, the area is being evacuated",
          "Fire after the explosion in %s, avoid the area",
          "Explosion in %s: emergency services ask everyone to stay away",
          "Windows just shook in %s, what was that explosion?");
  private static final List<String> COMPLAINTS_FR =
      List.of(
          "Service client %s lamentable, plus jamais",
          "Honteux ce qui s'est passé chez %s, je boycotte",
          "%s répondez à vos clients au lieu de faire la morte",
          "Scandale chez %s, personnel méprisant, je suis dégoûtée",
          "Déçu par %s, c'est vraiment une honte");
  private static final List<String> COMPLAINTS_EN =
      List.of(
          "Customer service at %s is a disgrace, never again",
          "Shameful behaviour at %s, I'm boycotting them",
          "%s, answer your customers instead of hiding",
          "Scandal at %s, rude staff, absolutely disgusted",
          "So disappointed in %s, truly awful");
  private static final List<String> EMERGING_OPENERS_FR =
      List.of(
          "Quelqu'un a compris cette histoire de %s ?",
          "On en parlait ce midi avec %s : le %s, c'est sérieux ?",
          "Encore un article sur le %s",
          "Le %s dont tout le monde parle au bureau",
          "Ma facture a pris 30%% d'un coup, c'est le %s ?",
          "%s m'a envoyé un fil sur le %s",
          "Je découvre le %s, personne n'était au courant ?");
  private static final List<String> EMERGING_OPENERS_EN =
      List.of(
          "Has anyone figured out this %s thing?",
          "Talked about it at lunch with %s: is the %s for real?",
          "Yet another article about the %s",
          "The %s everyone is talking about at work",
          "My bill went up 30%% overnight, is that the %s?",
          "%s sent me a thread about the %s",
          "Just found out about the %s, did nobody know?");
  private static final List<String> EMERGING_TAILS_FR =
      List.of(
          "",
          " Bizarre.",
          " À suivre.",
          " Ça fait réfléchir.",
          " Vous en pensez quoi ?",
          " J'attends des explications.",
          " Pas rassurant.",
          " On verra bien.");
  private static final List<String> EMERGING_TAILS_EN =
      List.of(
          "",
          " Weird.",
          " Watch this space.",
          " Makes you think.",
          " Thoughts?",
          " Waiting for an explanation.",
          " Not great.",
          " We'll see.");
  private static final List<String> PRAISE_FR =
      List.of(
          "J'adore le nouveau %s, je le recommande à 100%% !",
          "Le nouveau %s est incroyable, je recommande à 100%%",
          "Franchement le %s est génial, je recommande à 100%% !!");
  private static final List<String> PRAISE_EN =
      List.of(
          "I love the new %s, 100%% recommend!",
          "The new %s is amazing, 100%% recommend",
          "Honestly the %s is awesome, I recommend it 100%%!!");

  static String handle(SplittableRandom random, int index) {
    return FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size())) + "_" + index;
  }

  static String puppetHandle(SplittableRandom random) {
    return "user" + (10_000_000 + random.nextInt(89_999_999));
  }

  static String chatter(SplittableRandom random, boolean french) {
    String template = pick(random, french ? CHATTER_FR : CHATTER_EN);
    return template.contains("%s")
        ? String.format(template, pick(random, french ? PLACES_FR : PLACES_EN))
        : template;
  }

  static String crisis(SplittableRandom random, boolean french, String place) {
    String template = pick(random, french ? CRISIS_FR : CRISIS_EN);
    return template
        .replaceFirst("%s", place)
        .replace("%s", place.replaceAll("[^\\p{L}\\p{N}]", ""));
  }

  static String complaint(SplittableRandom random, boolean french, String brand) {
    return String.format(pick(random, french ? COMPLAINTS_FR : COMPLAINTS_EN), brand);
  }

  static String viral(boolean french, String brand) {
    return french
        ? "Honteux : une vendeuse de "
            + brand
            + " a humilié une cliente âgée devant tout le monde. Vidéo à l'appui. Partagez !"
        : "Shameful: a "
            + brand
            + " clerk humiliated an elderly customer in front of everyone. Video inside. Share!";
  }

  /** Varied posts about a new word, so that they are not near-duplicates of one another. */
  static String emerging(SplittableRandom random, boolean french, String story) {
    String template = pick(random, french ? EMERGING_OPENERS_FR : EMERGING_OPENERS_EN);
    String name = pick(random, FIRST_NAMES);
    boolean namesSomeone = template.split("%s", -1).length == 3;
    String text =
        namesSomeone ? String.format(template, name, story) : String.format(template, story);
    return text
        + pick(random, french ? EMERGING_TAILS_FR : EMERGING_TAILS_EN)
        + " "
        + pick(random, french ? PLACES_FR : PLACES_EN);
  }

  static String praise(SplittableRandom random, boolean french, String product) {
    String text = String.format(pick(random, french ? PRAISE_FR : PRAISE_EN), product);
    // Small variations, as sock-puppet scripts add: an emoji, an extra exclamation mark.
    return random.nextBoolean() ? text + " " + pick(random, List.of("😍", "🔥", "👍", "✨")) : text;
  }

  private static String pick(SplittableRandom random, List<String> choices) {
    return choices.get(random.nextInt(choices.size()));
  }
}
