package io.vigie.devtools.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.sun.net.httpserver.HttpServer;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigie.core.http.HttpEndpoint;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked on the compiled main code of every module.
 * Maven already refuses an undeclared dependency; these rules also refuse a declared one that runs
 * the wrong way, and say in one place which way each may run.
 */
class ModuleRulesTest {

  private static final String CORE = "io.vigie.core..";
  private static final String CONTRACTS = "io.vigie.schema..";
  private static final String INGEST = "io.vigie.ingest..";
  private static final String STREAMS = "io.vigie.streams..";
  private static final String INDEXER = "io.vigie.indexer..";
  private static final String ALERTS = "io.vigie.alerts..";
  private static final String LAUNCHER = "io.vigie.app..";
  private static final String LOCAL_STACK = "io.vigie.localstack..";
  private static final String DEV_TOOLS = "io.vigie.devtools..";
  private static final String TEST_KIT = "io.vigie.testkit..";

  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The app's test helpers reach this class path as a test jar.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.vigie");
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE, CONTRACTS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            INGEST, STREAMS, INDEXER, ALERTS, LAUNCHER, LOCAL_STACK, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  @Test
  void ingestDependsOnCoreOnly() {
    noClasses()
        .that()
        .resideInAPackage(INGEST)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(STREAMS, INDEXER, ALERTS, LAUNCHER, LOCAL_STACK, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  @Test
  void streamsDependsOnCoreOnly() {
    noClasses()
        .that()
        .resideInAPackage(STREAMS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INGEST, INDEXER, ALERTS, LAUNCHER, LOCAL_STACK, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  @Test
  void indexerDependsOnCoreOnly() {
    noClasses()
        .that()
        .resideInAPackage(INDEXER)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INGEST, STREAMS, ALERTS, LAUNCHER, LOCAL_STACK, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  /** The console draws the expected band with detection's own model, and reads Elasticsearch. */
  @Test
  void alertsDependsOnCoreStreamsAndIndexerOnly() {
    noClasses()
        .that()
        .resideInAPackage(ALERTS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INGEST, LAUNCHER, LOCAL_STACK, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  /**
   * The product image holds the launcher and what it depends on: a dependency on the local stack or
   * the dev tools would bring the broker, Scala and JMH back into it.
   */
  @Test
  void launcherDependsOnNoDevTools() {
    noClasses()
        .that()
        .resideInAPackage(LAUNCHER)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(LOCAL_STACK, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  /** The local stack serves the dev tools and tests, and knows only core. */
  @Test
  void localStackDependsOnCoreOnly() {
    noClasses()
        .that()
        .resideInAPackage(LOCAL_STACK)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INGEST, STREAMS, INDEXER, ALERTS, LAUNCHER, DEV_TOOLS, TEST_KIT)
        .check(main);
  }

  /** Every module's tests use the kit, so it may know only what every module knows. */
  @Test
  void testKitDependsOnCoreAndTheLocalStackOnly() {
    noClasses()
        .that()
        .resideInAPackage(TEST_KIT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INGEST, STREAMS, INDEXER, ALERTS, LAUNCHER, DEV_TOOLS)
        .check(main);
  }

  @Test
  void modulesFormNoCycle() {
    slices().matching("io.vigie.(*)..").should().beFreeOfCycles().check(main);
  }

  /** Product servers bind through HttpEndpoint; the fault suite's fake receivers are tools. */
  @Test
  void productServersBindThroughTheHttpEndpoint() throws NoSuchMethodException {
    noClasses()
        .that()
        .doNotBelongToAnyOf(HttpEndpoint.class)
        .and()
        .resideOutsideOfPackage("io.vigie.devtools.faults..")
        .should()
        .callMethod(HttpServer.class, "create", InetSocketAddress.class, int.class)
        .check(main);
  }
}
